using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadOrchestrator.Health;

public static class HealthExtensions
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependencies, so a database outage never restarts it).
    /// <c>/health/ready</c>: the database is reachable and fully migrated.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithName("Live");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithName("Ready");
        return app;
    }
}

internal sealed class DatabaseReadyCheck(AppDbContext db, DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("Database unreachable.");
            return await migrator.HasPendingMigrationsAsync(cancellationToken)
                ? HealthCheckResult.Unhealthy("Database has pending migrations; run the migrate step.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Database check failed.", e);
        }
    }
}
