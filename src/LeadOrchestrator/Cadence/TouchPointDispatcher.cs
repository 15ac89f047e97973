using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// Sends due touch points. Each loop claims a batch (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c> with a
/// lease, so instances never claim the same row; SQLite: its single writer) and hands it to
/// <see cref="TouchPointBatch"/>, which commits "sending" before any provider call. Touches a crash left
/// in "sending" become <c>in_doubt</c> when their lease ends: visible, never sent again.
/// </summary>
public sealed partial class TouchPointDispatcher(
    IServiceScopeFactory scopes,
    DispatchSignal signal,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    InstanceIdentity instance,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<TouchPointDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every message carries a link to this server, so sending waits until its address is known.
        await lifetime.WaitForStartAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, options.Value.DispatcherLoops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        var o = options.Value;
        while (!ct.IsCancellationRequested)
        {
            var wake = signal.Current;
            IReadOnlyList<TouchPoint> claimed;
            try
            {
                await MarkInDoubtAsync(ct);
                claimed = await ClaimAsync(o.BatchSize, ct);
                heartbeats.Ran("dispatcher");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ClaimFailed(logger, e);
                heartbeats.Failed("dispatcher", e);
                claimed = [];
            }

            if (claimed.Count == 0)
            {
                await WorkSignal.WaitAsync(wake, o.IdlePollInterval, time, ct);
                continue;
            }
            foreach (var tenant in claimed.GroupBy(t => t.TenantId))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<TouchPointBatch>().RunAsync(tenant.Key, [.. tenant], ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Whatever was committed stands; claimed rows return after their lease, sending ones turn in_doubt.
                    Log.BatchFailed(logger, e, tenant.Key);
                }
            }
        }
    }

    /// <summary>Leases up to <paramref name="max"/> due touch points to this instance and returns them as claimed.</summary>
    public async Task<IReadOnlyList<TouchPoint>> ClaimAsync(int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        // Cross-tenant on purpose: one dispatcher serves every tenant.
        return await db.TouchPoints.FromSqlRaw(db.SupportsSkipLocked ? ClaimSqlSkipLocked : ClaimSql, instance.Name, now + options.Value.LeaseDuration, now, max)
            .AcrossTenants().AsNoTracking().ToListAsync(ct);
    }

    // A claimed row's due_at is its lease end: "scheduled and due, or claimed and abandoned" is one range
    // on the partial index. The version bump makes any later write by a previous claimant fail.
    // The index's own predicate is repeated word for word: SQLite uses a partial index only when the
    // query contains its WHERE term; a narrower IN list does not count (PostgreSQL would manage).
    internal const string DueIndexTerm = "status IN ('scheduled', 'claimed', 'sending')";

    private const string ClaimHead = $$"""
        UPDATE touch_points
        SET status = 'claimed', lease_owner = {0}, due_at = {1}, version = version + 1
        WHERE id IN (
            SELECT id FROM touch_points
            WHERE {{DueIndexTerm}} AND status IN ('scheduled', 'claimed') AND due_at <= {2}
            ORDER BY due_at, id
            LIMIT {3}

        """;

    private const string ClaimTail = """
        )
        RETURNING *
        """;

    internal const string ClaimSql = ClaimHead + ClaimTail;
    internal const string InDoubtSql = $"SELECT * FROM touch_points WHERE {DueIndexTerm} AND status = 'sending' AND due_at <= {{0}} ORDER BY due_at LIMIT 500";
    private const string ClaimSqlSkipLocked = ClaimHead + "FOR UPDATE SKIP LOCKED" + ClaimTail;

    /// <summary>Touches whose worker died between "sending" and the provider's answer: may have been sent, so never again.</summary>
    public async Task<int> MarkInDoubtAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        var stuck = await db.TouchPoints
            .FromSqlRaw(InDoubtSql, now)
            .AcrossTenants()
            .Select(t => new { t.Id, t.DeliveryId })
            .ToListAsync(ct);
        if (stuck.Count == 0)
            return 0;
        var ids = stuck.Select(s => s.Id).ToList();
        var deliveries = stuck.Where(s => s.DeliveryId != null).Select(s => s.DeliveryId!.Value).ToList();
        var marked = await db.TouchPoints.AcrossTenants()
            .Where(t => ids.Contains(t.Id) && t.Status == TouchPointStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, TouchPointStatus.InDoubt)
                .SetProperty(t => t.LeaseOwner, (string?)null)
                .SetProperty(t => t.LastError, "The sender stopped between handing the message over and hearing back; it may or may not have gone out.")
                .SetProperty(t => t.Version, t => t.Version + 1), ct);
        await db.MessageDeliveries.AcrossTenants()
            .Where(d => deliveries.Contains(d.Id) && d.Status == DeliveryStatuses.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatuses.InDoubt).SetProperty(d => d.UpdatedAt, now), ct);
        Log.InDoubt(logger, marked);
        return marked;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "Claiming touch points failed")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(LogLevel.Error, "Sending a batch of touch points for tenant {TenantId} failed")]
        public static partial void BatchFailed(ILogger logger, Exception exception, Guid tenantId);

        [LoggerMessage(LogLevel.Warning, "{Count} touch point(s) left in 'sending' by a stopped worker are now in_doubt (never re-sent automatically)")]
        public static partial void InDoubt(ILogger logger, int count);
    }
}
