using System.Security.Claims;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>Sign-in for shop staff: <c>/api/console/auth/login</c>, <c>logout</c>, <c>me</c>.</summary>
public static class StaffEndpoints
{
    public sealed record LoginRequest(string Email, string Password);

    public sealed record StaffProfile(Guid Id, string Email, string DisplayName, string Role, Guid TenantId);

    public static IEndpointRouteBuilder MapStaffAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapConsoleApi().MapGroup("/auth");
        auth.MapPost("/login", LoginAsync).WithName("StaffLogin").RequireRateLimiting(StaffExtensions.LoginRateLimit).DisableAntiforgery();
        auth.MapPost("/logout", async (HttpContext http) => { await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme); return TypedResults.NoContent(); })
            .WithName("StaffLogout").DisableAntiforgery();
        app.MapConsoleApi().RequireStaff().MapGet("/me", GetMe).WithName("StaffMe");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext http, AppDbContext db,
        IPasswordHasher<StaffUser> hasher, CancellationToken ct)
    {
        var email = request.Email?.Trim().ToLowerInvariant() ?? "";
        // Cross-tenant on purpose: the email address is the sign-in name, across all tenants.
        var user = email.Length is 0 or > 320 ? null : await db.Users.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, ct);
        // The same answer for an unknown address and a wrong password.
        if (user is null || string.IsNullOrEmpty(request.Password)
            || hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
            return TypedResults.Problem("Wrong email or password.", statusCode: StatusCodes.Status401Unauthorized);

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(StaffExtensions.TenantClaim, user.TenantId.ToString()),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    internal static Ok<StaffProfile> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new StaffProfile(
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
        user.FindFirstValue(ClaimTypes.Email)!,
        user.FindFirstValue(ClaimTypes.Name)!,
        user.FindFirstValue(ClaimTypes.Role)!,
        Guid.Parse(user.FindFirstValue(StaffExtensions.TenantClaim)!)));
}
