using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// A running app with one tenant ("acme") connected to a fake ShopMonkey, and the helpers the intake
/// tests share: signed webhooks, database probes, fake time.
/// </summary>
public sealed class IntakeHarness : IAsyncDisposable
{
    public const string Slug = "acme";
    public const string Secret = "whsec_dGVzdC1zZWNyZXQtb2YtdGhlLWFjbWUtdGVuYW50LTEyMzQ1Ng==";

    private IntakeHarness(FakeShopMonkey shopMonkey, TestApp app, Guid tenantId, Guid locationId)
    {
        ShopMonkey = shopMonkey;
        App = app;
        TenantId = tenantId;
        LocationId = locationId;
    }

    public FakeShopMonkey ShopMonkey { get; }
    public TestApp App { get; private set; }
    public Guid TenantId { get; }
    public Guid LocationId { get; }
    public FakeTimeProvider Time => App.Time;
    public HttpClient Client => App.Client;

    /// <summary>
    /// Short real-time HTTP timeouts (they measure the network, not the fake clock) and quick parking
    /// backoff, so tests of failing APIs finish in a few seconds.
    /// </summary>
    public static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["ShopMonkey:MaxRetries"] = "1",
        ["ShopMonkey:RetryBaseDelay"] = "00:00:00.050",
        ["ShopMonkey:AttemptTimeout"] = "00:00:02",
        ["ShopMonkey:TotalTimeout"] = "00:00:10",
        // Tests move the fake clock while real calls are in flight; a long lease keeps that from
        // handing events over by accident (the lease tests set their own).
        ["Intake:LeaseDuration"] = "00:10:00",
        ["Intake:RetryDelays:0"] = "00:00:05",
        ["Intake:RetryDelays:1"] = "00:00:10",
        ["Polling:Enabled"] = "false",
    };

    public static async Task<IntakeHarness> StartAsync(DatabaseKind kind, PostgresServer postgres, IDictionary<string, string?>? settings = null, DateTimeOffset? start = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var shopMonkey = await FakeShopMonkey.StartAsync();
        var database = await TestDatabase.CreateAsync(kind, postgres);
        var merged = new Dictionary<string, string?>(FastRetries);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            merged[k] = v;
        var app = TestApp.Start(database, new FakeTimeProvider(start ?? TestApp.DefaultStart), merged, services);
        var (tenantId, locationId) = await SeedTenantAsync(app, Slug, Secret, shopMonkey.BaseUrl.ToString(), FakeShopMonkey.LocationId);
        return new IntakeHarness(shopMonkey, app, tenantId, locationId) { _settings = merged, _services = services };
    }

    private Dictionary<string, string?> _settings = [];
    private Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _services;

    /// <summary>Stops the app (as a deploy or crash would) and starts a new instance on the same database and clock.</summary>
    public async Task RestartAsync(Action? whileStopped = null, Dictionary<string, string?>? settings = null)
    {
        var time = App.Time;
        var database = App.Database;
        await App.DisposeAsync();
        whileStopped?.Invoke();
        var merged = new Dictionary<string, string?>(_settings);
        foreach (var (k, v) in settings ?? [])
            merged[k] = v;
        App = TestApp.Start(database, time, merged, _services);
    }

    public static async Task<(Guid TenantId, Guid LocationId)> SeedTenantAsync(TestApp app, string slug, string secret, string apiBaseUrl, string? smLocationId)
    {
        var now = app.Time.GetUtcNow();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = slug, Name = $"{slug} tint", CreatedAt = now };
        var location = new Location
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Id,
            Name = $"{slug} Round Rock",
            TimeZone = "America/Chicago",
            Address1 = "1 Main St",
            City = "Round Rock",
            State = "TX",
            PostalCode = "78664",
            Phone = "+15125550142",
            ShopMonkeyLocationId = smLocationId,
            CreatedAt = now,
        };
        await app.DbAsync(async db =>
        {
            db.Tenants.Add(tenant);
            db.Locations.Add(location);
            db.TenantCrmConfigs.Add(new TenantCrmConfig
            {
                TenantId = tenant.Id,
                ApiBaseUrl = apiBaseUrl,
                ApiKeySealed = app.Seal(FakeShopMonkey.ApiKey),
                WebhookSecretSealed = app.Seal(secret),
                UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        });
        return (tenant.Id, location.Id);
    }

    // ---- webhooks ------------------------------------------------------------------------------

    public Task<HttpResponseMessage> PostWebhookAsync(string body, string? webhookId = null, string? secret = null, long? timestamp = null, string slug = Slug, string? signature = null)
    {
        var id = webhookId ?? "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var ts = (timestamp ?? Time.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        return Client.SendAsync(SignedRequest(slug, new ByteArrayContent(bytes), id, ts, signature ?? Sign(secret ?? Secret, id, long.Parse(ts, CultureInfo.InvariantCulture), bytes)));
    }

    /// <summary>A webhook request with exactly these headers (no checks, so tests can send bad ones).</summary>
    public static HttpRequestMessage SignedRequest(string slug, HttpContent content, string id, string timestamp, string signature)
    {
        content.Headers.ContentType ??= new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/shopmonkey/{slug}") { Content = content };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", signature);
        request.Headers.Add("X-Attempt", "1");
        return request;
    }

    /// <summary>A correctly signed request for raw bytes, sent with <paramref name="content"/> (e.g. chunked).</summary>
    public HttpRequestMessage SignedRequest(byte[] bytes, string id, HttpContent? content = null, string slug = Slug, DateTimeOffset? at = null)
    {
        var ts = (at ?? Time.GetUtcNow()).ToUnixTimeSeconds();
        return SignedRequest(slug, content ?? new ByteArrayContent(bytes), id, ts.ToString(CultureInfo.InvariantCulture), Sign(Secret, id, ts, bytes));
    }

    /// <summary>Standard Webhooks signing, written independently of the app's verifier.</summary>
    public static string Sign(string secret, string id, long timestamp, byte[] body)
    {
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret[6..]) : Encoding.UTF8.GetBytes(secret);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    // ---- probes --------------------------------------------------------------------------------

    public Task<List<Lead>> LeadsAsync() => App.DbAsync(db => db.Leads.AcrossTenants().AsNoTracking().OrderBy(l => l.CreatedAt).ToListAsync());

    public Task<List<InboundEvent>> EventsAsync() => App.DbAsync(db => db.InboundEvents.AcrossTenants().AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    public Task<Lead?> LeadForOrderAsync(string orderId) =>
        App.DbAsync(db => db.Leads.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(l => l.ShopMonkeyOrderId == orderId));

    /// <summary>Waits (moving the clock by <paramref name="advance"/>) until the order's lead exists.</summary>
    public Task<Lead> LeadEventuallyAsync(string orderId, TimeSpan? advance = null) =>
        App.EventuallyAsync(() => LeadForOrderAsync(orderId), advance, because: $"lead for order {orderId}");

    /// <summary>Waits until no event is pending or processing (each is processed, ignored or parked).</summary>
    public Task SettledAsync(TimeSpan? advance = null) =>
        App.EventuallyAsync(async () => (await EventsAsync()).All(e => e.Status is not (InboundEventStatus.Pending or InboundEventStatus.Processing)), advance, because: "inbox settled");

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await ShopMonkey.DisposeAsync();
    }
}
