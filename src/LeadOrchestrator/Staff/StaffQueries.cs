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
    /// Colleagues the signed-in one may see, active or not: for an owner, everyone; for a scoped colleague, those who
    /// share one of their locations, and the owners.
    /// </summary>
    public static IQueryable<StaffUser> Visible(this IQueryable<StaffUser> users, AppDbContext db) =>
        db.CurrentLocationIds is not { } scope ? users
            : users.Where(u => u.Role == StaffRole.Owner || db.StaffLocations.Any(l => l.UserId == u.Id && scope.Contains(l.LocationId)));

    /// <summary>The active ones of <see cref="Visible"/>: whom a conversation can be assigned to.</summary>
    public static IQueryable<StaffUser> Colleagues(this IQueryable<StaffUser> users, AppDbContext db) =>
        users.Where(u => u.DeactivatedAt == null).Visible(db);
}
