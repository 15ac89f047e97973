using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.ShopMonkey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Leads;

/// <summary>
/// A lead's page: who, what car, which estimate, whether they may be texted or emailed, the cadence, the
/// appointments, the conversation — and one timeline of everything that happened, oldest first, told from
/// the rows that record it (nothing is written twice to tell it).
/// </summary>
public sealed class LeadStory(AppDbContext db, LeadPipeline pipeline, ConversationInbox inbox, ConsentService consents, IOptions<ShopMonkeyOptions> shopMonkey)
{
    /// <summary>A message's words on the timeline are cut to this many characters; the thread has them whole.</summary>
    public const int SummaryLength = 140;

    /// <param name="ErasedAt">When the customer's data was erased at their request (everything else here is then null).</param>
    public sealed record CustomerView(string? FirstName, string? LastName, string? Phone, string? Email, DateTimeOffset? ErasedAt);

    public sealed record VehicleView(int? Year, string? Make, string? Model, string? Submodel, string Description);

    /// <param name="Url">The order in ShopMonkey's app (<c>ShopMonkey:OrderUrl</c>).</param>
    public sealed record EstimateView(string OrderId, string? OrderNumber, string? Name, long? TotalCents, string? Total, string Status,
        bool Authorized, bool Invoiced, bool Paid, bool Archived, DateTimeOffset OrderCreatedAt, DateTimeOffset? ConvertedAt, string Url);

    /// <summary>Whether the lead may be reached on a channel, and if not, why (opted_out, number_invalid, no_phone, …).</summary>
    public sealed record ChannelConsent(bool Allowed, string? Reason, DateTimeOffset? Since);

    public sealed record ConsentView(ChannelConsent Sms, ChannelConsent Email);

    public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Summary, ConversationChannel? Channel = null, string? Actor = null,
        string? Status = null);

    /// <param name="Language">en or es: what the lead's texts, emails, chat page and answers use.</param>
    /// <param name="Source">Who decided it: default, detected (the customer's words), shop_monkey or staff.</param>
    public sealed record LanguageView(string Language, LanguageSource Source);

    public sealed record LeadDetail(LeadPipeline.LeadItem Lead, CustomerView Customer, VehicleView? Vehicle, EstimateView Estimate, ConsentView Consent,
        CadenceConsoleEndpoints.CadenceView Cadence, IReadOnlyList<AppointmentConsoleEndpoints.StaffAppointmentView> Appointments,
        ConversationInbox.ConversationSummary? Conversation, IReadOnlyList<TimelineEntry> Timeline, LanguageView Language);

    public async Task<LeadDetail?> GetAsync(Guid leadId, CancellationToken ct)
    {
        var item = await pipeline.OneAsync(leadId, ct);
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (item is null || lead is null)
            return null;
        var cadence = (await CadenceConsoleEndpoints.ViewAsync(leadId, db, ct))!;
        var appointments = await AppointmentConsoleEndpoints.ViewsAsync(db,
            await db.Appointments.AsNoTracking().Where(a => a.LeadId == leadId).OrderBy(a => a.StartsAt).ToListAsync(ct), withNotices: true, ct);
        var conversation = item.ConversationId is { } sessionId ? await inbox.SummaryAsync(sessionId, ct) : null;
        return new LeadDetail(item,
            new CustomerView(lead.FirstName, lead.LastName, lead.Phone, lead.Email, lead.ErasedAt),
            lead.VehicleDescription is { } description ? new VehicleView(lead.VehicleYear, lead.VehicleMake, lead.VehicleModel, lead.VehicleSubmodel, description) : null,
            new EstimateView(lead.ShopMonkeyOrderId, lead.ShopMonkeyOrderNumber, lead.EstimateName, lead.EstimateTotalCents,
                lead.EstimateTotalCents is { } cents ? Tenants.ShopText.Money(cents) : null, lead.OrderStatus, lead.OrderAuthorized, lead.OrderInvoiced, lead.OrderPaid,
                lead.OrderArchived, lead.OrderCreatedAt, lead.ConvertedAt, shopMonkey.Value.OrderUrl.Replace("{orderId}", Uri.EscapeDataString(lead.ShopMonkeyOrderId), StringComparison.Ordinal)),
            await ConsentAsync(lead, ct), cadence, appointments, conversation, await TimelineAsync(lead, item.ConversationId, ct),
            new LanguageView(lead.Language, lead.LanguageSource));
    }

    private async Task<ConsentView> ConsentAsync(Lead lead, CancellationToken ct)
    {
        async Task<ChannelConsent> ForAsync(Channel channel, string? address, string? stopReason)
        {
            if (address is null)
                return new ChannelConsent(false, channel == Channel.Sms ? StopReasons.NoPhone : StopReasons.NoEmail, null);
            var latest = (await consents.LatestRecordsAsync(channel, [address], ct)).GetValueOrDefault(address);
            if (latest is { Status: ConsentStatus.OptedOut })
                return new ChannelConsent(false, StopReasons.OptedOut, latest.At);
            // Not opted out, but stopped for another reason (number_invalid, email_bounced, …).
            return stopReason is { } reason && reason != StopReasons.OptedOut ? new ChannelConsent(false, reason, null) : new ChannelConsent(true, null, latest?.At);
        }
        return new ConsentView(await ForAsync(Channel.Sms, lead.Phone, lead.SmsStopReason), await ForAsync(Channel.Email, lead.Email, lead.EmailStopReason));
    }

    private async Task<List<TimelineEntry>> TimelineAsync(Lead lead, Guid? sessionId, CancellationToken ct)
    {
        var timeline = new List<TimelineEntry>();
        var received = await db.InboundEvents.AsNoTracking().Where(e => e.LeadId == lead.Id).OrderBy(e => e.Id)
            .Select(e => new { e.ReceivedAt, e.Source, e.Operation }).ToListAsync(ct);
        foreach (var e in received)
            timeline.Add(new(e.ReceivedAt, TimelineKind.Received, e.Source == Intake.InboundEventSource.Webhook
                ? $"ShopMonkey webhook received{(e.Operation is { } op ? $" (order {op.ToLowerInvariant()})" : "")}"
                : "Found by polling ShopMonkey"));
        timeline.Add(new(lead.CreatedAt, TimelineKind.LeadCreated,
            $"Lead created from estimate {lead.ShopMonkeyOrderNumber ?? lead.ShopMonkeyOrderId}{(lead.EstimateName is { } estimate ? $": {estimate}" : "")}"));

        var deliveries = await db.MessageDeliveries.AsNoTracking()
            .Where(d => d.LeadId == lead.Id && d.Kind != ConversationService.StaffReplyKind && d.Kind != Chat.SmsReplier.Kind)
            .OrderBy(d => d.CreatedAt).Select(d => new { d.Channel, d.Kind, d.Subject, d.Body, d.Status, d.StatusHistory, d.CreatedAt, d.ErrorMessage }).ToListAsync(ct);
        foreach (var d in deliveries)
        {
            var what = d.Kind == TouchPointBatch.Kind ? "Follow-up" : Capitalized(Words(d.Kind));
            var channel = d.Channel == Channel.Sms ? ConversationChannel.Sms : (ConversationChannel?)null;
            var text = d.Channel == Channel.Email ? $"{what} email: {Clip(d.Subject ?? "")}" : $"{what} text: {Clip(d.Body)}";
            foreach (var (status, at, detail) in History(d.StatusHistory))
            {
                var summary = status switch
                {
                    "sending" => text,
                    _ => $"{what} {(d.Channel == Channel.Email ? "email" : "text")} {Words(status)}{(detail is { } x && status is "failed" or "undelivered" or "bounced" or "dropped" ? $": {Clip(x)}" : "")}",
                };
                timeline.Add(new(at, TimelineKind.Touch, summary, channel, Status: status));
            }
        }

        if (sessionId is { } session)
        {
            var messages = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == session && m.Role != ChatRole.System).OrderBy(m => m.CreatedAt)
                .Select(m => new { m.CreatedAt, m.Role, m.Channel, m.Content, m.Provider, Author = db.Users.Where(u => u.Id == m.AuthorUserId).Select(u => u.DisplayName).FirstOrDefault() })
                .ToListAsync(ct);
            foreach (var m in messages)
            {
                var (who, kind) = m.Role switch
                {
                    ChatRole.Customer => ("Customer", TimelineKind.CustomerMessage),
                    ChatRole.Assistant => ($"Assistant ({m.Provider ?? "none"})", TimelineKind.AssistantMessage),
                    _ => (m.Author ?? "Staff", TimelineKind.StaffMessage),
                };
                timeline.Add(new(m.CreatedAt, kind, $"{who}{(m.Channel == ConversationChannel.Sms ? " by text" : " in the chat")}: {Clip(m.Content)}", m.Channel, m.Author));
            }
            var notes = await db.ConversationNotes.AsNoTracking().Where(n => n.SessionId == session).OrderBy(n => n.CreatedAt)
                .Select(n => new { n.CreatedAt, n.Text, Author = db.Users.Where(u => u.Id == n.AuthorUserId).Select(u => u.DisplayName).FirstOrDefault() }).ToListAsync(ct);
            foreach (var n in notes)
                timeline.Add(new(n.CreatedAt, TimelineKind.Note, $"Note by {n.Author ?? "staff"}: {Clip(n.Text)}", Actor: n.Author));
            var handoffs = await db.Handoffs.AsNoTracking().Where(x => x.SessionId == session).OrderBy(x => x.RaisedAt)
                .Select(x => new { x.RaisedAt, x.Reason, x.FirstStaffReplyAt, By = db.Users.Where(u => u.Id == x.FirstStaffReplyByUserId).Select(u => u.DisplayName).FirstOrDefault() })
                .ToListAsync(ct);
            foreach (var x in handoffs)
            {
                timeline.Add(new(x.RaisedAt, TimelineKind.Handoff, $"Needs a person: {ConversationInbox.NeedsStaffWords(x.Reason)}"));
                if (x.FirstStaffReplyAt is { } answered)
                    timeline.Add(new(answered, TimelineKind.StaffAction, $"Answered by {x.By ?? "staff"} after {Waited(answered - x.RaisedAt)}", Actor: x.By));
            }
        }

        // Who did what to the conversation and the follow-ups, by name, from the audit log.
        var actions = await StaffActionsAsync(lead.Id, ct);
        timeline.AddRange(actions);
        if (sessionId is { } doneSession && !actions.Any(a => a.Summary.StartsWith("Marked done", StringComparison.Ordinal)))
        {
            // A conversation closed before the audit log existed still says so.
            var state = await db.ChatSessions.AsNoTracking().Where(s => s.Id == doneSession).Select(s => new { s.DoneAt }).SingleAsync(ct);
            if (state.DoneAt is { } done)
                timeline.Add(new(done, TimelineKind.StaffAction, "Marked done by staff"));
        }

        foreach (var e in await AppointmentEvents.ForLeadAsync(db, lead.Id, ct))
            timeline.Add(new(e.At, TimelineKind.Appointment, e.Summary, Status: e.Status));

        if (lead.PausedAt is { } paused && lead.CadenceStatus == CadenceStatus.Paused && !actions.Any(a => a.Kind == TimelineKind.Cadence))
            timeline.Add(new(paused, TimelineKind.Cadence, "Follow-ups paused"));
        if (lead.StoppedAt is { } stopped)
            timeline.Add(new(stopped, TimelineKind.Cadence, $"Follow-ups stopped: {Words(lead.StopReason ?? "stopped")}", Status: lead.StopReason));
        if (lead.ConvertedAt is { } converted)
            timeline.Add(new(converted, TimelineKind.Converted, $"Bought in the shop (order is now {Words(lead.OrderStatus)})"));
        // Stable: what happened at the same instant keeps the order it was told in.
        return [.. timeline.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e)];
    }

    /// <summary>The audit log's takeovers, hand-backs, assignments, done and reopened, and follow-ups paused or resumed, with who did them.</summary>
    private async Task<List<TimelineEntry>> StaffActionsAsync(Guid leadId, CancellationToken ct)
    {
        string[] wanted =
        [
            AuditActions.ConversationTakenOver, AuditActions.ConversationReleased, AuditActions.ConversationAssigned, AuditActions.ConversationDone,
            AuditActions.ConversationReopened, AuditActions.CadencePaused, AuditActions.CadenceResumed,
        ];
        var rows = await db.AuditLog.AsNoTracking().Where(e => e.LeadId == leadId && wanted.Contains(e.Action)).OrderBy(e => e.Id).Take(200).ToListAsync(ct);
        var userIds = rows.Where(r => r.ActorType == AuditActorType.Staff).Select(r => r.ActorId)
            .Concat(rows.Where(r => r.Action == AuditActions.ConversationAssigned).Select(r => AssignedTo(r.Details)))
            .OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return [.. rows.Select(r =>
        {
            var by = r.ActorType == AuditActorType.Staff && r.ActorId is { } id ? names.GetValueOrDefault(id) : null;
            var who = by ?? (r.ActorType == AuditActorType.Staff ? "staff" : Words(EnumNames.Of(r.ActorType)));
            var summary = r.Action switch
            {
                AuditActions.ConversationTakenOver => $"Taken over by {who}",
                AuditActions.ConversationReleased => $"Handed back to the assistant by {who}",
                AuditActions.ConversationAssigned => AssignedTo(r.Details) is { } to ? $"Assigned to {names.GetValueOrDefault(to) ?? "a colleague"} by {who}" : $"Unassigned by {who}",
                AuditActions.ConversationDone => $"Marked done by {who}",
                AuditActions.ConversationReopened => $"Reopened by {who}",
                AuditActions.CadencePaused => $"Follow-ups paused by {who}",
                _ => $"Follow-ups resumed by {who}",
            };
            var kind = r.Action.StartsWith("cadence.", StringComparison.Ordinal) ? TimelineKind.Cadence : TimelineKind.StaffAction;
            return new TimelineEntry(r.At, kind, summary, Actor: by);
        })];
    }

    private static Guid? AssignedTo(string? details)
    {
        if (details is null)
            return null;
        using var doc = JsonDocument.Parse(details);
        return doc.RootElement.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String && to.TryGetGuid(out var id) ? id : null;
    }

    private static IEnumerable<(string Status, DateTimeOffset At, string? Detail)> History(string json)
    {
        using var doc = JsonDocument.Parse(json);
        foreach (var e in doc.RootElement.EnumerateArray())
            if (e.TryGetProperty("status", out var s) && e.TryGetProperty("at", out var at) && at.TryGetDateTimeOffset(out var when))
                yield return (s.GetString() ?? "", when, e.TryGetProperty("detail", out var d) ? d.GetString() : null);
    }

    /// <summary>A code in words: "staff_stopped" → "staff stopped", "RepairOrder" stays as ShopMonkey says it.</summary>
    private static string Waited(TimeSpan span) =>
        (int)Math.Round(span.TotalMinutes) is var minutes && minutes < 1 ? "under a minute"
        : minutes < 60 ? $"{minutes} min" : $"{minutes / 60} h {minutes % 60} min";

    private static string Words(string code) => code.Replace('_', ' ');

    private static string Capitalized(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];

    private static string Clip(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= SummaryLength ? flat : flat[..(SummaryLength - 1)].TrimEnd() + "…";
    }
}

/// <summary>What a timeline entry tells of.</summary>
public enum TimelineKind
{
    Received,
    LeadCreated,
    Touch,
    CustomerMessage,
    AssistantMessage,
    StaffMessage,
    Note,
    Handoff,
    StaffAction,
    Appointment,
    Cadence,
    Converted,
}
