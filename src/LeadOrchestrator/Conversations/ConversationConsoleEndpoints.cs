using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using LeadOrchestrator.Common;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using static LeadOrchestrator.Conversations.ConversationInbox;

namespace LeadOrchestrator.Conversations;

/// <summary>
/// The staff inbox: <c>GET /api/console/conversations</c> (what needs a person first), <c>GET …/{id}</c>
/// (the whole thread across channels, with internal notes), and the actions on one conversation — reply
/// (web chat or SMS), note, take over / release, assign, done / reopen — plus <c>GET /api/console/staff</c>
/// (colleagues to assign to). Also, by lead: <c>POST /api/console/leads/{leadId}/conversation/takeover</c>
/// and <c>…/release</c>. Another tenant's conversation or lead is 404.
/// </summary>
public static class ConversationConsoleEndpoints
{
    /// <param name="StaffTakeover">Staff have the conversation: the assistant answers nothing.</param>
    /// <param name="NeedsStaff">The assistant asked for a person and nobody has taken it yet.</param>
    public sealed record ConversationState(Guid LeadId, Guid SessionId, bool StaffTakeover, bool NeedsStaff, string? NeedsStaffReason);

    public sealed record ReplyRequest(
        [property: Required(ErrorMessage = "Write a reply."), MaxLength(ConversationService.MaxSmsLength, ErrorMessage = "At most {1} characters.")] string? Text,
        ConversationChannel? Channel = null,
        bool ConfirmOutsideSmsWindow = false,
        Guid? ClientMessageId = null);

    public sealed record NoteRequest(
        [property: Required(ErrorMessage = "Write a note."), MaxLength(ConversationService.MaxNoteLength, ErrorMessage = "At most {1} characters.")] string? Text);

    public sealed record AssignRequest(Guid? UserId);

    public sealed record StaffList(IReadOnlyList<Colleague> Staff);

    /// <param name="State">viewing (sent when the thread opens and every 30 s while it is open), typing, or left.</param>
    public sealed record PresenceRequest(string? State);

    /// <summary>A colleague who has the conversation open: viewing or typing, as of <paramref name="At"/>.</summary>
    public sealed record Viewer(Guid UserId, string Name, Live.PresenceState State, DateTimeOffset At);

    public sealed record PresenceList(IReadOnlyList<Viewer> Viewers);

    /// <summary>A viewing not renewed for this long has ended (a closed laptop sends no "left").</summary>
    public static readonly TimeSpan PresenceLasts = TimeSpan.FromSeconds(75);

    public static IEndpointRouteBuilder MapConversationConsoleApi(this IEndpointRouteBuilder app)
    {
        var console = app.MapConsoleApi().RequireStaff();
        console.MapGet("/staff", async (ConversationInbox inbox, CancellationToken ct) => TypedResults.Ok(new StaffList(await inbox.ColleaguesAsync(ct))))
            .WithName("ListColleagues");
        var inbox = console.MapGroup("/conversations");
        inbox.MapGet("/", ListAsync).WithName("ListConversations");
        inbox.MapGet("/{conversationId:guid}", ThreadAsync).WithName("GetConversation");
        inbox.MapPost("/{conversationId:guid}/replies", ReplyAsync).WithName("ReplyToConversation");
        inbox.MapPost("/{conversationId:guid}/notes", NoteAsync).WithName("AddConversationNote");
        inbox.MapPost("/{conversationId:guid}/takeover", (Guid conversationId, ClaimsPrincipal user, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            SummaryAfterAsync(s.TakeOverAsync(conversationId, true, ct, Me(user)), i, ct)).WithName("TakeOverConversationById");
        inbox.MapPost("/{conversationId:guid}/release", (Guid conversationId, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            SummaryAfterAsync(s.TakeOverAsync(conversationId, false, ct), i, ct)).WithName("ReleaseConversationById");
        inbox.MapPost("/{conversationId:guid}/done", (Guid conversationId, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            SummaryAfterAsync(s.SetDoneAsync(conversationId, true, ct), i, ct)).WithName("MarkConversationDone");
        inbox.MapPost("/{conversationId:guid}/reopen", (Guid conversationId, ConversationService s, ConversationInbox i, CancellationToken ct) =>
            SummaryAfterAsync(s.SetDoneAsync(conversationId, false, ct), i, ct)).WithName("ReopenConversation");
        inbox.MapPost("/{conversationId:guid}/assign", AssignAsync).WithName("AssignConversation");
        inbox.MapPost("/{conversationId:guid}/presence", PresenceAsync).WithName("SetConversationPresence");
        inbox.MapGet("/{conversationId:guid}/presence", ViewersAsync).WithName("GetConversationPresence");

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

    /// <summary>One word for the common views: <c>filter</c> = needs_staff, unanswered, mine, unassigned, open or done.</summary>
    public enum InboxFilter { NeedsStaff, Unanswered, Mine, Unassigned, Open, Done }

    /// <param name="status">open (default) or done.</param>
    /// <param name="assigned">me or unassigned; anyone when left out.</param>
    /// <param name="filter">A view in one word, combined with the others: needs_staff, unanswered, mine, unassigned, open, done.</param>
    /// <param name="cursor">The previous page's <c>nextCursor</c>.</param>
    /// <param name="limit">1–200, 50 by default.</param>
    internal static async Task<Results<Ok<InboxPage>, ProblemHttpResult>> ListAsync(string? status, string? assigned, string? filter, Guid? locationId,
        string? cursor, int? limit, ClaimsPrincipal user, ConversationInbox inbox, CancellationToken ct)
    {
        // Text, not enum parameters: a wrong value gets our own code and the list of right ones.
        var (wantedStatus, wantedAssigned, wantedFilter) = (InboxStatus.Open, default(InboxAssigned), default(InboxFilter));
        if (status is not null && !EnumNames.TryParse(status, out wantedStatus))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_status", $"status must be one of {string.Join(", ", EnumNames.All<InboxStatus>())}.");
        if (assigned is not null && !EnumNames.TryParse(assigned, out wantedAssigned))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_assigned", $"assigned must be one of {string.Join(", ", EnumNames.All<InboxAssigned>())}.");
        if (filter is not null && !EnumNames.TryParse(filter, out wantedFilter))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_filter", $"filter must be one of {string.Join(", ", EnumNames.All<InboxFilter>())}.");
        if (PageCursor.Read(cursor, limit, ConversationInbox.MaxLimit, out var after) is { } badPage)
            return badPage;
        InboxAssigned? who = assigned is null ? null : wantedAssigned;
        Waiting? only = null;
        switch (filter is null ? (InboxFilter?)null : wantedFilter)
        {
            case InboxFilter.NeedsStaff: only = Waiting.NeedsStaff; break;
            case InboxFilter.Unanswered: only = Waiting.Unanswered; break;
            case InboxFilter.Mine: who = InboxAssigned.Me; break;
            case InboxFilter.Unassigned: who = InboxAssigned.Unassigned; break;
            case InboxFilter.Done: wantedStatus = InboxStatus.Done; break;
        }
        return TypedResults.Ok(await inbox.ListAsync(wantedStatus, who, locationId, Me(user), after, limit ?? ConversationInbox.DefaultLimit, ct, only));
    }

    internal static async Task<Results<Ok<ConversationThread>, NotFound>> ThreadAsync(Guid conversationId, ConversationInbox inbox, CancellationToken ct) =>
        await inbox.ThreadAsync(conversationId, ct) is { } thread ? TypedResults.Ok(thread) : TypedResults.NotFound();

    /// <summary>
    /// 201 with the stored reply (by SMS with its delivery's status); 409 with a code when nothing could be
    /// sent: opted_out, number_invalid, no_phone, no_lead (web chat for a number without a page), no_location,
    /// outside_sms_window (with <c>opensAt</c>; send again with <c>confirmOutsideSmsWindow</c>).
    /// </summary>
    internal static async Task<Results<Created<ThreadMessage>, NotFound, ProblemHttpResult>> ReplyAsync(Guid conversationId, ReplyRequest request,
        ClaimsPrincipal user, ConversationService conversations, ConversationInbox inbox, CancellationToken ct)
    {
        if (CleanText.Clean(request.Text ?? "").Trim().Length == 0)
            return Problems.Refused(StatusCodes.Status400BadRequest, Problems.InvalidCode, "Write a reply.");
        switch (await conversations.StaffReplyAsync(conversationId, Me(user), request.Text!, request.Channel, request.ConfirmOutsideSmsWindow, request.ClientMessageId, ct))
        {
            case StaffReplyOutcome.Sent sent:
                return TypedResults.Created($"/api/console/conversations/{conversationId}", await inbox.ViewAsync(sent.Message, null, ct));
            case StaffReplyOutcome.Refused refused:
                return Problems.Refused(StatusCodes.Status409Conflict, refused.Code, refused.Detail, title: "Not sent",
                    extra: refused.OpensAt is { } opens ? new Dictionary<string, object?> { ["opensAt"] = opens } : null);
            default:
                return TypedResults.NotFound();
        }
    }

    internal static async Task<Results<Created<ThreadMessage>, NotFound, ProblemHttpResult>> NoteAsync(Guid conversationId, NoteRequest request,
        ClaimsPrincipal user, ConversationService conversations, ConversationInbox inbox, CancellationToken ct)
    {
        if (CleanText.Clean(request.Text ?? "").Trim().Length == 0)
            return Problems.Refused(StatusCodes.Status400BadRequest, Problems.InvalidCode, "Write a note.");
        if (await conversations.AddNoteAsync(conversationId, Me(user), request.Text!, ct) is not { } note)
            return TypedResults.NotFound();
        return TypedResults.Created($"/api/console/conversations/{conversationId}", await inbox.ViewAsync(null, note, ct));
    }

    internal static async Task<Results<Ok<ConversationSummary>, NotFound, ProblemHttpResult>> AssignAsync(Guid conversationId, AssignRequest request,
        ConversationService conversations, ConversationInbox inbox, CancellationToken ct)
    {
        var (session, known) = await conversations.AssignAsync(conversationId, request.UserId, ct);
        if (!known)
            return Problems.Refused(StatusCodes.Status404NotFound, "unknown_colleague", "There is no such colleague.");
        return session is null ? TypedResults.NotFound() : TypedResults.Ok((await inbox.SummaryAsync(session.Id, ct))!);
    }

    /// <summary>204; opening a conversation (viewing or typing) acknowledges its handoff, so its alerts stop.</summary>
    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> PresenceAsync(Guid conversationId, PresenceRequest request,
        ClaimsPrincipal user, ConversationService conversations, CancellationToken ct)
    {
        if (request.State is null || !EnumNames.TryParse(request.State, out Live.PresenceState state))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_state", $"state must be one of {string.Join(", ", EnumNames.All<Live.PresenceState>())}.");
        return await conversations.PresenceAsync(conversationId, Me(user), state, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>The other colleagues who have it open now (the live stream's <c>presence</c> events keep it up to date).</summary>
    internal static async Task<Results<Ok<PresenceList>, NotFound>> ViewersAsync(Guid conversationId, ClaimsPrincipal user, ConversationService conversations,
        ConversationInbox inbox, CancellationToken ct)
    {
        if (await conversations.ViewersAsync(conversationId, PresenceLasts, ct) is not { } present)
            return TypedResults.NotFound();
        var me = Me(user);
        var viewers = present.Where(v => v.UserId != me).ToList();
        var names = (await inbox.ColleaguesAsync(ct)).ToDictionary(c => c.Id, c => c.Name);
        return TypedResults.Ok(new PresenceList([.. viewers.Where(v => names.ContainsKey(v.UserId)).Select(v => new Viewer(v.UserId, names[v.UserId], v.State, v.At))]));
    }

    private static async Task<Results<Ok<ConversationSummary>, NotFound>> SummaryAfterAsync(Task<ChatSession?> change, ConversationInbox inbox, CancellationToken ct) =>
        await change is { } session && await inbox.SummaryAsync(session.Id, ct) is { } summary ? TypedResults.Ok(summary) : TypedResults.NotFound();

    internal static Guid Me(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
