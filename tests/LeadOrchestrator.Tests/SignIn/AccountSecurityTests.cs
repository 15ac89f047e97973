using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.SignIn;

/// <summary>
/// The account's own defences, on ASP.NET Core Identity: a forgotten password reset by an emailed link that works once;
/// an account locked after ten wrong answers in a row (but never for its own browser) that opens again by itself; and
/// two-factor sign-in with an authenticator app for managers and owners, with recovery codes that each work once.
/// </summary>
public abstract partial class AccountSecurityTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private MessagingHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task AForgottenPassword_IsResetByAnEmailedLink_ThatWorksOnce_AndEndsEverySession()
    {
        using var signedIn = await H.StaffClientAsync();
        // Known or unknown, the same answer; only the known address gets an email.
        using var anonymous = H.App.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/console/auth/forgot-password", new { email = "nobody@acme.example" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/console/auth/forgot-password", new { email = " Manager@Acme.example" }, Ct)).StatusCode);
        var mails = await H.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking().Where(d => d.Kind == StaffMail.PasswordResetKind).ToListAsync());
        var mail = Assert.Single(mails);
        Assert.Equal(MessagingHarness.StaffEmail, mail.Recipient);
        var token = ResetToken().Match(mail.Body!).Groups[1].Value;

        // A weak password is refused in words and the link still works; a good one is taken, once.
        var weak = await anonymous.PostAsJsonAsync("/api/console/auth/reset-password", new { token, password = "qwerty123456" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True((await weak.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/console/auth/reset-password", new { token, password = "a brand new passphrase" }, Ct)).StatusCode);
        var reused = await anonymous.PostAsJsonAsync("/api/console/auth/reset-password", new { token, password = "yet another passphrase" }, Ct);
        Assert.Equal("reset_link_invalid", (await reused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal("reset_link_invalid", (await (await anonymous.PostAsJsonAsync("/api/console/auth/reset-password",
            new { token = "bm90IGEgbGluaw", password = "yet another passphrase" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());

        // Every session of the account ended; the new password signs in, the old does not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/console/me", Ct)).StatusCode);
        using var again = await H.StaffClientAsync(MessagingHarness.StaffEmail, "a brand new passphrase");
        var old = await H.App.CreateClient().PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var actions = await H.App.DbAsync(db => db.AuditLog.AcrossTenants().Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.PasswordResetRequested, actions);
        Assert.Contains(AuditActions.PasswordChanged, actions);
    }

    [Fact]
    public async Task TenWrongAnswersInARow_LockTheAccount_ButNotForItsOwnBrowser_AndTheLockEndsByItself()
    {
        using var ownBrowser = await H.StaffClientAsync();
        await ownBrowser.PostAsync("/api/console/auth/logout", null, Ct);
        // A stranger, from a new address each time (the per-address limit), waiting out each hold of the per-address-typed brake.
        for (var i = 0; i < StaffExtensions.MaxFailedSignIns; i++)
        {
            if (i >= SignInThrottle.FreeFailures)
                H.App.Time.Advance(SignInThrottle.LongestBlock);
            using var stranger = H.App.ClientFrom($"127.0.3.{10 + i}");
            var guess = await stranger.PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = $"guess number {i}" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }
        var user = await H.App.DbAsync(db => db.Users.AcrossTenants().AsNoTracking().SingleAsync(u => u.Email == MessagingHarness.StaffEmail));
        Assert.Equal(H.App.Time.GetUtcNow() + StaffExtensions.LockoutTime, user.LockoutEnd);

        // Past the brake's last hold (8 min), still locked: even the right password, from elsewhere, is held up.
        H.App.Time.Advance(TimeSpan.FromMinutes(9));
        using var elsewhere = H.App.ClientFrom("127.0.3.99");
        var locked = await elsewhere.PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta is { } wait && wait > TimeSpan.FromMinutes(5) && wait <= TimeSpan.FromMinutes(6));
        // The account's own browser is not locked out.
        Assert.Equal(HttpStatusCode.NoContent, (await ownBrowser.PostAsJsonAsync("/api/console/auth/login",
            new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct)).StatusCode);
        // And the lock ends by itself.
        H.App.Time.Advance(TimeSpan.FromMinutes(7));
        using var later = H.App.ClientFrom("127.0.3.100");
        Assert.Equal(HttpStatusCode.NoContent, (await later.PostAsJsonAsync("/api/console/auth/login",
            new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct)).StatusCode);
        Assert.Contains(AuditActions.UserLockedOut, await H.App.DbAsync(db => db.AuditLog.AcrossTenants().Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task AManager_TurnsOnTwoFactor_ThenSignsInWithACode_OrARecoveryCodeOnce()
    {
        using var manager = await H.StaffClientAsync();
        Assert.False((await manager.GetFromJsonAsync<JsonElement>("/api/console/auth/two-factor", Ct)).GetProperty("enabled").GetBoolean());
        var setup = await (await manager.PostAsync("/api/console/auth/two-factor/setup", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var key = setup.GetProperty("sharedKey").GetString()!;
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("authenticatorUri").GetString());
        // The key is sealed at rest.
        var stored = await H.App.DbAsync(db => db.Set<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().Select(t => t.Value).ToListAsync());
        Assert.All(stored, v => Assert.StartsWith(LeadOrchestrator.Tenants.SecretBox.Prefix, v));
        Assert.DoesNotContain(stored, v => v!.Contains(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), StringComparison.Ordinal));

        var wrong = await manager.PostAsJsonAsync("/api/console/auth/two-factor/enable", new { code = "000000" == Totp(key) ? "111111" : "000000" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var enabled = await manager.PostAsJsonAsync("/api/console/auth/two-factor/enable", new { code = Totp(key) }, Ct);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = (await enabled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, codes.Count);
        // This browser stays signed in (its session was opened again on the new stamp).
        Assert.True((await manager.GetFromJsonAsync<JsonElement>("/api/console/auth/two-factor", Ct)).GetProperty("enabled").GetBoolean());

        var attempt = 0;
        async Task<(HttpStatusCode, string?)> LoginAsync(object body)
        {
            using var browser = H.App.ClientFrom($"127.0.4.{10 + ++attempt}"); // a browser of its own, past the per-address limit
            using var response = await browser.PostAsJsonAsync("/api/console/auth/login", body, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            return (response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }
        var (email, password) = (MessagingHarness.StaffEmail, MessagingHarness.StaffPassword);
        Assert.Equal((HttpStatusCode.Unauthorized, "two_factor_required"), await LoginAsync(new { email, password }));
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong_credentials"), await LoginAsync(new { email, password = "not it at all", code = Totp(key) }));
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong_code"), await LoginAsync(new { email, password, code = "000000" == Totp(key) ? "111111" : "000000" }));
        Assert.Equal((HttpStatusCode.NoContent, (string?)null), await LoginAsync(new { email, password, code = Totp(key) }));
        Assert.Equal((HttpStatusCode.NoContent, (string?)null), await LoginAsync(new { email, password, recoveryCode = codes[0] }));
        Assert.Equal((HttpStatusCode.Unauthorized, "wrong_code"), await LoginAsync(new { email, password, recoveryCode = codes[0] }));
        Assert.Equal(9, (await manager.GetFromJsonAsync<JsonElement>("/api/console/auth/two-factor", Ct)).GetProperty("recoveryCodesLeft").GetInt32());

        // Off again only with the password.
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/console/auth/two-factor/disable", new { password = "wrong" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.PostAsJsonAsync("/api/console/auth/two-factor/disable", new { password }, Ct)).StatusCode);
        Assert.Equal((HttpStatusCode.NoContent, (string?)null), await LoginAsync(new { email, password }));
        var actions = await H.App.DbAsync(db => db.AuditLog.AcrossTenants().Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.TwoFactorEnabled, actions);
        Assert.Contains(AuditActions.TwoFactorDisabled, actions);

        // The front desk is not offered it.
        await H.AddStaffAsync("desk@acme.example", "front desk password 1", StaffRole.FrontDesk);
        using var desk = await H.StaffClientAsync("desk@acme.example", "front desk password 1");
        Assert.False((await desk.GetFromJsonAsync<JsonElement>("/api/console/auth/two-factor", Ct)).GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsync("/api/console/auth/two-factor/setup", null, Ct)).StatusCode);
    }

    /// <summary>The authenticator app's code now (RFC 6238: HMAC-SHA1 of the 30-second step, six digits), on the machine's clock as Identity's is.</summary>
    private static string Totp(string sharedKey)
    {
        var key = Base32(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var step = BitConverter.GetBytes(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
            Array.Reverse(step);
#pragma warning disable CA5350 // RFC 6238's algorithm, as every authenticator app computes it
        var hash = HMACSHA1.HashData(key, step);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"/console/reset-password/([A-Za-z0-9_-]+)")]
    private static partial Regex ResetToken();
}

public sealed class SqliteAccountSecurityTests(PostgresServer postgres) : AccountSecurityTests(DatabaseKind.Sqlite, postgres);

public sealed class PostgresAccountSecurityTests(PostgresServer postgres) : AccountSecurityTests(DatabaseKind.Postgres, postgres);
