using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Intake;

/// <summary>
/// Drains <c>inbound_events</c>. Claims are leases (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so any
/// number of instances can run; SQLite: its single writer), a claim whose worker died becomes due
/// again when the lease runs out, and every outcome is written back on the event.
/// </summary>
public sealed partial class IntakeWorker(
    IServiceScopeFactory scopes,
    IntakeSignal signal,
    TimeProvider time,
    IOptions<IntakeOptions> options,
    InstanceIdentity instance,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<IntakeWorker> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    protected override string Name => "intake";

    protected override WorkSignal Signal => signal;

    protected override TimeSpan IdlePoll => options.Value.IdlePollInterval;

    protected override int Loops => options.Value.Concurrency;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(options.Value.BatchSize, ct);
        foreach (var ev in claimed)
        {
            // Events wait their turn in the batch; one whose lease ran out meanwhile belongs to whoever claims it next.
            if (Time.GetUtcNow() >= ev.LeaseUntil)
            {
                Log.LeaseExpiredBeforeStart(logger, ev.Id);
                continue;
            }
            await ProcessAsync(ev, ct);
        }
        return claimed.Count;
    }

    /// <summary>Leases up to <paramref name="max"/> due events to this instance and returns them as claimed.</summary>
    public async Task<IReadOnlyList<InboundEvent>> ClaimAsync(int max, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Time.GetUtcNow();
        var until = now + options.Value.LeaseDuration;
        // Cross-tenant on purpose: the worker serves every tenant. The statement is sent as written.
        return await db.InboundEvents.FromSqlRaw(ClaimSql(db.SkipLocked), instance.Name, until, now, max)
            .AcrossTenants().AsNoTracking().ToListAsync(ct);
    }

    // A claimed row's next_attempt_at is its lease end, so "pending, parked and due, or leased and
    // expired" is one range condition on one partial index.
    internal static string ClaimSql(string skipLocked) => LeaseClaims.Sql("inbound_events",
        set: "status = 'processing', lease_owner = {0}, lease_until = {1}, next_attempt_at = {1}, attempts = attempts + 1",
        due: "status IN ('pending', 'parked', 'processing') AND next_attempt_at <= {2}",
        orderBy: "next_attempt_at, id", limit: "{3}", skipLocked);

    private async Task ProcessAsync(InboundEvent claimed, CancellationToken ct)
    {
        var eventId = claimed.Id;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IntakeProcessor>().ProcessAsync(claimed, instance.Name, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-event: nothing was committed, the lease runs out and another run picks it up.
        }
        catch (Exception e)
        {
            Log.ProcessingFailed(logger, e, eventId);
            await ParkAfterCrashAsync(claimed, e, ct);
        }
    }

    /// <summary>
    /// An unexpected error must not spin: the event is parked with backoff like any other failure, and
    /// after <see cref="IntakeOptions.MaxCrashAttempts"/> crashes — or at once when the database refused
    /// the data itself, which no retry can change — it is <c>failed</c>: kept, with the reason, for an
    /// operator to look at and replay.
    /// </summary>
    private async Task ParkAfterCrashAsync(InboundEvent claimed, Exception error, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ev = await db.InboundEvents.AcrossTenants().SingleAsync(e => e.Id == claimed.Id, ct);
            if (ev.LeaseOwner != instance.Name || ev.Attempts != claimed.Attempts)
                return; // claimed again meanwhile
            var invalid = DbErrors.IsInvalidData(error);
            var givenUp = invalid || ev.Attempts >= options.Value.MaxCrashAttempts;
            ev.Status = givenUp ? InboundEventStatus.Failed : InboundEventStatus.Parked;
            ev.Reason = invalid ? "invalid_data" : "internal_error";
            ev.LastError = error.ToString() is { Length: > 2000 } text ? text[..2000] : error.ToString();
            ev.LeaseOwner = null;
            ev.LeaseUntil = null;
            ev.NextAttemptAt = Time.GetUtcNow() + options.Value.RetryDelay(ev.Attempts);
            await db.SaveChangesAsync(ct);
            if (givenUp)
                Log.GaveUp(logger, ev.Id, ev.Reason, ev.Attempts);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Log.ProcessingFailed(logger, e, claimed.Id); // the lease expiry will bring it back
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Inbound event {EventId}: its lease ran out while it waited in the batch; left to the next claim")]
        public static partial void LeaseExpiredBeforeStart(ILogger logger, long eventId);

        [LoggerMessage(LogLevel.Error, "Inbound event {EventId} failed for good ({Reason}, attempt {Attempt}): it is kept as 'failed' for an operator to look at and replay")]
        public static partial void GaveUp(ILogger logger, long eventId, string reason, int attempt);

        [LoggerMessage(LogLevel.Error, "Processing inbound event {EventId} failed")]
        public static partial void ProcessingFailed(ILogger logger, Exception exception, long eventId);
    }
}
