using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.ShopMonkey;

/// <summary>How we call the ShopMonkey API (all tenants).</summary>
public sealed class ShopMonkeyOptions
{
    public const string Section = "ShopMonkey";

    public const string DefaultApiBaseUrl = "https://api.shopmonkey.cloud";

    /// <summary>
    /// Where staff open an order in ShopMonkey's own app, <c>{orderId}</c> filled in (the lead page links to it).
    /// ShopMonkey's API does not state its app's addresses, so this is a setting.
    /// </summary>
    public string OrderUrl { get; set; } = "https://app.shopmonkey.cloud/order/{orderId}";

    /// <summary>One try; integrators report an occasional indefinite hang, so never wait forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>All tries of one call together.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Retries of safe (GET) calls on 408/429/5xx and connection errors. POSTs are never retried blindly.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 asking to wait longer than this is not waited out in-line; the caller parks the work instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Safety stop for list walks (100 rows a page).</summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 200;
}
