using System.Security.Claims;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>
/// The shop's colleagues, for managers and owners: <c>GET /api/console/users</c>, <c>PUT /api/console/users/{id}</c>
/// (role and locations), <c>POST …/{id}/deactivate</c> and <c>…/reactivate</c>. An owner manages everyone; a manager
/// manages the managers and front desk whose locations are all theirs, and gives only their own locations. Nobody
/// changes their own role or switches themselves off — so only another owner can demote or switch off an owner, and
/// a tenant always keeps one. A colleague outside
/// the manager's locations is not found (404), as another tenant's is; one they can see but not manage is 403.
/// </summary>
public static class UserEndpoints
{
    /// <param name="Role">owner, manager or front_desk.</param>
    /// <param name="LocationIds">Where they work (an owner: every location, and none are listed).</param>
    public sealed record UserView(Guid Id, string Email, string DisplayName, StaffRole Role, IReadOnlyList<Guid> LocationIds,
        DateTimeOffset CreatedAt, DateTimeOffset? DeactivatedAt);

    /// <param name="Invitations">Invitations not yet accepted that the colleague may resend or withdraw, newest first.</param>
    public sealed record UserList(IReadOnlyList<UserView> Users, IReadOnlyList<InvitationEndpoints.InvitationView> Invitations);

    /// <param name="Role">The new role; unchanged when absent.</param>
    /// <param name="LocationIds">Where they work from now on; unchanged when absent. A manager or front desk needs at least one.</param>
    public sealed record UserChange(StaffRole? Role, List<Guid>? LocationIds);

    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapGroup("/users");
        users.MapGet("/", ListAsync).WithName("ListUsers");
        users.MapPut("/{userId:guid}", ChangeAsync).WithName("ChangeUser");
        users.MapPost("/{userId:guid}/deactivate", (Guid userId, ClaimsPrincipal me, AppDbContext db, StaffSessions sessions, TimeProvider time, CancellationToken ct) =>
            SwitchAsync(userId, active: false, me, db, sessions, time, ct)).WithName("DeactivateUser");
        users.MapPost("/{userId:guid}/reactivate", (Guid userId, ClaimsPrincipal me, AppDbContext db, StaffSessions sessions, TimeProvider time, CancellationToken ct) =>
            SwitchAsync(userId, active: true, me, db, sessions, time, ct)).WithName("ReactivateUser");
        return app;
    }

    internal static async Task<Ok<UserList>> ListAsync(AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var users = await db.Users.Visible(db).AsNoTracking().OrderBy(u => u.DeactivatedAt != null).ThenBy(u => u.DisplayName).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var locations = await LocationsOfAsync(db, ids, ct);
        return TypedResults.Ok(new UserList([.. users.Select(u => View(u, locations))], await InvitationEndpoints.PendingAsync(db, time, ct)));
    }

    internal static async Task<Results<Ok<UserView>, NotFound, ProblemHttpResult, ValidationProblem>> ChangeAsync(Guid userId, UserChange change,
        ClaimsPrincipal me, AppDbContext db, StaffSessions sessions, CancellationToken ct)
    {
        var (user, refusal) = await ManageableAsync(userId, me, db, ct);
        if (user is null)
            return refusal is null ? TypedResults.NotFound() : refusal;
        var role = change.Role ?? user.Role;
        if (role == StaffRole.Owner && StaffExtensions.RoleOf(me) != StaffRole.Owner)
            return Problems.Refused(StatusCodes.Status403Forbidden, "owner_only", "Only an owner can make someone an owner.");

        var current = (await LocationsOfAsync(db, [user.Id], ct)).GetValueOrDefault(user.Id) ?? [];
        var wanted = role == StaffRole.Owner ? [] : (change.LocationIds?.Distinct().ToList() ?? current);
        if (role != StaffRole.Owner && wanted.Count == 0)
            return Problems.Invalid("locationIds", "Choose at least one location they work at.");
        // The location filter leaves a manager only their own locations to give.
        if (await db.Locations.CountAsync(l => wanted.Contains(l.Id), ct) != wanted.Count)
            return Problems.Invalid("locationIds", "One of these is not a location you can give.");

        db.StaffLocations.RemoveRange(await db.StaffLocations.Where(l => l.UserId == user.Id && !wanted.Contains(l.LocationId)).ToListAsync(ct));
        db.StaffLocations.AddRange(wanted.Except(current).Select(id => new StaffLocation { TenantId = user.TenantId, UserId = user.Id, LocationId = id }));
        var roleChanged = role != user.Role;
        if (roleChanged)
            // What their sessions were granted has changed: each ends at its next request (the stamp no longer matches).
            (user.Role, user.SecurityStamp) = (role, StaffUser.NewStamp());
        await db.SaveChangesAsync(ct);
        if (roleChanged)
            await sessions.RevokeAllAsync(user.Id, ct);
        return TypedResults.Ok(View(user, new() { [user.Id] = wanted }));
    }

    /// <summary>Off: no sign-in, and their sessions end at once. On again: they sign in with the password they had.</summary>
    internal static async Task<Results<Ok<UserView>, NotFound, ProblemHttpResult>> SwitchAsync(Guid userId, bool active, ClaimsPrincipal me,
        AppDbContext db, StaffSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var (user, refusal) = await ManageableAsync(userId, me, db, ct);
        if (user is null)
            return refusal is null ? TypedResults.NotFound() : refusal;
        if (!active && user.DeactivatedAt is null)
        {
            (user.DeactivatedAt, user.SecurityStamp) = (time.GetUtcNow(), StaffUser.NewStamp());
            await db.SaveChangesAsync(ct);
            await sessions.RevokeAllAsync(user.Id, ct);
        }
        else if (active && user.DeactivatedAt is not null)
        {
            user.DeactivatedAt = null;
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(View(user, await LocationsOfAsync(db, [user.Id], ct)));
    }

    /// <summary>
    /// The user, when the signed-in colleague may manage them; else null and the refusal (none: not found). A manager
    /// manages non-owners whose every location is theirs.
    /// </summary>
    private static async Task<(StaffUser? User, ProblemHttpResult? Refusal)> ManageableAsync(Guid userId, ClaimsPrincipal me, AppDbContext db, CancellationToken ct)
    {
        var user = await db.Users.Visible(db).FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
            return (null, null);
        if (user.Id.ToString() == me.FindFirstValue(ClaimTypes.NameIdentifier))
            return (null, Problems.Refused(StatusCodes.Status403Forbidden, "not_yourself", "Ask another manager or an owner to change your own account."));
        // By role, not only by scope: a manager of every location reads unscoped (StaffExtensions.RequireStaff) and still manages no owner.
        if (StaffExtensions.RoleOf(me) != StaffRole.Owner && (user.Role == StaffRole.Owner
            || (db.CurrentLocationIds is { } scope && await db.StaffLocations.AnyAsync(l => l.UserId == user.Id && !scope.Contains(l.LocationId), ct))))
            return (null, Problems.Refused(StatusCodes.Status403Forbidden, "not_your_colleague",
                "They work at a location that is not yours (or are an owner); an owner can change their account."));
        return (user, null);
    }

    private static async Task<Dictionary<Guid, List<Guid>>> LocationsOfAsync(AppDbContext db, List<Guid> userIds, CancellationToken ct) =>
        (await db.StaffLocations.AsNoTracking().Where(l => userIds.Contains(l.UserId)).Select(l => new { l.UserId, l.LocationId }).ToListAsync(ct))
            .GroupBy(l => l.UserId).ToDictionary(g => g.Key, g => g.Select(l => l.LocationId).Order().ToList());

    private static UserView View(StaffUser u, Dictionary<Guid, List<Guid>> locations) =>
        new(u.Id, u.Address, u.DisplayName, u.Role, u.Role == StaffRole.Owner ? [] : locations.GetValueOrDefault(u.Id) ?? [], u.CreatedAt, u.DeactivatedAt);
}
