namespace LeadOrchestrator.Common;

/// <summary>
/// The one shape of a background loop: wait until the server listens (work builds links to it and the
/// sandbox is called at its address), then pass after pass — run one pass, report a heartbeat under
/// <see cref="Name"/> (<c>/api/health</c>), and when the pass found nothing to do, wait for the
/// <see cref="Signal"/> or <see cref="IdlePoll"/>, whichever comes first. A pass that throws is logged
/// and reported, and the loop goes on after the idle wait: one bad pass never stops the worker. A worker
/// says only what a pass is (<see cref="RunOnceAsync"/>); a trace span per pass belongs here, once.
/// </summary>
public abstract partial class PollingWorker(IHostApplicationLifetime lifetime, WorkerHeartbeats heartbeats, TimeProvider time, ILogger logger)
    : BackgroundService
{
    /// <summary>The clock every pass reads (a fake one in tests).</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The loop's name in heartbeats and logs.</summary>
    protected abstract string Name { get; }

    /// <summary>Wakes an idle loop as soon as new work is committed; none for loops that only keep time.</summary>
    protected virtual WorkSignal? Signal => null;

    /// <summary>How long an idle loop waits before looking again (work may come from another instance).</summary>
    protected virtual TimeSpan IdlePoll => TimeSpan.FromSeconds(1);

    /// <summary>Loops run side by side in this instance (each does whole passes).</summary>
    protected virtual int Loops => 1;

    /// <summary>One pass; returns how much it did (0: nothing was due, so the loop waits).</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifetime.WaitForStartAsync(stoppingToken);
            await Task.WhenAll(Enumerable.Range(0, Loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever a pass committed stands; leases bring back the rest.
        }
    }

    /// <summary>The "signal" of a loop that has none: the idle wait alone decides.</summary>
    private static readonly Task Never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously).Task;

    private async Task LoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Taken before looking for work: a signal that comes meanwhile is not missed.
            var wake = Signal?.Current ?? Never;
            var done = 0;
            try
            {
                done = await RunOnceAsync(ct);
                heartbeats.Ran(Name);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.PassFailed(logger, e, Name);
                heartbeats.Failed(Name, e);
            }
            if (done == 0)
                await WorkSignal.WaitAsync(wake, IdlePoll, Time, ct);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "A pass of the {Worker} loop failed; it goes on after its idle wait")]
        public static partial void PassFailed(ILogger logger, Exception exception, string worker);
    }
}
