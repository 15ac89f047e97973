using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Leads;

/// <summary>
/// The console's leads: <c>GET /api/console/leads</c> (the pipeline: stage, location, search, service, dates, keyset
/// pages, counts per stage), <c>GET /api/console/leads/{id}</c> (the lead's page with its timeline) and
/// <c>PUT /api/console/leads/{id}/language</c> (which language the lead's messages and pages use). Another tenant's
/// lead, or one of a location the colleague does not work at, is not found.
/// </summary>
public static class LeadConsoleEndpoints
{
    public static IEndpointRouteBuilder MapLeadConsoleApi(this IEndpointRouteBuilder app)
    {
        var leads = app.MapConsoleApi().RequireStaff().MapGroup("/leads");
        leads.MapGet("/", ListAsync).WithName("ListLeads");
        leads.MapGet("/{leadId:guid}", GetAsync).WithName("GetLead");
        leads.MapPut("/{leadId:guid}/language", SetLanguageAsync).WithName("SetLeadLanguage");
        return app;
    }

    /// <param name="Language">en or es.</param>
    public sealed record LanguageChange(string? Language);

    /// <summary>
    /// A colleague says which language the customer reads: it stands over what their messages or ShopMonkey suggest, and
    /// every text, email, notice and answer not yet sent uses it. Audited like every staff change.
    /// </summary>
    internal static async Task<Results<Ok<LeadStory.LanguageView>, NotFound, ValidationProblem>> SetLanguageAsync(Guid leadId, LanguageChange change,
        AppDbContext db, CancellationToken ct)
    {
        var language = change.Language?.Trim().ToLowerInvariant();
        if (!LeadLanguage.IsSupported(language))
            return Problems.Invalid("language", $"One of: {string.Join(", ", LeadLanguage.All)}.");
        return await db.RetryOnConflictAsync<Results<Ok<LeadStory.LanguageView>, NotFound, ValidationProblem>>(async c =>
        {
            if (await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, c) is not { } lead)
                return TypedResults.NotFound();
            LeadLanguage.SetByStaff(lead, language!);
            await db.SaveChangesAsync(c);
            return TypedResults.Ok(new LeadStory.LanguageView(lead.Language, lead.LanguageSource));
        }, ct);
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
