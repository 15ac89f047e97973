using LeadOrchestrator.Data;

namespace LeadOrchestrator.Staff;

/// <summary>Who works where: the colleagues a scoped console may see, and who hears of a location's work.</summary>
public static class StaffQueries
{
    /// <summary>Active colleagues who work at <paramref name="locationId"/>: its managers and front desk, and every owner.</summary>
    public static IQueryable<StaffUser> WorkingAt(this IQueryable<StaffUser> users, AppDbContext db, Guid? locationId) =>
        users.Where(u => u.DeactivatedAt == null
            && (u.Role == StaffRole.Owner || db.StaffLocations.Any(l => l.UserId == u.Id && l.LocationId == locationId)));

    /// <summary>
    /// Active colleagues the signed-in one may see: for an owner, everyone; for a scoped colleague, those who share one
    /// of their locations, and the owners.
    /// </summary>
    public static IQueryable<StaffUser> Colleagues(this IQueryable<StaffUser> users, AppDbContext db)
    {
        var active = users.Where(u => u.DeactivatedAt == null);
        if (db.CurrentLocationIds is not { } scope)
            return active;
        return active.Where(u => u.Role == StaffRole.Owner || db.StaffLocations.Any(l => l.UserId == u.Id && scope.Contains(l.LocationId)));
    }
}
