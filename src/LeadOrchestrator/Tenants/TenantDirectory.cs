using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LeadOrchestrator.Tenants;

/// <summary>What the webhook endpoint needs to know about a tenant before it trusts a delivery.</summary>
/// <summary>A tenant's webhook secrets, opened: the current one, and the one before it while its grace lasts.</summary>
public sealed record WebhookTarget(Guid TenantId, string Slug, string? WebhookSecret, string? PreviousWebhookSecret = null, DateTimeOffset? PreviousUntil = null);

/// <summary>
/// Resolves tenants by slug for unauthenticated entry points (webhooks). This is a cross-tenant read
/// by nature: the caller does not know the tenant yet. Cached briefly, because every webhook asks.
/// </summary>
public sealed class TenantDirectory(AppDbContext db, IMemoryCache cache, SecretBox secrets)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<WebhookTarget?> FindWebhookTargetAsync(string slug, CancellationToken ct)
    {
        // Slugs are letters, digits, dashes and underscores: anything else names no tenant (and a NUL would
        // make PostgreSQL refuse the query).
        if (slug.Length is 0 or > 64 || !slug.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return null;
        var key = ("webhook-target", slug);
        if (cache.TryGetValue(key, out WebhookTarget? cached))
            return cached;

        var row = await (
                from t in db.Tenants
                join c in db.TenantCrmConfigs.AcrossTenants() on t.Id equals c.TenantId
                where t.Slug == slug && c.Provider == "shopmonkey"
                select new { t.Id, t.Slug, c.WebhookSecretSealed, c.PreviousWebhookSecretSealed, c.PreviousWebhookSecretUntil })
            .AsNoTracking()
            .FirstOrDefaultAsync(ct);
        var target = row is null ? null
            : new WebhookTarget(row.Id, row.Slug, secrets.Open(row.WebhookSecretSealed), secrets.Open(row.PreviousWebhookSecretSealed), row.PreviousWebhookSecretUntil);
        if (target is not null)
            cache.Set(key, target, CacheFor);
        return target;
    }

    /// <summary>Drops a cached entry after the secret or slug changes, so the change applies at once.</summary>
    public void Forget(string slug) => cache.Remove(("webhook-target", slug));
}
