using System.Net;
using System.Text.RegularExpressions;
using LeadOrchestrator.StaffConsole;
using LeadOrchestrator.Tests.Infrastructure;

namespace LeadOrchestrator.Tests.Inbox;

/// <summary>
/// The server's side of the staff console: every path under <c>/console</c> is the built React shell
/// (the app routes in the browser), under a strict content security policy and never cached stale; the
/// bundle is cached for good; a missing asset is a 404, not the shell. What the console renders is tested
/// with Vitest in web/ and in the browser.
/// </summary>
public sealed partial class StaffConsoleShellTests(PostgresServer postgres) : IAsyncDisposable
{
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [GeneratedRegex("src=\"(/console/assets/[^\"]+\\.js)\"")]
    private static partial Regex Script();

    [Fact]
    public async Task EveryConsolePath_IsTheShell_UnderAStrictPolicy_AndItsBundleIsCachedForGood()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        string? script = null;
        foreach (var path in new[] { "/console", "/console/", "/console/inbox", "/console/inbox/0197e0a8-0000-7000-8000-000000000000", "/console/sign-in?next=%2Finbox" })
        {
            var response = await h.App.Client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(StaffConsolePage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("<div id=\"root\"></div>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // no inline script: the policy would block it
            script = Script().Match(html).Groups[1].Value;
        }
        Assert.DoesNotContain("unsafe-inline", StaffConsolePage.ContentSecurityPolicy, StringComparison.Ordinal);

        // The app's clock dates every answer (the console measures waiting time against it), here the test's fake one.
        var api = await h.App.Client.GetAsync("/api/health", Ct);
        Assert.Equal(h.App.Time.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture), api.Headers.Date?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        var bundle = await h.App.Client.GetAsync(script, Ct);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", bundle.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await h.App.Client.GetAsync("/console/assets/missing-0000.js", Ct)).StatusCode);
    }
}
