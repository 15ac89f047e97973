using LeadOrchestrator.Common;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Leads;

/// <summary>
/// The console's leads: <c>GET /api/console/leads</c> (the pipeline: stage, location, search, service, dates, keyset
/// pages, counts per stage) and <c>GET /api/console/leads/{id}</c> (the lead's page with its timeline). Another
/// tenant's lead is not found.
/// </summary>
public static class LeadConsoleEndpoints
{
    public static IEndpointRouteBuilder MapLeadConsoleApi(this IEndpointRouteBuilder app)
    {
        var leads = app.MapConsoleApi().RequireStaff().MapGroup("/leads");
        leads.MapGet("/", ListAsync).WithName("ListLeads");
        leads.MapGet("/{leadId:guid}", GetAsync).WithName("GetLead");
        return app;
    }

    /// <param name="stage">new, contacted, engaged, needs_staff, booked, showed, won or lost.</param>
    /// <param name="q">Name, phone (any format), email, vehicle or order number.</param>
    /// <param name="service">Part of the estimate's name ("ceramic").</param>
    /// <param name="from">Created on or after this day (UTC).</param>
    /// <param name="to">Created on or before this day (UTC).</param>
    /// <param name="cursor">The previous page's <c>nextCursor</c>.</param>
    /// <param name="limit">1–200, 50 by default.</param>
    internal static async Task<Results<Ok<LeadPipeline.LeadPage>, ProblemHttpResult>> ListAsync(string? stage, Guid? locationId, string? q, string? service,
        DateOnly? from, DateOnly? to, string? cursor, int? limit, LeadPipeline pipeline, CancellationToken ct)
    {
        LeadStage? wanted = null;
        if (stage is { Length: > 0 })
        {
            if (!EnumNames.TryParse<LeadStage>(stage, out var parsed))
                return Problems.Refused(StatusCodes.Status400BadRequest, "bad_stage", $"stage must be one of: {string.Join(", ", EnumNames.All<LeadStage>())}.");
            wanted = parsed;
        }
        if (PageCursor.Read(cursor, limit, LeadPipeline.MaxLimit, out var after) is { } badPage)
            return badPage;
        if (from is { } f && to is { } t && t < f)
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_dates", "to must not be before from.");
        if (q is { Length: > 200 } || service is { Length: > 200 })
            return Problems.Refused(StatusCodes.Status400BadRequest, "search_too_long", "Search for at most 200 characters.");
        return TypedResults.Ok(await pipeline.ListAsync(new LeadPipeline.LeadQuery(wanted, locationId, q, service, from, to), after,
            limit ?? LeadPipeline.DefaultLimit, ct));
    }

    internal static async Task<Results<Ok<LeadStory.LeadDetail>, NotFound>> GetAsync(Guid leadId, LeadStory story, CancellationToken ct) =>
        await story.GetAsync(leadId, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();
}
