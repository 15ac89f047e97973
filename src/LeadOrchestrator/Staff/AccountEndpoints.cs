using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace LeadOrchestrator.Staff;

/// <summary>
/// A colleague's own account: a forgotten password reset by an emailed link (<c>/api/console/auth/forgot-password</c>,
/// <c>…/reset-password</c>; Identity's reset token, good for two hours and once), and two-factor sign-in with an
/// authenticator app for owners and managers (<c>/api/console/auth/two-factor…</c>; Identity's TOTP and recovery codes).
/// </summary>
public static class AccountEndpoints
{
    public sealed record ForgotPassword(string? Email);

    public sealed record ResetPassword(
        [property: Required] string? Token,
        [property: Required(ErrorMessage = "Choose a password."), StringLength(StaffEndpoints.MaxPasswordLength, MinimumLength = StaffEndpoints.MinPasswordLength,
            ErrorMessage = "Between {2} and {1} characters.")] string? Password);

    /// <param name="Allowed">Owners and managers may turn it on (they can change what others see and do).</param>
    public sealed record TwoFactorState(bool Enabled, bool Allowed, int RecoveryCodesLeft);

    /// <param name="SharedKey">The key to type into an authenticator app, in groups of four.</param>
    /// <param name="AuthenticatorUri">The same as an <c>otpauth://</c> link (what a QR code holds).</param>
    public sealed record TwoFactorSetup(string SharedKey, string AuthenticatorUri);

    public sealed record TwoFactorCode(string? Code);

    public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

    public sealed record PasswordConfirmation(string? Password);

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapConsoleApi().MapGroup("/auth");
        auth.MapPost("/forgot-password", ForgotAsync).WithName("ForgotPassword").RequireRateLimiting(StaffExtensions.LoginRateLimit).DisableAntiforgery();
        auth.MapPost("/reset-password", ResetAsync).WithName("ResetPassword").RequireRateLimiting(StaffExtensions.LoginRateLimit).DisableAntiforgery();

        var mine = app.MapConsoleApi().RequireStaff().MapGroup("/auth/two-factor");
        mine.MapGet("/", StateAsync).WithName("GetTwoFactor");
        mine.MapPost("/setup", SetUpAsync).WithName("SetUpTwoFactor");
        mine.MapPost("/enable", EnableAsync).WithName("EnableTwoFactor").RequireRateLimiting(StaffExtensions.LoginRateLimit);
        mine.MapPost("/disable", DisableAsync).WithName("DisableTwoFactor").RequireRateLimiting(StaffExtensions.LoginRateLimit);
        mine.MapPost("/recovery-codes", NewRecoveryCodesAsync).WithName("NewRecoveryCodes").RequireRateLimiting(StaffExtensions.LoginRateLimit);
        return app;
    }

    /// <summary>
    /// Always 202, known address or not, active or not, so the answer tells nobody which addresses have accounts. A
    /// known, active account gets the link by email; its tenant's audit log says one was asked for.
    /// </summary>
    internal static async Task<Accepted> ForgotAsync(ForgotPassword request, StaffUserManager users, AppDbContext db, StaffMail mail, TimeProvider time,
        CancellationToken ct)
    {
        var email = CleanText.Clean(request.Email ?? "").Trim().ToLowerInvariant();
        if (email.Length is > 0 and <= 320 && await users.FindByEmailAsync(email) is { DeactivatedAt: null } user)
        {
            var token = Encode(user.Id, await users.GeneratePasswordResetTokenAsync(user));
            var message = await mail.PasswordResetAsync(user, token, ct);
            Audit.AuditRecorder.Add(db, Audit.AuditActions.PasswordResetRequested, user.TenantId, null, time.GetUtcNow(), "user", user.Id,
                actor: new Audit.AuditActor(Audit.AuditActorType.Staff, user.Id));
            await db.SaveChangesAsync(ct);
            await mail.SendAsync(message, ct);
        }
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>
    /// A new password from a reset link: Identity checks the token (two hours, once: the reset changes the security
    /// stamp it is tied to) and the password's rules; every session of the account ends. They sign in afterwards, so
    /// two-factor sign-in still asks for its code.
    /// </summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetAsync(ResetPassword request, StaffUserManager users,
        StaffSessions sessions, CancellationToken ct)
    {
        var invalid = Problems.Refused(StatusCodes.Status400BadRequest, "reset_link_invalid",
            "This reset link has expired or has been used; ask for a new one from the sign-in page.");
        if (Decode(request.Token!) is not var (userId, token) || await users.FindByIdAsync(userId.ToString()) is not { DeactivatedAt: null } user)
            return invalid;
        var reset = await users.ResetPasswordAsync(user, token, request.Password!);
        if (!reset.Succeeded)
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)) ? invalid : PasswordRules.Problem(reset, "password");
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null); // whoever locked the account out, its owner is back in
        await sessions.RevokeAllAsync(user.Id, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<TwoFactorState>> StateAsync(ClaimsPrincipal me, StaffUserManager users) =>
        TypedResults.Ok(await StateOfAsync(users, await users.GetStaffAsync(me)));

    /// <summary>A new authenticator key (replacing any earlier, unconfirmed one); two-factor is on once a code from it is confirmed.</summary>
    internal static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult>> SetUpAsync(ClaimsPrincipal me, StaffUserManager users, HttpContext http,
        StaffSessions sessions, CancellationToken ct)
    {
        var user = await users.GetStaffAsync(me);
        if (user.Role == StaffRole.FrontDesk)
            return NotAllowed();
        if (user.TwoFactorEnabled)
            return Problems.Refused(StatusCodes.Status409Conflict, "two_factor_on", "Two-factor sign-in is already on; turn it off first to use another app.");
        await users.ResetAuthenticatorKeyAsync(user);
        await RenewSessionAsync(http, user, sessions, ct);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var label = Uri.EscapeDataString($"{users.Options.Tokens.AuthenticatorIssuer}:{user.Address}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(users.Options.Tokens.AuthenticatorIssuer)}&digits=6";
        return TypedResults.Ok(new TwoFactorSetup(Grouped(key), uri));
    }

    /// <summary>A code from the app proves it has the key: two-factor is on, and ten recovery codes are shown once.</summary>
    internal static async Task<Results<Ok<RecoveryCodes>, ValidationProblem, ProblemHttpResult>> EnableAsync(TwoFactorCode request, ClaimsPrincipal me,
        StaffUserManager users, HttpContext http, StaffSessions sessions, CancellationToken ct)
    {
        var user = await users.GetStaffAsync(me);
        if (user.Role == StaffRole.FrontDesk)
            return NotAllowed();
        var code = new string([.. (request.Code ?? "").Where(char.IsAsciiDigit)]);
        if (await users.GetAuthenticatorKeyAsync(user) is null)
            return Problems.Refused(StatusCodes.Status409Conflict, "two_factor_not_set_up", "Set up the authenticator app first.");
        if (code.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            return Problems.Invalid("code", "That code is not right; type the six digits the app shows now.");
        await users.SetTwoFactorEnabledAsync(user, true);
        await RenewSessionAsync(http, user, sessions, ct);
        return TypedResults.Ok(new RecoveryCodes([.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!]));
    }

    /// <summary>Off again, with the password (a session left open on a shared tablet must not be enough); the key is forgotten.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(PasswordConfirmation request, ClaimsPrincipal me, StaffUserManager users,
        HttpContext http, StaffSessions sessions, CancellationToken ct)
    {
        var user = await users.GetStaffAsync(me);
        if (request.Password is not { Length: > 0 and <= StaffEndpoints.MaxPasswordLength } password || !await users.CheckPasswordAsync(user, password))
            return Problems.Refused(StatusCodes.Status403Forbidden, "wrong_password", "The password is not right.");
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await RenewSessionAsync(http, user, sessions, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Ten new recovery codes (the old ones stop working), with the password.</summary>
    internal static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> NewRecoveryCodesAsync(PasswordConfirmation request, ClaimsPrincipal me,
        StaffUserManager users)
    {
        var user = await users.GetStaffAsync(me);
        if (request.Password is not { Length: > 0 and <= StaffEndpoints.MaxPasswordLength } password || !await users.CheckPasswordAsync(user, password))
            return Problems.Refused(StatusCodes.Status403Forbidden, "wrong_password", "The password is not right.");
        if (!user.TwoFactorEnabled)
            return Problems.Refused(StatusCodes.Status409Conflict, "two_factor_off", "Two-factor sign-in is off; there are no recovery codes to renew.");
        return TypedResults.Ok(new RecoveryCodes([.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!]));
    }

    /// <summary>
    /// Identity gives the account a new security stamp when its second factor changes, which ends every session: this
    /// browser's is opened again (the others stay ended, as after a password change).
    /// </summary>
    private static async Task RenewSessionAsync(HttpContext http, StaffUser user, StaffSessions sessions, CancellationToken ct)
    {
        await sessions.RevokeAllAsync(user.Id, ct);
        await sessions.SignInAsync(http, user, ct);
    }

    private static async Task<TwoFactorState> StateOfAsync(StaffUserManager users, StaffUser user) =>
        new(user.TwoFactorEnabled, user.Role != StaffRole.FrontDesk, user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0);

    private static ProblemHttpResult NotAllowed() => Problems.Refused(StatusCodes.Status403Forbidden, "two_factor_not_for_role",
        "Two-factor sign-in is for owners and managers.");

    /// <summary>The link's token: the account's id and Identity's reset token, in one URL-safe string.</summary>
    internal static string Encode(Guid userId, string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{userId:N}.{token}"));

    private static (Guid UserId, string Token)? Decode(string value)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(value.Trim()));
            return text.IndexOf('.') is 32 && Guid.TryParseExact(text[..32], "N", out var id) ? (id, text[33..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLower(CultureInfo.InvariantCulture);
}
