using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Notifications;

/// <summary>
/// Works one due alert. A handoff: closed once a colleague opened or took the conversation (or it no longer
/// needs anyone); otherwise sent to each colleague who asked, and — after <see cref="NotificationOptions.EscalateAfter"/>
/// and <see cref="NotificationOptions.EscalateOwnerAfter"/> of opening time — to the managers and then the
/// owners, each at most every <see cref="NotificationOptions.AlertRepeat"/>, repeats only while the shop is open.
/// An appointment change: sent once to those who asked, not to the colleague who made it. Every message's row
/// and delivery are committed, with the alert's next step, before any provider is called.
/// </summary>
public sealed partial class StaffAlertSender(
    AppDbContext db,
    Outbound outbound,
    ConsentService consents,
    DeliveryReconciler reconciler,
    PublicUrls urls,
    IOptions<NotificationOptions> options,
    IOptions<MessagingOptions> messaging,
    TimeProvider time,
    ILogger<StaffAlertSender> logger)
{
    public const string Subscribed = "subscribed";
    public const string Manager = "manager";
    public const string Owner = "owner";
    public const string DeliveryKind = "staff_alert";

    private sealed record Recipient(StaffUser User, Channel Channel, string Why, string Address);

    /// <summary>False when it was not due or another worker had it.</summary>
    public async Task<bool> RunAsync(Guid alertId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var alert = await db.Set<StaffAlert>().FirstOrDefaultAsync(a => a.Id == alertId && a.DueAt != null && a.DueAt <= now, ct);
        if (alert is null)
            return false;
        var lead = alert.LeadId is { } leadId ? await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct) : null;
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).OrderBy(l => l.Id != alert.LocationId).ThenBy(l => l.CreatedAt).FirstOrDefaultAsync(ct);
        if (lead is { IsSample: true } || location is null)
            return await CloseAsync(alert, lead is { IsSample: true } ? "sample" : "no location", ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);

        AlertFacts facts;
        List<Recipient> recipients;
        if (alert.Kind == StaffAlertKind.Handoff)
        {
            var handoff = await db.Handoffs.AsNoTracking().FirstOrDefaultAsync(h => h.Id == alert.HandoffId, ct);
            var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == alert.ConversationId, ct);
            if (handoff is null || handoff.AcknowledgedAt is not null)
                return await CloseAsync(alert, "acknowledged", ct);
            if (session is not { NeedsStaff: true, StaffTakeover: false, DoneAt: null })
                return await CloseAsync(alert, "resolved", ct);
            if (alert.ClockStartedAt is null)
            {
                // Counted in opening time only: raised at night, the clock starts when the shop opens.
                alert.ClockStartedAt = OpeningHours.NextOpen(location.Hours, zone, handoff.RaisedAt);
                alert.EscalateAt = OpeningHours.AfterOpenTime(location.Hours, zone, handoff.RaisedAt, options.Value.EscalateAfter);
                alert.EscalateOwnerAt = OpeningHours.AfterOpenTime(location.Hours, zone, handoff.RaisedAt, options.Value.EscalateOwnerAfter);
            }
            alert.Level = now >= alert.EscalateOwnerAt ? 2 : now >= alert.EscalateAt ? 1 : 0;
            facts = new AlertFacts(alert, location, Customer(lead, session.ContactPhone), urls.Resolve($"console/inbox/{session.Id}"),
                Conversations.ConversationInbox.NeedsStaffWords(handoff.Reason), handoff.RaisedAt, null, null);
            recipients = await RecipientsAsync(alert, ct);
        }
        else
        {
            var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == alert.AppointmentId, ct);
            if (appointment is null)
                return await CloseAsync(alert, "gone", ct);
            var service = await db.ServiceCatalog.AsNoTracking().Where(s => s.Id == appointment.ServiceId).Select(s => s.Name).FirstOrDefaultAsync(ct);
            facts = new AlertFacts(alert, location, Customer(lead, null), urls.Resolve($"console/leads/{appointment.LeadId}"), null, null, appointment, service ?? "a service");
            recipients = await RecipientsAsync(alert, ct);
        }

        // Who is due a message now: never more often than the repeat allows, and repeats only while the shop is open.
        var last = await db.Set<StaffNotification>().AsNoTracking().Where(n => n.AlertId == alert.Id)
            .GroupBy(n => new { n.UserId, n.Channel }).Select(g => new { g.Key.UserId, g.Key.Channel, At = g.Max(n => n.CreatedAt) })
            .ToListAsync(ct);
        var lastSent = last.ToDictionary(l => (l.UserId, l.Channel), l => l.At);
        var open = OpeningHours.IsOpen(location.Hours, zone, now);
        var due = recipients.Where(r => !lastSent.TryGetValue((r.User.Id, r.Channel), out var at) || (open && at + options.Value.AlertRepeat <= now)).ToList();
        var config = await db.TenantMessagingConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        var sends = new List<(StaffNotification Row, OutboundMessage Message)>();
        foreach (var r in due)
        {
            if (r.Channel == Channel.Sms && await consents.IsOptedOutAsync(Channel.Sms, r.Address, ct))
                continue; // the colleague's phone texted STOP to the shop's number
            var message = r.Channel == Channel.Sms
                ? outbound.Sms(config, alert.TenantId, null, location, DeliveryKind, r.Address, StaffAlertMessages.Sms(facts, r.Why, now), firstText: false, null, r.Why, now)
                : outbound.Email(config, alert.TenantId, null, r.User.DisplayName, location, DeliveryKind, r.Address,
                    new EmailContent(StaffAlertMessages.Email(facts, r.Why, now), null, [], $"alert:{alert.Id}"), null, r.Why, now);
            var row = new StaffNotification
            {
                Id = Guid.CreateVersion7(now), TenantId = alert.TenantId, AlertId = alert.Id, UserId = r.User.Id, Channel = r.Channel, Reason = r.Why,
                DeliveryId = message.Delivery.Id, Status = StaffNotificationStatus.Sending, CreatedAt = now, UpdatedAt = now,
            };
            db.MessageDeliveries.Add(message.Delivery);
            db.Add(row);
            sends.Add((row, message));
            lastSent[(r.User.Id, r.Channel)] = now;
            // The outbox's "send" is this commit: never in doubt.
            if (message.RecordsOnly)
                Apply(row, message.Delivery, await message.SendAsync(ct), now);
        }

        if (alert.Kind == StaffAlertKind.Handoff)
            alert.DueAt = NextLook(alert, recipients, lastSent, location, zone, now);
        else
            (alert.DueAt, alert.ClosedAt, alert.ClosedReason) = (null, now, "sent");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another instance worked it first
        }

        foreach (var (row, message) in sends.Where(s => !s.Message.RecordsOnly))
        {
            var result = await message.SendAsync(ct);
            Apply(row, message.Delivery, result, time.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
        }
        if (sends.Count > 0)
            Log.Sent(logger, alert.Id, alert.Kind, alert.Level, sends.Count);
        return true;
    }

    /// <summary>
    /// The next time something changes: a colleague's repeat comes due (moved to the next opening when the shop
    /// is closed then), or an escalation begins. Closed at night with nothing else due, the alert waits for the morning.
    /// </summary>
    private DateTimeOffset? NextLook(StaffAlert alert, List<Recipient> recipients, Dictionary<(Guid, Channel), DateTimeOffset> lastSent,
        Location location, TimeZoneInfo zone, DateTimeOffset now)
    {
        var candidates = new List<DateTimeOffset?>();
        foreach (var r in recipients)
        {
            if (lastSent.TryGetValue((r.User.Id, r.Channel), out var at))
                candidates.Add(OpeningHours.NextOpen(location.Hours, zone, at + options.Value.AlertRepeat));
        }
        if (alert.EscalateAt > now)
            candidates.Add(alert.EscalateAt);
        if (alert.EscalateOwnerAt > now)
            candidates.Add(alert.EscalateOwnerAt);
        var next = candidates.Where(c => c is not null).Min();
        // Nobody to tell yet and no escalation to come (no hours within a month): look again in an hour.
        return next ?? now + TimeSpan.FromHours(1);
    }

    /// <summary>
    /// Everyone to tell at the alert's level, each on each channel that applies: those who asked for this kind;
    /// with the escalation, the managers and then the owners — on the channels they chose for handoffs, or by
    /// email when they chose none (an escalation is not optional). Only colleagues of the alert's location: its
    /// managers and front desk (<see cref="StaffLocation"/>) and the owners; a colleague of another location never hears of it.
    /// </summary>
    private async Task<List<Recipient>> RecipientsAsync(StaffAlert alert, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().WorkingAt(db, alert.LocationId).ToListAsync(ct);
        var prefs = await db.Set<NotificationPreference>().AsNoTracking().ToDictionaryAsync(p => p.UserId, ct);
        var list = new List<Recipient>();
        foreach (var user in users.Where(u => u.Id != alert.ActorUserId))
        {
            var pref = prefs.GetValueOrDefault(user.Id);
            var escalatedAs = alert.Kind != StaffAlertKind.Handoff ? null
                : alert.Level >= 2 && user.Role == StaffRole.Owner ? Owner
                : alert.Level >= 1 && user.Role == StaffRole.Manager ? Manager
                : null;
            var wanted = new[] { Channel.Email, Channel.Sms }.Where(c => pref?.Wants(alert.Kind, c) == true).ToList();
            if (wanted.Count == 0 && escalatedAs is not null)
                wanted.Add(Channel.Email);
            foreach (var channel in wanted)
                list.Add(new Recipient(user, channel, escalatedAs ?? Subscribed, channel == Channel.Sms ? pref!.Phone! : user.Address));
        }
        return list;
    }

    private static string Customer(Leads.Lead? lead, string? phone)
    {
        var name = string.Join(' ', new[] { lead?.FirstName, lead?.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return name.Length > 0 ? name : (lead?.Phone ?? phone) is { } number ? ShopText.DisplayPhone(number) : "A customer";
    }

    private static void Apply(StaffNotification row, MessageDelivery delivery, SendResult result, DateTimeOffset now)
    {
        var accepted = DeliveryStatuses.Record(delivery, result, now);
        // No retries: a handoff's next repeat is the retry, and an appointment alert is a courtesy the console also shows.
        (row.Status, row.UpdatedAt) = (accepted ? StaffNotificationStatus.Sent : result is SendResult.Unknown ? StaffNotificationStatus.Sending : StaffNotificationStatus.Failed, now);
    }

    private async Task<bool> CloseAsync(StaffAlert alert, string reason, CancellationToken ct)
    {
        (alert.DueAt, alert.ClosedAt, alert.ClosedReason) = (null, time.GetUtcNow(), reason);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>
    /// A message still <c>sending</c> after <see cref="NotificationOptions.SendLease"/>: its sender stopped. Decided by
    /// <see cref="DeliveryReconciler"/> — found at the provider: sent; never arrived: failed; nobody can say: in doubt.
    /// Never sent again blindly: a handoff's next repeat is the second chance.
    /// </summary>
    public async Task<bool> ReconcileAsync(Guid notificationId, CancellationToken ct)
    {
        var stale = time.GetUtcNow() - options.Value.SendLease;
        var row = await db.Set<StaffNotification>().FirstOrDefaultAsync(n => n.Id == notificationId && n.Status == StaffNotificationStatus.Sending && n.UpdatedAt < stale, ct);
        if (row is null)
            return false;
        var now = time.GetUtcNow();
        var delivery = row.DeliveryId is { } id ? await db.MessageDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct) : null;
        var verdict = delivery is null ? new InDoubtVerdict.NotSent("nothing was handed over") : await reconciler.CheckAsync(delivery, ct);
        if (verdict is InDoubtVerdict.SendAgain again)
            verdict = new InDoubtVerdict.Unresolved(again.How);
        if (verdict is InDoubtVerdict.AskLater)
        {
            row.UpdatedAt = now - options.Value.SendLease + messaging.Value.InDoubtRecheck;
        }
        else
        {
            if (delivery is not null)
                DeliveryReconciler.Record(delivery, verdict, now);
            (row.Status, row.UpdatedAt) = (verdict switch
            {
                InDoubtVerdict.Sent => StaffNotificationStatus.Sent,
                InDoubtVerdict.NotSent => StaffNotificationStatus.Failed,
                _ => StaffNotificationStatus.InDoubt,
            }, now);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Staff alert {AlertId} ({Kind}, level {Level}) sent {Count} message(s)")]
        public static partial void Sent(ILogger logger, Guid alertId, StaffAlertKind kind, int level, int count);
    }
}
