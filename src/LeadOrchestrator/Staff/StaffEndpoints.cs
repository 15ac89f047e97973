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

    /// <param name="Code">The six digits of the colleague's authenticator app, when they have two-factor sign-in on.</param>
    /// <param name="RecoveryCode">Instead of <paramref name="Code"/>: one of their recovery codes (each works once).</param>
    public sealed record LoginRequest(string? Email, string? Password, string? Code = null, string? RecoveryCode = null);

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
    /// Every wrong answer is the same 401, and takes as long: an unknown address has a password hashed too. An address
    /// held up by <see cref="SignInThrottle"/>, or an account Identity has locked after
    /// <see cref="StaffExtensions.MaxFailedSignIns"/> wrong answers in a row, gets 429 with <c>Retry-After</c> — the same
    /// words either way, so they tell nobody which addresses have accounts. The account's own browser is neither held up
    /// nor counted, so a stranger's guesses cannot keep its owner out. With two-factor sign-in on, the right password
    /// alone answers 401 <c>two_factor_required</c>, and the code (or a recovery code) is sent with it again.
    /// </summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext http, AppDbContext db,
        StaffUserManager users, SignInManager<StaffUser> signIn, SignInThrottle throttle, StaffSessions sessions, TimeProvider time, CancellationToken ct)
    {
        var email = Common.CleanText.Clean(request.Email ?? "").Trim().ToLowerInvariant();
        if (email.Length is 0 or > 320)
            return WrongPassword();
        // Cross-tenant on purpose (StaffUserStore): the email address is the sign-in name, across all tenants.
        var user = await users.FindByEmailAsync(email);
        if (await throttle.HeldUpAsync(email, http, user?.Id, ct) is { } wait)
            return HeldUp(http, wait);

        var password = request.Password ?? "";
        var knownBrowser = user is not null && throttle.IsKnownBrowser(http, user.Id);
        if (user is not { DeactivatedAt: null } || password.Length is 0 or > MaxPasswordLength)
        {
            DummyVerify(users.PasswordHasher, password);
            return await FailedAsync(email, user, http, db, throttle, time, ct);
        }
        if (!knownBrowser && await users.IsLockedOutAsync(user))
        {
            DummyVerify(users.PasswordHasher, password); // as long as any other wrong answer
            return HeldUp(http, (await users.GetLockoutEndDateAsync(user))!.Value - time.GetUtcNow());
        }
        // Identity checks the hash (rehashing an old one), counts the failure and locks the account after too many.
        var verdict = knownBrowser
            ? (await users.CheckPasswordAsync(user, password) ? Microsoft.AspNetCore.Identity.SignInResult.Success : Microsoft.AspNetCore.Identity.SignInResult.Failed)
            : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!verdict.Succeeded)
            return await FailedAsync(email, user, http, db, throttle, time, ct);

        if (user.TwoFactorEnabled)
        {
            var code = new string([.. (request.Code ?? "").Where(char.IsAsciiDigit)]);
            var recovery = (request.RecoveryCode ?? "").Trim();
            if (code.Length == 0 && recovery.Length == 0)
                return Problems.Refused(StatusCodes.Status401Unauthorized, "two_factor_required",
                    "Enter the six-digit code from your authenticator app (or one of your recovery codes).");
            var passed = code.Length > 0
                ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
                : (await users.RedeemTwoFactorRecoveryCodeAsync(user, recovery)).Succeeded;
            if (!passed)
            {
                if (!knownBrowser)
                    await users.AccessFailedAsync(user);
                await FailedAsync(email, user, http, db, throttle, time, ct);
                return Problems.Refused(StatusCodes.Status401Unauthorized, "wrong_code", "That code is not right (or has been used); try the newest one.");
            }
            await users.ResetAccessFailedCountAsync(user);
        }

        await throttle.SucceededAsync(email, http, user.Id, ct);
        await sessions.SignInAsync(http, user, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult HeldUp(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.Refused(StatusCodes.Status429TooManyRequests, "sign_in_held_up",
            "Too many wrong passwords for this address; please wait a moment and try again.");
    }

    /// <summary>Counts the failure per address; a known account's is in its tenant's audit log (an unknown address has no tenant to tell).</summary>
    private static async Task<ProblemHttpResult> FailedAsync(string email, StaffUser? user, HttpContext http, AppDbContext db, SignInThrottle throttle,
        TimeProvider time, CancellationToken ct)
    {
        await throttle.FailedAsync(email, http, user?.Id, ct);
        if (user is not null)
        {
            Audit.AuditRecorder.Add(db, Audit.AuditActions.SignInFailed, user.TenantId, null, time.GetUtcNow(), "user", user.Id,
                details: new { deactivated = user.DeactivatedAt is not null, ip = http.Connection.RemoteIpAddress?.ToString() },
                actor: new Audit.AuditActor(Audit.AuditActorType.Staff, null));
            await db.SaveChangesAsync(ct);
        }
        return WrongPassword();
    }

    /// <summary>
    /// A new password ends every session of the user — this browser's is opened again — since whoever knew
    /// the old one may be signed in somewhere. Identity checks the current one and the rules for the new one.
    /// </summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(PasswordChange request, HttpContext http,
        ClaimsPrincipal principal, StaffUserManager users, StaffSessions sessions, CancellationToken ct)
    {
        var user = await users.GetStaffAsync(principal);
        if (request.CurrentPassword is not { Length: > 0 and <= MaxPasswordLength } current || !await users.CheckPasswordAsync(user, current))
            return Problems.Refused(StatusCodes.Status403Forbidden, "wrong_password", "The current password is not right.");
        var next = request.NewPassword!;
        if (next == current)
            return Problems.Invalid("newPassword", "Choose a password you have not been using.");
        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded)
            return PasswordRules.Problem(changed, "newPassword");
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
    private static void DummyVerify(IPasswordHasher<StaffUser> hasher, string password)
    {
        var hash = LazyInitializer.EnsureInitialized(ref _dummyHash,
            () => hasher.HashPassword(NoOne, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));
        hasher.VerifyHashedPassword(NoOne, hash, password.Length <= MaxPasswordLength ? password : password[..MaxPasswordLength]);
    }

    private static readonly StaffUser NoOne = new() { DisplayName = "" };
    private static string? _dummyHash;
}
