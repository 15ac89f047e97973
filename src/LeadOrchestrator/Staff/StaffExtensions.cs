using System.Security.Claims;
using System.Threading.RateLimiting;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace LeadOrchestrator.Staff;

public static class StaffExtensions
{
    public const string TenantClaim = "tenant_id";
    public const string LoginRateLimit = "staff-login";

    public static IHostApplicationBuilder AddStaff(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "lo_staff";
                o.Cookie.HttpOnly = true;
                // Strict: the console's cookie never rides along on a request another site starts.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // An API answers 401/403; it does not redirect to a login page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Staff, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaim))
            .AddPolicy(StaffPolicies.Manager, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaim)
                .RequireRole(nameof(StaffRole.Manager), nameof(StaffRole.Owner)));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        builder.Services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
        return builder;
    }

    /// <summary>The console's API group: signed-in staff, acting for their own tenant only.</summary>
    public static RouteGroupBuilder MapConsoleApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/console").WithTags("Console");

    /// <summary>Requires staff and scopes the request to the user's tenant, so every query is filtered to it.</summary>
    public static RouteGroupBuilder RequireStaff(this RouteGroupBuilder group, string policy = StaffPolicies.Staff)
    {
        group.RequireAuthorization(policy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.User.FindFirstValue(TenantClaim), out var tenantId))
                return Results.Forbid();
            http.RequestServices.GetRequiredService<TenantContext>().Set(tenantId);
            return await next(context);
        });
        return group;
    }
}

public static class StaffPolicies
{
    public const string Staff = "staff";
    public const string Manager = "manager";
}
