using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// The messaging harness plus a shop catalog and hours, and chat clients that carry a lead's signed
/// chat token. Fake Anthropic and OpenAI servers are started when a test configures those providers.
/// </summary>
public sealed class ChatHarness : IAsyncDisposable
{
    public const long CeramicCents = 39_900;
    public const long CarbonCents = 24_900;
    public const long SunStripCents = 6_900;
    public const string Ceramic = "Ceramic Window Tint - Full Sedan";
    public const string SunStrip = "Windshield Sun Strip";

    private ChatHarness(MessagingHarness messaging, FakeModel anthropic, FakeModel openAi) =>
        (Messaging, Anthropic, OpenAI) = (messaging, anthropic, openAi);

    public MessagingHarness Messaging { get; }
    public FakeModel Anthropic { get; }
    public FakeModel OpenAI { get; }
    public TestApp App => Messaging.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// <paramref name="primary"/> and <paramref name="fallback"/> name the providers (offline by default);
    /// the fakes always run, and the app knows both keys, so any test can point either way.
    /// </summary>
    public static async Task<ChatHarness> StartAsync(DatabaseKind kind, PostgresServer postgres, string primary = "offline", string? fallback = null,
        IDictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        var anthropic = await FakeModel.StartAsync(FakeModel.Api.Anthropic);
        var openAi = await FakeModel.StartAsync(FakeModel.Api.OpenAI);
        var merged = new Dictionary<string, string?>
        {
            ["AI:Provider"] = primary,
            ["AI:FallbackProvider"] = fallback,
            ["AI:Anthropic:ApiKey"] = FakeModel.AnthropicKey,
            ["AI:Anthropic:BaseUrl"] = anthropic.ConfiguredUrl,
            ["AI:OpenAI:ApiKey"] = FakeModel.OpenAIKey,
            ["AI:OpenAI:Endpoint"] = openAi.ConfiguredUrl,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            merged[k] = v;
        var messaging = await MessagingHarness.StartAsync(kind, postgres, merged, start);
        var harness = new ChatHarness(messaging, anthropic, openAi);
        await harness.SeedShopAsync();
        return harness;
    }

    private Task SeedShopAsync() =>
        App.DbAsync(async db =>
        {
            var now = App.Time.GetUtcNow();
            var (tenant, location) = (Messaging.TenantId, Messaging.Intake.LocationId);
            db.ServiceCatalog.AddRange(
                Service("Ceramic Window Tint - Full Sedan", "Window Tint", CeramicCents, 180),
                Service("Carbon Window Tint - Full Sedan", "Window Tint", CarbonCents, 120),
                Service("Windshield Sun Strip", "Window Tint", SunStripCents, 30));
            foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
                db.LocationHours.Add(new LocationHours { TenantId = tenant, LocationId = location, DayOfWeek = day, Opens = new(8, 0), Closes = new(18, 0) });
            db.LocationHours.Add(new LocationHours { TenantId = tenant, LocationId = location, DayOfWeek = DayOfWeek.Saturday, Opens = new(9, 0), Closes = new(15, 0) });
            db.LocationHours.Add(new LocationHours { TenantId = tenant, LocationId = location, DayOfWeek = DayOfWeek.Sunday });
            await db.SaveChangesAsync();

            ServiceCatalogItem Service(string name, string category, long cents, int minutes) => new()
            {
                Id = Guid.CreateVersion7(now), TenantId = tenant, Name = name, Category = category, PriceCents = cents,
                DurationMinutes = minutes, Bookable = true, UpdatedAt = now,
            };
        });

    /// <summary>A lead (made through the real webhook) and its chat token, as the link in its first SMS carries it.</summary>
    public async Task<(Lead Lead, string Token)> LeadWithTokenAsync(string? phone = "(512) 555-0187", string firstName = "Tim")
    {
        var lead = await Messaging.CreateLeadAsync(phone: phone, firstName: firstName);
        return (lead, await TokenAsync(lead.Id));
    }

    public Task<string> TokenAsync(Guid leadId, LinkPurpose purpose = LinkPurpose.Chat) =>
        App.Services.GetRequiredService<LinkTokens>().CreateAsync(leadId, purpose, Ct);

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(Guid leadId, string token, string message) =>
        App.Client.SendAsync(Request(HttpMethod.Post, $"/api/chat/{leadId}/messages", token, new { message }), Ct);

    public async Task<ChatReply> AskAsync(Guid leadId, string token, string message)
    {
        var response = await SendAsync(leadId, token, message);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<ChatReply>(ApiJson.Options, Ct))!;
    }

    /// <summary>The raw SSE text of a streamed answer and its parsed events (name, data).</summary>
    public async Task<(string Raw, List<(string Event, JsonElement Data)> Events)> StreamAsync(Guid leadId, string token, string message)
    {
        var response = await App.Client.SendAsync(Request(HttpMethod.Post, $"/api/chat/{leadId}/stream", token, new { message }), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var events = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n'))
            .Select(lines => (lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                JsonDocument.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]).RootElement))
            .ToList();
        return (raw, events);
    }

    public Task<List<ChatMessage>> MessagesAsync(Guid leadId) =>
        App.DbAsync(db => db.ChatMessages.AcrossTenants().AsNoTracking().Where(m => m.LeadId == leadId).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());

    public Task<Guid> ServiceIdAsync(string name) =>
        App.DbAsync(db => db.ServiceCatalog.AcrossTenants().Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    public Task<ChatSession?> SessionAsync(Guid leadId) =>
        App.DbAsync(db => db.ChatSessions.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(s => s.LeadId == leadId));

    public async ValueTask DisposeAsync()
    {
        await Messaging.DisposeAsync();
        await Anthropic.DisposeAsync();
        await OpenAI.DisposeAsync();
    }
}
