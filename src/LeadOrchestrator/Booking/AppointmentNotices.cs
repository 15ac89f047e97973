using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Messaging.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>A booking changed: its write-back and its notices are waiting (the appointment worker listens).</summary>
public sealed class BookingSignal : WorkSignal;

/// <summary>
/// Which notices an appointment gets and when. The customer's own actions (book, move, cancel) are
/// answered at once, whatever the hour; reminders and the rebooking note wait for the shop's daytime
/// window (<see cref="BookingOptions.NoticeWindowStart"/>–<see cref="BookingOptions.NoticeWindowEnd"/>).
/// </summary>
public static class NoticePlanner
{
    /// <summary>One notice per channel the lead can be reached on.</summary>
    public static IEnumerable<AppointmentNotice> For(Appointment appointment, Lead lead, NoticeKind kind, DateTimeOffset due, DateTimeOffset now)
    {
        // A demo's sample customer is never messaged by an automation (Demo.SampleLeads); a test lead is, as a customer would be.
        if (lead is { IsSample: true, IsTest: false })
            yield break;
        foreach (var channel in new[] { Channel.Sms, Channel.Email })
        {
            if ((channel == Channel.Sms ? lead.Phone : lead.Email) is null)
                continue;
            yield return new AppointmentNotice
            {
                Id = Guid.CreateVersion7(now),
                TenantId = appointment.TenantId,
                AppointmentId = appointment.Id,
                LeadId = lead.Id,
                Kind = kind,
                Channel = channel,
                Sequence = appointment.Sequence,
                DueAt = due,
                Status = NoticeStatus.Scheduled,
                CreatedAt = now,
                UpdatedAt = now,
            };
        }
    }

    /// <summary>
    /// The 24 h and 2 h reminders, moved out of the night. A reminder that would land right after the
    /// confirmation (booked for tomorrow morning, say) is left out: the confirmation just said it all.
    /// </summary>
    public static IEnumerable<AppointmentNotice> Reminders(Appointment appointment, Lead lead, TimeZoneInfo zone, BookingOptions o, DateTimeOffset now)
    {
        foreach (var (kind, before, atLeast) in new[] { (NoticeKind.Reminder24h, TimeSpan.FromHours(24), TimeSpan.FromHours(12)), (NoticeKind.Reminder2h, TimeSpan.FromHours(2), TimeSpan.FromHours(1)) })
        {
            if (ReminderTime(appointment.StartsAt, before, zone, o) is { } due && due >= now + atLeast)
            {
                foreach (var notice in For(appointment, lead, kind, due, now))
                    yield return notice;
            }
        }
    }

    /// <summary>
    /// <paramref name="before"/> the start, or the nearest daytime moment: later if that is still half an
    /// hour before the appointment, otherwise earlier (the previous evening).
    /// </summary>
    public static DateTimeOffset? ReminderTime(DateTimeOffset start, TimeSpan before, TimeZoneInfo zone, BookingOptions o)
    {
        var due = start - before;
        var later = NextAllowed(due, zone, o);
        if (later == due || later <= start - TimeSpan.FromMinutes(30))
            return later;
        return LastAllowed(due, zone, o);
    }

    /// <summary>The first moment at or after <paramref name="at"/> inside the daytime window.</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset at, TimeZoneInfo zone, BookingOptions o) => Allowed(at, zone, o, later: true);

    /// <summary>The last moment at or before <paramref name="at"/> inside the daytime window.</summary>
    public static DateTimeOffset LastAllowed(DateTimeOffset at, TimeZoneInfo zone, BookingOptions o) => Allowed(at, zone, o, later: false);

    private static DateTimeOffset Allowed(DateTimeOffset at, TimeZoneInfo zone, BookingOptions o, bool later)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        if (time >= o.NoticeWindowStart && time < o.NoticeWindowEnd)
            return at;
        var day = DateOnly.FromDateTime(local);
        return later
            ? LocalInstant(time < o.NoticeWindowStart ? day : day.AddDays(1), o.NoticeWindowStart, zone)
            : LocalInstant(time >= o.NoticeWindowEnd ? day : day.AddDays(-1), o.NoticeWindowEnd, zone).AddMinutes(-1);
    }

    private static DateTimeOffset LocalInstant(DateOnly day, TimeOnly at, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(at);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>
/// Sends one due notice, at most once: the claim (status <c>sending</c>, the delivery row) is saved under
/// the notice's version before the provider is called, so two instances never both send it. A worker that
/// dies after the call leaves it <c>sending</c>, and once its lease is over <see cref="ReconcileAsync"/>
/// decides it as for touch points (looked up at Twilio, or the in-doubt rule for email): never sent twice by
/// a blind retry, never silently lost. Retries follow <see cref="MessagingOptions"/>, like every message.
/// </summary>
public sealed partial class AppointmentNoticeSender(
    AppDbContext db,
    Outbound outbound,
    ConsentService consents,
    LeadLinks links,
    DeliveryReconciler reconciler,
    IOptions<BookingOptions> booking,
    IOptions<MessagingOptions> messaging,
    TimeProvider time,
    ILogger<AppointmentNoticeSender> logger)
{
    /// <summary>False when it was not due or another worker took it.</summary>
    public async Task<bool> SendAsync(Guid noticeId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var notice = await db.AppointmentNotices.FirstOrDefaultAsync(n => n.Id == noticeId && n.Status == NoticeStatus.Scheduled && n.DueAt <= now, ct);
        if (notice is null)
            return false;
        var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == notice.AppointmentId, ct);
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == notice.LeadId, ct);
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).SingleAsync(l => l.Id == appointment.LocationId, ct);
        var service = await db.ServiceCatalog.AsNoTracking().SingleAsync(s => s.Id == appointment.ServiceId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var recipient = notice.Channel == Channel.Sms ? lead.Phone : lead.Email;

        var skip = Stale(notice, appointment, now)
            ?? (recipient is null ? $"no {(notice.Channel == Channel.Sms ? "phone" : "email")}" : null)
            ?? (await consents.IsOptedOutAsync(notice.Channel, recipient!, ct) ? "opted out" : null);
        if (skip is null && notice.Kind is NoticeKind.Reminder24h or NoticeKind.Reminder2h or NoticeKind.Rebook
            && NoticePlanner.NextAllowed(now, zone, booking.Value) is var allowed && allowed > now)
        {
            // Held up until night (a worker outage): wait for the morning, unless that is too late to matter.
            if (notice.Kind == NoticeKind.Rebook || allowed < appointment.StartsAt - TimeSpan.FromMinutes(15))
                return await SaveAsync(notice, n => n.DueAt = allowed, ct);
            skip = "it would arrive too late";
        }
        if (skip is not null)
            return await SaveAsync(notice, n => (n.Status, n.Detail) = (NoticeStatus.Skipped, skip), ct);

        var facts = new AppointmentFacts(appointment, lead, location, service, await links.ChatAsync(lead.Id, ct));
        var prepared = await PrepareAsync(notice, facts, recipient!, now, ct);
        var delivery = prepared.Delivery;
        db.MessageDeliveries.Add(delivery);
        (notice.Status, notice.DeliveryId, notice.UpdatedAt) = (NoticeStatus.Sending, delivery.Id, now);
        notice.Attempts++;
        // The outbox's "send" is the claim's own commit: never in doubt.
        if (prepared.RecordsOnly)
            Apply(notice, delivery, await prepared.SendAsync(ct), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another instance claimed it first
        }
        if (prepared.RecordsOnly)
            return true;

        var result = await prepared.SendAsync(ct);
        Apply(notice, delivery, result, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        if (ProviderRefusal.Of(delivery, result) is { } refusal)
            await consents.ApplyProviderEffectsAsync([refusal], CancellationToken.None);
        return true;
    }

    /// <summary>A provider's answer onto the notice and its delivery.</summary>
    private void Apply(AppointmentNotice notice, MessageDelivery delivery, SendResult result, DateTimeOffset now)
    {
        var accepted = DeliveryStatuses.Record(delivery, result, now);
        notice.UpdatedAt = now;
        notice.Detail = accepted ? null : Clip(delivery.ErrorMessage);
        var retryAt = result is SendResult.RetryLater retry ? outbound.RetryAt(notice.Attempts, retry, now) : null;
        notice.Status = accepted ? NoticeStatus.Sent
            // No answer and no lookup settled it: left sending with its lease over, for ReconcileAsync.
            : result is SendResult.Unknown ? NoticeStatus.Sending
            : retryAt is not null ? NoticeStatus.Scheduled
            : NoticeStatus.Failed;
        if (result is SendResult.Unknown)
            notice.UpdatedAt = now - booking.Value.WorkerLease - TimeSpan.FromSeconds(1);
        if (retryAt is { } at)
            notice.DueAt = at;
        if (!accepted)
            Log.SendFailed(logger, notice.Id, notice.Kind, notice.Channel, notice.Status, delivery.ErrorMessage ?? delivery.ErrorCode ?? "no detail");
    }

    private static string? Clip(string? text) => text is { Length: > 500 } long_ ? long_[..500] : text;

    /// <summary>
    /// A notice still <c>sending</c> after the worker lease lost its sender before it heard back: decided by
    /// <see cref="DeliveryReconciler"/> — sent (found), due again (certainly not sent, or the email rule),
    /// in_doubt for staff, or asked about again later. False when it was not stale or someone else decided.
    /// </summary>
    public async Task<bool> ReconcileAsync(Guid noticeId, CancellationToken ct)
    {
        var stale = time.GetUtcNow() - booking.Value.WorkerLease;
        var notice = await db.AppointmentNotices.FirstOrDefaultAsync(n => n.Id == noticeId && n.Status == NoticeStatus.Sending && n.UpdatedAt < stale, ct);
        if (notice is null)
            return false;
        var delivery = notice.DeliveryId is { } id ? await db.MessageDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct) : null;
        var verdict = delivery is null ? new InDoubtVerdict.NotSent("nothing was handed over") : await reconciler.CheckAsync(delivery, ct);
        var now = time.GetUtcNow();
        if (delivery is not null)
            DeliveryReconciler.Record(delivery, verdict, now);
        var outOfAttempts = notice.Attempts >= messaging.Value.MaxAttempts;
        (notice.Status, notice.Detail, notice.UpdatedAt, notice.DueAt) = verdict switch
        {
            InDoubtVerdict.Sent => (NoticeStatus.Sent, null, now, notice.DueAt),
            InDoubtVerdict.NotSent n => (outOfAttempts ? NoticeStatus.Failed : NoticeStatus.Scheduled, Clip(n.How), now, now),
            // Out of attempts, it may still have arrived: in doubt, not failed.
            InDoubtVerdict.SendAgain a => (outOfAttempts ? NoticeStatus.InDoubt : NoticeStatus.Scheduled, Clip(a.How), now, now),
            InDoubtVerdict.Unresolved u => (NoticeStatus.InDoubt, Clip(u.Reason), now, notice.DueAt),
            // Asked again once the recheck interval has passed (the sweep looks at UpdatedAt + lease).
            InDoubtVerdict.AskLater l => (NoticeStatus.Sending, Clip($"asking whether it went out failed: {l.Error}"),
                now - booking.Value.WorkerLease + messaging.Value.InDoubtRecheck, notice.DueAt),
            _ => (notice.Status, notice.Detail, notice.UpdatedAt, notice.DueAt),
        };
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        Log.Reconciled(logger, notice.Id, notice.Kind, notice.Channel, verdict.GetType().Name, notice.Status);
        return true;
    }

    /// <summary>Why a notice no longer applies: the appointment moved, was cancelled, or its time has passed.</summary>
    private static string? Stale(AppointmentNotice notice, Appointment appointment, DateTimeOffset now)
    {
        var holding = Appointment.HoldingStatuses.Contains(appointment.Status);
        return notice.Kind switch
        {
            NoticeKind.Confirmation or NoticeKind.Rescheduled when !holding || appointment.Sequence != notice.Sequence => "superseded by a later change",
            NoticeKind.Reminder24h or NoticeKind.Reminder2h when !holding || appointment.Sequence != notice.Sequence => "the appointment changed",
            NoticeKind.Reminder24h or NoticeKind.Reminder2h when now > appointment.StartsAt - TimeSpan.FromMinutes(15) => "it would arrive too late",
            NoticeKind.Cancelled when appointment.Status != AppointmentStatus.Cancelled => "no longer cancelled",
            NoticeKind.Rebook when appointment.Status != AppointmentStatus.NoShow => "no longer a no-show",
            _ => null,
        };
    }

    private async Task<OutboundMessage> PrepareAsync(AppointmentNotice notice, AppointmentFacts facts, string recipient, DateTimeOffset now, CancellationToken ct)
    {
        var tenantConfig = await db.TenantMessagingConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        // The delivery says which appointment notice it was; a retry names this notice's earlier attempt.
        if (notice.Channel == Channel.Sms)
        {
            var body = SmsText.Normalize(AppointmentMessages.Sms(notice.Kind, facts));
            return outbound.Sms(tenantConfig, facts.Lead, facts.Location, EnumNames.Of(notice.Kind), recipient, body, firstText: false, notice.DeliveryId, EnumNames.Of(notice.Kind), now);
        }
        var (subject, text) = AppointmentMessages.Email(notice.Kind, facts);
        var email = MessageTemplates.ComposeEmail(subject, text, MessageModel.For(facts.Lead, facts.Location, facts.ChatLink, null));
        EmailAttachment[] attachments = AppointmentMessages.HasCalendar(notice.Kind) ? [AppointmentMessages.CalendarAttachment(facts, now)] : [];
        return outbound.Email(tenantConfig, facts.Lead, facts.Location, EnumNames.Of(notice.Kind), recipient, new EmailContent(email, null, attachments, $"notice:{notice.Id}"),
            notice.DeliveryId, EnumNames.Of(notice.Kind), now);
    }

    private async Task<bool> SaveAsync(AppointmentNotice notice, Action<AppointmentNotice> change, CancellationToken ct)
    {
        change(notice);
        notice.UpdatedAt = time.GetUtcNow();
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

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Appointment notice {NoticeId} ({Kind}, {Channel}) lost its sender mid-send: {Verdict} → {Status}")]
        public static partial void Reconciled(ILogger logger, Guid noticeId, NoticeKind kind, Channel channel, string verdict, NoticeStatus status);

        [LoggerMessage(LogLevel.Warning, "Appointment notice {NoticeId} ({Kind}, {Channel}) not sent, now {Status}: {Error}")]
        public static partial void SendFailed(ILogger logger, Guid noticeId, NoticeKind kind, Channel channel, NoticeStatus status, string error);
    }
}
