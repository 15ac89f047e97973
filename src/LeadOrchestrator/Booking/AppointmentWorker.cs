using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>
/// Everything that happens to an appointment after the customer clicked: the ShopMonkey write-back, the
/// confirmations and reminders, and the verdict once it is over (completed or no-show). Every instance
/// runs it; each row is claimed before it is worked on. A booking wakes it at once through
/// <see cref="BookingSignal"/>; otherwise it looks every few seconds (reminders come due by the clock).
/// </summary>
public sealed partial class AppointmentWorker(
    IServiceScopeFactory scopes,
    BookingSignal signal,
    TimeProvider time,
    IOptions<BookingOptions> options,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<AppointmentWorker> logger) : BackgroundService
{
    public const string Name = "appointments";
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WaitForStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Current;
            var handled = 0;
            try
            {
                var now = time.GetUtcNow();
                handled += await EachAsync(db => db.Appointments.AcrossTenants()
                    .Where(a => (a.SyncState == SyncStates.Pending || a.SyncState == SyncStates.Syncing) && (a.NextSyncAt == null || a.NextSyncAt <= now))
                    .OrderBy(a => a.UpdatedAt).Select(a => new Work(a.Id, a.TenantId)),
                    (s, id, ct) => s.GetRequiredService<ShopMonkeyWriteBack>().SyncAsync(id, ct), stoppingToken);
                var lost = now - options.Value.WorkerLease;
                handled += await EachAsync(db => db.AppointmentNotices.AcrossTenants()
                    .Where(n => n.Status == NoticeStatuses.Sending && n.UpdatedAt < lost)
                    .OrderBy(n => n.UpdatedAt).Select(n => new Work(n.Id, n.TenantId)),
                    (s, id, ct) => s.GetRequiredService<AppointmentNoticeSender>().ReconcileAsync(id, ct), stoppingToken);
                handled += await EachAsync(db => db.AppointmentNotices.AcrossTenants()
                    .Where(n => n.Status == NoticeStatuses.Scheduled && n.DueAt <= now)
                    .OrderBy(n => n.DueAt).Select(n => new Work(n.Id, n.TenantId)),
                    (s, id, ct) => s.GetRequiredService<AppointmentNoticeSender>().SendAsync(id, ct), stoppingToken);
                var over = now - options.Value.OutcomeAfter;
                handled += await EachAsync(db => db.Appointments.AcrossTenants()
                    .Where(a => AppointmentStatuses.Holding.Contains(a.Status) && a.EndsAt <= over)
                    .OrderBy(a => a.EndsAt).Select(a => new Work(a.Id, a.TenantId)),
                    (s, id, ct) => s.GetRequiredService<AppointmentOutcomes>().JudgeAsync(id, ct), stoppingToken);
                heartbeats.Ran(Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, e);
                heartbeats.Failed(Name, e);
            }
            if (handled == 0)
                await WorkSignal.WaitAsync(wake, IdlePoll, time, stoppingToken);
        }
    }

    private readonly record struct Work(Guid Id, Guid TenantId);

    /// <summary>Finds due rows across tenants, then works each in its own scope acting for its tenant.</summary>
    private async Task<int> EachAsync(Func<AppDbContext, IQueryable<Work>> due, Func<IServiceProvider, Guid, CancellationToken, Task<bool>> work, CancellationToken ct)
    {
        List<Work> rows;
        await using (var scope = scopes.CreateAsyncScope())
            rows = await due(scope.ServiceProvider.GetRequiredService<AppDbContext>()).Take(Batch).ToListAsync(ct);
        var done = 0;
        foreach (var row in rows)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(row.TenantId);
            try
            {
                if (await work(scope.ServiceProvider, row.Id, ct))
                    done++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // One broken row must not hold up the others; it is looked at again next pass.
                Log.RowFailed(logger, row.Id, e);
            }
        }
        return done;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "Appointment work on {Id} failed")]
        public static partial void RowFailed(ILogger logger, Guid id, Exception exception);

        [LoggerMessage(LogLevel.Error, "Appointment worker pass failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
