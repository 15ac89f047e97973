using System.ComponentModel;
using System.Globalization;
using System.Text;
using LeadOrchestrator.Conversations;
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

    /// <summary>web or sms: SMS answers are short plain text.</summary>
    public required string Channel { get; init; }

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
/// the conversation, never from the model's arguments, so no prompt can make a tool act for someone else.
/// </summary>
public sealed class AssistantTools(ChatTurnContext turn)
{
    public IList<AITool> All =>
    [
        AIFunctionFactory.Create(ListServices, "list_services"),
        AIFunctionFactory.Create(GetBusinessHours, "get_business_hours"),
        AIFunctionFactory.Create(FindAvailableSlots, "find_available_slots"),
        AIFunctionFactory.Create(BookAppointment, "book_appointment"),
        AIFunctionFactory.Create(RequestHuman, "request_human"),
    ];

    [Description("Lists the shop's services with their current prices and durations. The only source of prices.")]
    public string ListServices([Description("Optional words to narrow the list, e.g. \"ceramic tint\"; empty for everything.")] string? query = null)
    {
        var active = turn.Catalog.Where(s => s.Active).OrderBy(s => s.Category).ThenBy(s => s.PriceCents).ToList();
        if (active.Count == 0)
            return $"The price list isn't available online right now. Please call {Phone} for a quote.";
        var words = (query ?? "").ToLowerInvariant().Split([' ', ',', '.', '?', '!', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && !StopWords.Contains(w)).ToArray();
        // The services that match the most words: "ceramic tint" is the ceramic tints, not every ceramic coating.
        var scored = active.Select(s => (Service: s, Score: words.Count(w => Matches(s, w)))).Where(x => x.Score > 0).ToList();
        var matching = words.Length == 0 ? active : scored.Where(x => x.Score == scored.Max(y => y.Score)).Select(x => x.Service).ToList();
        var shown = matching.Count > 0 ? matching : active;
        var text = new StringBuilder(matching.Count > 0 && words.Length > 0 ? "Here are the matching services and current prices:" : "Here are our services and current prices:");
        foreach (var s in shown.Take(turn.Channel == "sms" ? 4 : 12))
        {
            text.Append('\n').Append("- ").Append(s.Name).Append(": ").Append(Money(s.PriceCents));
            if (s.DurationMinutes > 0 && turn.Channel != "sms")
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
        var todayRow = hours.FirstOrDefault(h => h.Date == today) ?? hours.FirstOrDefault(h => h.DayOfWeek == local.DayOfWeek);
        var now = TimeOnly.FromDateTime(local.DateTime);
        var todayText = todayRow is null || todayRow.IsClosed
            ? "We're closed today."
            : now < todayRow.Opens ? $"Today we open at {MessageTemplates.Clock(todayRow.Opens!.Value)}."
            : now < todayRow.Closes ? $"We're open now, until {MessageTemplates.Clock(todayRow.Closes!.Value)}."
            : "We're closed for the rest of today.";
        var upcoming = hours.Where(h => h.Date is { } d && d > today && d <= today.AddDays(14))
            .OrderBy(h => h.Date)
            .Select(h => $"{h.Date!.Value.ToString("ddd MMM d", CultureInfo.InvariantCulture)}: {(h.IsClosed ? "closed" : $"{MessageTemplates.Clock(h.Opens!.Value)}-{MessageTemplates.Clock(h.Closes!.Value)}")}{(h.Note is { Length: > 0 } n ? $" ({n})" : "")}");
        var special = string.Join("; ", upcoming);
        return $"{turn.Location.Name} is open {MessageTemplates.WeeklyHours(hours)}. {todayText}{(special.Length > 0 ? $" Coming up: {special}." : "")}";
    }

    [Description("Finds free appointment times for a service.")]
    public string FindAvailableSlots(
        [Description("The service's name from list_services.")] string? service = null,
        [Description("First day to look at, yyyy-MM-dd, in the shop's time zone.")] string? fromDate = null,
        [Description("Last day to look at, yyyy-MM-dd.")] string? toDate = null,
        [Description("morning, afternoon or any.")] string? partOfDay = null) =>
        $"Online booking is not available yet. Please call {Phone} and the team will find you a time, or ask to talk to a person and they'll reach out.";

    [Description("Books one of the offered free times for the customer of this conversation.")]
    public string BookAppointment(
        [Description("The service's name from list_services.")] string? service = null,
        [Description("The slot's start as offered by find_available_slots.")] string? slotStart = null) =>
        $"Online booking is not available yet, so nothing was booked. Please call {Phone} to book.";

    [Description("Asks the shop's staff to take over: for requests to talk to a person, complaints, or anything you cannot answer.")]
    public string RequestHuman([Description("Why, in a few words.")] string? reason = null)
    {
        turn.HumanRequested = string.IsNullOrWhiteSpace(reason) ? "customer asked" : reason.Length > 200 ? reason[..200] : reason;
        return $"I've let the team at {turn.Location.Name} know, and someone will get back to you shortly. If it's urgent, call {Phone}.";
    }

    private string Phone => MessageTemplates.DisplayPhone(turn.Location.Phone);

    private static readonly HashSet<string> StopWords = ["how", "much", "for", "the", "and", "what", "does", "cost", "price", "prices", "your", "you", "can", "get", "quote", "with", "want", "need", "please", "about", "is", "are", "window", "car"];

    private static bool Matches(ServiceCatalogItem s, string word) =>
        s.Name.Contains(word, StringComparison.OrdinalIgnoreCase) || (s.Category?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>$399 or $399.50: the catalog's cents, exactly.</summary>
    public static string Money(long cents) =>
        cents % 100 == 0 ? "$" + (cents / 100).ToString("#,0", CultureInfo.InvariantCulture) : "$" + (cents / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Duration(int minutes) =>
        minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
}
