using LeadOrchestrator.Demo;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Data;

public static partial class DatabaseStartup
{
    /// <summary>
    /// Before serving: migrate when configured to (SQLite by default), seal any tenant secret still in plain text, give
    /// default-worded cadence steps their Spanish version, then seed the demo tenant.
    /// A PostgreSQL database that is behind is reported, not silently changed; readiness stays red.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        if (options.ShouldMigrateOnStart)
        {
            await migrator.MigrateAsync(ct);
        }
        else if (await migrator.HasPendingMigrationsAsync(ct))
        {
            LogPending(app.Logger);
            return;
        }
        await services.GetRequiredService<Tenants.SecretSealer>().SealAsync(ct);
        await services.GetRequiredService<Cadence.SpanishWording>().FillAsync(ct);
        await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
    }

    /// <summary>The <c>migrate</c> command: apply migrations (and the demo seed when demo mode is on), then exit.</summary>
    public static async Task<int> RunMigrateCommandAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<Tenants.SecretSealer>().SealAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<Cadence.SpanishWording>().FillAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        return 0;
    }

    [LoggerMessage(LogLevel.Error, "The database has pending migrations. Run: dotnet run --project src/LeadOrchestrator -- migrate")]
    private static partial void LogPending(ILogger logger);
}
