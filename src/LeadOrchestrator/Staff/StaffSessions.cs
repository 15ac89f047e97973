using System.Security.Claims;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>
/// Server-side sessions behind the console's cookie. Signing in opens a <see cref="StaffSession"/> and
/// puts its id in the cookie; every request checks it (<see cref="ValidateAsync"/>), as ASP.NET Core
/// Identity's security stamp validator does with an interval of zero: a session ends when it is revoked
/// (sign-out), when it expires, when the user's security stamp changes (password change) or when the user
/// is deactivated — at the next request, for every copy of the cookie.
/// </summary>
public sealed class StaffSessions(AppDbContext db, TimeProvider time)
{
    public const string SessionClaim = "sid";

    /// <summary>However active, a session lasts at most this long (the cookie ends after 8 idle hours).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>How stale <see cref="StaffSession.LastSeenAt"/> may get before a request updates it (a write per request is not worth it).</summary>
    private static readonly TimeSpan SeenGranularity = TimeSpan.FromMinutes(5);

    /// <summary>Opens a session for <paramref name="user"/> and signs the browser in to it.</summary>
    public async Task SignInAsync(HttpContext http, StaffUser user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var session = new StaffSession
        {
            Id = Guid.CreateVersion7(now),
            TenantId = user.TenantId,
            UserId = user.Id,
            SecurityStamp = user.SecurityStamp ?? "",
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + Lifetime,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 200)] : null,
        };
        db.StaffSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Address),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(StaffExtensions.TenantClaim, user.TenantId.ToString()),
            new Claim(SessionClaim, session.Id.ToString()),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>Ends the browser's session: the row is revoked, so a copy of the cookie stops working too.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        if (SessionOf(http.User) is { } id)
            await db.StaffSessions.AcrossTenants().Where(s => s.Id == id && s.RevokedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, time.GetUtcNow()), ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Ends every session of a user (a password change, a deactivation).</summary>
    public Task<int> RevokeAllAsync(Guid userId, CancellationToken ct) =>
        db.StaffSessions.AcrossTenants().Where(s => s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, time.GetUtcNow()), ct);

    /// <summary>The cookie handler's check on every request (<see cref="CookieAuthenticationEvents.OnValidatePrincipal"/>).</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = time.GetUtcNow();
        var ct = context.HttpContext.RequestAborted;
        var id = SessionOf(context.Principal);
        // Cross-tenant on purpose: the request has no tenant until the session says whose it is.
        var lastSeen = id is null ? null : await db.StaffSessions.AcrossTenants()
            .Where(s => s.Id == id && s.RevokedAt == null && s.ExpiresAt > now
                && db.Users.AcrossTenants().Any(u => u.Id == s.UserId && u.DeactivatedAt == null && u.SecurityStamp == s.SecurityStamp))
            .Select(s => (DateTimeOffset?)s.LastSeenAt).FirstOrDefaultAsync(ct);
        if (lastSeen is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (now - lastSeen > SeenGranularity)
            await db.StaffSessions.AcrossTenants().Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
    }

    private static Guid? SessionOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(SessionClaim), out var id) ? id : null;
}
