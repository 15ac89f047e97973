using System.Globalization;
using System.Text.RegularExpressions;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Chat.Checkup;

/// <summary>One answer of a check-up conversation, as the manager reads it.</summary>
/// <param name="Appointment">The test appointment after the answer, in words ("Ceramic Window Tint - Full Sedan, Sat Dec 5, 9:00 am").</param>
public sealed record CheckupAnswer(string Customer, string Answer, IReadOnlyList<string> Tools, bool NeedsStaff, string? Appointment);

/// <param name="NotApplicable">Why the conversation was left out at this shop (no service it needs); null when it ran.</param>
/// <param name="Failures">What did not hold, turn by turn, in words; empty when it passed.</param>
/// <param name="GroundingErrors">Amounts in the answers that are no price of this shop's catalog.</param>
public sealed record CheckupResult(string Id, string Name, string Category, string Language, string? NotApplicable, bool Passed,
    IReadOnlyList<string> Failures, int GroundingErrors, string? Provider, string? Model, decimal CostUsd, int LatencyMs, IReadOnlyList<CheckupAnswer> Turns);

/// <summary>
/// Runs one check-up conversation against one shop through the rehearsal path: the shop's own catalog, hours, free times
/// and assistant (or the provider named), nothing stored, booked, sent or counted. Each answer is checked as it comes.
/// </summary>
public sealed class AssistantCheckup(Rehearsals rehearsals, AvailabilityService availability, TimeProvider time)
{
    /// <summary>Why a conversation cannot run at this shop, or null when it can.</summary>
    public static string? NotApplicable(CheckupConversation c, Rehearsals.Shop shop)
    {
        foreach (var need in c.Needs.Where(n => !shop.Catalog.Any(s => CheckupConversation.Matches(s, n))))
            return $"No service here matches \"{need}\".";
        if (c.Appointment is { } wanted && !shop.Catalog.Any(s => s.Bookable && CheckupConversation.Matches(s, wanted)))
            return $"No service here matching \"{wanted}\" can be booked online.";
        return null;
    }

    public async Task<CheckupResult> RunAsync(CheckupConversation c, Rehearsals.Shop shop, string? provider, CancellationToken ct)
    {
        var failures = new List<string>();
        var turns = new List<CheckupAnswer>();
        var (grounding, cost, latency) = (0, 0m, TimeSpan.Zero);
        (string? Provider, string? Model) who = (null, null);
        if (NotApplicable(c, shop) is { } reason)
            return new(c.Id, c.Name, c.Category, c.Language, reason, false, [], 0, null, null, 0, 0, []);

        Appointment? held = null;
        if (c.Appointment is { } wanted)
        {
            held = await FirstFreeAsync(shop, wanted, ct);
            if (held is null)
                return new(c.Id, c.Name, c.Category, c.Language, $"No free time in the next two weeks for a service matching \"{wanted}\".", false, [], 0, null, null, 0, 0, []);
        }
        var began = held?.StartsAt;
        var guard = new PriceGuard(shop.Catalog.Select(s => s.PriceCents), null);
        var said = new List<Rehearsals.Said>();
        for (var t = 0; t < c.Turns.Count; t++)
        {
            var turn = c.Turns[t];
            var expect = turn.Expect ?? new CheckupExpectation();
            void Fail(string what) => failures.Add($"Turn {t + 1}: {what}");
            said.Add(new(ChatRole.Customer, turn.Customer));
            var run = await rehearsals.AnswerAsync(shop, new(null, c.Vehicle, provider), said, held, ct);
            if (run is null)
            {
                Fail(provider is null ? "no assistant answered." : $"{provider} did not answer (see its state under the AI providers' health).");
                break;
            }
            var answer = run.Answer;
            (cost, latency, who) = (cost + answer.CostUsd, latency + answer.Latency, (answer.Provider, answer.Model));
            said.Add(new(ChatRole.Assistant, answer.Text));
            held = run.Appointment;
            var tools = answer.Tools.Select(x => x.Name).Distinct().ToList();
            turns.Add(new(turn.Customer, answer.Text, tools, run.Turn.HumanRequested is not null, Describe(held, run.Turn)));

            // What every answer must get right, wherever the shop is.
            if (answer.Text.Length == 0)
                Fail("the answer is empty.");
            else if (CustomerLanguage.Detect(OwnWords(answer.Text, shop)) is { } language && language != c.Language)
                Fail($"answered in {CheckupWords.Language(language)}, not {CheckupWords.Language(c.Language)}.");
            foreach (var amount in PriceGuard.Amounts(answer.Text).Where(a => guard.FirstUngrounded(a.Text) is not null))
            {
                grounding++;
                Fail($"said {amount.Text}, which is no price in this shop's catalog.");
            }

            foreach (var tool in expect.Tools.Where(x => !tools.Contains(x)))
                Fail($"did not {CheckupWords.Tools[tool]} ({tool}).");
            foreach (var tool in expect.NoTools.Where(tools.Contains))
                Fail($"used {tool} ({CheckupWords.Tools[tool]}), which it should not have.");
            var cents = PriceGuard.Amounts(answer.Text).Select(a => a.Cents).OfType<long>().ToHashSet();
            foreach (var pattern in expect.Quotes.Where(p => !shop.Catalog.Any(s => CheckupConversation.Matches(s, p) && cents.Contains(s.PriceCents))))
                Fail($"gave no price of a service matching \"{pattern}\".");
            if (expect.Cheapest && shop.Catalog.Where(s => s.PriceCents > 0).MinBy(s => s.PriceCents) is { } cheapest && !cents.Contains(cheapest.PriceCents))
                Fail($"did not give the lowest price, {ShopText.Money(cheapest.PriceCents)} ({cheapest.Name}).");
            foreach (var pattern in expect.Says.Where(p => !Says(answer.Text, p)))
                Fail($"does not say what it should (/{pattern}/).");
            foreach (var pattern in expect.NotSays.Where(p => Says(answer.Text, p)))
                Fail($"says what it should not (/{pattern}/).");
            if (expect.Handoff is { } handoff && (run.Turn.HumanRequested is not null) != handoff)
                Fail(handoff ? "did not ask a person to take over." : "asked a person to take over, which it should not have.");
            var service = held is null ? null : shop.Catalog.FirstOrDefault(s => s.Id == held.ServiceId);
            switch (expect.Booked)
            {
                case null:
                    break;
                case "none" when held is not null:
                    Fail($"the test customer has an appointment ({Describe(held, run.Turn)}); they should have none.");
                    break;
                case "none":
                    break;
                case var _ when held is null:
                    Fail(expect.Booked == "any" ? "the test customer has no appointment." : $"the test customer has no appointment for a service matching \"{expect.Booked}\".");
                    break;
                case "any":
                    break;
                case var pattern when service is null || !CheckupConversation.Matches(service, pattern):
                    Fail($"the test appointment is for {service?.Name ?? "a service no longer offered"}, not a service matching \"{pattern}\".");
                    break;
            }
            if (expect.Moved && (held is null || held.StartsAt == began))
                Fail("the test appointment was not moved.");
        }
        return new(c.Id, c.Name, c.Category, c.Language, null, failures.Count == 0, failures, grounding, who.Provider, who.Model, cost,
            (int)latency.TotalMilliseconds, turns);
    }

    /// <summary>The answer without the shop's and its services' names, which are in the shop's words whatever the customer's language.</summary>
    private static string OwnWords(string text, Rehearsals.Shop shop) =>
        shop.Catalog.Select(s => s.Name).Append(shop.Location.Name).OrderByDescending(n => n.Length)
            .Aggregate(text, (rest, name) => rest.Replace(name, " ", StringComparison.OrdinalIgnoreCase));

    private static bool Says(string text, string pattern) =>
        Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>A test appointment for the first bookable service matching <paramref name="pattern"/>, at its first free time within two weeks.</summary>
    private async Task<Appointment?> FirstFreeAsync(Rehearsals.Shop shop, string pattern, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(shop.Location.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        foreach (var service in shop.Catalog.Where(s => s.Bookable && CheckupConversation.Matches(s, pattern)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var (free, _) = await availability.FindAsync(shop.Location, service, today, today.AddDays(13), ct);
            if (free?.Slots is [var slot, ..])
                return RehearsalCalendar.Held(shop.Location, service, slot.Start);
        }
        return null;
    }

    private static string? Describe(Appointment? held, ChatTurnContext turn) =>
        held is null ? null
        : $"{turn.Catalog.FirstOrDefault(s => s.Id == held.ServiceId)?.Name ?? "?"}, {ShopText.SlotLabel(TimeZoneInfo.ConvertTime(held.StartsAt, turn.Zone).DateTime, turn.Language)}";
}
