using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadOrchestrator.Tests.SignIn;

/// <summary>
/// Staff sign-in: sessions that really end (sign-out, a password change, a deactivation — for every copy of
/// the cookie), a per-account brake on guessing that a stranger cannot turn against the real user, and
/// answers that do not tell which addresses have accounts.
/// </summary>
public abstract class SignInTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();

    private MessagingHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres, services: s =>
    {
        s.RemoveAll<IPasswordHasher<StaffUser>>();
        s.AddSingleton<IPasswordHasher<StaffUser>>(_hasher);
    });

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task SigningOut_EndsTheSession_EvenForACopyOfTheCookie()
    {
        var cookie = await SignInForCookieAsync();
        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync(HttpMethod.Get, cookie, "/api/console/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await WithCookieAsync(HttpMethod.Post, cookie, "/api/console/auth/logout")).StatusCode);

        // The copy taken before signing out is as dead as the original.
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookieAsync(HttpMethod.Get, cookie, "/api/console/me")).StatusCode);
        var session = await H.App.DbAsync(db => db.StaffSessions.AcrossTenants().AsNoTracking().SingleAsync(Ct));
        Assert.NotNull(session.RevokedAt);
    }

    [Fact]
    public async Task ChangingThePassword_EndsEveryOtherSession_AndKeepsThisOne()
    {
        using var desk = await H.StaffClientAsync();
        using var office = await H.StaffClientAsync();

        var changed = await desk.PostAsJsonAsync("/api/console/auth/password",
            new { currentPassword = MessagingHarness.StaffPassword, newPassword = "a much better passphrase" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/api/console/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await office.GetAsync("/api/console/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(MessagingHarness.StaffEmail, MessagingHarness.StaffPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(MessagingHarness.StaffEmail, "a much better passphrase")).StatusCode);
    }

    [Theory]
    [InlineData("wrong current password", "a much better passphrase", HttpStatusCode.Forbidden)]
    [InlineData(MessagingHarness.StaffPassword, "short", HttpStatusCode.BadRequest)]
    [InlineData(MessagingHarness.StaffPassword, MessagingHarness.StaffPassword, HttpStatusCode.BadRequest)]
    public async Task APasswordChangeThatIsRefused_ChangesNothing(string current, string next, HttpStatusCode expected)
    {
        using var staff = await H.StaffClientAsync();
        using var other = await H.StaffClientAsync();

        var response = await staff.PostAsJsonAsync("/api/console/auth/password", new { currentPassword = current, newPassword = next }, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/console/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(MessagingHarness.StaffEmail, MessagingHarness.StaffPassword)).StatusCode);
    }

    [Fact]
    public async Task ADeactivatedUser_IsSignedOutAtOnce_AndCannotSignInAgain()
    {
        using var staff = await H.StaffClientAsync();

        await H.App.DbAsync(db => db.Users.AcrossTenants().ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, H.App.Time.GetUtcNow()), Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/console/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(MessagingHarness.StaffEmail, MessagingHarness.StaffPassword)).StatusCode);
    }

    [Fact]
    public async Task AnUnknownAddress_CostsAPasswordHashToo_AndGetsTheSameAnswer()
    {
        var before = _hasher.Verifications;
        var unknown = await LoginAsync("nobody@acme.example", "some password");
        var afterUnknown = _hasher.Verifications;
        var wrong = await LoginAsync(MessagingHarness.StaffEmail, "some password");

        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, _hasher.Verifications - afterUnknown);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unknown.StatusCode, wrong.StatusCode));
        var (a, b) = (await unknown.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ApiJson.Options, Ct), await wrong.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ApiJson.Options, Ct));
        Assert.Equal((a!.Title, a.Detail), (b!.Title, b.Detail));
    }

    [Fact]
    public async Task GuessesFromManyAddresses_AreHeldUpPerAccount_ButNotTheRealUsersOwnBrowser()
    {
        // The manager signed in from this browser yesterday: it carries the account's signed mark.
        using var realUser = await H.StaffClientAsync();
        await realUser.PostAsync("/api/console/auth/logout", null, Ct);

        // A stranger guesses from twenty addresses (the per-address limit alone would let them all through).
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
            statuses.Add((await LoginAsync(MessagingHarness.StaffEmail, $"guess {i}", from: $"127.0.0.{10 + i}")).StatusCode);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 6).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 14)), statuses);
        var held = await LoginAsync(MessagingHarness.StaffEmail, MessagingHarness.StaffPassword, from: "127.0.0.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode); // even the right password, from a stranger's address
        Assert.True(held.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // The real user's own browser is not held up...
        var own = await realUser.PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);

        // ...and the hold ends by itself.
        await LoginAsync(MessagingHarness.StaffEmail, "one more guess", from: "127.0.0.50");
        H.App.Time.Advance(SignInThrottle.LongestBlock);
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(MessagingHarness.StaffEmail, MessagingHarness.StaffPassword, from: "127.0.0.51")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownAddress_IsHeldUpExactlyLikeAKnownOne()
    {
        var known = new List<HttpStatusCode>();
        var unknown = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            known.Add((await LoginAsync(MessagingHarness.StaffEmail, $"guess {i}", from: $"127.0.1.{10 + i}")).StatusCode);
            unknown.Add((await LoginAsync("nobody@acme.example", $"guess {i}", from: $"127.0.2.{10 + i}")).StatusCode);
        }
        Assert.Equal(known, unknown);
        Assert.Contains(HttpStatusCode.TooManyRequests, known);
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password, string? from = null)
    {
        using var client = from is null ? H.App.CreateClient() : H.App.ClientFrom(from);
        return await client.PostAsJsonAsync("/api/console/auth/login", new { email, password }, Ct);
    }

    /// <summary>Signs in with a client that keeps no cookies, and returns the session cookie as the browser would send it.</summary>
    private async Task<string> SignInForCookieAsync()
    {
        using var bare = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = H.App.Client.BaseAddress };
        var response = await bare.PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lo_staff=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpResponseMessage> WithCookieAsync(HttpMethod method, string cookie, string path)
    {
        using var bare = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = H.App.Client.BaseAddress };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await bare.SendAsync(request, Ct);
    }

    /// <summary>The app's own hasher, counting how often it checks a password.</summary>
    private sealed class CountingHasher : IPasswordHasher<StaffUser>
    {
        private readonly PasswordHasher<StaffUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(StaffUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SignInTests_Sqlite(PostgresServer postgres) : SignInTests(DatabaseKind.Sqlite, postgres);

public sealed class SignInTests_Postgres(PostgresServer postgres) : SignInTests(DatabaseKind.Postgres, postgres);
