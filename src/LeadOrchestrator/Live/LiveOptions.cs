using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Live;

/// <summary>The console's live events (section <c>Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>
    /// How often an instance looks for events committed by the others. A change made on this instance is
    /// relayed at once; one made elsewhere arrives within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the relay waits for a missing event id before passing it: on PostgreSQL ids are taken when a
    /// transaction inserts and seen when it commits, so a lower id may still be on its way (or was rolled back).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan GapWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long events are kept for clients that resume; one that comes back later starts afresh.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A comment line keeps an idle stream open through proxies that close silent connections.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(25);
}
