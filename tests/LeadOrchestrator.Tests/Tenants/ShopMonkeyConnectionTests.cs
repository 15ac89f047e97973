using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Tenants.IntegrationEndpoints;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>
/// The owner connects ShopMonkey with an API key: checked by a real call (the account's locations) before anything is
/// stored, refused in ShopMonkey's words when wrong, refused when the address would carry the key in the clear or
/// ShopMonkey is unreachable; kept sealed when right, with the account's locations to choose from.
/// </summary>
public sealed class ShopMonkeyConnectionTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task AWrongKey_IsRefusedInShopMonkeysWords_AndARightOne_IsKeptSealed_WithTheAccountsLocations(DatabaseKind kind)
    {
        var h = _h = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["ShopMonkey:RetryBaseDelay"] = "00:00:00.010" });
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        var shopMonkey = h.Intake.ShopMonkey.BaseUrl.ToString();
        var before = await SealedKeyAsync(h);

        var wrong = await owner.PostAsJsonAsync("/api/console/integrations/shopmonkey", new { apiKey = "sm_wrong_key", baseUrl = shopMonkey }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("shopmonkey_refused_key", problem.GetProperty("code").GetString());
        Assert.StartsWith("ShopMonkey did not accept this key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        foreach (var (body, field) in new (object, string)[]
        {
            (new { apiKey = FakeShopMonkey.ApiKey, baseUrl = "http://api.shopmonkey.example" }, "baseUrl"), // the key would travel in the clear
            (new { apiKey = FakeShopMonkey.ApiKey, baseUrl = "not a url" }, "baseUrl"),
            (new { apiKey = "  ", baseUrl = shopMonkey }, "apiKey"),
        })
        {
            var refused = await owner.PostAsJsonAsync("/api/console/integrations/shopmonkey", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        var down = await owner.PostAsJsonAsync("/api/console/integrations/shopmonkey", new { apiKey = FakeShopMonkey.ApiKey, baseUrl = "http://127.0.0.1:9/" }, Ct);
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal("shopmonkey_unreachable", (await down.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(before, await SealedKeyAsync(h)); // nothing half-changed

        var connected = await owner.PostAsJsonAsync("/api/console/integrations/shopmonkey", new { apiKey = FakeShopMonkey.ApiKey, baseUrl = shopMonkey }, Ct);
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        var raw = await connected.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(FakeShopMonkey.ApiKey, raw, StringComparison.Ordinal);
        var result = JsonSerializer.Deserialize<Connected>(raw, ApiJson.Options)!;
        var location = Assert.Single(result.Locations);
        Assert.Equal((FakeShopMonkey.LocationId, "Tint Shop Round Rock", "America/Chicago", (Guid?)h.Intake.LocationId),
            (location.Id, location.Name, location.TimeZone, location.EnabledAs));
        var stored = await SealedKeyAsync(h);
        Assert.True(LeadOrchestrator.Tenants.SecretBox.IsSealed(stored));
        Assert.Equal(FakeShopMonkey.ApiKey, h.App.Open(stored));
        Assert.True(await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AnyAsync(e => e.Action == Audit.AuditActions.ShopMonkeyConnected)));
        var listed = (await owner.GetFromJsonAsync<LocationChoices>("/api/console/integrations/shopmonkey/locations", ApiJson.Options, Ct))!;
        Assert.Equal(FakeShopMonkey.LocationId, Assert.Single(listed.Locations).Id);

        // A key ShopMonkey stops accepting later: the list says so, in words, and nothing else changes.
        h.Intake.ShopMonkey.RejectAll = true;
        var revoked = await owner.GetAsync("/api/console/integrations/shopmonkey/locations", Ct);
        Assert.Equal(HttpStatusCode.Conflict, revoked.StatusCode);
        Assert.Equal("shopmonkey_refused_key", (await revoked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("America/Chicago", "America/Chicago")]
    [InlineData("Central Standard Time", null)]
    [InlineData("-06:00", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void OnlyAnIanaTimeZone_IsTakenFromShopMonkey(string? given, string? kept) => Assert.Equal(kept, IanaZone(given));

    private static Task<string?> SealedKeyAsync(MessagingHarness h) =>
        h.App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().Where(c => c.TenantId == h.TenantId).Select(c => c.ApiKeySealed).SingleAsync());
}
