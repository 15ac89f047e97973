using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Tests.Data;

/// <summary>
/// Tenancy by convention: every entity that is <see cref="ITenantOwned"/> gets the tenant filter, and an
/// entity with a tenant id that is not marked so fails here — so a new table cannot leak another
/// tenant's rows by being forgotten.
/// </summary>
public sealed class TenantFilterTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Tables with a tenant id that are read across tenants by design, each with its reason.</summary>
    private static readonly Dictionary<string, string> CrossTenantByDesign = new()
    {
        ["JobExecution"] = "the scheduler's ledger of runs, platform-wide jobs and per-tenant ones side by side, read across tenants to claim the next",
    };

    [Fact]
    public void EveryTenantOwnedEntity_HasTheTenantFilter_AndEveryEntityWithATenantIdIsTenantOwned()
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(options, "Data Source=:memory:");
        using var db = new SqliteAppDbContext(options.Options);

        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var owned = typeof(ITenantOwned).IsAssignableFrom(entity.ClrType);
            var filtered = entity.GetDeclaredQueryFilters().Any(f => f.Key == AppDbContext.TenantFilter);
            if (owned && !filtered)
                problems.Add($"{entity.ClrType.Name} is tenant-owned but has no tenant filter");
            if (!owned && entity.FindProperty(nameof(ITenantOwned.TenantId)) is not null && !CrossTenantByDesign.ContainsKey(entity.ClrType.Name))
                problems.Add($"{entity.ClrType.Name} has a TenantId but is not ITenantOwned (or listed here as cross-tenant by design, with why)");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(db.Model.GetEntityTypes().Count(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)) >= 21);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ActingForAnotherTenant_NoTenantOwnedTableShowsTheFirstTenantsRows(DatabaseKind kind)
    {
        await using var h = await ChatHarness.StartAsync(kind, postgres);
        await h.LeadWithTokenAsync(); // a lead, its cadence, its chat link: rows in many tenant-owned tables
        await using var scope = h.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var types = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).Select(e => e.ClrType).ToList();
        var seeded = 0;
        foreach (var type in types)
            seeded += await CountAsync(db, type, acrossTenants: true);
        Assert.True(seeded > 10, "the test tenant has nothing to hide");

        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(Guid.NewGuid());
        foreach (var type in types)
            Assert.True(await CountAsync(db, type, acrossTenants: false) == 0, $"{type.Name} shows another tenant's rows");
    }

    private static Task<int> CountAsync(AppDbContext db, Type type, bool acrossTenants) =>
        (Task<int>)typeof(TenantFilterTests).GetMethod(nameof(CountOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [db, acrossTenants])!;

    private static Task<int> CountOfAsync<T>(AppDbContext db, bool acrossTenants) where T : class =>
        (acrossTenants ? db.Set<T>().IgnoreQueryFilters([AppDbContext.TenantFilter]) : db.Set<T>()).CountAsync(Ct);
}
