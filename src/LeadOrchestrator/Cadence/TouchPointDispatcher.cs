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
    ILogger<TouchPointDispatcher> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    protected override string Name => "dispatcher";

    protected override WorkSignal Signal => signal;

    protected override TimeSpan IdlePoll => options.Value.IdlePollInterval;

    protected override int Loops => options.Value.DispatcherLoops;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await ReconcileAsync(ct);
        var claimed = await ClaimAsync(options.Value.BatchSize, ct);
        foreach (var tenant in claimed.GroupBy(t => t.TenantId))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TouchPointBatch>().RunAsync(tenant.Key, [.. tenant], ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Whatever was committed stands; claimed rows return after their lease, sending ones turn in_doubt.
                Log.BatchFailed(logger, e, tenant.Key);
            }
        }
        return claimed.Count;
    }

    /// <summary>Leases up to <paramref name="max"/> due touch points to this instance and returns them as claimed.</summary>
    public async Task<IReadOnlyList<TouchPoint>> ClaimAsync(int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Time.GetUtcNow();
        // Cross-tenant on purpose: one dispatcher serves every tenant.
        return await db.TouchPoints.FromSqlRaw(ClaimSql(db.SkipLocked), instance.Name, now + options.Value.LeaseDuration, now, max)
            .AcrossTenants().AsNoTracking().ToListAsync(ct);
    }

    // A claimed row's due_at is its lease end: "scheduled and due, or claimed and abandoned" is one range
    // on the partial index. The version bump makes any later write by a previous claimant fail.
    // The index's own predicate is repeated word for word: SQLite uses a partial index only when the
    // query contains its WHERE term; a narrower IN list does not count (PostgreSQL would manage).
    internal const string DueIndexTerm = "status IN ('scheduled', 'claimed', 'sending')";

    internal static string ClaimSql(string skipLocked) => LeaseClaims.Sql("touch_points",
        set: "status = 'claimed', lease_owner = {0}, due_at = {1}, version = version + 1",
        due: $"{DueIndexTerm} AND status IN ('scheduled', 'claimed') AND due_at <= {{2}}",
        orderBy: "due_at, id", limit: "{3}", skipLocked);

    internal const string StaleSendingSql = $"SELECT * FROM touch_points WHERE {DueIndexTerm} AND status = 'sending' AND due_at <= {{0}} ORDER BY due_at LIMIT 100";
    
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
            stale = (await db.TouchPoints.FromSqlRaw(StaleSendingSql, Time.GetUtcNow()).AcrossTenants()
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
        [LoggerMessage(LogLevel.Error, "Sending a batch of touch points for tenant {TenantId} failed")]
        public static partial void BatchFailed(ILogger logger, Exception exception, Guid tenantId);

        [LoggerMessage(LogLevel.Error, "Reconciling in-doubt touch points of tenant {TenantId} failed")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, Guid tenantId);
    }
}
