using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Intake;

/// <summary>The safety net under webhooks: ask ShopMonkey for recently changed orders.</summary>
public sealed class PollingOptions
{
    public const string Section = "Polling";

    public bool Enabled { get; set; } = true;

    /// <summary>Per tenant; <c>tenant_crm_configs.poll_interval_seconds</c> overrides it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the poller looks for tenants that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each poll re-reads this much before the cursor: clocks drift and commits land late.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How far back the very first poll of a tenant looks. Short on purpose: connecting a shop must not
    /// start follow-ups on its old estimates.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A poll that takes longer than this is assumed dead and its tenant can be polled by another instance.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the service catalog and locations are re-read from ShopMonkey.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan CatalogSyncInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How often the shop's ShopMonkey calendar (its own appointments and recurring blocks) is copied for
    /// availability. A block added in ShopMonkey is seen by booking within this much time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CalendarSyncInterval { get; set; } = TimeSpan.FromMinutes(5);
}
