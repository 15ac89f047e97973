using LeadOrchestrator.Data;
using LeadOrchestrator.ShopMonkey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>
/// Copies each location's ShopMonkey calendar over the booking horizon into <c>shop_calendar_blocks</c>,
/// so availability counts the bays the shop filled itself — walk-ins, phone bookings and recurring blocks
/// (lunch, reserved time), which only <c>search_replacement</c> returns. Our own appointments are left
/// out: they are counted from <c>appointments</c>. Each run replaces a location's rows in one transaction.
/// </summary>
public sealed class ShopCalendarSync(AppDbContext db, IOptions<BookingOptions> options, TimeProvider time)
{
    public sealed record Result(int Locations, int Blocks);

    public async Task<Result> SyncAsync(Guid tenantId, ShopMonkeyClient api, CancellationToken ct)
    {
        var locations = await db.Locations.AsNoTracking().Where(l => l.ShopMonkeyLocationId != null).ToListAsync(ct);
        if (locations.Count == 0)
            return new Result(0, 0);
        var now = time.GetUtcNow();
        var from = now.AddDays(-1);
        // As far ahead as any location books.
        var to = now + locations.Max(l => options.Value.For(l).Horizon) + TimeSpan.FromDays(2);
        var technicians = new List<string>();
        await foreach (var user in api.ListUsersAsync(ct))
        {
            if (user.Active != false)
                technicians.Add(user.Id);
        }
        var ours = (await db.Appointments.AsNoTracking().Where(a => a.ShopMonkeyAppointmentId != null && a.EndsAt > from && a.StartsAt < to)
                .Select(a => a.ShopMonkeyAppointmentId!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var total = 0;
        foreach (var location in locations)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
            var rows = await api.SearchCalendarAsync(from, to, zone, technicians, ct);
            var blocks = rows
                .Where(r => r is { StartDate: not null, EndDate: not null } && r.EndDate > r.StartDate)
                .Where(r => r.LocationId is null || r.LocationId == location.ShopMonkeyLocationId)
                // Ours are counted from our own table; the note's reference catches one created but not yet recorded.
                .Where(r => !ours.Contains(r.Id) && r.Note?.Contains("Ref LO-", StringComparison.Ordinal) != true)
                .Select(r => new ShopCalendarBlock
                {
                    TenantId = tenantId,
                    LocationId = location.Id,
                    ShopMonkeyAppointmentId = r.Id,
                    StartsAt = r.StartDate!.Value.ToUniversalTime(),
                    EndsAt = r.EndDate!.Value.ToUniversalTime(),
                    Name = r.Name is { Length: > 200 } n ? n[..200] : r.Name,
                    SyncedAt = now,
                })
                .ToList();
            // The location's blocks are replaced whole: readers see the old set or the new one.
            await db.InTransactionAsync(async c =>
            {
                await db.ShopCalendarBlocks.Where(b => b.LocationId == location.Id).ExecuteDeleteAsync(c);
                db.ShopCalendarBlocks.AddRange(blocks);
                await db.SaveChangesAsync(c);
            }, ct);
            total += blocks.Count;
        }
        return new Result(locations.Count, total);
    }
}
