using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Conversations.ConversationInbox;

namespace LeadOrchestrator.Conversations;

/// <summary>
/// The same staff actions keyed by lead, for programs that know leads rather than conversations:
/// <c>POST /api/console/leads/{leadId}/messages</c> <c>{body, channel?: sms|chat, clientMessageId?}</c>,
/// <c>…/notes</c> <c>{body}</c>, <c>…/takeover</c>, <c>…/handback</c>, <c>…/assign</c>, <c>…/done</c>,
/// <c>…/reopen</c>, <c>…/suggest-reply</c>. A lead that has never talked gets its conversation on the
/// first action. Another tenant's lead is 404.
/// </summary>
public static class LeadConversationEndpoints
{
    /// <param name="Channel">sms, or chat (the web chat; web is understood too); the customer's last channel when left out.</param>
    public sealed record LeadMessageRequest(
        [property: Required(ErrorMessage = "Write a message."), MaxLength(ConversationService.MaxSmsLength, ErrorMessage = "At most {1} characters.")] string? Body,
        [property: AllowedValues("sms", "chat", "web", null, ErrorMessage = "sms or chat.")] string? Channel = null,
        Guid? ClientMessageId = null,
        bool ConfirmOutsideSmsWindow = false);

    public sealed record LeadNoteRequest(
        [property: Required(ErrorMessage = "Write a note."), MaxLength(ConversationService.MaxNoteLength, ErrorMessage = "At most {1} characters.")] string? Body);

    public static IEndpointRouteBuilder MapLeadConversationApi(this IEndpointRouteBuilder app)
    {
        var lead = app.MapConsoleApi().RequireStaff().MapGroup("/leads/{leadId:guid}");
        lead.MapPost("/messages", MessageAsync).WithName("SendLeadMessage");
        lead.MapPost("/notes", NoteAsync).WithName("AddLeadNote");
        lead.MapPost("/takeover", (Guid leadId, ClaimsPrincipal user, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            OnConversationAsync(leadId, s, id => s.TakeOverAsync(id, true, ct, ConversationConsoleEndpoints.Me(user)), i, ct)).WithName("TakeOverLead");
        lead.MapPost("/handback", (Guid leadId, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            OnConversationAsync(leadId, s, id => s.TakeOverAsync(id, false, ct), i, ct)).WithName("HandBackLead");
        lead.MapPost("/done", (Guid leadId, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            OnConversationAsync(leadId, s, id => s.SetDoneAsync(id, true, ct), i, ct)).WithName("MarkLeadDone");
        lead.MapPost("/reopen", (Guid leadId, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            OnConversationAsync(leadId, s, id => s.SetDoneAsync(id, false, ct), i, ct)).WithName("ReopenLead");
        lead.MapPost("/assign", AssignAsync).WithName("AssignLead");
        return app;
    }

    internal static async Task<Results<Created<ThreadMessage>, NotFound, ProblemHttpResult>> MessageAsync(Guid leadId, LeadMessageRequest request,
        ClaimsPrincipal user, ConversationService conversations, ConversationInbox inbox, CancellationToken ct)
    {
        if (await conversations.LeadSessionAsync(leadId, ct) is not { } session)
            return TypedResults.NotFound();
        ConversationChannel? channel = request.Channel switch
        {
            "sms" => ConversationChannel.Sms,
            "chat" or "web" => ConversationChannel.Web,
            _ => null,
        };
        return await ConversationConsoleEndpoints.ReplyAsync(session.Id,
            new ConversationConsoleEndpoints.ReplyRequest(request.Body, channel, request.ConfirmOutsideSmsWindow, request.ClientMessageId), user, conversations, inbox, ct);
    }

    internal static async Task<Results<Created<ThreadMessage>, NotFound, ProblemHttpResult>> NoteAsync(Guid leadId, LeadNoteRequest request,
        ClaimsPrincipal user, ConversationService conversations, ConversationInbox inbox, CancellationToken ct) =>
        await conversations.LeadSessionAsync(leadId, ct) is { } session
            ? await ConversationConsoleEndpoints.NoteAsync(session.Id, new ConversationConsoleEndpoints.NoteRequest(request.Body), user, conversations, inbox, ct)
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<ConversationSummary>, NotFound, ProblemHttpResult>> AssignAsync(Guid leadId, ConversationConsoleEndpoints.AssignRequest request,
        ConversationService conversations, ConversationInbox inbox, CancellationToken ct) =>
        await conversations.LeadSessionAsync(leadId, ct) is { } session
            ? await ConversationConsoleEndpoints.AssignAsync(session.Id, request, conversations, inbox, ct)
            : TypedResults.NotFound();

    private static async Task<Results<Ok<ConversationSummary>, NotFound>> OnConversationAsync(Guid leadId, ConversationService conversations,
        Func<Guid, Task<ChatSession?>> change, ConversationInbox inbox, CancellationToken ct) =>
        await conversations.LeadSessionAsync(leadId, ct) is { } session && await change(session.Id) is not null
            && await inbox.SummaryAsync(session.Id, ct) is { } summary
            ? TypedResults.Ok(summary)
            : TypedResults.NotFound();
}
