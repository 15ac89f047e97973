using LeadOrchestrator.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>
/// Slows down guessing one account's password from many addresses, on top of the per-address limit.
/// After <see cref="FreeFailures"/> wrong passwords within <see cref="Window"/>, each further one holds the
/// address typed in for longer (30 s, doubling, at most <see cref="LongestBlock"/>). A stranger cannot keep
/// the real user out for long: the browser that last signed in to the account (a signed cookie) and the
/// network address it last signed in from are not held up, and the hold never lasts more than 15 minutes
/// past the last guess. Known and unknown addresses are treated the same, so the answer tells nobody which
/// addresses have accounts. Counted in the database, so every instance sees the same count.
/// </summary>
public sealed class SignInThrottle(AppDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan LongestBlock = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan FirstBlock = TimeSpan.FromSeconds(30);

    public const string KnownBrowserCookie = "lo_known";
    private static readonly TimeSpan KnownBrowserLifetime = TimeSpan.FromDays(180);

    private readonly ITimeLimitedDataProtector _known = protection.CreateProtector("LeadOrchestrator.Staff.KnownBrowser").ToTimeLimitedDataProtector();

    /// <summary>How long this address is held up, or null when a sign-in may be tried now.</summary>
    public async Task<TimeSpan?> HeldUpAsync(string email, HttpContext http, Guid? userId, CancellationToken ct)
    {
        if (userId is { } id && IsKnownBrowser(http, id))
            return null;
        var now = time.GetUtcNow();
        var attempts = await db.SignInAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Email == email, ct);
        if (attempts?.BlockedUntil is not { } until || until <= now || attempts.LastSuccessIp == Address(http))
            return null;
        return until - now;
    }

    /// <summary>Counts a wrong password (not from the account's own browser, which a stranger's count must not touch).</summary>
    public async Task FailedAsync(string email, HttpContext http, Guid? userId, CancellationToken ct)
    {
        if (userId is { } id && IsKnownBrowser(http, id))
            return;
        await UpdateAsync(email, (attempts, now) =>
        {
            attempts.Failures = attempts.LastFailureAt is { } last && now - last < Window ? attempts.Failures + 1 : 1;
            attempts.LastFailureAt = now;
            attempts.BlockedUntil = attempts.Failures > FreeFailures ? now + Block(attempts.Failures) : null;
        }, ct);
    }

    /// <summary>The account signed in: its count starts over, and this browser and address are its own from now on.</summary>
    public async Task SucceededAsync(string email, HttpContext http, Guid userId, CancellationToken ct)
    {
        await UpdateAsync(email, (attempts, _) => (attempts.Failures, attempts.BlockedUntil, attempts.LastSuccessIp) = (0, null, Address(http)), ct);
        http.Response.Cookies.Append(KnownBrowserCookie, _known.Protect(userId.ToString(), KnownBrowserLifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/api/console/auth",
            MaxAge = KnownBrowserLifetime,
        });
    }

    /// <summary>Changes the address's row (made on first use), redone on fresh data when another instance changed it first.</summary>
    private Task UpdateAsync(string email, Action<SignInAttempts, DateTimeOffset> change, CancellationToken ct) =>
        db.RetryOnConflictAsync(async c =>
        {
            var now = time.GetUtcNow();
            var attempts = await db.SignInAttempts.FirstOrDefaultAsync(a => a.Email == email, c);
            if (attempts is null)
            {
                attempts = new SignInAttempts { Email = email };
                db.SignInAttempts.Add(attempts);
            }
            change(attempts, now);
            attempts.UpdatedAt = now;
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                throw new DbUpdateConcurrencyException("Another instance made the row first.", e); // redone on its row
            }
        }, ct);

    /// <summary>30 s after the sixth failure, doubling with each further one, at most <see cref="LongestBlock"/>.</summary>
    public static TimeSpan Block(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures - 1, 10);
        var block = FirstBlock * Math.Pow(2, doublings);
        return block < LongestBlock ? block : LongestBlock;
    }

    /// <summary>This browser signed in to the account before (its signed cookie): its owner's, never held up or counted.</summary>
    public bool IsKnownBrowser(HttpContext http, Guid userId)
    {
        if (http.Request.Cookies[KnownBrowserCookie] is not { Length: > 0 } cookie)
            return false;
        try
        {
            return _known.Unprotect(cookie) == userId.ToString();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false; // forged, expired, or from before a key rotation
        }
    }

    private static string? Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
