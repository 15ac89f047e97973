using LeadOrchestrator.Chat;
using LeadOrchestrator.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace LeadOrchestrator.Health;

/// <summary>
/// <c>GET /api/health</c>: what an operator wants at a glance — the database, each assistant provider
/// (configured, circuit, last success and failure, latency) and this instance's background loops.
/// 503 when the database is down; "degraded" when the primary assistant's circuit is open.
/// </summary>
public static class ApiHealthEndpoints
{
    public sealed record ProviderHealth(string Name, bool Configured, string? Model, string Role, string Circuit, DateTimeOffset? LastSuccessAt,
        DateTimeOffset? LastFailureAt, string? LastError, double? LastLatencyMs);

    public sealed record ComponentHealth(string Status, string? Detail);

    public sealed record WorkerHealth(DateTimeOffset LastRunAt, DateTimeOffset? LastErrorAt, string? LastError);

    public sealed record Report(string Status, ComponentHealth Database, IReadOnlyList<ProviderHealth> Providers,
        IReadOnlyList<string> Roles, IReadOnlyDictionary<string, WorkerHealth> Workers);

    public static IEndpointRouteBuilder MapApiHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetAsync).WithTags("Health").WithName("ApiHealth").WithGroupName(ApiDocuments.Operations);
        return app;
    }

    internal static async Task<IResult> GetAsync(HealthCheckService checks, ChatProviders providers, IOptions<AiOptions> options,
        WorkerHeartbeats heartbeats, IConfiguration configuration, CancellationToken ct)
    {
        var database = await checks.CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
        var ai = options.Value;
        var list = AiProviders.All.Select(name => providers.Get(name) is { } p
            ? new ProviderHealth(p.Name, true, p.Model, RoleOf(p.Name, ai), Circuit(p.Circuit.CircuitState), p.LastSuccessAt, p.LastFailureAt, p.LastError, p.LastLatencyMs)
            : new ProviderHealth(name, false, null, RoleOf(name, ai), "none", null, null, null, null)).ToList();
        var primaryOpen = list.Any(p => p.Role == "primary" && p.Circuit is "open" or "isolated");
        var status = database.Status != HealthStatus.Healthy ? "down" : primaryOpen ? "degraded" : "ok";
        var roles = (configuration["Roles"] is { Length: > 0 } r ? r : $"{AppRoles.Web},{AppRoles.Worker}")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var report = new Report(status,
            new ComponentHealth(database.Status == HealthStatus.Healthy ? "ok" : "down", database.Entries.Values.FirstOrDefault(e => e.Status != HealthStatus.Healthy).Description),
            list, roles, heartbeats.Snapshot.ToDictionary(b => b.Key, b => new WorkerHealth(b.Value.LastRunAt, b.Value.LastErrorAt, b.Value.LastError)));
        return Results.Json(report, statusCode: status == "down" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static string RoleOf(string name, AiOptions ai) =>
        string.Equals(name, ai.Provider, StringComparison.OrdinalIgnoreCase) ? "primary"
        : string.Equals(name, ai.FallbackProvider, StringComparison.OrdinalIgnoreCase) ? "fallback"
        : ai.Split.Keys.Contains(name, StringComparer.OrdinalIgnoreCase) ? "split"
        : "available";

    private static string Circuit(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "isolated",
    };
}
