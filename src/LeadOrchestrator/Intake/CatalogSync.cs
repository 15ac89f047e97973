using LeadOrchestrator.Data;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Intake;

/// <summary>
/// Copies ShopMonkey canned services into <c>service_catalog</c> (price = <c>totalCents</c>, duration =
/// the sum of labor hours) and checks that every configured ShopMonkey location id exists, since the
/// API silently accepts ids that match nothing.
/// </summary>
public sealed class CatalogSync(AppDbContext db, TimeProvider time)
{
    /// <summary>Booking needs some length; a service without labor lines is booked for an hour.</summary>
    public const int DefaultDurationMinutes = 60;

    public sealed record Result(int Services, int Deactivated, IReadOnlyList<string> MissingLocationIds);

    public async Task<Result> SyncAsync(Guid tenantId, ShopMonkeyClient api, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var remoteLocations = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var location in api.ListLocationsAsync(ct))
            remoteLocations.Add(location.Id);
        var ours = await db.Locations.Where(l => l.ShopMonkeyLocationId != null)
            .Select(l => new { l.Id, SmId = l.ShopMonkeyLocationId! }).ToListAsync(ct);
        var missing = ours.Where(l => !remoteLocations.Contains(l.SmId)).Select(l => l.SmId).ToList();
        var locationBySmId = ours.ToDictionary(l => l.SmId, l => l.Id, StringComparer.Ordinal);

        var existing = await db.ServiceCatalog.Where(s => s.ShopMonkeyCannedServiceId != null)
            .ToDictionaryAsync(s => s.ShopMonkeyCannedServiceId!, StringComparer.Ordinal, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var remote in api.ListCannedServicesAsync(ct))
        {
            if (string.IsNullOrWhiteSpace(remote.Name))
                continue;
            seen.Add(remote.Id);
            if (!existing.TryGetValue(remote.Id, out var item))
            {
                item = new ServiceCatalogItem { Id = Guid.CreateVersion7(now), TenantId = tenantId, Name = remote.Name, ShopMonkeyCannedServiceId = remote.Id };
                db.ServiceCatalog.Add(item);
            }
            item.Name = Clip(remote.Name.Trim(), 200)!;
            item.Description = Clip(remote.Note, 2000);
            item.Category = Clip(remote.Labels?.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l.Name))?.Name, 100);
            item.PriceCents = Math.Max(0, remote.TotalCents ?? remote.FixedPriceCents ?? 0);
            item.DurationMinutes = DurationOf(remote);
            item.Bookable = remote.Bookable == true;
            item.Active = remote.Deleted != true;
            item.LocationId = remote.LocationId is not null && locationBySmId.TryGetValue(remote.LocationId, out var locationId) ? locationId : null;
            item.UpdatedAt = now;
        }

        var deactivated = 0;
        foreach (var gone in existing.Values.Where(s => s.Active && !seen.Contains(s.ShopMonkeyCannedServiceId!)))
        {
            gone.Active = false;
            gone.UpdatedAt = now;
            deactivated++;
        }
        await db.SaveChangesAsync(ct);
        return new Result(seen.Count, deactivated, missing);
    }

    /// <summary>Sum of labor hours, rounded up to a quarter hour.</summary>
    public static int DurationOf(SmCannedService service)
    {
        var hours = service.Labors?.Sum(l => Math.Max(0, l.Hours ?? 0)) ?? 0;
        if (hours <= 0)
            return DefaultDurationMinutes;
        return (int)Math.Ceiling(hours * 60 / 15) * 15;
    }

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}
