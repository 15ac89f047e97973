using System.Globalization;
using System.Net;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Notifications;

/// <summary>What an alert is about, in the words a colleague reads on a phone's lock screen.</summary>
/// <param name="Customer">The customer's name, or their number when the shop does not know it.</param>
/// <param name="Link">Straight to the conversation (handoffs) or the lead (appointments) in the console.</param>
public sealed record AlertFacts(StaffAlert Alert, Location Location, string Customer, Uri Link, string? Reason, DateTimeOffset? RaisedAt,
    Appointment? Appointment, string? ServiceName);

public static class StaffAlertMessages
{
    public static string Sms(AlertFacts f, string why, DateTimeOffset now) => SmsText.Normalize($"{f.Location.Name}: {Headline(f, why, now)}. Open: {f.Link}");

    public static RenderedEmail Email(AlertFacts f, string why, DateTimeOffset now)
    {
        var headline = Headline(f, why, now);
        var details = f.Alert.Kind == StaffAlertKind.Handoff
            ? $"Waiting since {Local(f, f.RaisedAt!.Value)} ({f.Location.Name} time)."
            : $"{f.ServiceName} on {Local(f, f.Appointment!.StartsAt)} at {f.Location.Name}.";
        var text = $"{headline}.\n\n{details}\n\nOpen it in the console: {f.Link}\n\n--\nLead Orchestrator for {f.Location.Name}. Change what you are told about under Settings → Notifications in the console.";
        var html = "<!doctype html><html><body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;max-width:560px;margin:0 auto;padding:16px\">"
            + $"<p><strong>{WebUtility.HtmlEncode(headline)}.</strong></p><p>{WebUtility.HtmlEncode(details).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(f.Link.ToString())}\" style=\"display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;border-radius:6px;text-decoration:none\">Open in the console</a></p>"
            + $"<p style=\"font-size:12px;color:#52606d\">Lead Orchestrator for {WebUtility.HtmlEncode(f.Location.Name)}. Change what you are told about under Settings → Notifications in the console.</p></body></html>";
        return new RenderedEmail($"{headline} — {f.Location.Name}", text, html);
    }

    /// <summary>"Maria Lopez needs a person", "Still waiting 6 min: …", "New booking: …".</summary>
    private static string Headline(AlertFacts f, string why, DateTimeOffset now)
    {
        switch (f.Alert.Kind)
        {
            case StaffAlertKind.Handoff:
                var waited = (int)Math.Max(1, Math.Round((now - f.RaisedAt!.Value).TotalMinutes));
                return why == StaffAlertSender.Subscribed && now - f.RaisedAt < TimeSpan.FromMinutes(1)
                    ? $"{f.Customer} needs a person — {Lower(f.Reason)}"
                    : $"Nobody has answered {f.Customer} yet, waiting {waited} min — {Lower(f.Reason)}";
            case StaffAlertKind.AppointmentBooked:
                return $"New booking: {f.Customer}, {f.ServiceName}, {Local(f, f.Appointment!.StartsAt)}";
            case StaffAlertKind.AppointmentMoved:
                return $"Moved: {f.Customer}'s {f.ServiceName} is now {Local(f, f.Appointment!.StartsAt)}";
            default:
                return $"Cancelled: {f.Customer}'s {f.ServiceName} on {Local(f, f.Appointment!.StartsAt)}";
        }
    }

    private static string Lower(string? reason) => reason is { Length: > 0 } r ? char.ToLowerInvariant(r[0]) + r[1..] : "asked for a person";

    private static string Local(AlertFacts f, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(f.Location.TimeZone)).ToString("ddd MMM d, h:mm tt", CultureInfo.InvariantCulture);
}
