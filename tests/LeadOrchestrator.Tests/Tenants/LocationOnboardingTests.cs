using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Tenants.LocationEndpoints;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>
/// An owner enables the account's ShopMonkey locations one by one — name, address and phone from ShopMonkey, the
/// time zone asked for when ShopMonkey's is not an IANA name — and fills in each one's settings; a checklist says what
/// is missing, and a new location texts none of its customers until it is complete and goes live (its leads' touches
/// wait, and go then). Enabling again is the same location; bad settings change nothing.
/// </summary>
public sealed class LocationOnboardingTests(PostgresServer postgres) : IAsyncDisposable
{
    private MessagingHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ANewLocation_IsEnabledFromShopMonkey_SetUp_AndTextsNobodyUntilItGoesLive(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres);
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        var first = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "LeadOrchestrator.Tests", "Fixtures", "ShopMonkey", "locations.json")))!.AsArray()[0]!.AsObject();
        h.Intake.ShopMonkey.SetLocations([first,
            new JsonObject { ["id"] = "loc-two", ["name"] = "Tint Shop Georgetown", ["address1"] = "1 Main St", ["city"] = "Georgetown", ["state"] = "TX",
                ["postalCode"] = "78626", ["country"] = "US", ["timezone"] = "Central Standard Time", ["phone"] = "(512) 555-0177" }]);
        // The catalog, imported from ShopMonkey's canned services (twice: the same catalog).
        var imported = await owner.PostAsync("/api/console/integrations/shopmonkey/catalog", null, Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var catalog = (await imported.Content.ReadFromJsonAsync<IntegrationEndpoints.CatalogImport>(ApiJson.Options, Ct))!;
        Assert.True(catalog.Services > 0 && catalog.Bookable > 0, catalog.ToString());
        var twice = (await (await owner.PostAsync("/api/console/integrations/shopmonkey/catalog", null, Ct)).Content.ReadFromJsonAsync<IntegrationEndpoints.CatalogImport>(ApiJson.Options, Ct))!;
        Assert.Equal(catalog with { Deactivated = 0 }, twice);
        Assert.Equal(catalog.Services, await h.App.DbAsync(db => db.ServiceCatalog.AcrossTenants().CountAsync(s => s.TenantId == h.TenantId && s.Active)));

        // The shop's own location, enabled before: the same one, not a second.
        var same = await owner.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = FakeShopMonkey.LocationId }, Ct);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(h.Intake.LocationId, (await same.Content.ReadFromJsonAsync<LocationSettings>(ApiJson.Options, Ct))!.Id);

        // ShopMonkey's zone is a Windows name: asked for, and a made-up one refused; nothing is made meanwhile.
        Assert.Equal("timeZone", await FieldAsync(await owner.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = "loc-two" }, Ct)));
        Assert.Equal("timeZone", await FieldAsync(await owner.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = "loc-two", timeZone = "Mars/Olympus" }, Ct)));
        Assert.Equal("shopmonkey_location_not_found", await CodeAsync(await owner.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = "nope" }, Ct), 400));
        Assert.Equal(1, await h.App.DbAsync(db => db.Locations.AcrossTenants().CountAsync(l => l.TenantId == h.TenantId)));

        var created = await owner.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = "loc-two", timeZone = "America/Chicago" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var two = (await created.Content.ReadFromJsonAsync<LocationSettings>(ApiJson.Options, Ct))!;
        Assert.Equal(("Tint Shop Georgetown", "America/Chicago", "+15125550177", true), (two.Name, two.TimeZone, two.Phone, two.SetupPending));
        Assert.Equal(["hours", "sms_number"], two.Checklist.Where(s => s.Required && !s.Done).Select(s => s.Key));
        var again = await owner.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = "loc-two", timeZone = "America/Denver" }, Ct);
        Assert.Equal(two.Id, (await again.Content.ReadFromJsonAsync<LocationSettings>(ApiJson.Options, Ct))!.Id);

        // A lead of the new location arrives (ShopMonkey already sends its orders): its first text waits.
        var lead = await h.CreateLeadAsync(order: o => o["locationId"] = "loc-two");
        Assert.Equal(two.Id, lead.LocationId);
        for (var i = 0; i < 3; i++)
        {
            h.App.Time.Advance(TimeSpan.FromMinutes(10));
            await h.App.EventuallyAsync(async () => (await h.TouchesAsync(lead.Id)).First().DueAt > h.App.Time.GetUtcNow(), advance: TimeSpan.FromSeconds(1));
        }
        Assert.Empty(await h.DeliveriesAsync(lead.Id));
        Assert.Equal("setup_incomplete", await CodeAsync(await owner.PostAsync($"/api/console/locations/{two.Id}/go-live", null, Ct), 409));

        // Bad settings: each said, none kept.
        var bad = await owner.PutAsJsonAsync($"/api/console/locations/{two.Id}/settings", new
        {
            bays = 0, smsNumber = "call us", timeZone = "Central", smsWindowStart = "21:00", smsWindowEnd = "08:00",
            hours = new[] { new { day = "monday", opens = "18:00", closes = "09:00" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.All(new[] { "bays", "smsNumber", "timeZone", "smsWindowEnd", "hours" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
        Assert.Null(await h.App.DbAsync(db => db.Locations.AcrossTenants().Where(l => l.Id == two.Id).Select(l => l.SmsNumber).SingleAsync()));

        var weekdays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };
        var set = await owner.PutAsJsonAsync($"/api/console/locations/{two.Id}/settings", new
        {
            smsNumber = "(512) 555-0100", bays = 3, email = "georgetown@acme.example",
            hours = weekdays.Select(d => new { day = d, opens = "09:00", closes = d == "saturday" ? "14:00" : "18:00" })
                .Append(new { day = "sunday", opens = (string)null!, closes = (string)null! }),
            closures = new[] { new { date = "2026-12-25", opens = (string?)null, closes = (string?)null, note = "Christmas" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var ready = (await set.Content.ReadFromJsonAsync<LocationSettings>(ApiJson.Options, Ct))!;
        Assert.Equal(("+15125550100", 3, 7), (ready.SmsNumber, ready.Bays, ready.Hours.Count));
        Assert.Equal(new Closure(new DateOnly(2026, 12, 25), null, null, "Christmas"), Assert.Single(ready.Closures));
        Assert.All(ready.Checklist.Where(s => s.Required), s => Assert.True(s.Done, s.Key));
        Assert.Empty(await h.DeliveriesAsync(lead.Id)); // complete is not live

        var live = await owner.PostAsync($"/api/console/locations/{two.Id}/go-live", null, Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await h.App.EventuallyAsync(async () => (await h.DeliveriesAsync(lead.Id)).Count > 0, advance: TimeSpan.FromSeconds(30));

        var actions = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().Where(a => a.SubjectId == two.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.LocationEnabled, actions);
        Assert.Contains(AuditActions.LocationChanged, actions);
        Assert.Contains(AuditActions.LocationHoursChanged, actions);
        Assert.Contains(AuditActions.LocationWentLive, actions);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task AManager_ChangesTheirLocationsSettings_AndNoOthers(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres);
        using var manager = await h.StaffClientAsync();
        await h.ForeignLeadAsync();
        var foreignLocation = await h.App.DbAsync(db => db.Locations.AcrossTenants().Where(l => l.TenantId != h.TenantId).Select(l => l.Id).FirstAsync());
        var changed = await manager.PutAsJsonAsync($"/api/console/locations/{h.Intake.LocationId}/settings", new { bays = 4 }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(4, (await changed.Content.ReadFromJsonAsync<LocationSettings>(ApiJson.Options, Ct))!.Bays);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PutAsJsonAsync($"/api/console/locations/{foreignLocation}/settings", new { bays = 9 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/console/locations", new { shopmonkeyLocationId = "x" }, Ct)).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task TheWebhook_IsRegisteredThroughShopMonkeysApi_OnceHoweverOften_AndARefusalSaysWhatToDoByHand(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["Polling:Enabled"] = "true" });
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        var fake = h.Intake.ShopMonkey;

        var first = await RegisterAsync(owner);
        Assert.True(first.Registered);
        var webhook = Assert.Single(fake.Webhooks.Values);
        Assert.Equal(first.WebhookId, webhook["id"]!.ToString());
        Assert.EndsWith("/webhooks/shopmonkey/acme", webhook["url"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(["OrderInsert", "OrderUpdate"], webhook["triggers"]!.AsArray().Select(t => t!.ToString()));
        // Signed with the tenant's own webhook secret, which the answer never shows.
        var secret = await h.App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().Where(c => c.TenantId == h.TenantId).Select(c => c.WebhookSecretSealed).SingleAsync());
        Assert.Equal(h.App.Open(secret), webhook["secret"]!.ToString());

        // Again, and after ShopMonkey put it in an error state: still one webhook, enabled again.
        (webhook["error"], webhook["enabled"], webhook["errorMessage"]) = (true, false, "too many failed deliveries");
        var again = await RegisterAsync(owner);
        Assert.Equal((true, first.WebhookId), (again.Registered, again.WebhookId));
        Assert.Single(fake.Webhooks.Values);
        Assert.Equal((false, true), (webhook["error"]!.GetValue<bool>(), webhook["enabled"]!.GetValue<bool>()));

        // ShopMonkey refuses: said in its words, with the steps by hand; polling goes on, nothing else changes.
        fake.RefuseWebhooks = "This API key may not manage webhooks";
        using var refusedResponse = await owner.PostAsync("/api/console/integrations/shopmonkey/webhook", null, Ct);
        var raw = await refusedResponse.Content.ReadAsStringAsync(Ct);
        var refused = JsonSerializer.Deserialize<IntegrationEndpoints.WebhookRegistration>(raw, ApiJson.Options)!;
        Assert.False(refused.Registered);
        Assert.Contains("This API key may not manage webhooks", refused.Problem, StringComparison.Ordinal);
        Assert.Contains(refused.ManualSteps!, s => s.Contains("/webhooks/shopmonkey/acme", StringComparison.Ordinal));
        Assert.DoesNotContain(h.App.Open(secret)!, raw, StringComparison.Ordinal);
        var config = await h.App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().AsNoTracking().SingleAsync(c => c.TenantId == h.TenantId));
        Assert.Equal((first.WebhookId, true), (config.WebhookId, config.PollingEnabled));
        Assert.Contains("may not manage webhooks", config.WebhookProblem, StringComparison.Ordinal);

        // The daily check: ShopMonkey puts it in an error state; within the day it is re-enabled, and the owner's panel says so.
        fake.RefuseWebhooks = null;
        (webhook["error"], webhook["enabled"], webhook["errorMessage"]) = (true, false, "the endpoint answered 503 too often");
        h.App.Time.Advance(ShopMonkeyWebhooks.CheckInterval);
        await h.App.EventuallyAsync(async () => { await Task.CompletedTask; return webhook["enabled"]!.GetValue<bool>(); }, advance: TimeSpan.FromMinutes(1),
            because: "the daily check re-enables the webhook");
        using var ownerNextDay = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        var health = (await ownerNextDay.GetFromJsonAsync<IntegrationEndpoints.ShopMonkeyConnection>("/api/console/integrations/shopmonkey", ApiJson.Options, Ct))!.Health;
        Assert.Equal(first.WebhookId, health.WebhookId);
        Assert.Contains("error state (the endpoint answered 503 too often)", health.Problem, StringComparison.Ordinal);
        Assert.NotNull(health.LastPollAt);
        Assert.Contains(await h.App.DbAsync(db => db.JobExecutions.AsNoTracking().Select(j => j.Job).ToListAsync()), j => j == LeadOrchestrator.Intake.ShopMonkeySync.WebhookJob);
    }

    private static async Task<IntegrationEndpoints.WebhookRegistration> RegisterAsync(HttpClient owner)
    {
        using var response = await owner.PostAsync("/api/console/integrations/shopmonkey/webhook", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<IntegrationEndpoints.WebhookRegistration>(ApiJson.Options, Ct))!;
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToString());
        return body.GetProperty("errors").EnumerateObject().Single().Name;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("code").GetString();
    }
}
