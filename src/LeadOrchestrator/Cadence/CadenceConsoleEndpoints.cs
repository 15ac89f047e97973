using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// Staff control of a lead's cadence: <c>/api/console/leads/{leadId}/cadence</c> (GET), and POST
/// <c>pause</c>, <c>resume</c>, <c>stop</c>. Leads of other tenants are simply not found.
/// </summary>
public static class CadenceConsoleEndpoints
{
    public sealed record TouchView(Guid Id, int Step, Channel Channel, TouchPointStatus Status, DateTimeOffset ScheduledFor, DateTimeOffset DueAt,
        DateTimeOffset? SentAt, int Attempts, string? CancelReason, string? LastError);

    public sealed record CadenceView(Guid LeadId, CadenceStatus Status, string? StopReason, string? SmsStopReason, string? EmailStopReason,
        DateTimeOffset? PausedAt, DateTimeOffset? StoppedAt, IReadOnlyList<TouchView> Touches);

    public static IEndpointRouteBuilder MapCadenceApi(this IEndpointRouteBuilder app)
    {
        var cadence = app.MapConsoleApi().RequireStaff().MapGroup("/leads/{leadId:guid}/cadence");
        cadence.MapGet("/", GetAsync).WithName("GetLeadCadence");
        cadence.MapPost("/pause", (Guid leadId, AppDbContext db, CadenceService s, DispatchSignal signal, CancellationToken ct) =>
            ChangeAsync(leadId, db, signal, (lead, c) => s.PauseAsync(lead, c), ct)).WithName("PauseLeadCadence");
        cadence.MapPost("/resume", (Guid leadId, AppDbContext db, CadenceService s, DispatchSignal signal, CancellationToken ct) =>
            ChangeAsync(leadId, db, signal, (lead, c) => s.ResumeAsync(lead, c), ct)).WithName("ResumeLeadCadence");
        cadence.MapPost("/stop", (Guid leadId, AppDbContext db, CadenceService s, DispatchSignal signal, CancellationToken ct) =>
            ChangeAsync(leadId, db, signal, (lead, c) => s.StopAsync(lead, StopReasons.StaffStopped, c), ct)).WithName("StopLeadCadence");
        return app;
    }

    internal static async Task<Results<Ok<CadenceView>, NotFound>> GetAsync(Guid leadId, AppDbContext db, CancellationToken ct)
    {
        var view = await ViewAsync(leadId, db, ct);
        return view is null ? TypedResults.NotFound() : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<CadenceView>, NotFound, ProblemHttpResult>> ChangeAsync(
        Guid leadId, AppDbContext db, DispatchSignal signal, Func<Leads.Lead, CancellationToken, Task<bool>> change, CancellationToken ct)
    {
        var refused = await db.RetryOnConflictAsync<Results<Ok<CadenceView>, NotFound, ProblemHttpResult>?>(async c =>
        {
            var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, c);
            if (lead is null)
                return TypedResults.NotFound();
            if (!await change(lead, c))
                return Problems.Refused(StatusCodes.Status409Conflict, "cadence_" + EnumNames.Of(lead.CadenceStatus),
                    $"The cadence is {EnumNames.Of(lead.CadenceStatus)}.", title: "Not possible now");
            await db.SaveChangesAsync(c);
            return null;
        }, ct);
        if (refused is not null)
            return refused;
        signal.Notify();
        return TypedResults.Ok((await ViewAsync(leadId, db, ct))!);
    }

    internal static async Task<CadenceView?> ViewAsync(Guid leadId, AppDbContext db, CancellationToken ct)
    {
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null)
            return null;
        var touches = await db.TouchPoints.AsNoTracking().Where(t => t.LeadId == leadId).OrderBy(t => t.StepNumber).ToListAsync(ct);
        return new CadenceView(lead.Id, lead.CadenceStatus, lead.StopReason, lead.SmsStopReason, lead.EmailStopReason,
            lead.PausedAt, lead.StoppedAt,
            [.. touches.Select(t => new TouchView(t.Id, t.StepNumber, t.Channel, t.Status, t.ScheduledFor, t.DueAt, t.SentAt, t.Attempts, t.CancelReason, t.LastError))]);
    }
}
