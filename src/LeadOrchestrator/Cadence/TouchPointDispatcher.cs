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
/// in "sending" are reconciled when their lease ends (<see cref="InDoubtTouches"/>): looked up at the
/// provider or handled by the in-doubt rule — never sent twice by a blind retry, never silently dropped.
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
                await ReconcileAsync(ct);
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
    internal const string StaleSendingSql = $"SELECT * FROM touch_points WHERE {DueIndexTerm} AND status = 'sending' AND due_at <= {{0}} ORDER BY due_at LIMIT 100";
    private const string ClaimSqlSkipLocked = ClaimHead + "FOR UPDATE SKIP LOCKED" + ClaimTail;

    /// <summary>
    /// Touches still "sending" after their lease lost their sender before it heard back: each is decided by
    /// <see cref="InDoubtTouches"/> in its tenant's scope (a provider lookup, or the in-doubt rule). Returns
    /// how many are due to be sent again.
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        List<(Guid Id, Guid TenantId)> stale;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            stale = (await db.TouchPoints.FromSqlRaw(StaleSendingSql, time.GetUtcNow()).AcrossTenants()
                .Select(t => new { t.Id, t.TenantId }).ToListAsync(ct)).Select(t => (t.Id, t.TenantId)).ToList();
        }
        var again = 0;
        foreach (var tenant in stale.GroupBy(t => t.TenantId))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                again += await scope.ServiceProvider.GetRequiredService<InDoubtTouches>().ReconcileAsync(tenant.Key, [.. tenant.Select(t => t.Id)], ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Log.ReconcileFailed(logger, e, tenant.Key); // looked at again next pass
            }
        }
        if (again > 0)
            signal.Notify();
        return again;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "Claiming touch points failed")]
        public static partial void ClaimFailed(ILogger logger, Exception exception);

        [LoggerMessage(LogLevel.Error, "Sending a batch of touch points for tenant {TenantId} failed")]
        public static partial void BatchFailed(ILogger logger, Exception exception, Guid tenantId);

        [LoggerMessage(LogLevel.Error, "Reconciling in-doubt touch points of tenant {TenantId} failed")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, Guid tenantId);
    }
}
