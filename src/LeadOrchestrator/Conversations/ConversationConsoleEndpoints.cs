using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Conversations;

/// <summary>
/// Staff steering a lead's conversation: <c>POST /api/console/leads/{leadId}/conversation/takeover</c>
/// (the assistant stays silent on web and SMS; a handoff it raised is settled) and <c>…/release</c>
/// (the assistant answers again). Another tenant's lead is 404.
/// </summary>
public static class ConversationConsoleEndpoints
{
    /// <param name="StaffTakeover">Staff have the conversation: the assistant answers nothing.</param>
    /// <param name="NeedsStaff">The assistant asked for a person and nobody has taken it yet.</param>
    public sealed record ConversationState(Guid LeadId, Guid SessionId, bool StaffTakeover, bool NeedsStaff, string? NeedsStaffReason);

    public static IEndpointRouteBuilder MapConversationConsoleApi(this IEndpointRouteBuilder app)
    {
        var conversation = app.MapConsoleApi().RequireStaff().MapGroup("/leads/{leadId:guid}/conversation");
        conversation.MapPost("/takeover", (Guid leadId, ConversationService conversations, CancellationToken ct) => SetAsync(leadId, true, conversations, ct))
            .WithName("TakeOverConversation");
        conversation.MapPost("/release", (Guid leadId, ConversationService conversations, CancellationToken ct) => SetAsync(leadId, false, conversations, ct))
            .WithName("ReleaseConversation");
        return app;
    }

    private static async Task<Results<Ok<ConversationState>, NotFound>> SetAsync(Guid leadId, bool takeOver, ConversationService conversations, CancellationToken ct) =>
        await conversations.SetTakeoverAsync(leadId, takeOver, ct) is { } session
            ? TypedResults.Ok(new ConversationState(leadId, session.Id, session.StaffTakeover, session.NeedsStaff, session.NeedsStaffReason))
            : TypedResults.NotFound();
}
