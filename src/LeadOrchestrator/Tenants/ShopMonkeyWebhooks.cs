using LeadOrchestrator.Links;
using LeadOrchestrator.ShopMonkey;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// The tenant's webhook at ShopMonkey, kept through its API (reference §3): registered with our URL, the order
/// triggers and the tenant's webhook secret (<c>POST /v3/webhook</c>), or — when one with our URL is there already
/// (registered before, by hand, or in an error state) — set again and re-enabled (<c>PUT /v3/webhook/{id}</c>), so
/// registering twice makes one webhook. Polling stays the safety net whatever ShopMonkey answers.
/// </summary>
public sealed class ShopMonkeyWebhooks(ShopMonkeyClientFactory clients, SecretBox secrets, PublicUrls urls)
{
    /// <summary>
    /// Order created and order changed. ShopMonkey does not publish its trigger names; these are the ones a live
    /// integration uses (reference §3, "OrderInsert"), and the registered webhook's own list is shown to the owner.
    /// </summary>
    public static readonly IReadOnlyList<string> Triggers = ["OrderInsert", "OrderUpdate"];

    public Uri Url(string slug) => urls.Resolve($"webhooks/shopmonkey/{slug}");

    /// <exception cref="ShopMonkeyApiException">ShopMonkey refused or could not be reached.</exception>
    public async Task<SmWebhook> RegisterAsync(TenantCrmConfig config, string slug, CancellationToken ct)
    {
        var client = clients.Create(config);
        var url = Url(slug).ToString();
        var change = new SmWebhookChange($"lead-orchestrator-{slug}", url, Triggers, true, secrets.Open(config.WebhookSecretSealed));
        var ours = await client.ListWebhooksAsync(ct).FirstOrDefaultAsync(w => w.Id == config.WebhookId || string.Equals(w.Url, url, StringComparison.OrdinalIgnoreCase), ct);
        return (ours is null ? null : await client.UpdateWebhookAsync(ours.Id, change, ct)) ?? await client.CreateWebhookAsync(change, ct);
    }

    /// <summary>How often the webhook's health is read from ShopMonkey (a side job of the poll).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// The daily look at ShopMonkey's side (<c>GET /v3/webhook</c>): a webhook ShopMonkey put in an error state or
    /// switched off is re-enabled, one that is gone is registered again; what was found is the returned problem
    /// (null: all well), which the console's ShopMonkey panel shows. Only for a tenant whose webhook was registered
    /// here or is found by its URL; a shop that set nothing up is left to polling.
    /// </summary>
    public async Task<(string? WebhookId, string? Problem)> CheckAsync(TenantCrmConfig config, string slug, DateTimeOffset now, CancellationToken ct)
    {
        var client = clients.Create(config);
        var url = Url(slug).ToString();
        var ours = await client.ListWebhooksAsync(ct).FirstOrDefaultAsync(w => w.Id == config.WebhookId || string.Equals(w.Url, url, StringComparison.OrdinalIgnoreCase), ct);
        if (ours is null)
        {
            if (config.WebhookId is null)
                return (null, null);
            var again = await RegisterAsync(config, slug, ct);
            return (again.Id, $"ShopMonkey no longer had the webhook; it was registered again on {now:yyyy-MM-dd}.");
        }
        if (ours.Error != true && ours.Enabled != false)
            return (ours.Id, null);
        await client.UpdateWebhookAsync(ours.Id, new SmWebhookChange(null, null, null, true, null), ct);
        var why = ours.ErrorMessage is { Length: > 0 } message ? $" ({message})" : "";
        return (ours.Id, $"ShopMonkey had {(ours.Error == true ? "put the webhook in an error state" : "switched the webhook off")}{why}"
            + $"{(ours.ErrorDate is { } since ? $" since {since:yyyy-MM-dd}" : "")}; it was re-enabled on {now:yyyy-MM-dd}. Polling kept the orders coming meanwhile.");
    }

    /// <summary>What an owner does in ShopMonkey by hand when registering through the API did not work.</summary>
    public IReadOnlyList<string> ManualSteps(string slug) =>
    [
        "In ShopMonkey, open Settings → Integrations → Webhooks and add a webhook.",
        $"URL: {Url(slug)}",
        "Events: orders created and orders updated.",
        "Secret: choose \"New webhook secret\" here and paste the secret shown (once) into the webhook's secret field.",
        "Until then nothing is lost: new estimates still arrive by polling, a few minutes later.",
    ];
}
