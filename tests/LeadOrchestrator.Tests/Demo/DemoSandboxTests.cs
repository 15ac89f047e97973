using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Sandbox;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Demo;

/// <summary>The newcomer's path: the seeded demo tenant, the built-in ShopMonkey sandbox, a sandbox order becoming a lead.</summary>
public abstract class DemoSandboxTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    // Without the sample customers: these tests count what the sandbox's own leads do.
    public static readonly Dictionary<string, string?> DemoOn = new(IntakeHarness.FastRetries) { ["Demo:Enabled"] = "true", ["Demo:SampleLeads"] = "false" };

    private TestApp App { get; set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart), DemoOn);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    [Fact]
    public async Task TheStartPage_TakesANewcomerIntoACustomersChat_InOneClick()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = await App.Client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var html = await start.Content.ReadAsStringAsync(ct);
        Assert.Contains("Try it as a customer", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/sandbox/outbox\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/health\"", html, StringComparison.Ordinal);

        // The button: a sandbox estimate, then the page that waits for its lead, then the lead's chat.
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = App.Client.BaseAddress };
        var tried = await browser.PostAsync("/sandbox/try", null, ct);
        Assert.Equal(HttpStatusCode.Redirect, tried.StatusCode);
        var waiting = tried.Headers.Location!.ToString();
        Assert.StartsWith("/sandbox/try/", waiting, StringComparison.Ordinal);
        var chat = await App.EventuallyAsync(async () =>
        {
            var answer = await browser.GetAsync(waiting, ct);
            return answer.StatusCode == HttpStatusCode.Redirect ? answer.Headers.Location!.ToString() : null;
        });
        Assert.Matches("^/c/[A-Za-z0-9_-]{44}$", chat);
        var page = await browser.GetAsync(chat, ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoTenant_IsSeededWithLocationHoursCatalogAndSandboxSettings()
    {
        var tenant = await App.DbAsync(db => db.Tenants.SingleAsync(t => t.Slug == DemoShop.TenantSlug));
        var location = await App.DbAsync(db => db.Locations.AcrossTenants().Include(l => l.Hours).SingleAsync(l => l.TenantId == tenant.Id));
        var catalog = await App.DbAsync(db => db.ServiceCatalog.AcrossTenants().Where(s => s.TenantId == tenant.Id).ToListAsync());
        var config = await App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().SingleAsync(c => c.TenantId == tenant.Id));

        Assert.Equal(("America/Chicago", DemoShop.ShopMonkeyLocationId, "Round Rock"), (location.TimeZone, location.ShopMonkeyLocationId!, location.City));
        Assert.Equal(7, location.Hours.Count(h => h.DayOfWeek is not null));
        Assert.True(location.Hours.Single(h => h.DayOfWeek == DayOfWeek.Sunday).IsClosed);
        Assert.Contains(location.Hours, h => h.Date == new DateOnly(2026, 11, 26) && h.Note == "Thanksgiving");
        Assert.Equal(23, catalog.Count);
        Assert.Contains(catalog, s => s.Category == "Window Tint");
        Assert.Contains(catalog, s => s.Category == "Paint Protection Film");
        Assert.Contains(catalog, s => s.Category == "Ceramic Coating");
        Assert.All(catalog, s => Assert.True(s.PriceCents > 0 && s.DurationMinutes >= 30));
        Assert.True(config.UsesSandbox);
        Assert.StartsWith("whsec_", App.Open(config.WebhookSecretSealed), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(App.Open(config.ApiKeySealed)));
        // At rest, both are sealed: neither is in the row as it is used.
        Assert.True(SecretBox.IsSealed(config.WebhookSecretSealed) && SecretBox.IsSealed(config.ApiKeySealed));
        Assert.DoesNotContain(App.Open(config.WebhookSecretSealed)!, config.WebhookSecretSealed!, StringComparison.Ordinal);
        Assert.DoesNotContain(App.Open(config.ApiKeySealed)!, config.ApiKeySealed!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxOrder_BecomesALead_ThroughASignedWebhook()
    {
        var response = await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new
        {
            firstName = "Sam",
            lastName = "Rivera",
            phone = "(512) 555-0199",
            email = "sam@example.com",
            vehicleYear = 2021,
            vehicleMake = "Subaru",
            vehicleModel = "Outback",
            service = "Ceramic Window Tint - Full SUV/Truck",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SandboxEndpoints.NewOrderResponse>(ApiJson.Options, TestContext.Current.CancellationToken))!;
        Assert.Equal(202, created.Webhook.Status); // delivered to our own endpoint, signed, accepted
        var lead = await App.EventuallyAsync(async () =>
        {
            var r = await App.Client.GetAsync(created.Lead, TestContext.Current.CancellationToken);
            return r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<SandboxEndpoints.LeadView>(ApiJson.Options, TestContext.Current.CancellationToken) : null;
        }, deadline: TimeSpan.FromSeconds(5));
        Assert.Equal(("Sam", "Rivera", "+15125550199", "sam@example.com"), (lead.FirstName, lead.LastName, lead.Phone, lead.Email));
        Assert.Equal("2021 Subaru Outback", lead.Vehicle);
        Assert.Equal("Ceramic Window Tint - Full SUV/Truck", lead.EstimateName);
        Assert.Equal(LeadSource.Webhook, lead.Source);

        var ev = await App.DbAsync(db => db.InboundEvents.AcrossTenants().SingleAsync());
        Assert.Equal(created.Webhook.WebhookId, ev.DedupeKey);
    }

    [Fact]
    public async Task SandboxOrder_WithDefaults_Works()
    {
        var response = await App.Client.PostAsync("/sandbox/shopmonkey/orders", JsonContent.Create(new { }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SandboxEndpoints.NewOrderResponse>(ApiJson.Options, TestContext.Current.CancellationToken))!;
        await App.EventuallyAsync(async () => (await App.Client.GetAsync(created.Lead, TestContext.Current.CancellationToken)).IsSuccessStatusCode);
    }

    [Theory]
    [InlineData("""{"phone":"12"}""", "phone")]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"service":"Oil change"}""", "service")]
    [InlineData("""{"vehicleYear":1800}""", "vehicleYear")]
    public async Task SandboxOrder_WithBadInput_Returns400AndCreatesNothing(string body, string field)
    {
        var response = await App.Client.PostAsync("/sandbox/shopmonkey/orders", new StringContent(body, new MediaTypeHeaderValue("application/json")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(await App.DbAsync(db => db.InboundEvents.AcrossTenants().ToListAsync()));
    }

    [Theory]
    [InlineData("/sandbox/shopmonkey/orders/any/status", """{"status":"Paid"}""", "status")]
    [InlineData("/sandbox/shopmonkey/orders/any/status", """{}""", "status")]
    [InlineData("/sandbox/twilio/sms", """{"from":"(512) 555-0199","body":""}""", "body")]
    [InlineData("/sandbox/twilio/sms", """{"from":"(512) 555-0199"}""", "body")]
    [InlineData("/sandbox/twilio/sms", """{"from":"12","body":"hi"}""", "from")]
    public async Task SandboxRequests_BreakingTheirDeclaredRules_Are400ValidationProblems(string path, string body, string field)
    {
        var response = await App.Client.PostAsync(path, new StringContent(body, new MediaTypeHeaderValue("application/json")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal("invalid", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors.{field} in {problem}");
        Assert.Empty(await App.DbAsync(db => db.ChatMessages.AcrossTenants().ToListAsync()));
    }

    [Fact]
    public async Task SandboxOrder_ConvertedInTheShop_UpdatesTheLead()
    {
        var created = (await (await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new { firstName = "Ann" }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<SandboxEndpoints.NewOrderResponse>(ApiJson.Options, TestContext.Current.CancellationToken))!;
        await App.EventuallyAsync(async () => (await App.Client.GetAsync(created.Lead, TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        App.Time.Advance(TimeSpan.FromMinutes(30));

        var status = await App.Client.PostAsJsonAsync($"/sandbox/shopmonkey/orders/{created.OrderId}/status", new { status = "RepairOrder" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var lead = await App.EventuallyAsync(async () =>
            (await App.Client.GetFromJsonAsync<SandboxEndpoints.LeadView>(created.Lead, ApiJson.Options, TestContext.Current.CancellationToken)) is { ConvertedAt: not null } l ? l : null);
        Assert.Equal("RepairOrder", lead.OrderStatus);
    }

    [Fact]
    public async Task SandboxApi_WantsTheDemoAccountsKey()
    {
        var anonymous = await App.Client.GetAsync("/sandbox/shopmonkey/v3/canned_service", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.False((await anonymous.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, TestContext.Current.CancellationToken)).GetProperty("success").GetBoolean());

        var key = App.Open(await App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().Select(c => c.ApiKeySealed).SingleAsync()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/shopmonkey/v3/canned_service?limit=500");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await App.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelope = await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.True(envelope.GetProperty("success").GetBoolean());
        Assert.Equal(23, envelope.GetProperty("data").GetArrayLength());
        Assert.Equal(23, envelope.GetProperty("meta").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Restart_KeepsOneDemoTenantAndItsSecret()
    {
        var before = await App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().SingleAsync());
        var database = App.Database;
        await App.DisposeAsync();
        App = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), DemoOn);

        Assert.Single(await App.DbAsync(db => db.Tenants.ToListAsync()));
        Assert.Equal(23, await App.DbAsync(db => db.ServiceCatalog.AcrossTenants().CountAsync()));
        var after = await App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().SingleAsync());
        Assert.Equal((App.Open(before.WebhookSecretSealed), App.Open(before.ApiKeySealed)), (App.Open(after.WebhookSecretSealed), App.Open(after.ApiKeySealed)));
    }
}

public sealed class DemoSandboxTests_Sqlite(PostgresServer postgres) : DemoSandboxTests(DatabaseKind.Sqlite, postgres);

public sealed class DemoSandboxTests_Postgres(PostgresServer postgres) : DemoSandboxTests(DatabaseKind.Postgres, postgres);

/// <summary>Demo mode is opt-in outside Development.</summary>
public sealed class DemoModeOffTests(PostgresServer postgres)
{
    [Fact]
    public async Task WithoutDemoMode_NoDemoTenantAndNoSandbox()
    {
        await using var app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart), IntakeHarness.FastRetries);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.PostAsync("/sandbox/shopmonkey/orders", JsonContent.Create(new { }), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("/sandbox/shopmonkey/v3/order", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Empty(await app.DbAsync(db => db.Tenants.ToListAsync()));
        // Nothing at "/" tells a stranger what runs here.
        var root = await app.Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.DoesNotContain("Lead Orchestrator", await root.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConfiguredSecret_IsTheDemoTenantsSecret()
    {
        var settings = new Dictionary<string, string?>(DemoSandboxTests.DemoOn) { ["Demo:ShopMonkeyWebhookSecret"] = "whsec_Y29uZmlndXJlZC1zZWNyZXQ=" };
        await using var app = TestApp.Start(await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres), new FakeTimeProvider(TestApp.DefaultStart), settings);

        Assert.Equal("whsec_Y29uZmlndXJlZC1zZWNyZXQ=", app.Open(await app.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().Select(c => c.WebhookSecretSealed).SingleAsync())));
    }
}
