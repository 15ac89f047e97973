using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Notifications;

/// <summary>
/// Sends staff alerts as they come due: at once when a save records one (<see cref="StaffAlertSignal"/>), and
/// by the clock for repeats and escalations. Every instance with the worker role runs it; an alert is claimed
/// by its version, so two instances never send the same round. Also settles messages whose sender stopped.
/// </summary>
public sealed class StaffAlertWorker(
    TenantWork rows,
    StaffAlertSignal signal,
    TimeProvider time,
    IOptions<NotificationOptions> options,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<StaffAlertWorker> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    public const string WorkerName = "staff-alerts";
    private const int Batch = 50;

    protected override string Name => WorkerName;

    protected override WorkSignal Signal => signal;

    protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(5);

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var handled = await rows.ForEachAsync(db => db.Set<StaffAlert>().AcrossTenants()
            .Where(a => a.DueAt != null && a.DueAt <= now).OrderBy(a => a.DueAt).Select(a => new DueRow(a.Id, a.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<StaffAlertSender>().RunAsync(id, c), ct);
        var stale = now - options.Value.SendLease;
        handled += await rows.ForEachAsync(db => db.Set<StaffNotification>().AcrossTenants()
            .Where(n => n.Status == StaffNotificationStatus.Sending && n.UpdatedAt < stale).OrderBy(n => n.UpdatedAt).Select(n => new DueRow(n.Id, n.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<StaffAlertSender>().ReconcileAsync(id, c), ct);
        return handled;
    }
}
