using System.Net;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Intake;

/// <summary>ShopMonkey failing, a missing location, a crash mid-processing: the event is parked or resumed, never lost, never doubled.</summary>
public abstract class IntakeFaultTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);

    protected IntakeHarness H { get; private set; } = null!;

    public async ValueTask InitializeAsync() => H = await IntakeHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task ApiKeyRejected_EventParkedAsUnauthorized_ThenLeadCreatedOnceKeyWorks()
    {
        H.ShopMonkey.RejectAll = true;
        var order = H.ShopMonkey.PutOrder("order-401", H.Time.GetUtcNow());

        var response = await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode); // our inbox took it; ShopMonkey's problem is ours to retry
        var parked = await H.App.EventuallyAsync(async () => (await H.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Parked));
        Assert.Equal("api_unauthorized", parked.Reason);
        Assert.Contains("401", parked.LastError, StringComparison.Ordinal);
        Assert.True(parked.NextAttemptAt > H.Time.GetUtcNow());
        Assert.Empty(await H.LeadsAsync());

        H.ShopMonkey.RejectAll = false;
        await H.LeadEventuallyAsync("order-401", advance: Step);

        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal(InboundEventStatus.Processed, ev.Status);
        Assert.True(ev.Attempts >= 2);
        Assert.Single(await H.LeadsAsync());
    }

    [Theory]
    [InlineData(500, "api_unavailable")]
    [InlineData(503, "api_unavailable")]
    [InlineData(429, "api_rate_limited")]
    public async Task ApiFailing_EventParkedWithReason_ThenLeadCreatedOnce(int status, string reason)
    {
        var order = H.ShopMonkey.PutOrder("order-flaky", H.Time.GetUtcNow());
        // More failures than the in-request retries, so the event has to be parked and retried later.
        H.ShopMonkey.Fail(status, times: 4, pathPrefix: "/v3/order/order-flaky", retryAfter: status == 429 ? TimeSpan.FromSeconds(30) : null);

        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        var parked = await H.App.EventuallyAsync(async () => (await H.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Parked), advance: TimeSpan.FromMilliseconds(200));
        Assert.Equal(reason, parked.Reason);
        if (status == 429)
            Assert.True(parked.NextAttemptAt >= H.Time.GetUtcNow().AddSeconds(25), "Retry-After longer than the backoff is honoured");

        var lead = await H.LeadEventuallyAsync("order-flaky", advance: Step);
        Assert.Equal("Tim", lead.FirstName);
        await H.SettledAsync();
        Assert.Single(await H.LeadsAsync());
        Assert.Equal(InboundEventStatus.Processed, Assert.Single(await H.EventsAsync()).Status);
    }

    [Fact]
    public async Task RateLimitedBriefly_RetriedInsideTheRequestHonouringRetryAfter()
    {
        var order = H.ShopMonkey.PutOrder("order-429", H.Time.GetUtcNow());
        H.ShopMonkey.Fail(429, times: 1, pathPrefix: "/v3/order/order-429", retryAfter: TimeSpan.FromSeconds(1));

        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        await H.LeadEventuallyAsync("order-429", advance: TimeSpan.FromMilliseconds(250));
        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal(1, ev.Attempts); // handled by the HTTP retry, no parking
        Assert.Equal(2, H.ShopMonkey.CountRequests("GET", "/v3/order/order-429"));
    }

    [Fact]
    public async Task ApiHanging_TimesOutAndParks_ThenLeadCreated()
    {
        var order = H.ShopMonkey.PutOrder("order-hang", H.Time.GetUtcNow());
        // Both the first try and the in-request retry hang.
        var hangs = new[] { H.ShopMonkey.Hang("/v3/customer/"), H.ShopMonkey.Hang("/v3/customer/") };
        try
        {
            await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
            await hangs[0].Arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            // The attempt timeout (2 s in tests) is real time: a hung connection is a network fact. The
            // business clock stands still meanwhile (moving it would expire the lease and hand the event over).
            var parked = await H.App.EventuallyAsync(async () => (await H.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Parked));
            Assert.Equal("api_unavailable", parked.Reason);
        }
        finally
        {
            foreach (var hang in hangs)
                hang.Release.TrySetResult();
        }

        await H.LeadEventuallyAsync("order-hang", advance: Step);
        Assert.Single(await H.LeadsAsync());
    }

    [Fact]
    public async Task OrderForUnknownLocation_ParkedWithReason_ThenProcessedWhenLocationAdded()
    {
        var order = H.ShopMonkey.PutOrder("order-elsewhere", H.Time.GetUtcNow(), locationId: "6287a4044d1a723b10eff999");

        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        var parked = await H.App.EventuallyAsync(async () => (await H.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Parked));
        Assert.Equal("unknown_location", parked.Reason);
        Assert.Contains("6287a4044d1a723b10eff999", parked.LastError, StringComparison.Ordinal);
        Assert.Empty(await H.LeadsAsync());

        // An operator adds the location; the retry picks the event up.
        await H.App.DbAsync(async db =>
        {
            db.Locations.Add(new Location
            {
                Id = Guid.NewGuid(), TenantId = H.TenantId, Name = "Second shop", TimeZone = "America/Chicago", Address1 = "2 Side St",
                City = "Austin", State = "TX", PostalCode = "78701", Phone = "+15125550143", ShopMonkeyLocationId = "6287a4044d1a723b10eff999",
                CreatedAt = H.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });

        var lead = await H.LeadEventuallyAsync("order-elsewhere", advance: Step);
        Assert.NotEqual(H.LocationId, lead.LocationId);
    }

    [Fact]
    public async Task ParkedEvent_IsRetriedWithGrowingBackoff_AndNeverDropped()
    {
        H.ShopMonkey.RejectAll = true;
        var order = H.ShopMonkey.PutOrder("order-patience", H.Time.GetUtcNow());
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));

        // Keep it failing across many retries, hours of (fake) time.
        var attempts = await H.App.EventuallyAsync(async () =>
            (await H.EventsAsync()).Single() is { Attempts: >= 6, Status: InboundEventStatus.Parked } e ? e : null, advance: TimeSpan.FromMinutes(1), deadline: TimeSpan.FromSeconds(30));
        Assert.Equal("api_unauthorized", attempts.Reason);

        H.ShopMonkey.RejectAll = false;
        await H.LeadEventuallyAsync("order-patience", advance: TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task WebhookAndPollRacingForOneLead_MakeOneLead_AndTheLoserIsNotLoggedAsAnError()
    {
        await H.DisposeAsync();
        H = await IntakeHarness.StartAsync(kind, postgres, new Dictionary<string, string?> { ["Intake:BatchSize"] = "1", ["Intake:Concurrency"] = "2" });
        var order = H.ShopMonkey.PutOrder("order-race", H.Time.GetUtcNow());
        // Both deliveries wait inside ShopMonkey's order call, then go on together: both try to insert the lead.
        var (first, releaseFirst) = H.ShopMonkey.Hang("/v3/order/order-race");
        var (second, releaseSecond) = H.ShopMonkey.Hang("/v3/order/order-race");
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order, "UPDATE", "name"));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        releaseFirst.TrySetResult();
        releaseSecond.TrySetResult();

        await H.SettledAsync();
        Assert.Single(await H.LeadsAsync());
        Assert.All(await H.EventsAsync(), e => Assert.Contains(e.Status, new[] { InboundEventStatus.Processed, InboundEventStatus.Ignored }));
        // The database refused the second insert, as it should; that is the race rule working, not an error.
        Assert.DoesNotContain(H.App.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessKilledMidProcessing_OnRestartEventIsProcessedOnce()
    {
        var order = H.ShopMonkey.PutOrder("order-crash", H.Time.GetUtcNow());
        var (arrived, release) = H.ShopMonkey.Hang("/v3/customer/");
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // The worker is inside the event (claimed, lease held, lead not written) when the process goes away.
        var leased = Assert.Single(await H.EventsAsync());
        Assert.Equal(InboundEventStatus.Processing, leased.Status);
        Assert.NotNull(leased.LeaseOwner);
        await H.RestartAsync(whileStopped: () => release.TrySetResult());

        // The new instance sees a leased event; once the dead instance's lease runs out it takes over.
        var lead = await H.LeadEventuallyAsync("order-crash", advance: TimeSpan.FromMinutes(1));
        await H.SettledAsync();
        Assert.Single(await H.LeadsAsync());
        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal(InboundEventStatus.Processed, ev.Status);
        Assert.Equal(lead.Id, ev.LeadId);
        Assert.Equal(2, ev.Attempts); // the dead instance's claim, then the takeover
        Assert.Null(ev.LeaseOwner);
    }

    [Fact]
    public async Task ApiStallingMidBody_TimesOutAndParks_InsteadOfHoldingAWorkerForever()
    {
        // Headers arrive, then nothing: only the client's overall timeout can end this (here 1 s + 5 s).
        await H.RestartAsync(settings: new() { ["ShopMonkey:TotalTimeout"] = "00:00:01", ["ShopMonkey:AttemptTimeout"] = "00:00:01" });
        var order = H.ShopMonkey.PutOrder("order-stall", H.Time.GetUtcNow());
        var (arrived, release) = H.ShopMonkey.StallBody("/v3/order/order-stall");
        try
        {
            await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
            await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            var parked = await H.App.EventuallyAsync(async () => (await H.EventsAsync()).SingleOrDefault(e => e.Status == InboundEventStatus.Parked), deadline: TimeSpan.FromSeconds(20));
            Assert.Equal("api_unavailable", parked.Reason);
        }
        finally
        {
            release.TrySetResult();
        }
        await H.LeadEventuallyAsync("order-stall", advance: Step);
    }

    [Fact]
    public async Task LeaseRunningOutMidBatch_TheOtherClaimDecides_NothingIsDoneTwice()
    {
        // Two events claimed together; the first hangs past the lease, so both are claimed again.
        await H.RestartAsync(settings: new() { ["Roles"] = "web" });
        var a = H.ShopMonkey.PutOrder("order-a", H.Time.GetUtcNow());
        var b = H.ShopMonkey.PutOrder("order-b", H.Time.GetUtcNow());
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(a));
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(b));
        var (arrived, release) = H.ShopMonkey.Hang("/v3/customer/");
        await H.RestartAsync(settings: new() { ["Intake:BatchSize"] = "2", ["Intake:Concurrency"] = "2", ["Intake:LeaseDuration"] = "00:00:30" });
        await arrived.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        H.Time.Advance(TimeSpan.FromSeconds(31));
        await H.LeadEventuallyAsync("order-a", advance: TimeSpan.FromSeconds(1));
        await H.LeadEventuallyAsync("order-b", advance: TimeSpan.FromSeconds(1));
        await H.SettledAsync();
        release.TrySetResult();

        // The first run wakes up late: it must not overwrite the outcome, and must leave its second event alone.
        await H.App.EventuallyAsync(async () => await Task.FromResult(H.App.Logs.Any(l => l.Contains("the lease ran out and another run took over", StringComparison.Ordinal))));
        await H.App.EventuallyAsync(async () => await Task.FromResult(H.App.Logs.Any(l => l.Contains("lease ran out while it waited in the batch", StringComparison.Ordinal))));
        Assert.Equal(2, (await H.LeadsAsync()).Count);
        Assert.All(await H.EventsAsync(), e => Assert.Equal((InboundEventStatus.Processed, 2), (e.Status, e.Attempts)));
        Assert.Equal(1, H.ShopMonkey.CountRequests("GET", "/v3/order/order-b")); // only the second claim fetched it
    }

    [Fact]
    public async Task DatabaseDown_WebhookGets503_WhichShopMonkeyRetries()
    {
        var order = H.ShopMonkey.PutOrder("order-db-down", H.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.Accepted, (await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order))).StatusCode); // caches the tenant

        await TestDatabase.BreakAsync(H.App.Database, postgres);

        var known = await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
        var unknown = await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order), slug: "not-cached");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (known.StatusCode, unknown.StatusCode));
        Assert.NotNull(known.Headers.RetryAfter);
    }

    [Fact]
    public async Task EventsOfOneTenant_AreProcessedWithThatTenantsCredentialsOnly()
    {
        var other = await FakeShopMonkey.StartAsync();
        await using var _ = other;
        var (otherTenant, _) = await IntakeHarness.SeedTenantAsync(H.App, "other", "other-secret-utf8", other.BaseUrl.ToString(), FakeShopMonkey.LocationId);
        var order = other.PutOrder("order-other", H.Time.GetUtcNow());

        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order), slug: "other", secret: "other-secret-utf8");

        var lead = await H.LeadEventuallyAsync("order-other");
        Assert.Equal(otherTenant, lead.TenantId);
        Assert.Empty(H.ShopMonkey.Requests); // acme's ShopMonkey was never asked
        Assert.Equal(3, other.Requests.Count);
        var location = await H.App.DbAsync(db => db.Locations.AcrossTenants().SingleAsync(l => l.Id == lead.LocationId));
        Assert.Equal(otherTenant, location.TenantId); // same ShopMonkey location id, but the other tenant's row
    }
}

public sealed class IntakeFaultTests_Sqlite(PostgresServer postgres) : IntakeFaultTests(DatabaseKind.Sqlite, postgres);

public sealed class IntakeFaultTests_Postgres(PostgresServer postgres) : IntakeFaultTests(DatabaseKind.Postgres, postgres);
