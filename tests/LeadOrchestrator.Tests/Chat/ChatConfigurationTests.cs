using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>Choosing the assistant, closing the API to other sites and abusers, and the chat page itself.</summary>
public sealed class ChatConfigurationTests(PostgresServer postgres) : IAsyncDisposable
{
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData("anthropic", "AI:Anthropic:ApiKey")]
    [InlineData("openai", "AI:OpenAI:ApiKey")]
    [InlineData("gemini", "AI:Provider must be")]
    public async Task AProviderWithoutCredentials_StopsTheAppAtStart_SayingWhatIsMissing(string provider, string message)
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres);
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var app = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), [new("AI:Provider", provider)]);
        });
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException ?? (error as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.NotNull(validation);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantsOwnChoice_OverridesTheAppDefault()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres, "offline");
        await _h.App.DbAsync(async db =>
        {
            db.TenantAiConfigs.Add(new TenantAiConfig { TenantId = _h.Messaging.TenantId, Provider = "openai", FallbackProvider = "offline", UpdatedAt = _h.App.Time.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        var (lead, token) = await _h.LeadWithTokenAsync();
        _h.OpenAI.Enqueue(new FakeModel.Reply.Text("Hi from the tenant's model."));

        var reply = await _h.AskAsync(lead.Id, token, "hello");

        Assert.Equal(("openai", "Hi from the tenant's model."), (reply.Provider, reply.Response));
    }

    [Fact]
    public async Task PerIpRateLimit_CoversEveryLeadFromOneAddress()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres, settings: new Dictionary<string, string?> { ["Chat:PerIpPerMinute"] = "5" });
        var (a, tokenA) = await _h.LeadWithTokenAsync();
        var (b, tokenB) = await _h.LeadWithTokenAsync(phone: "(512) 555-0100");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var (lead, token) = i % 2 == 0 ? (a, tokenA) : (b, tokenB);
            statuses.Add((await _h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/history", token), Ct)).StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), statuses);
        // Other endpoints are not counted against it.
        Assert.Equal(HttpStatusCode.OK, (await _h.App.Client.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task RequestsWithoutAValidToken_DoNotUseUpTheLeadsLimit_AndAreLimitedPerAddress()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres, settings: new Dictionary<string, string?>
        {
            ["Chat:PerLeadPerMinute"] = "5",
            ["Chat:UnauthenticatedPerIpPerMinute"] = "10",
        });
        var (lead, token) = await _h.LeadWithTokenAsync();

        // A stranger hammers the lead's path: no token, then a forged one.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
            statuses.Add((await _h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/history", i % 2 == 0 ? null : token[..^4] + "AAAA"), Ct)).StatusCode);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 10)), statuses);
        // The customer's own minute is untouched: five requests, then the limit.
        var own = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            own.Add((await _h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/history", token), Ct)).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), own);
    }

    [Fact]
    public async Task Cors_IsClosedByDefault_AndOpensOnlyForConfiguredOrigins()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres, settings: new Dictionary<string, string?> { ["Chat:AllowedOrigins:0"] = "https://tintworld.example" });
        var (lead, _) = await _h.LeadWithTokenAsync();
        foreach (var (origin, allowed) in new[] { ("https://tintworld.example", true), ("https://evil.example", false) })
        {
            var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/chat/{lead.Id}/messages");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            var response = await _h.App.Client.SendAsync(preflight, Ct);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
    }

    [Fact]
    public async Task ChatPage_CarriesAHostileName_AsEscapedData_NeverAsHtml()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var lead = await _h.Messaging.CreateLeadAsync(firstName: "<b>Tim</b>");
        var token = await _h.TokenAsync(lead.Id);

        var page = await _h.App.Client.GetStringAsync($"/c/{token}", Ct);

        // The React page renders it as text (Browser/ChatPageTests, web/src/components/MessageList.test.tsx).
        Assert.Contains("\"firstName\":\"\\u003Cb\\u003ETim\\u003C/b\\u003E\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Tim</b>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ReportsTheDatabaseDown_With503()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var before = await _h.App.Client.GetFromJsonAsync<JsonElement>("/api/health", ApiJson.Options, Ct);
        Assert.Equal("ok", before.GetProperty("status").GetString());
        Assert.Equal("offline", before.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "primary").GetProperty("name").GetString());
        Assert.True(before.GetProperty("workers").TryGetProperty("dispatcher", out _));

        await TestDatabase.BreakAsync(_h.App.Database, postgres);

        var response = await _h.App.Client.GetAsync("/api/health", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("down", (await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct)).GetProperty("database").GetProperty("status").GetString());
    }
}
