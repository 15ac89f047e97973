using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// A tenant's own wording and timing: <c>GET /api/console/cadence</c> shows the default cadence's
/// steps (created from <see cref="DefaultCadence"/> on first use); managers change a step with
/// <c>PUT /api/console/cadence/steps/{step}</c>. Text is rendered at send time, so a new wording
/// reaches every touch not yet sent; a new offset applies to leads created from then on.
/// </summary>
public static class CadenceTemplateEndpoints
{
    public const int MaxSmsTemplate = 1600;
    public const int MaxEmailTemplate = 20_000;
    public const int MaxSubject = 300;
    private static readonly int LastOffset = (int)TimeSpan.FromDays(60).TotalMinutes;

    public sealed record StepView(int Step, int OffsetMinutes, Channel Channel, string? Subject, string Body);

    public sealed record CadenceTemplateView(Guid Id, string Name, IReadOnlyList<StepView> Steps);

    public sealed record StepChange(string? Body, string? Subject, int? OffsetMinutes);

    public static IEndpointRouteBuilder MapCadenceTemplateApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff().MapGet("/cadence", GetAsync).WithName("GetCadenceTemplate");
        app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapPut("/cadence/steps/{step:int}", ChangeStepAsync).WithName("ChangeCadenceStep");
        return app;
    }

    internal static async Task<Ok<CadenceTemplateView>> GetAsync(CadenceScheduler scheduler, TenantContext tenant, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(View(await scheduler.DefaultCadenceAsync(tenant.TenantId!.Value, time.GetUtcNow(), ct)));

    internal static async Task<Results<Ok<CadenceTemplateView>, ValidationProblem, NotFound>> ChangeStepAsync(int step, StepChange change,
        CadenceScheduler scheduler, AppDbContext db, TenantContext tenant, TimeProvider time, CancellationToken ct)
    {
        var cadence = await scheduler.DefaultCadenceAsync(tenant.TenantId!.Value, time.GetUtcNow(), ct);
        var steps = cadence.Steps.OrderBy(s => s.StepNumber).ToList();
        var index = steps.FindIndex(s => s.StepNumber == step);
        if (index < 0)
            return TypedResults.NotFound();
        var target = steps[index];
        var body = Common.CleanText.CleanOrNull(change.Body) ?? target.Body;
        var subject = Common.CleanText.CleanOrNull(target.Channel == Channel.Email ? change.Subject ?? target.Subject : change.Subject);
        var offset = change.OffsetMinutes ?? target.OffsetMinutes;

        var errors = new Dictionary<string, string[]>();
        var maxBody = target.Channel == Channel.Sms ? MaxSmsTemplate : MaxEmailTemplate;
        if (string.IsNullOrWhiteSpace(body) || body.Length > maxBody)
            errors["body"] = [$"Between 1 and {maxBody} characters."];
        else if (!MessageTemplates.TryParse(body, out var bodyError))
            errors["body"] = [bodyError!];
        if (target.Channel == Channel.Sms && subject is not null)
            errors["subject"] = ["Text messages have no subject."];
        if (target.Channel == Channel.Email && (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubject))
            errors["subject"] = [$"Between 1 and {MaxSubject} characters."];
        else if (subject is not null && !MessageTemplates.TryParse(subject, out var subjectError))
            errors["subject"] = [subjectError!];
        // Rendered for a long sample lead, it must still fit in what can be sent.
        if (errors.Count == 0 && MessageTemplates.Validate(target.Channel, subject, body!) is { } tooLarge)
            errors["body"] = [tooLarge];
        // Steps stay in order: a step may move, but not past its neighbours.
        var earliest = index == 0 ? 0 : steps[index - 1].OffsetMinutes;
        var latest = index == steps.Count - 1 ? LastOffset : steps[index + 1].OffsetMinutes;
        if (offset < earliest || offset > latest)
            errors["offsetMinutes"] = [$"Between {earliest} and {latest} (the neighbouring steps' offsets)."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        (target.Body, target.Subject, target.OffsetMinutes) = (body!, subject, offset);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(cadence));
    }

    private static CadenceTemplateView View(CadenceTemplate cadence) =>
        new(cadence.Id, cadence.Name, [.. cadence.Steps.OrderBy(s => s.StepNumber)
            .Select(s => new StepView(s.StepNumber, s.OffsetMinutes, s.Channel, s.Subject, s.Body))]);
}
