using System.ComponentModel;
using System.Globalization;
using System.Text;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.Extensions.AI;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Everything one answer is grounded in, loaded fresh for each turn: the conversation's lead (the only
/// lead any tool can act on), its shop, the shop's hours and current catalog.
/// </summary>
public sealed class ChatTurnContext
{
    public required Lead Lead { get; init; }
    public required Location Location { get; init; }
    public required ChatSession Session { get; init; }
    public required IReadOnlyList<ServiceCatalogItem> Catalog { get; init; }

    /// <summary>SMS answers are short plain text.</summary>
    public required ConversationChannel Channel { get; init; }

    public required DateTimeOffset Now { get; init; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Location.TimeZone);

    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(Now, Zone);

    /// <summary>The newest message's time: a new message is stamped after it, so a thread never reorders.</summary>
    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>Now, or just after the newest message when the clock has not moved (the same millisecond, a test's clock).</summary>
    public DateTimeOffset Stamp(DateTimeOffset now)
    {
        if (LastMessageAt is { } last && now <= last)
            now = last.AddMicroseconds(1);
        LastMessageAt = now;
        return now;
    }

    /// <summary>Set by <c>request_human</c>: the conversation is flagged for staff.</summary>
    public string? HumanRequested { get; set; }
}

/// <summary>
/// The assistant's tools: small methods with short, customer-safe answers. The lead always comes from
/// the conversation, never from the model's arguments, so no prompt can make a tool act for someone else. What a
/// tool changes (a booking, a move, a cancellation) is the assistant's in the audit log.
/// </summary>
public sealed partial class AssistantTools(ChatTurnContext turn, Booking.AvailabilityService availability, Booking.BookingService booking, TenantContext tenant)
{
    public IList<AITool> All =>
    [
        AIFunctionFactory.Create(ListServices, "list_services"),
        AIFunctionFactory.Create(GetBusinessHours, "get_business_hours"),
        AIFunctionFactory.Create(FindAvailableSlots, "find_available_slots"),
        AIFunctionFactory.Create(BookAppointment, "book_appointment"),
        AIFunctionFactory.Create(RescheduleAppointment, "reschedule_appointment"),
        AIFunctionFactory.Create(CancelAppointment, "cancel_appointment"),
        AIFunctionFactory.Create(RequestHuman, "request_human"),
    ];

    /// <summary>The tools that only look (for a draft a person will send): nothing is booked, moved, cancelled or flagged.</summary>
    public IList<AITool> ReadOnly =>
    [
        AIFunctionFactory.Create(ListServices, "list_services"),
        AIFunctionFactory.Create(GetBusinessHours, "get_business_hours"),
        AIFunctionFactory.Create(FindAvailableSlots, "find_available_slots"),
    ];

    /// <summary>The service whose free times this answer offered (the chat page opens its slot picker on it).</summary>
    public Guid? OfferedServiceId { get; private set; }

    /// <summary>The shop's local day of the first time offered (the picker starts there).</summary>
    public DateOnly? OfferedDay { get; private set; }

    [Description("Lists the shop's services with their current prices and durations. The only source of prices.")]
    public string ListServices([Description("Optional words to narrow the list, e.g. \"ceramic tint\"; empty for everything.")] string? query = null)
    {
        var active = turn.Catalog.Where(s => s.Active).OrderBy(s => s.Category).ThenBy(s => s.PriceCents).ToList();
        if (active.Count == 0)
            return $"The price list isn't available online right now. Please call {Phone} for a quote.";
        var words = Words(query);
        var matching = words.Length == 0 ? active : BestMatches(active, words);
        var shown = matching.Count > 0 ? matching : active;
        var text = new StringBuilder(matching.Count > 0 && words.Length > 0 ? "Here are the matching services and current prices:" : "Here are our services and current prices:");
        foreach (var s in shown.Take(turn.Channel == ConversationChannel.Sms ? 4 : 12))
        {
            text.Append('\n').Append("- ").Append(s.Name).Append(": ").Append(ShopText.Money(s.PriceCents));
            if (s.DurationMinutes > 0 && turn.Channel != ConversationChannel.Sms)
                text.Append(" (about ").Append(Duration(s.DurationMinutes)).Append(')');
        }
        return text.ToString();
    }

    [Description("The shop's opening hours for the week, and whether it is open now.")]
    public string GetBusinessHours()
    {
        var hours = turn.Location.Hours;
        var local = turn.LocalNow;
        var today = DateOnly.FromDateTime(local.DateTime);
        var todayRow = Booking.AvailabilityEngine.HoursOn(hours, today);
        var now = TimeOnly.FromDateTime(local.DateTime);
        var todayText = todayRow is null || todayRow.IsClosed
            ? "We're closed today."
            : now < todayRow.Opens ? $"Today we open at {ShopText.Clock(todayRow.Opens!.Value)}."
            : now < todayRow.Closes ? $"We're open now, until {ShopText.Clock(todayRow.Closes!.Value)}."
            : "We're closed for the rest of today.";
        var upcoming = hours.Where(h => h.Date is { } d && d > today && d <= today.AddDays(14))
            .OrderBy(h => h.Date)
            .Select(h => $"{h.Date!.Value.ToString("ddd MMM d", CultureInfo.InvariantCulture)}: {(h.IsClosed ? "closed" : $"{ShopText.Clock(h.Opens!.Value)}-{ShopText.Clock(h.Closes!.Value)}")}{(h.Note is { Length: > 0 } n ? $" ({n})" : "")}");
        var special = string.Join("; ", upcoming);
        return $"{turn.Location.Name} is open {ShopText.WeeklyHours(hours)}. {todayText}{(special.Length > 0 ? $" Coming up: {special}." : "")}";
    }

    [Description("Finds free appointment times for a service at this shop. Offer a few of them to the customer in their words.")]
    public async Task<string> FindAvailableSlots(
        [Description("The service's name from list_services; empty for the service the customer asked an estimate for.")] string? service = null,
        [Description("First day to look at: yyyy-MM-dd, today, tomorrow or a weekday name, in the shop's time zone.")] string? fromDate = null,
        [Description("Last day to look at (same forms); empty for a week from the first, or just that day when a day was named.")] string? toDate = null,
        [Description("morning, afternoon or any.")] string? partOfDay = null,
        CancellationToken ct = default)
    {
        var bookable = turn.Catalog.Where(s => s.Active && s.Bookable).ToList();
        var chosen = ChooseService(service);
        if (chosen is null)
            return bookable.Count == 0
                ? $"Online booking isn't available for this shop. Please call {Phone}."
                : "Which service would you like to book? " + string.Join("; ", bookable.Take(8).Select(s => s.Name)) + ".";
        var from = Day(fromDate);
        var to = Day(toDate) ?? (from is not null && fromDate is { Length: > 0 } && !fromDate.Contains("week", StringComparison.OrdinalIgnoreCase) ? from : null);
        var (result, problem) = await availability.FindAsync(turn.Location, chosen, from, to, ct);
        if (problem is not null)
            return problem.Message;
        var part = (partOfDay ?? "").ToLowerInvariant();
        var slots = result!.Slots.Where(s => part.Contains("morning", StringComparison.Ordinal) ? s.Local.Hour < 12
            : part.Contains("afternoon", StringComparison.Ordinal) ? s.Local.Hour >= 12 && s.Local.Hour < 17
            : part.Contains("evening", StringComparison.Ordinal) ? s.Local.Hour >= 17 : true).ToList();
        if (slots.Count == 0)
        {
            // Nothing then: the next free times over the following two weeks instead of a dead end.
            var (wider, _) = await availability.FindAsync(turn.Location, chosen, from ?? DateOnly.FromDateTime(turn.LocalNow.DateTime), (from ?? DateOnly.FromDateTime(turn.LocalNow.DateTime)).AddDays(13), ct);
            if (wider is { Slots.Count: > 0 })
                (OfferedServiceId, OfferedDay) = (chosen.Id, DateOnly.FromDateTime(wider.Slots[0].Local));
            return wider is { Slots.Count: > 0 }
                ? $"No free times for {chosen.Name} then. The next free times are: {Offer(wider.Slots)}. Which one suits you?"
                : $"There are no free times for {chosen.Name} in the next two weeks. Please call {Phone}.";
        }
        (OfferedServiceId, OfferedDay) = (chosen.Id, DateOnly.FromDateTime(slots[0].Local));
        return $"Free times for {chosen.Name} (about {Duration(chosen.DurationMinutes)}): {Offer(slots)}. Which one suits you?";
    }

    /// <summary>The service the customer means: named, else the one they asked an estimate for, else the only one.</summary>
    private ServiceCatalogItem? ChooseService(string? service)
    {
        var bookable = turn.Catalog.Where(s => s.Active && s.Bookable).ToList();
        return BestMatches(bookable, Words(service)) is [var one, ..] ? one
            : BestMatches(bookable, Words(turn.Lead.EstimateName)) is [var estimated, ..] ? estimated
            : bookable.Count == 1 ? bookable[0] : null;
    }

    /// <summary>A few choices spread over the days: at most two a day, five in all.</summary>
    private static string Offer(IEnumerable<Booking.Slot> slots) =>
        string.Join("; ", slots.GroupBy(s => s.Local.Date).SelectMany(day => day.Take(2)).Take(5).Select(s => s.Label));

    /// <summary>yyyy-MM-dd, today, tomorrow or a weekday (the next one, today included), in the shop's zone.</summary>
    private DateOnly? Day(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var today = DateOnly.FromDateTime(turn.LocalNow.DateTime);
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        var t = text.ToLowerInvariant();
        if (t.Contains("tomorrow", StringComparison.Ordinal))
            return today.AddDays(1);
        if (t.Contains("today", StringComparison.Ordinal))
            return today;
        if (t.Contains("next week", StringComparison.Ordinal))
            return today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
        foreach (var day in Enum.GetValues<DayOfWeek>())
            if (t.Contains(day.ToString().ToLowerInvariant(), StringComparison.Ordinal))
                return today.AddDays(((int)day - (int)today.DayOfWeek + 7) % 7);
        return null;
    }

    [Description("Books one of the free times find_available_slots offered, for the customer of this conversation. Confirm the service and time with the customer first.")]
    public async Task<string> BookAppointment(
        [Description("The service's name from list_services.")] string? service = null,
        [Description("The slot exactly as find_available_slots offered it, e.g. \"Sat Nov 28, 9:00 am\", or its ISO start time.")] string? slotStart = null,
        CancellationToken ct = default)
    {
        var chosen = ChooseService(service);
        if (chosen is null)
            return "Which service would you like to book?";
        var (start, unknown) = await StartAsync(chosen, slotStart, ct);
        if (start is null)
            return unknown!;
        using var asAssistant = tenant.ActingAs(Audit.AuditActorType.Assistant);
        // Someone who already has a time and picks another means to move it.
        var outcome = await booking.CurrentAsync(turn.Lead.Id, ct) is { } current
            ? await booking.RescheduleAsync(turn.Lead.Id, current.Id, start.Value, ct)
            : await booking.BookAsync(turn.Lead.Id, chosen.Id, start.Value, ct);
        return Said(outcome, chosen.Name, "Booked");
    }

    [Description("Moves the customer's appointment to another free time that find_available_slots offered.")]
    public async Task<string> RescheduleAppointment(
        [Description("The new slot exactly as find_available_slots offered it, or its ISO start time.")] string? slotStart = null,
        CancellationToken ct = default)
    {
        if (await booking.CurrentAsync(turn.Lead.Id, ct) is not { } current)
            return "You don't have an appointment to move. Shall I look up free times?";
        var service = turn.Catalog.FirstOrDefault(s => s.Id == current.ServiceId);
        if (service is null)
            return $"Please call {Phone} to move this appointment.";
        var (start, unknown) = await StartAsync(service, slotStart, ct);
        if (start is null)
            return unknown!;
        using var asAssistant = tenant.ActingAs(Audit.AuditActorType.Assistant);
        return Said(await booking.RescheduleAsync(turn.Lead.Id, current.Id, start.Value, ct), service.Name, "Moved");
    }

    [Description("Cancels the customer's appointment. Confirm with the customer first.")]
    public async Task<string> CancelAppointment(CancellationToken ct = default)
    {
        if (await booking.CurrentAsync(turn.Lead.Id, ct) is not { } current)
            return "You don't have an appointment to cancel.";
        using var asAssistant = tenant.ActingAs(Audit.AuditActorType.Assistant);
        var outcome = await booking.CancelAsync(turn.Lead.Id, current.Id, ct);
        return outcome.Problem is { } problem ? problem.Message
            : $"Your appointment on {Label(current)} is cancelled. If you'd like another time, just ask.";
    }

    /// <summary>The slot's start from an offered label ("Sat Nov 28, 9:00 am") or an ISO time; else what to say.</summary>
    private async Task<(DateTimeOffset? Start, string? Unknown)> StartAsync(ServiceCatalogItem service, string? slotStart, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(slotStart))
            return (null, "Which time would you like? I can look up free times.");
        if (DateTimeOffset.TryParse(slotStart, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return (iso, null);
        var today = DateOnly.FromDateTime(turn.LocalNow.DateTime);
        var current = await booking.CurrentAsync(turn.Lead.Id, ct);
        var (free, problem) = await availability.FindAsync(turn.Location, service, today, today.AddDays((int)availability.Options.For(turn.Location).Horizon.TotalDays), ct, current?.Id);
        if (problem is not null)
            return (null, problem.Message);
        return free!.Slots.FirstOrDefault(s => string.Equals(s.Label, slotStart.Trim(), StringComparison.OrdinalIgnoreCase)) is { } slot
            ? (slot.Start, null)
            : (null, $"{slotStart} is not one of the free times for {service.Name}. Shall I look up free times?");
    }

    private string Said(Booking.BookingOutcome outcome, string service, string verb)
    {
        if (outcome.Appointment is { } appointment && outcome.Problem is null)
            return $"{verb}: {service} on {Label(appointment)} at {turn.Location.Name}, {ShopText.PostalAddress(turn.Location)}. See you then!";
        return outcome.Alternatives.Count > 0 ? $"{outcome.Problem!.Message} {Offer(outcome.Alternatives)}." : outcome.Problem!.Message;
    }

    private string Label(Booking.Appointment appointment) =>
        new Booking.Slot(appointment.StartsAt, appointment.EndsAt, TimeZoneInfo.ConvertTime(appointment.StartsAt, turn.Zone).DateTime).Label;

    [Description("Asks the shop's staff to take over: for requests to talk to a person, complaints, or anything you cannot answer.")]
    public string RequestHuman([Description("Why, in a few words.")] string? reason = null)
    {
        turn.HumanRequested = string.IsNullOrWhiteSpace(reason) ? "customer asked" : reason.Length > 200 ? reason[..200] : reason;
        // Closed now: said plainly, with when someone will be there, instead of a "shortly" nobody keeps.
        return ShopText.NextOpening(turn.Location, turn.Now) is { } opening
            ? $"I've let the team at {turn.Location.Name} know. We're closed right now, so someone from the shop will get back to you when we open {opening}."
            : $"I've let the team at {turn.Location.Name} know, and someone will get back to you shortly. If it's urgent, call {Phone}.";
    }

    private string Phone => ShopText.DisplayPhone(turn.Location.Phone);

    private static string[] Words(string? text) =>
        [.. (text ?? "").ToLowerInvariant().Split([' ', ',', '.', '?', '!', '-', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !StopWords.Contains(w))];

    /// <summary>The services that match the most words: "ceramic tint" is the ceramic tints, not every ceramic coating.</summary>
    private static List<ServiceCatalogItem> BestMatches(List<ServiceCatalogItem> services, string[] words)
    {
        var scored = services.Select(s => (Service: s, Score: words.Count(w => Matches(s, w)))).Where(x => x.Score > 0).ToList();
        return scored.Count == 0 ? [] : [.. scored.Where(x => x.Score == scored.Max(y => y.Score)).OrderBy(x => x.Service.Name.Length).Select(x => x.Service)];
    }

    private static readonly HashSet<string> StopWords = ["how", "much", "for", "the", "and", "what", "does", "cost", "price", "prices", "your", "you", "can", "get", "quote", "with", "want", "need", "please", "about", "is", "are", "window", "car",
        "come", "book", "appointment", "time", "times", "free", "available", "morning", "afternoon", "evening", "today", "tomorrow", "this", "next", "week",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "when", "there", "any", "slot", "slots", "schedule"];

    private static bool Matches(ServiceCatalogItem s, string word) =>
        s.Name.Contains(word, StringComparison.OrdinalIgnoreCase) || (s.Category?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>$399 or $399.50: the catalog's cents, exactly.</summary>

    private static string Duration(int minutes) =>
        minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
}
