using System.Net;
using System.Net.Http.Json;
using System.Text;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Api;

/// <summary>
/// Behind a proxy and on the open web: forwarded headers believed only from configured proxies (the cookie
/// is Secure over HTTPS, limits see the client), console changes only from the console's own origin, and
/// production refusing to check Twilio's signatures against whatever Host a request claims.
/// </summary>
public sealed class ProxyAndOriginTests(PostgresServer postgres) : IAsyncDisposable
{
    private MessagingHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task AConsoleChangeFromAnotherSite_IsRefused_AndChangesNothing(string header, string value)
    {
        _h = await MessagingHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var lead = await _h.CreateLeadAsync();
        using var staff = await _h.StaffClientAsync();

        // A form another site's page could post: text/plain, the cookie attached.
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/console/leads/{lead.Id}/cadence/pause") { Content = new StringContent("x", Encoding.UTF8, "text/plain") };
        forged.Headers.Add(header, value);
        var response = await staff.SendAsync(forged, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross_origin", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(CadenceStatus.Active, (await _h.LeadAsync(lead.Id)).CadenceStatus);
        // The console's own page, and a tool that is not a browser, may.
        using var own = new HttpRequestMessage(HttpMethod.Post, $"/api/console/leads/{lead.Id}/cadence/pause");
        own.Headers.Add("Origin", _h.App.Client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(own, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{lead.Id}/cadence/resume", null, Ct)).StatusCode);
        // Reading is not refused (the browser keeps another site from seeing the answer anyway).
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/console/leads/{lead.Id}/cadence");
        read.Headers.Add(header, value);
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(read, Ct)).StatusCode);
    }

    [Fact]
    public async Task SignInFromAnotherSite_IsRefused()
    {
        _h = await MessagingHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/console/auth/login")
        {
            Content = JsonContent.Create(new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await _h.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task BehindAConfiguredProxy_TheCookieIsSecureOverHttps_AndLimitsSeeTheClientsAddress()
    {
        _h = await MessagingHarness.StartAsync(DatabaseKind.Sqlite, postgres, new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = "127.0.0.1" });

        var signIn = await ViaProxyAsync(_h, "203.0.113.7", MessagingHarness.StaffPassword);
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lo_staff=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        // Ten sign-ins a minute per client: this client has had one; the proxy's other clients are not counted with it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await ViaProxyAsync(_h, "203.0.113.7", MessagingHarness.StaffPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.NoContent, (await ViaProxyAsync(_h, "203.0.113.8", MessagingHarness.StaffPassword)).StatusCode);
    }

    [Fact]
    public async Task WithoutAConfiguredProxy_ForwardedHeadersAreNotBelieved()
    {
        _h = await MessagingHarness.StartAsync(DatabaseKind.Sqlite, postgres);

        var signIn = await ViaProxyAsync(_h, "203.0.113.7", MessagingHarness.StaffPassword);

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        // Every "client" is this one address: the limit counts them together.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await ViaProxyAsync(_h, $"203.0.113.{10 + i}", MessagingHarness.StaffPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Production_WithTwilioButNoPublicAddress_RefusesToStart_SayingWhatToSet()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres);
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var app = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), new Dictionary<string, string?>
            {
                [TestApp.EnvironmentSetting] = "Production",
                ["Twilio:AccountSid"] = FakeTwilio.AccountSid,
                ["Twilio:AuthToken"] = FakeTwilio.AuthToken,
            });
        });
        Assert.Contains("App:PublicBaseUrl", error.ToString(), StringComparison.Ordinal);

        await using var fine = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), new Dictionary<string, string?>
        {
            [TestApp.EnvironmentSetting] = "Production",
            ["Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["App:PublicBaseUrl"] = "https://chat.example.com",
        });
        Assert.Equal(HttpStatusCode.OK, (await fine.Client.GetAsync("/health/live", Ct)).StatusCode);
    }

    private static Task<HttpResponseMessage> ViaProxyAsync(MessagingHarness h, string client, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/console/auth/login")
        {
            Content = JsonContent.Create(new { email = MessagingHarness.StaffEmail, password }),
        };
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return h.App.Client.SendAsync(request, Ct);
    }
}
