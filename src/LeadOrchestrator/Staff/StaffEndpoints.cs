using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>Sign-in for shop staff: <c>/api/console/auth/login</c>, <c>logout</c>, <c>password</c>, and <c>me</c>.</summary>
public static class StaffEndpoints
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    public sealed record LoginRequest(string? Email, string? Password);

    public sealed record PasswordChange(
        string? CurrentPassword,
        [property: Required(ErrorMessage = PasswordLengthRule), StringLength(MaxPasswordLength, MinimumLength = MinPasswordLength, ErrorMessage = PasswordLengthRule)]
        string? NewPassword);

    private const string PasswordLengthRule = "Between {2} and {1} characters.";

    /// <param name="Role">owner, manager or front_desk.</param>
    /// <param name="LocationIds">The locations the colleague works at; null for an owner (every location).</param>
    public sealed record StaffProfile(Guid Id, string Email, string DisplayName, StaffRole Role, Guid TenantId, IReadOnlyList<Guid>? LocationIds);

    public static IEndpointRouteBuilder MapStaffAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapConsoleApi().MapGroup("/auth");
        auth.MapPost("/login", LoginAsync).WithName("StaffLogin").RequireRateLimiting(StaffExtensions.LoginRateLimit).DisableAntiforgery();
        auth.MapPost("/logout", async (HttpContext http, StaffSessions sessions, CancellationToken ct) =>
        {
            await sessions.SignOutAsync(http, ct);
            return TypedResults.NoContent();
        }).WithName("StaffLogout").DisableAntiforgery();
        var signedIn = app.MapConsoleApi().RequireStaff();
        signedIn.MapGet("/me", GetMe).WithName("StaffMe");
        signedIn.MapPost("/auth/password", ChangePasswordAsync).WithName("StaffChangePassword").RequireRateLimiting(StaffExtensions.LoginRateLimit);
        return app;
    }

    /// <summary>
    /// Every wrong answer is the same 401, and takes as long: an unknown address has a password hashed too.
    /// An address held up by <see cref="SignInThrottle"/> gets 429 with <c>Retry-After</c>, known or not.
    /// </summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext http, AppDbContext db,
        IPasswordHasher<StaffUser> hasher, SignInThrottle throttle, StaffSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var email = Common.CleanText.Clean(request.Email ?? "").Trim().ToLowerInvariant();
        if (email.Length is 0 or > 320)
            return WrongPassword();
        // Cross-tenant on purpose: the email address is the sign-in name, across all tenants.
        var user = await db.Users.AcrossTenants().FirstOrDefaultAsync(u => u.Email == email, ct);
        if (await throttle.HeldUpAsync(email, http, user?.Id, ct) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.Refused(StatusCodes.Status429TooManyRequests, "sign_in_held_up",
                "Too many wrong passwords for this address; please wait a moment and try again.");
        }

        var password = request.Password ?? "";
        var verdict = user is { DeactivatedAt: null } && password.Length is > 0 and <= MaxPasswordLength
            ? hasher.VerifyHashedPassword(user, user.PasswordHash, password)
            : DummyVerify(hasher, password);
        if (verdict == PasswordVerificationResult.Failed || user is not { DeactivatedAt: null })
        {
            await throttle.FailedAsync(email, http, user?.Id, ct);
            // A known account's failed sign-in is in its tenant's audit log (an unknown address has no tenant to tell).
            if (user is not null)
            {
                Audit.AuditRecorder.Add(db, Audit.AuditActions.SignInFailed, user.TenantId, null, time.GetUtcNow(), "user", user.Id,
                    details: new { deactivated = user.DeactivatedAt is not null, ip = http.Connection.RemoteIpAddress?.ToString() },
                    actor: new Audit.AuditActor(Audit.AuditActorType.Staff, null));
                await db.SaveChangesAsync(ct);
            }
            return WrongPassword();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            user.PasswordHash = hasher.HashPassword(user, password);
        await throttle.SucceededAsync(email, http, user.Id, ct);
        await sessions.SignInAsync(http, user, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A new password ends every session of the user — this browser's is opened again — since whoever knew
    /// the old one may be signed in somewhere.
    /// </summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(PasswordChange request, HttpContext http,
        ClaimsPrincipal principal, AppDbContext db, IPasswordHasher<StaffUser> hasher, StaffSessions sessions, CancellationToken ct)
    {
        var id = Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var user = await db.Users.SingleAsync(u => u.Id == id, ct);
        if (request.CurrentPassword is not { Length: > 0 and <= MaxPasswordLength } current
            || hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
            return Problems.Refused(StatusCodes.Status403Forbidden, "wrong_password", "The current password is not right.");
        var next = request.NewPassword!;
        if (next == current)
            return Problems.Invalid("newPassword", "Choose a password you have not been using.");

        (user.PasswordHash, user.SecurityStamp) = (hasher.HashPassword(user, next), StaffUser.NewStamp());
        await db.SaveChangesAsync(ct);
        await sessions.RevokeAllAsync(user.Id, ct);
        await sessions.SignInAsync(http, user, ct);
        return TypedResults.NoContent();
    }

    internal static Ok<StaffProfile> GetMe(ClaimsPrincipal user, TenantContext tenant) => TypedResults.Ok(new StaffProfile(
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
        user.FindFirstValue(ClaimTypes.Email)!,
        user.FindFirstValue(ClaimTypes.Name)!,
        StaffExtensions.RoleOf(user),
        Guid.Parse(user.FindFirstValue(StaffExtensions.TenantClaim)!),
        tenant.LocationIds));

    private static ProblemHttpResult WrongPassword() =>
        Problems.Refused(StatusCodes.Status401Unauthorized, "wrong_credentials", "Wrong email or password.");

    /// <summary>
    /// A real hash check, by the same hasher, against a password nobody has: an unknown address costs what
    /// a known one does (without it, a wrong address answered a hundred times faster than a wrong password).
    /// </summary>
    private static PasswordVerificationResult DummyVerify(IPasswordHasher<StaffUser> hasher, string password)
    {
        var hash = LazyInitializer.EnsureInitialized(ref _dummyHash,
            () => hasher.HashPassword(NoOne, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));
        hasher.VerifyHashedPassword(NoOne, hash, password.Length <= MaxPasswordLength ? password : password[..MaxPasswordLength]);
        return PasswordVerificationResult.Failed;
    }

    private static readonly StaffUser NoOne = new() { Email = "", DisplayName = "", PasswordHash = "" };
    private static string? _dummyHash;
}
