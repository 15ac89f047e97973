using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Chat;

/// <summary>
/// <c>POST /api/console/conversations/{id}/suggestion</c>: a draft reply from the assistant for staff to
/// edit and send (<see cref="ChatService.SuggestAsync"/>), written for the channel the reply would go on.
/// Nothing is stored or sent. 409 <c>no_lead</c> for a number without a lead (the assistant knows nothing
/// of them); 503 <c>assistant_unavailable</c> when no assistant could answer.
/// </summary>
public static class SuggestionEndpoints
{
    public static IEndpointRouteBuilder MapSuggestionApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff().MapPost("/conversations/{conversationId:guid}/suggestion", SuggestAsync).WithName("SuggestReply");
        app.MapConsoleApi().RequireStaff().MapPost("/leads/{leadId:guid}/suggest-reply", async (Guid leadId, AppDbContext db, ConversationService conversations, ChatService chat, CancellationToken ct) =>
            await conversations.LeadSessionAsync(leadId, ct) is { } session ? await SuggestAsync(session.Id, db, conversations, chat, ct) : TypedResults.NotFound())
            .WithName("SuggestLeadReply");
        return app;
    }

    internal static async Task<Results<Ok<Suggestion>, NotFound, ProblemHttpResult>> SuggestAsync(Guid conversationId, AppDbContext db,
        ConversationService conversations, ChatService chat, CancellationToken ct)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == conversationId, ct);
        if (session is null)
            return TypedResults.NotFound();
        if (session.LeadId is not { } leadId)
            return Problems.Refused(StatusCodes.Status409Conflict, "no_lead", "The assistant knows nothing of this number; write the reply yourself.");
        var channel = await conversations.ReplyChannelAsync(session, ct);
        if (await chat.LoadAsync(leadId, channel, ct) is not { } turn)
            return TypedResults.NotFound();
        return await chat.SuggestAsync(turn, ct) is { } suggestion
            ? TypedResults.Ok(suggestion)
            : Problems.Refused(StatusCodes.Status503ServiceUnavailable, "assistant_unavailable", "No assistant could write a draft just now.");
    }
}
