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
        await h.App.DbAsync(async db =>
        {
            db.ServiceCatalog.Add(new ServiceCatalogItem { Id = Guid.NewGuid(), TenantId = h.TenantId, Name = "Ceramic tint", Active = true, Bookable = true, DurationMinutes = 120 });
            await db.SaveChangesAsync();
        });

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
        Assert.All(ready.Checklist, s => Assert.True(s.Done, s.Key));
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
