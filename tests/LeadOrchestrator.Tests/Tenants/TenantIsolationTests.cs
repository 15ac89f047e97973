using System.Net;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>Invariant 5: a tenant never sees or writes another tenant's rows — enforced in queries, on both databases.</summary>
public abstract class TenantIsolationTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private IntakeHarness H { get; set; } = null!;
    private Guid _otherTenant;

    public async ValueTask InitializeAsync()
    {
        H = await IntakeHarness.StartAsync(kind, postgres);
        (_otherTenant, _) = await IntakeHarness.SeedTenantAsync(H.App, "other", "other-secret", H.ShopMonkey.BaseUrl.ToString(), "other-location");
        await H.App.DbAsync(async db =>
        {
            db.Leads.Add(NewLead(H.TenantId, "acme-order"));
            db.Leads.Add(NewLead(_otherTenant, "other-order"));
            await db.SaveChangesAsync();
        });
    }

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    [Fact]
    public async Task TenantScope_SeesOnlyItsOwnRows()
    {
        await using var scope = H.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(H.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal("acme-order", Assert.Single(await db.Leads.ToListAsync(TestContext.Current.CancellationToken)).ShopMonkeyOrderId);
        Assert.Null(await db.Leads.FirstOrDefaultAsync(l => l.ShopMonkeyOrderId == "other-order", TestContext.Current.CancellationToken));
        Assert.All(await db.Locations.ToListAsync(TestContext.Current.CancellationToken), l => Assert.Equal(H.TenantId, l.TenantId));
        Assert.Single(await db.TenantCrmConfigs.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ScopeWithoutTenant_SeesNothing_UnlessItSaysItCrossesTenants()
    {
        await using var scope = H.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Leads.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, await db.Leads.AcrossTenants().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TenantScope_CannotWriteAnotherTenantsRow()
    {
        await using var scope = H.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(H.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        db.Leads.Add(NewLead(_otherTenant, "sneaky"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));

        var foreign = await db.Leads.AcrossTenants().SingleAsync(l => l.ShopMonkeyOrderId == "other-order", TestContext.Current.CancellationToken);
        db.ChangeTracker.Clear();
        db.Attach(foreign).Entity.FirstName = "Changed";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TenantScope_CannotSwitchTenant()
    {
        var context = new TenantContext();
        context.Set(H.TenantId);
        context.Set(H.TenantId); // same tenant again is fine

        Assert.Throws<InvalidOperationException>(() => context.Set(_otherTenant));
    }

    [Fact]
    public async Task Webhook_SignedWithAnotherTenantsSecret_IsRejected()
    {
        var order = H.ShopMonkey.PutOrder("cross", H.Time.GetUtcNow());

        var response = await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order), slug: IntakeHarness.Slug, secret: "other-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await H.EventsAsync());
    }

    [Fact]
    public async Task LeadIds_AreRandomGuids_NotASequence()
    {
        var order1 = H.ShopMonkey.PutOrder("seq-1", H.Time.GetUtcNow());
        var order2 = H.ShopMonkey.PutOrder("seq-2", H.Time.GetUtcNow());
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order1));
        await H.PostWebhookAsync(FakeShopMonkey.WebhookBody(order2));
        var a = await H.LeadEventuallyAsync("seq-1");
        var b = await H.LeadEventuallyAsync("seq-2");

        // Version-7 GUIDs: 74 random bits after the timestamp, so neighbours can't be guessed.
        Assert.Equal(7, a.Id.Version);
        var tailA = a.Id.ToByteArray(bigEndian: true)[8..];
        var tailB = b.Id.ToByteArray(bigEndian: true)[8..];
        Assert.True(tailA.Zip(tailB).Count(p => p.First != p.Second) >= 4);
    }

    private Lead NewLead(Guid tenantId, string orderId) => new()
    {
        Id = Guid.CreateVersion7(H.Time.GetUtcNow()),
        TenantId = tenantId,
        ShopMonkeyOrderId = orderId,
        OrderStatus = "Estimate",
        CreatedAt = H.Time.GetUtcNow(),
        UpdatedAt = H.Time.GetUtcNow(),
        OrderCreatedAt = H.Time.GetUtcNow(),
        OrderUpdatedAt = H.Time.GetUtcNow(),
    };
}

public sealed class TenantIsolationTests_Sqlite(PostgresServer postgres) : TenantIsolationTests(DatabaseKind.Sqlite, postgres);

public sealed class TenantIsolationTests_Postgres(PostgresServer postgres) : TenantIsolationTests(DatabaseKind.Postgres, postgres);
