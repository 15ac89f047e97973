namespace LeadOrchestrator.Common;

public static class HostLifetimeExtensions
{
    /// <summary>
    /// Completes once the server listens. Hosted services start before Kestrel binds, and work that
    /// builds links to this process (or calls the built-in sandbox) needs its address.
    /// </summary>
    public static async Task WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = ct.Register(() => started.TrySetCanceled(ct));
        await started.Task;
    }
}
