using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Intake;

public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>
    /// Events processed at once per instance (each is a few ShopMonkey calls and one commit). Defaults
    /// to the core count: more loops than cores take CPU from webhook acknowledgements without
    /// draining faster (docs/performance.md). Raise it when ShopMonkey is slow to answer.
    /// </summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Events claimed per database round trip by each worker loop.</summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 4;

    /// <summary>How often an idle worker looks for work it was not signalled about (other instances, retries).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A claimed event whose worker died is picked up again after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Used when <see cref="RetryDelays"/> is not configured.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1),
    ];

    /// <summary>
    /// Backoff for parked events by attempt; the last value repeats forever (nothing is dropped). Empty
    /// means <see cref="DefaultRetryDelays"/> (an initialized array would have configured values appended to it).
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>An order the API says does not exist is asked for again this many times before the event is ignored.</summary>
    [Range(0, 100)]
    public int OrderNotFoundRetries { get; set; } = 5;

    /// <summary>
    /// An event whose processing crashes (a bug, not an outage: ShopMonkey being down parks it with its
    /// own reason) once it has been tried this many times in all is marked <c>failed</c> instead of being
    /// retried for ever.
    /// </summary>
    [Range(1, 1000)]
    public int MaxCrashAttempts { get; set; } = 10;

    public TimeSpan RetryDelay(int attempt)
    {
        IReadOnlyList<TimeSpan> delays = RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;
        return delays[Math.Clamp(attempt - 1, 0, delays.Count - 1)];
    }
}
