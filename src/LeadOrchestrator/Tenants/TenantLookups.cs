using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LeadOrchestrator.Tenants;

/// <summary>A location as the intake needs it.</summary>
public sealed record LocationRef(Guid Id, string Country);

/// <summary>
/// Per-tenant settings every inbound event needs, cached briefly because every event asks. Only
/// found rows are cached: a location an operator adds is seen on the very next retry.
/// </summary>
public sealed class TenantLookups(AppDbContext db, TenantContext tenant, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<TenantCrmConfig?> CrmConfigAsync(CancellationToken ct)
    {
        var key = ("crm-config", TenantId);
        if (cache.TryGetValue(key, out TenantCrmConfig? cached))
            return cached;
        var config = await db.TenantCrmConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        if (config is not null)
            cache.Set(key, config, CacheFor);
        return config;
    }

    public async Task<LocationRef?> LocationByShopMonkeyIdAsync(string shopMonkeyLocationId, CancellationToken ct)
    {
        var key = ("location", TenantId, shopMonkeyLocationId);
        if (cache.TryGetValue(key, out LocationRef? cached))
            return cached;
        var location = await db.Locations.Where(l => l.ShopMonkeyLocationId == shopMonkeyLocationId)
            .Select(l => new LocationRef(l.Id, l.Country)).FirstOrDefaultAsync(ct);
        if (location is not null)
            cache.Set(key, location, CacheFor);
        return location;
    }

    private Guid TenantId => tenant.TenantId ?? throw new InvalidOperationException("Set the tenant before looking up its settings.");
}
