using System.Net;
using System.Text.Json.Nodes;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadOrchestrator.Tests.ShopMonkey;

/// <summary>The typed client against the fake API: real payload quirks, errors, retry rules, time formats.</summary>
public sealed class ShopMonkeyClientTests : IAsyncLifetime
{
    private FakeShopMonkey _fake = null!;
    private ServiceProvider _services = null!;
    private ShopMonkeyClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeShopMonkey.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ShopMonkey:MaxRetries"] = "2",
            ["ShopMonkey:RetryBaseDelay"] = "00:00:00.010",
            ["ShopMonkey:AttemptTimeout"] = "00:00:02",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Common.SelfAddress>(_ => null!);
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<SecretBox>();
        builder.AddShopMonkey();
        _services = builder.Services.BuildServiceProvider();
        _client = _services.GetRequiredService<ShopMonkeyClientFactory>().Create(new TenantCrmConfig { ApiBaseUrl = _fake.BaseUrl.ToString().TrimEnd('/'), ApiKeySealed = FakeShopMonkey.ApiKey });
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Order_FromRealShapedPayload_ParsesQuirks()
    {
        // The fixture has number as a string, workflowStatusPosition as 1E+3 and 5-digit fractions.
        var row = (JsonObject)FakeShopMonkey.Fixture("order.json");
        _fake.PutOrder("zzdb46f9-b4d1-4d53-9a1e-f9a878ff03ae", DateTimeOffset.Parse("2024-07-11T21:16:51.70856Z", System.Globalization.CultureInfo.InvariantCulture));

        var order = await _client.GetOrderAsync("zzdb46f9-b4d1-4d53-9a1e-f9a878ff03ae", TestContext.Current.CancellationToken);

        Assert.NotNull(order);
        Assert.Equal("1004", order.Number);
        Assert.Equal("Estimate", order.Status);
        Assert.Equal(row["customerId"]!.GetValue<string>(), order.CustomerId);
        Assert.Equal(new DateTimeOffset(2024, 7, 11, 21, 16, 51, TimeSpan.Zero).AddTicks(7_085_600), order.UpdatedDate);
        Assert.Equal(44900, order.TotalCostCents);
    }

    [Fact]
    public async Task OrderNumber_SentAsANumber_IsReadAsText()
    {
        var order = _fake.PutOrder("legacy", DateTimeOffset.UnixEpoch);
        order["number"] = 8133;

        Assert.Equal("8133", (await _client.GetOrderAsync("legacy", TestContext.Current.CancellationToken))!.Number);
    }

    [Fact]
    public async Task MissingOrder_IsNull_NotAnError()
    {
        Assert.Null(await _client.GetOrderAsync("nope", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CustomerVehicles_ComeFromTheCustomerRoute_NeverAFilteredVehicleList()
    {
        var vehicles = await _client.ListCustomerVehiclesAsync(FakeShopMonkey.CustomerId, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Tacoma", Assert.Single(vehicles).Model);
        Assert.Contains(_fake.Requests, r => r.Path == $"/v3/customer/{FakeShopMonkey.CustomerId}/vehicle");
        Assert.DoesNotContain(_fake.Requests, r => r.Path == "/v3/vehicle");
    }

    [Fact]
    public async Task WrongKey_IsUnauthorized()
    {
        _fake.RejectAll = true;

        var e = await Assert.ThrowsAsync<ShopMonkeyApiException>(() => _client.GetOrderAsync("x", TestContext.Current.CancellationToken));

        Assert.Equal((ShopMonkeyFailure.Unauthorized, HttpStatusCode.Unauthorized), (e.Failure, e.StatusCode));
        Assert.Contains("Unauthorized", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorOnGet_IsRetried()
    {
        _fake.PutOrder("o1", DateTimeOffset.UnixEpoch);
        _fake.Fail(502, times: 2, pathPrefix: "/v3/order/o1");

        Assert.NotNull(await _client.GetOrderAsync("o1", TestContext.Current.CancellationToken));
        Assert.Equal(3, _fake.CountRequests("GET", "/v3/order/o1"));
    }

    [Fact]
    public async Task LongRetryAfter_IsNotWaitedOutInline_AndIsReportedToTheCaller()
    {
        _fake.Fail(429, times: 1, pathPrefix: "/v3/order/o2", retryAfter: TimeSpan.FromSeconds(120));

        var e = await Assert.ThrowsAsync<ShopMonkeyApiException>(() => _client.GetOrderAsync("o2", TestContext.Current.CancellationToken));

        Assert.Equal(ShopMonkeyFailure.RateLimited, e.Failure);
        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Equal(1, _fake.CountRequests("GET", "/v3/order/o2"));
    }

    [Fact]
    public async Task CreateAppointment_IsNeverRetriedBlindly()
    {
        // No idempotency keys at ShopMonkey: a retried POST could book the same job twice.
        _fake.Fail(503, times: 1, pathPrefix: "/v3/appointment");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var start = new DateTimeOffset(2026, 8, 21, 14, 0, 0, TimeSpan.Zero);
        var request = new SmCreateAppointment("Online booking: Ceramic tint", "blue", ShopMonkeyClient.FormatWithOffset(start, zone),
            ShopMonkeyClient.FormatWithOffset(start.AddHours(3), zone), FakeShopMonkey.CustomerId, FakeShopMonkey.VehicleId, null, FakeShopMonkey.LocationId, "Booked by the assistant");

        var e = await Assert.ThrowsAsync<ShopMonkeyApiException>(() => _client.CreateAppointmentAsync(request, TestContext.Current.CancellationToken));
        Assert.Equal(ShopMonkeyFailure.Unavailable, e.Failure);
        Assert.Equal(1, _fake.CountRequests("POST", "/v3/appointment"));

        var created = await _client.CreateAppointmentAsync(request, TestContext.Current.CancellationToken);
        Assert.NotEmpty(created.Id);
        Assert.Single(_fake.Appointments);
        var sent = System.Text.Json.Nodes.JsonNode.Parse(_fake.Requests.Last(r => r is { Method: "POST", Path: "/v3/appointment" }).Body!)!;
        Assert.Equal("2026-08-21T09:00:00.000-05:00", sent["startDate"]!.GetValue<string>()); // CDT in August
        Assert.Equal("blue", sent["color"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2026-01-15T15:00:00Z", "2026-01-15T09:00:00.000-06:00")] // CST
    [InlineData("2026-07-15T14:00:00Z", "2026-07-15T09:00:00.000-05:00")] // CDT
    [InlineData("2026-03-08T08:30:00Z", "2026-03-08T03:30:00.000-05:00")] // the morning clocks spring forward
    [InlineData("2026-11-01T06:30:00Z", "2026-11-01T01:30:00.000-05:00")] // 01:30 happens twice on fall-back day: first one
    [InlineData("2026-11-01T07:30:00Z", "2026-11-01T01:30:00.000-06:00")] // ... and the second one
    public void AppointmentTimes_CarryTheZonesRealOffset(string utc, string expected)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

        Assert.Equal(expected, ShopMonkeyClient.FormatWithOffset(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), zone));
    }

    [Fact]
    public async Task OrdersUpdatedSince_AreWalkedInOrderAcrossPages()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 205; i++)
            _fake.PutOrder($"o-{i:D3}", start.AddSeconds(i));

        var orders = await _client.ListOrdersUpdatedSinceAsync(start.AddSeconds(5), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, orders.Count);
        Assert.Equal(Enumerable.Range(5, 200).Select(i => $"o-{i:D3}"), orders.Select(o => o.Id));
        Assert.Equal(2, _fake.CountRequests("GET", "/v3/order"));
    }
}
