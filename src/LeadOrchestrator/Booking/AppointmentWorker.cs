using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>
/// Everything that happens to an appointment after the customer clicked: the ShopMonkey write-back, the
/// confirmations and reminders, and the verdict once it is over (completed or no-show). Every instance
/// runs it; each row is claimed before it is worked on. A booking wakes it at once through
/// <see cref="BookingSignal"/>; otherwise it looks every few seconds (reminders come due by the clock).
/// </summary>
public sealed class AppointmentWorker(
    TenantWork rows,
    BookingSignal signal,
    TimeProvider time,
    IOptions<BookingOptions> options,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<AppointmentWorker> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    public const string WorkerName = "appointments";
    private const int Batch = 50;

    protected override string Name => WorkerName;

    protected override WorkSignal Signal => signal;

    protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(5);

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var handled = await rows.ForEachAsync(db => db.Appointments.AcrossTenants()
            .Where(a => (a.SyncState == SyncState.Pending || a.SyncState == SyncState.Syncing) && (a.NextSyncAt == null || a.NextSyncAt <= now))
            .OrderBy(a => a.UpdatedAt).Select(a => new DueRow(a.Id, a.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<ShopMonkeyWriteBack>().SyncAsync(id, c), ct);
        var lost = now - options.Value.WorkerLease;
        handled += await rows.ForEachAsync(db => db.AppointmentNotices.AcrossTenants()
            .Where(n => n.Status == NoticeStatus.Sending && n.UpdatedAt < lost)
            .OrderBy(n => n.UpdatedAt).Select(n => new DueRow(n.Id, n.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<AppointmentNoticeSender>().ReconcileAsync(id, c), ct);
        handled += await rows.ForEachAsync(db => db.AppointmentNotices.AcrossTenants()
            .Where(n => n.Status == NoticeStatus.Scheduled && n.DueAt <= now)
            .OrderBy(n => n.DueAt).Select(n => new DueRow(n.Id, n.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<AppointmentNoticeSender>().SendAsync(id, c), ct);
        var over = now - options.Value.OutcomeAfter;
        handled += await rows.ForEachAsync(db => db.Appointments.AcrossTenants()
            .Where(a => Appointment.HoldingStatuses.Contains(a.Status) && a.EndsAt <= over)
            .OrderBy(a => a.EndsAt).Select(a => new DueRow(a.Id, a.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<AppointmentOutcomes>().JudgeAsync(id, c), ct);
        return handled;
    }
}
