using System.Text.Json.Nodes;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Jobs;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Intake;

/// <summary>The polling safety net: finds what webhooks missed, never doubles a lead, records every run.</summary>
public abstract class PollingTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    public static readonly Dictionary<string, string?> PollingOn = new()
    {
        ["Polling:Enabled"] = "true",
        ["Polling:Tick"] = "00:00:01",
        ["Polling:Interval"] = "00:00:30",
        ["Polling:LeaseDuration"] = "01:00:00",
    };

    protected IntakeHarness H { get; private set; } = null!;

    public async ValueTask InitializeAsync() => H = await IntakeHarness.StartAsync(kind, postgres, PollingOn);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task Poll_FindsOrderTheWebhookMissed_CreatesLeadAndRecordsTheRun()
    {
        H.ShopMonkey.PutOrder("order-missed", H.Time.GetUtcNow().AddMinutes(-3));

        var lead = await H.LeadEventuallyAsync("order-missed", advance: Step);

        Assert.Equal(LeadSource.Poll, lead.Source);
        Assert.Equal("+15125550187", lead.Phone);
        var ev = Assert.Single(await H.EventsAsync());
        Assert.Equal(InboundEventSource.Poll, ev.Source);
        Assert.StartsWith("poll:order-missed:", ev.DedupeKey, StringComparison.Ordinal);

        var poll = await H.App.EventuallyAsync(async () => (await JobsAsync()).FirstOrDefault(r => r.Job == ShopMonkeySync.PollJob && r.FinishedAt != null));
        var runs = await JobsAsync();
        Assert.Equal((JobOutcome.Succeeded, 1, H.TenantId), (poll.Outcome, poll.Items, poll.TenantId!.Value));
        Assert.NotNull(poll.FinishedAt);
        Assert.Contains(runs, r => r.Job == ShopMonkeySync.CatalogJob && r.Outcome == JobOutcome.Succeeded);

        // The request used the filter forms ShopMonkey honours: lowercase orderby with a JSON object, Prisma gte.
        var query = Uri.UnescapeDataString(H.ShopMonkey.Requests.First(r => r.Path == "/v3/order").Query);
        Assert.Contains("limit=100", query, StringComparison.Ordinal);
        Assert.Contains("skip=0", query, StringComparison.Ordinal);
        Assert.Contains("""orderby={"updatedDate":"asc"}""", query, StringComparison.Ordinal);
        var since = poll.StartedAt - TimeSpan.FromMinutes(15) - TimeSpan.FromMinutes(2); // first poll: look-back plus overlap
        Assert.Contains($$$"""where={"updatedDate":{"gte":"{{{since:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}"}}""", query, StringComparison.Ordinal);
        Assert.DoesNotContain("orderBy", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_WalksEveryPage_AndOnlyOpenEstimatesBecomeLeads()
    {
        var now = H.Time.GetUtcNow();
        for (var i = 0; i < 230; i++)
        {
            var estimate = i % 23 == 0;
            H.ShopMonkey.PutOrder($"order-{i:D3}", now.AddSeconds(-600 + i), status: estimate ? "Estimate" : "RepairOrder");
        }

        await H.App.EventuallyAsync(async () => (await H.LeadsAsync()).Count == 10, advance: Step, because: "10 estimates among 230 orders");
        await H.SettledAsync();

        var pages = H.ShopMonkey.Requests.Where(r => r.Path == "/v3/order").Take(3).Select(r => r.Query).ToList();
        Assert.Contains("skip=0", pages[0], StringComparison.Ordinal);
        Assert.Contains("skip=100", pages[1], StringComparison.Ordinal);
        Assert.Contains("skip=200", pages[2], StringComparison.Ordinal);
        Assert.Equal(10, (await H.EventsAsync()).Count); // repair orders with no lead never reach the inbox
        // Leads can appear before the run that found them has saved its cursor.
        await H.App.EventuallyAsync(async () => (await H.App.DbAsync(db => db.CrmSyncStates.AcrossTenants().SingleAsync())).OrdersCursor == now.AddSeconds(-600 + 229),
            because: "the cursor stands at the newest order seen");
    }

    [Fact]
    public async Task WebhookThenPoll_ForTheSameOrder_MakeOneLead()
    {
        // Let the first poll pass so the webhook is the first to see this order.
        await H.App.EventuallyAsync(async () => (await JobsAsync()).Any(r => r.Job == ShopMonkeySync.PollJob && r.FinishedAt != null), advance: TimeSpan.FromSeconds(1), because: "the first poll finished");
        var order = H.ShopMonkey.PutOrder("order-both", H.Time.GetUtcNow());
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
        var lead = await H.LeadEventuallyAsync("order-both");

        await PollTwiceAsync();

        Assert.Equal(lead.Id, Assert.Single(await H.LeadsAsync()).Id);
        Assert.Equal(LeadSource.Webhook, lead.Source);
        // A poll that ran while the webhook was in flight may have queued the order too; it lands on the same lead.
        Assert.All(await H.EventsAsync(), e => Assert.Equal(lead.Id, e.LeadId));
        var state = await H.App.DbAsync(db => db.CrmSyncStates.AcrossTenants().SingleAsync());
        Assert.Equal(lead.OrderUpdatedAt, state.OrdersCursor);
    }

    [Fact]
    public async Task PollThenWebhook_ForTheSameOrder_MakeOneLead()
    {
        var order = H.ShopMonkey.PutOrder("order-poll-first", H.Time.GetUtcNow().AddSeconds(-20));
        var lead = await H.LeadEventuallyAsync("order-poll-first", advance: Step);

        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order));
        await H.SettledAsync();

        Assert.Equal(lead.Id, Assert.Single(await H.LeadsAsync()).Id);
        var webhook = (await H.EventsAsync()).Single(e => e.Source == InboundEventSource.Webhook);
        Assert.Equal((InboundEventStatus.Ignored, "already_applied", lead.Id), (webhook.Status, webhook.Reason, webhook.LeadId!.Value));
    }

    [Fact]
    public async Task Poll_AfterConversionInShop_UpdatesTheLead()
    {
        H.ShopMonkey.PutOrder("order-converts", H.Time.GetUtcNow().AddSeconds(-10));
        await H.LeadEventuallyAsync("order-converts", advance: Step);

        H.ShopMonkey.PutOrder("order-converts", H.Time.GetUtcNow(), status: "Invoice", invoiced: true, paid: true);

        var converted = await H.App.EventuallyAsync(async () => await H.LeadForOrderAsync("order-converts") is { ConvertedAt: not null } l ? l : null, advance: Step);
        Assert.Equal("Invoice", converted.OrderStatus);
        Assert.True(converted.OrderPaid);
    }

    [Fact]
    public async Task FirstPoll_DoesNotReachBackBeyondTheLookback()
    {
        H.ShopMonkey.PutOrder("order-old", H.Time.GetUtcNow().AddDays(-2));
        H.ShopMonkey.PutOrder("order-new", H.Time.GetUtcNow().AddMinutes(-1));

        await H.LeadEventuallyAsync("order-new", advance: Step);
        await PollTwiceAsync();

        Assert.Null(await H.LeadForOrderAsync("order-old")); // connecting a shop must not chase its old estimates
    }

    [Fact]
    public async Task Poll_WithApiDown_RecordsFailedRun_AndRecoversOnALaterPoll()
    {
        H.ShopMonkey.RejectAll = true;
        H.ShopMonkey.PutOrder("order-later", H.Time.GetUtcNow());

        var failed = await H.App.EventuallyAsync(async () => (await JobsAsync()).FirstOrDefault(r => r.Job == ShopMonkeySync.PollJob && r.Outcome == JobOutcome.Failed), advance: Step);
        Assert.Contains("401", failed.Error, StringComparison.Ordinal);
        var state = await H.App.DbAsync(db => db.CrmSyncStates.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Contains("401", state.LastPollError, StringComparison.Ordinal);
        Assert.Null(state.LeaseOwner); // released, so the next poll can run

        H.ShopMonkey.RejectAll = false;
        await H.LeadEventuallyAsync("order-later", advance: Step);
        await H.App.EventuallyAsync(async () => (await H.App.DbAsync(db => db.CrmSyncStates.AcrossTenants().AsNoTracking().SingleAsync())).LastPollError is null);
    }

    [Fact]
    public async Task CatalogSync_CopiesCannedServicesWithPriceAndDuration()
    {
        await H.App.EventuallyAsync(async () => (await JobsAsync()).Any(r => r.Job == ShopMonkeySync.CatalogJob && r.FinishedAt != null), advance: Step);

        var catalog = await H.App.DbAsync(db => db.ServiceCatalog.AcrossTenants().AsNoTracking().OrderBy(s => s.Name).ToListAsync());
        Assert.Equal(3, catalog.Count); // the nameless draft is skipped
        var tint = catalog.Single(s => s.ShopMonkeyCannedServiceId == "65a000000000000000000001");
        Assert.Equal(("Ceramic Window Tint - Full Sedan", 44900L, 180, true, "Window Tint"), (tint.Name, tint.PriceCents, tint.DurationMinutes, tint.Bookable, tint.Category!));
        Assert.Equal(H.LocationId, tint.LocationId);
        var ppf = catalog.Single(s => s.ShopMonkeyCannedServiceId == "65a000000000000000000002");
        Assert.Equal((189500L, 450), (ppf.PriceCents, ppf.DurationMinutes)); // 7.4 h of labor, rounded up to a quarter hour
        Assert.Null(ppf.LocationId);
        var gift = catalog.Single(s => s.ShopMonkeyCannedServiceId == "65a000000000000000000003");
        Assert.Equal((5000L, 60, false), (gift.PriceCents, gift.DurationMinutes, gift.Bookable));
        Assert.All(catalog, s => Assert.Equal(H.TenantId, s.TenantId));
    }

    [Fact]
    public async Task CatalogSync_WithConfiguredLocationMissingInShopMonkey_RecordsAFailedRun()
    {
        H.ShopMonkey.SetLocations([new JsonObject { ["id"] = "some-other-location", ["name"] = "Elsewhere" }]);

        var run = await H.App.EventuallyAsync(async () => (await JobsAsync()).FirstOrDefault(r => r.Job == ShopMonkeySync.CatalogJob && r.FinishedAt != null), advance: Step);

        Assert.Equal(JobOutcome.Failed, run.Outcome);
        Assert.Contains(FakeShopMonkey.LocationId, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstances_PollATenantOncePerInterval()
    {
        // A second instance on the same database and clock: the per-tenant lease lets only one poll.
        var second = TestApp.Start(H.App.Database, H.Time, IntakeHarness.FastRetries.Concat(PollingOn).GroupBy(p => p.Key).Select(g => g.Last()));
        await using var _ = second;

        await H.App.EventuallyAsync(async () => (await JobsAsync()).Count(r => r.Job == ShopMonkeySync.PollJob && r.FinishedAt != null) >= 4, advance: TimeSpan.FromSeconds(5));

        var polls = (await JobsAsync()).Where(r => r.Job == ShopMonkeySync.PollJob).OrderBy(r => r.StartedAt).ToList();
        Assert.All(polls.Zip(polls.Skip(1)), p => Assert.True(p.Second.StartedAt - p.First.StartedAt >= TimeSpan.FromSeconds(30),
            $"polls at {p.First.StartedAt:T} ({p.First.Instance}) and {p.Second.StartedAt:T} ({p.Second.Instance})"));
    }

    private Task<List<JobExecution>> JobsAsync() => H.App.DbAsync(db => db.JobExecutions.AsNoTracking().OrderBy(j => j.Id).ToListAsync());

    private async Task PollTwiceAsync()
    {
        var before = (await JobsAsync()).Count(r => r.Job == ShopMonkeySync.PollJob && r.FinishedAt != null);
        await H.App.EventuallyAsync(async () => (await JobsAsync()).Count(r => r.Job == ShopMonkeySync.PollJob && r.FinishedAt != null) >= before + 2, advance: Step);
        await H.SettledAsync();
    }
}

public sealed class PollingTests_Sqlite(PostgresServer postgres) : PollingTests(DatabaseKind.Sqlite, postgres);

public sealed class PollingTests_Postgres(PostgresServer postgres) : PollingTests(DatabaseKind.Postgres, postgres);
