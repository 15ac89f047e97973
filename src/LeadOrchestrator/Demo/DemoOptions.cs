namespace LeadOrchestrator.Demo;

/// <summary>
/// Demo mode: the seeded <c>demo</c> tenant and the built-in ShopMonkey sandbox. On in Development
/// (the run command), off in Production unless configured.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    /// <summary>Webhook secret of the demo tenant; a random one is generated and stored when empty.</summary>
    public string? ShopMonkeyWebhookSecret { get; set; }

    /// <summary>A real ShopMonkey API for the demo tenant; empty = the built-in sandbox.</summary>
    public string? ShopMonkeyApiBaseUrl { get; set; }

    /// <summary>API key for <see cref="ShopMonkeyApiBaseUrl"/>; with the sandbox a random one is generated.</summary>
    public string? ShopMonkeyApiKey { get; set; }

    /// <summary>The demo tenant's console sign-in.</summary>
    public string StaffEmail { get; set; } = "owner@tintworld.example";

    /// <summary>Its password; generated once (and printed at start) when empty.</summary>
    public string? StaffPassword { get; set; }

    /// <summary>Five sample customers in different stages, so the console shows a working day on the first run.</summary>
    public bool SampleLeads { get; set; } = true;

    /// <summary>How the app reaches itself (sandbox calls and webhooks); defaults to its first listening address.</summary>
    public string? SelfBaseUrl { get; set; }
}
