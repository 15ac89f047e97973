using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Intake;

/// <summary>
/// <c>GET /api/console/intake/failed</c>: the shop's ShopMonkey events that could not become leads and
/// will not be retried (<c>failed</c>: refused data, or processing that kept crashing), newest first, with
/// the reason — so a lost estimate is seen, not silently absent. Owners only: an event that failed has no
/// location yet, so it cannot be shown within a colleague's location scope.
/// </summary>
public static class FailedEventsEndpoints
{
    public sealed record FailedEvent(long Id, string? Table, string? Operation, string? EntityId, string? Reason, string? LastError, int Attempts,
        DateTimeOffset ReceivedAt);

    public static IEndpointRouteBuilder MapFailedEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff(StaffPolicies.Owner).MapGet("/intake/failed", ListAsync).WithName("ListFailedInboundEvents");
        return app;
    }

    internal static async Task<Ok<List<FailedEvent>>> ListAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.InboundEvents.AsNoTracking().Where(e => e.Status == InboundEventStatus.Failed)
            .OrderByDescending(e => e.Id).Take(200)
            .Select(e => new FailedEvent(e.Id, e.EntityTable, e.Operation, e.EntityId, e.Reason,
                e.LastError == null ? null : e.LastError.Substring(0, Math.Min(e.LastError.Length, 500)), e.Attempts, e.ReceivedAt))
            .ToListAsync(ct));
}
