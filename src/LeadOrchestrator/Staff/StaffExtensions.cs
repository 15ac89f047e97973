using System.Security.Claims;
using System.Threading.RateLimiting;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

public static class StaffExtensions
{
    public const string TenantClaim = "tenant_id";
    public const string LoginRateLimit = "staff-login";

    /// <summary>Wrong passwords (or codes) in a row before the account is locked for <see cref="LockoutTime"/> — not counted from its own browser.</summary>
    public const int MaxFailedSignIns = 10;

    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

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
                // Every request: is the session still open, and the user's security stamp the one it began with?
                o.Events.OnValidatePrincipal = c => c.HttpContext.RequestServices.GetRequiredService<StaffSessions>().ValidateAsync(c);
            });
        builder.Services.AddScoped<StaffSessions>();
        builder.Services.AddScoped<StaffMail>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Staff, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaim))
            .AddPolicy(StaffPolicies.Manager, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaim)
                .RequireRole(nameof(StaffRole.Manager), nameof(StaffRole.Owner)))
            .AddPolicy(StaffPolicies.Owner, p => p.RequireAuthenticatedUser().RequireClaim(TenantClaim).RequireRole(nameof(StaffRole.Owner)));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
        });
        // ASP.NET Core Identity for the accounts (ADR 0027), on the console's own cookie and server-side sessions.
        builder.Services.AddIdentityCore<StaffUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B), plus a list of common passwords (CommonPasswordValidator).
                o.Password.RequiredLength = StaffEndpoints.MinPasswordLength;
                o.Password.RequiredUniqueChars = 4;
                (o.Password.RequireDigit, o.Password.RequireLowercase, o.Password.RequireUppercase, o.Password.RequireNonAlphanumeric) = (false, false, false, false);
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters = ""; // the user name is the address, whatever characters it has
                o.Tokens.AuthenticatorIssuer = "Lead Orchestrator";
            })
            .AddUserStore<StaffUserStore>()
            .AddUserManager<StaffUserManager>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        // A reset link is good for two hours, and once (the reset changes the security stamp it is tied to).
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));
        return builder;
    }

    /// <summary>The console's API group: its requests that change something come from the console's own pages only.</summary>
    public static RouteGroupBuilder MapConsoleApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/console").WithTags("Console").WithGroupName(ApiDocuments.Console).AddEndpointFilter(SameOriginOnly);

    /// <summary>
    /// A request that changes something must not come from another site's page (cross-site request forgery):
    /// the browser's <c>Sec-Fetch-Site</c>, or failing that its <c>Origin</c>, must say this site. The strict
    /// cookie already stays home on such requests; this holds even for a browser or client that sends it.
    /// Tools that send neither header (curl, scripts) are not browsers and pass.
    /// </summary>
    private static async ValueTask<object?> SameOriginOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            return await next(context);
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        var foreign = site.Length > 0
            ? site is not ("same-origin" or "none")
            : origin.Length > 0 && !IsOwnOrigin(origin, request);
        return foreign
            ? Problems.Refused(StatusCodes.Status403Forbidden, "cross_origin", "Changes to the console come from the console's own pages.")
            : await next(context);
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request)
    {
        if (string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
            return true;
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["App:PublicBaseUrl"];
        return Uri.TryCreate(configured, UriKind.Absolute, out var publicBase)
            && string.Equals(origin, publicBase.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Requires staff and scopes the request to the user's tenant and, unless they are an owner or work at every
    /// location, to their locations (<see cref="StaffLocation"/>, read each request so a changed assignment holds at
    /// once), so every query is filtered to them.
    /// </summary>
    public static RouteGroupBuilder RequireStaff(this RouteGroupBuilder group, string policy = StaffPolicies.Staff)
    {
        group.RequireAuthorization(policy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.User.FindFirstValue(TenantClaim), out var tenantId)
                || !Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
                return Results.Forbid();
            var tenant = http.RequestServices.GetRequiredService<TenantContext>();
            tenant.Set(tenantId);
            tenant.ActingUserId = userId;
            if (RoleOf(http.User) != StaffRole.Owner)
            {
                var db = http.RequestServices.GetRequiredService<AppDbContext>();
                var theirs = await db.StaffLocations.Where(l => l.UserId == userId).Select(l => l.LocationId).ToListAsync(http.RequestAborted);
                // One who works at every location reads the tenant as an owner does (rows of no location too): the
                // same rows, without a location list as long as the franchise's in every query — at 200 locations
                // and a million leads the list's counts took 4.3 times the owner's (docs/performance.md).
                if (theirs.Count == 0 || await db.Locations.AnyAsync(l => !theirs.Contains(l.Id), http.RequestAborted))
                    tenant.ScopeToLocations(theirs);
            }
            return await next(context);
        });
        return group;
    }

    /// <summary>The signed-in colleague's role (from the session's claims; a role change ends the session).</summary>
    public static StaffRole RoleOf(ClaimsPrincipal user) =>
        Enum.TryParse<StaffRole>(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : StaffRole.FrontDesk;
}

public static class StaffPolicies
{
    /// <summary>Any signed-in colleague.</summary>
    public const string Staff = "staff";

    /// <summary>A manager or an owner.</summary>
    public const string Manager = "manager";

    /// <summary>An owner.</summary>
    public const string Owner = "owner";
}
