namespace LeadOrchestrator.Common;

/// <summary>
/// Wakes idle workers as soon as new work is committed, so a webhook is processed in milliseconds
/// instead of at the next poll. Take <see cref="Current"/> before looking for work and wait on it
/// after finding none: a notification in between is then never missed.
/// </summary>
public class WorkSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Current => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="signal"/> or the idle timeout, whichever comes first.</summary>
    public static async Task WaitAsync(Task signal, TimeSpan idle, TimeProvider time, CancellationToken ct)
    {
        try
        {
            await signal.WaitAsync(idle, time, ct);
        }
        catch (TimeoutException)
        {
            // Idle timeout: look again (work may have come from another instance).
        }
    }
}
