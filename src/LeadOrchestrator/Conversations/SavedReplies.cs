using System.ComponentModel.DataAnnotations;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Conversations;

/// <summary>
/// A tenant's canned answer for the inbox (table <c>saved_replies</c>): a Liquid template with the same
/// fields as the cadence's (<c>{{ first_name }}</c> or <c>{{ customer.first_name }}</c>, <c>{{ vehicle }}</c>, <c>{{ service }}</c>,
/// <c>{{ chat_link }}</c>, <c>{{ shop.name }}</c>, <c>{{ shop.phone }}</c>, <c>{{ shop.address }}</c>,
/// <c>{{ shop.hours }}</c>), filled in for the conversation it is used in.
/// </summary>
public sealed class SavedReply : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SavedReplyConfiguration : IEntityTypeConfiguration<SavedReply>
{
    public void Configure(EntityTypeBuilder<SavedReply> b)
    {
        b.ToTable("saved_replies");
        b.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.TenantId, r.Title }).IsUnique();
        b.Property(r => r.Title).HasMaxLength(SavedReplyEndpoints.MaxTitle);
        b.Property(r => r.Body).HasMaxLength(SavedReplyEndpoints.MaxBody);
    }
}

/// <summary>
/// <c>GET /api/console/saved-replies</c> (everyone), <c>POST</c>, <c>PUT …/{id}</c> and <c>DELETE …/{id}</c>
/// (managers and owners), and <c>GET /api/console/conversations/{id}/saved-replies/{replyId}</c>: the reply
/// filled in for that conversation's customer and shop, for the composer to put in its text box (it is not
/// sent). A template is checked (Liquid, the allowed filters) before it is stored.
/// </summary>
public static class SavedReplyEndpoints
{
    public const int MaxTitle = 80;
    public const int MaxBody = 1600;

    public sealed record SavedReplyView(Guid Id, string Title, string Body);

    public sealed record SavedReplyList(IReadOnlyList<SavedReplyView> SavedReplies);

    public sealed record SavedReplyRequest(
        [property: Required(ErrorMessage = "Give it a title."), MaxLength(MaxTitle, ErrorMessage = "At most {1} characters.")] string? Title,
        [property: Required(ErrorMessage = "Write the reply."), MaxLength(MaxBody, ErrorMessage = "At most {1} characters.")] string? Body);

    public sealed record FilledIn(string Text);

    public static IEndpointRouteBuilder MapSavedReplyApi(this IEndpointRouteBuilder app)
    {
        var console = app.MapConsoleApi();
        console.RequireStaff().MapGet("/saved-replies", ListAsync).WithName("ListSavedReplies");
        console.RequireStaff().MapGet("/conversations/{conversationId:guid}/saved-replies/{replyId:guid}", FillInAsync).WithName("FillInSavedReply");
        var manage = app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapGroup("/saved-replies");
        manage.MapPost("/", CreateAsync).WithName("CreateSavedReply");
        manage.MapPut("/{replyId:guid}", ChangeAsync).WithName("ChangeSavedReply");
        manage.MapDelete("/{replyId:guid}", DeleteAsync).WithName("DeleteSavedReply");
        return app;
    }

    internal static async Task<Ok<SavedReplyList>> ListAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new SavedReplyList(await db.SavedReplies.AsNoTracking().OrderBy(r => r.Title)
            .Select(r => new SavedReplyView(r.Id, r.Title, r.Body)).ToListAsync(ct)));

    internal static async Task<Results<Created<SavedReplyView>, ValidationProblem, ProblemHttpResult>> CreateAsync(SavedReplyRequest request,
        AppDbContext db, TenantContext tenant, TimeProvider time, CancellationToken ct)
    {
        if (Check(request, out var title, out var body) is { } invalid)
            return invalid;
        if (await db.SavedReplies.AnyAsync(r => r.Title == title, ct))
            return Taken();
        var now = time.GetUtcNow();
        var reply = new SavedReply { Id = Guid.CreateVersion7(now), TenantId = tenant.TenantId!.Value, Title = title, Body = body, CreatedAt = now, UpdatedAt = now };
        db.Add(reply);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/console/saved-replies/{reply.Id}", new SavedReplyView(reply.Id, reply.Title, reply.Body));
    }

    internal static async Task<Results<Ok<SavedReplyView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid replyId, SavedReplyRequest request,
        AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (Check(request, out var title, out var body) is { } invalid)
            return invalid;
        var reply = await db.SavedReplies.FirstOrDefaultAsync(r => r.Id == replyId, ct);
        if (reply is null)
            return TypedResults.NotFound();
        if (await db.SavedReplies.AnyAsync(r => r.Title == title && r.Id != replyId, ct))
            return Taken();
        (reply.Title, reply.Body, reply.UpdatedAt) = (title, body, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new SavedReplyView(reply.Id, reply.Title, reply.Body));
    }

    /// <summary>Loaded and removed (not a set-based delete), so the audit log records what was deleted.</summary>
    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid replyId, AppDbContext db, CancellationToken ct)
    {
        if (await db.SavedReplies.FirstOrDefaultAsync(r => r.Id == replyId, ct) is not { } reply)
            return TypedResults.NotFound();
        db.SavedReplies.Remove(reply);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<FilledIn>, NotFound>> FillInAsync(Guid conversationId, Guid replyId, AppDbContext db, LeadLinks links, CancellationToken ct)
    {
        var reply = await db.SavedReplies.AsNoTracking().FirstOrDefaultAsync(r => r.Id == replyId, ct);
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == conversationId, ct);
        if (reply is null || session is null)
            return TypedResults.NotFound();
        var lead = session.LeadId is { } leadId ? await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct) : null;
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).FirstOrDefaultAsync(l => l.Id == session.LocationId, ct);
        if (location is null)
            return TypedResults.NotFound();
        // A number without a lead has no name, vehicle or chat page: those fields come out empty (the
        // model needs some link, so a placeholder goes in and is taken out again).
        var model = lead is null
            ? new MessageModel(null, null, null, location.Name, ShopText.DisplayPhone(location.Phone), ShopText.PostalAddress(location),
                ShopText.WeeklyHours(location.Hours), NoChatPage, null)
            : MessageModel.For(lead, location, await links.ChatAsync(lead.Id, ct), null);
        var text = MessageTemplates.RenderSms(reply.Body, model);
        return TypedResults.Ok(new FilledIn(lead is null ? text.Replace(NoChatPage.ToString(), "", StringComparison.Ordinal).Trim() : text));
    }

    private static readonly Uri NoChatPage = new("about:blank");

    private static ValidationProblem? Check(SavedReplyRequest request, out string title, out string body)
    {
        (title, body) = (CleanText.Clean(request.Title ?? "").Trim(), CleanText.Clean(request.Body ?? "").Trim());
        if (title.Length == 0)
            return Problems.Invalid("title", "Give it a title.");
        if (body.Length == 0)
            return Problems.Invalid("body", "Write the reply.");
        return MessageTemplates.TryParse(body, out var error) ? null : Problems.Invalid("body", error!);
    }

    private static ProblemHttpResult Taken() =>
        Problems.Refused(StatusCodes.Status409Conflict, "title_taken", "Another saved reply has this title.");
}
