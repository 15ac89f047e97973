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
/// <c>PUT /api/console/cadence/steps/{step}</c>, in English and in Spanish (a step without a Spanish version sends
/// its English to Spanish-speaking leads). Text is rendered at send time, so a new wording reaches every touch not
/// yet sent; a new offset applies to leads created from then on.
/// </summary>
public static class CadenceTemplateEndpoints
{
    public const int MaxSmsTemplate = 1600;
    public const int MaxEmailTemplate = 20_000;
    public const int MaxSubject = 300;
    private static readonly int LastOffset = (int)TimeSpan.FromDays(60).TotalMinutes;

    /// <param name="SpanishSubject">The Spanish email's subject; null for a text, or when the step has no Spanish version.</param>
    /// <param name="SpanishBody">What Spanish-speaking leads get; null: they get the English.</param>
    public sealed record StepView(int Step, int OffsetMinutes, Channel Channel, string? Subject, string Body, string? SpanishSubject, string? SpanishBody);

    public sealed record CadenceTemplateView(Guid Id, string Name, IReadOnlyList<StepView> Steps);

    /// <summary>What to change; a field left out stays as it is.</summary>
    /// <param name="SpanishBody">The Spanish version; an empty one removes it (Spanish-speaking leads then get the English).</param>
    public sealed record StepChange(string? Body, string? Subject, int? OffsetMinutes, string? SpanishBody = null, string? SpanishSubject = null);

    /// <param name="Language">en (default) or es: the sample's hours, footer and first-text line in that language.</param>
    public sealed record PreviewRequest(Channel? Channel, string? Subject, string? Body, string? Language = null);

    /// <summary>
    /// A step's wording as a sample customer would get it: the text (SMS after the typographic clean-up sending does),
    /// the email's subject and HTML, and for SMS its encoding, size and segments, with the characters that force UCS-2.
    /// </summary>
    public sealed record Preview(string Customer, string? Subject, string Text, string? Html, string? Encoding, int? Units, int? Segments,
        IReadOnlyList<string> Ucs2Characters);

    public static IEndpointRouteBuilder MapCadenceTemplateApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff().MapGet("/cadence", GetAsync).WithName("GetCadenceTemplate");
        app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapPut("/cadence/steps/{step:int}", ChangeStepAsync).WithName("ChangeCadenceStep");
        app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapPost("/cadence/preview", PreviewAsync).WithName("PreviewCadenceStep");
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
        if (target.Channel == Channel.Sms && subject is not null)
            errors["subject"] = ["Text messages have no subject."];
        else
            CheckWording(target.Channel, subject, body, Leads.LeadLanguage.English, "subject", "body", errors);
        // Steps stay in order: a step may move, but not past its neighbours.
        var earliest = index == 0 ? 0 : steps[index - 1].OffsetMinutes;
        var latest = index == steps.Count - 1 ? LastOffset : steps[index + 1].OffsetMinutes;
        if (offset < earliest || offset > latest)
            errors["offsetMinutes"] = [$"Between {earliest} and {latest} (the neighbouring steps' offsets)."];
        // The Spanish version: the same rules; an empty body removes it.
        var (spanishBody, spanishSubject) = (target.SpanishBody, target.SpanishSubject);
        if (change.SpanishBody is not null || change.SpanishSubject is not null)
        {
            spanishBody = change.SpanishBody is null ? target.SpanishBody : Common.CleanText.CleanOrNull(change.SpanishBody) is { Length: > 0 } b && !string.IsNullOrWhiteSpace(b) ? b : null;
            spanishSubject = spanishBody is null || target.Channel == Channel.Sms ? null : Common.CleanText.CleanOrNull(change.SpanishSubject ?? target.SpanishSubject);
            if (target.Channel == Channel.Sms && Common.CleanText.CleanOrNull(change.SpanishSubject) is not null)
                errors["spanishSubject"] = ["Text messages have no subject."];
            if (spanishBody is not null)
                CheckWording(target.Channel, spanishSubject, spanishBody, Leads.LeadLanguage.Spanish, "spanishSubject", "spanishBody", errors);
        }
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        (target.Body, target.Subject, target.OffsetMinutes) = (body!, subject, offset);
        (target.SpanishBody, target.SpanishSubject) = (spanishBody, spanishSubject);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(cadence));
    }

    /// <summary>A wording's problems, by field: its size, its Liquid, and whether, rendered for a long sample lead, it still fits in what can be sent.</summary>
    private static void CheckWording(Channel channel, string? subject, string body, string language, string subjectField, string bodyField,
        Dictionary<string, string[]> errors)
    {
        var maxBody = channel == Channel.Sms ? MaxSmsTemplate : MaxEmailTemplate;
        if (string.IsNullOrWhiteSpace(body) || body.Length > maxBody)
            errors[bodyField] = [$"Between 1 and {maxBody} characters."];
        else if (!MessageTemplates.TryParse(body, out var bodyError))
            errors[bodyField] = [bodyError!];
        if (channel == Channel.Email && (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubject))
            errors[subjectField] = [$"Between 1 and {MaxSubject} characters."];
        else if (subject is not null && !MessageTemplates.TryParse(subject, out var subjectError))
            errors[subjectField] = [subjectError!];
        if (!errors.ContainsKey(bodyField) && !errors.ContainsKey(subjectField) && MessageTemplates.Validate(channel, subject, body, language) is { } tooLarge)
            errors[bodyField] = [tooLarge];
    }

    /// <summary>
    /// Renders unsaved wording for the shop's first sample lead (the demo's), or a made-up one with the shop's own name,
    /// address and hours: what the editor shows as staff type. 400 with the field's problem when it does not parse.
    /// </summary>
    internal static async Task<Results<Ok<Preview>, ValidationProblem>> PreviewAsync(PreviewRequest request, AppDbContext db, Links.PublicUrls urls,
        CancellationToken ct)
    {
        var channel = request.Channel ?? Channel.Sms;
        var body = Common.CleanText.CleanOrNull(request.Body) ?? "";
        var subject = Common.CleanText.CleanOrNull(request.Subject);
        var errors = new Dictionary<string, string[]>();
        if (body.Length > (channel == Channel.Sms ? MaxSmsTemplate : MaxEmailTemplate))
            errors["body"] = ["Too long to send."];
        else if (!MessageTemplates.TryParse(body, out var bodyError))
            errors["body"] = [bodyError!];
        if (channel == Channel.Email && subject is not null && !MessageTemplates.TryParse(subject, out var subjectError))
            errors["subject"] = [subjectError!];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).OrderBy(l => l.Name).FirstOrDefaultAsync(ct);
        var sample = await db.Leads.AsNoTracking().Where(l => l.IsSample).OrderBy(l => l.CreatedAt).FirstOrDefaultAsync(ct);
        var lead = sample ?? new Leads.Lead
        {
            FirstName = "Alex", LastName = "Rivera", VehicleYear = 2022, VehicleMake = "Tesla", VehicleModel = "Model 3",
            EstimateName = "Ceramic Window Tint - Full Sedan", ShopMonkeyOrderId = "sample", OrderStatus = "Estimate",
        };
        var language = request.Language is null ? Leads.LeadLanguage.English : request.Language.Trim().ToLowerInvariant();
        if (!Leads.LeadLanguage.IsSupported(language))
            return Problems.Invalid("language", $"One of: {string.Join(", ", Leads.LeadLanguage.All)}.");
        var model = location is null
            ? MessageModel.Sample with { Language = language }
            : MessageModel.For(lead, location, urls.Resolve("c/sample-link"), urls.Resolve("u/sample-link"), language);
        var customer = string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        try
        {
            if (channel == Channel.Sms)
            {
                var text = MessageTemplates.RenderSms(body, model);
                var size = SmsText.Measure(text);
                return TypedResults.Ok(new Preview(customer, null, text, null, size.Encoding, size.Units, size.Segments, SmsText.NonGsm(text)));
            }
            var email = MessageTemplates.RenderEmail(subject ?? "", body, model);
            return TypedResults.Ok(new Preview(customer, email.Subject, email.Text, email.Html, null, null, null, []));
        }
        catch (InvalidOperationException e)
        {
            return Problems.Invalid("body", e.Message);
        }
    }

    private static CadenceTemplateView View(CadenceTemplate cadence) =>
        new(cadence.Id, cadence.Name, [.. cadence.Steps.OrderBy(s => s.StepNumber)
            .Select(s => new StepView(s.StepNumber, s.OffsetMinutes, s.Channel, s.Subject, s.Body, s.SpanishSubject, s.SpanishBody))]);
}
