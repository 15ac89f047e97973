using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Cadence;

/// <summary>Several dispatcher instances on one database: every touch goes out exactly once.</summary>
public abstract class DispatcherConcurrencyTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private MessagingHarness H { get; set; } = null!;

    public async ValueTask InitializeAsync() => H = await MessagingHarness.StartAsync(kind, postgres, new Dictionary<string, string?>
    {
        ["Messaging:BatchSize"] = "5",
        ["Messaging:DispatcherLoops"] = "3",
    });

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task TwoInstances_SendEveryDueTouchExactlyOnce()
    {
        // Leads pile up with no dispatcher running, then two instances (three loops each) drain them.
        await H.Intake.RestartAsync(settings: new() { ["Roles"] = "web" });
        const int leads = 24;
        for (var i = 0; i < leads; i++)
        {
            var n = Interlocked.Increment(ref _n);
            H.Intake.ShopMonkey.PutCustomer($"c{n}", $"Lead{n}", "Racer", $"(512) 555-{n:D4}", $"lead{n}@example.com");
            await H.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(H.Intake.ShopMonkey.PutOrder($"o{n}", H.App.Time.GetUtcNow(), customerId: $"c{n}")));
        }
        await H.Intake.RestartAsync(settings: new() { ["Roles"] = "web,worker" });
        await using var second = TestApp.Start(H.App.Database, H.App.Time, H.App.Settings);

        try
        {
            await H.App.EventuallyAsync(async () => await H.App.DbAsync(db => db.TouchPoints.AcrossTenants().CountAsync(t => t.Status == TouchPointStatus.Sent)) == 2 * leads,
                deadline: TimeSpan.FromSeconds(30), because: "the first touches");
        }
        catch (TimeoutException)
        {
            var states = await H.App.DbAsync(db => db.TouchPoints.AcrossTenants().GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
            var events = await H.Intake.EventsAsync();
            throw new TimeoutException($"touches: {string.Join(", ", states.Select(s => $"{s.Key}={s.Count}"))}; events: {string.Join(", ", events.GroupBy(e => e.Status).Select(g => $"{g.Key}={g.Count()}"))}; twilio {H.Twilio.Creates.Count}; logs:\n{string.Join("\n", H.App.Logs.Concat(second.Logs).Take(20))}");
        }
        // Two more days: the day-1 and day-2 touches, again racing.
        H.App.Time.Advance(TimeSpan.FromDays(2));
        await H.App.EventuallyAsync(async () => await H.App.DbAsync(db => db.TouchPoints.AcrossTenants().CountAsync(t => t.Status == TouchPointStatus.Sent)) == 4 * leads,
            advance: TimeSpan.FromSeconds(1), deadline: TimeSpan.FromSeconds(30));

        Assert.Equal(2 * leads, H.Twilio.Creates.Count);
        Assert.Equal(2 * leads, H.Twilio.Creates.Select(c => (c["To"], c["Body"])).Distinct().Count());
        Assert.Equal(2 * leads, H.SendGrid.Sent.Count);
        var deliveries = await H.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking().ToListAsync());
        Assert.Equal(4 * leads, deliveries.Count);
        Assert.Equal(4 * leads, deliveries.Select(d => d.TouchPointId).Distinct().Count());
        // The tenant's first leads, processed at once by both instances, made one default cadence, quietly.
        Assert.Equal(1, await H.App.DbAsync(db => db.Cadences.AcrossTenants().CountAsync()));
        Assert.DoesNotContain(H.App.Logs.Concat(second.Logs), l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    private static int _n;
}

public sealed class DispatcherConcurrencyTests_Sqlite(PostgresServer postgres) : DispatcherConcurrencyTests(DatabaseKind.Sqlite, postgres);

public sealed class DispatcherConcurrencyTests_Postgres(PostgresServer postgres) : DispatcherConcurrencyTests(DatabaseKind.Postgres, postgres);
