using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Conversations;

/// <summary>Why a conversation is in front of staff.</summary>
public enum Waiting
{
    /// <summary>The assistant handed it over (the customer asked for a person, or no assistant could answer).</summary>
    NeedsStaff,

    /// <summary>The customer wrote and nobody has answered yet.</summary>
    Unanswered,

    None,
}

public enum InboxStatus { Open, Done }

public enum InboxAssigned { Me, Unassigned }

/// <summary>
/// The staff inbox, read side: conversations in the order a person should look at them — handed over to
/// staff first (longest waiting first), then unanswered customers (longest waiting first), then the most
/// recent — and one conversation's whole thread across channels, with internal notes. Reads only the
/// current tenant's rows (the tenant filter) and, for a colleague scoped to some locations, only theirs (the location filter).
/// </summary>
public sealed class ConversationInbox(AppDbContext db, ConversationService conversations)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int PreviewLength = 160;

    public sealed record Colleague(Guid Id, string Name);

    public sealed record LastMessage(ChatRole Role, ConversationChannel Channel, string Text, DateTimeOffset At, string? Author);

    public sealed record ConversationSummary(Guid Id, Guid? LeadId, string Customer, string? Phone, string? Email, string? Vehicle,
        Guid? LocationId, string? LocationName, Waiting Waiting, DateTimeOffset? WaitingSince, string? NeedsStaffReason, LastMessage? LastMessage,
        bool StaffTakeover, Colleague? AssignedTo, bool Done, CadenceStatus? CadenceStatus, string Language);

    /// <param name="NextCursor">Where the next page starts (pass it as <c>cursor</c>); null on the last page.</param>
    public sealed record InboxPage(IReadOnlyList<ConversationSummary> Conversations, int NeedsStaffCount, string? NextCursor);

    public sealed record DeliveryView(DeliveryStatus Status, string? Error);

    /// <summary><c>event</c>: something that happened in the conversation besides a message — an appointment booked, moved or cancelled, in words.</summary>
    public enum ThreadRole { Customer, Assistant, Staff, Note, System, Event }

    /// <param name="Delivery">An SMS's delivery: a staff text's own, or for an assistant's answer by text, the reply's.</param>
    /// <param name="Replaced">The price guard replaced this answer: the model quoted a price that is not the catalog's.</param>
    public sealed record ThreadMessage(Guid Id, ThreadRole Role, ConversationChannel Channel, string Text, DateTimeOffset At, ChatMessageStatus Status,
        string? Author, string? Provider, string? Model, decimal? CostUsd, DeliveryView? Delivery, bool Replaced = false);

    public sealed record ConversationThread(ConversationSummary Conversation, ConversationChannel ReplyChannel, bool CanText, string? CannotTextReason,
        IReadOnlyList<ThreadMessage> Messages);

    /// <summary>
    /// One page of the inbox in its order — handed over (longest waiting first), unanswered (longest waiting first),
    /// recent (newest first) — each part read in that order from the database and continued by a keyset cursor
    /// (<see cref="PageCursor.Part"/> is the part), so the first page costs the same at 100 conversations or 100,000.
    /// </summary>
    /// <param name="only">Only the conversations waiting this way (handed over, or unanswered).</param>
    public async Task<InboxPage> ListAsync(InboxStatus status, InboxAssigned? assigned, Guid? locationId, Guid me, PageCursor? cursor, int limit,
        CancellationToken ct, Waiting? only = null)
    {
        var query = (status == InboxStatus.Done ? db.ChatSessions.Where(s => s.DoneAt != null) : db.ChatSessions.Where(s => s.DoneAt == null))
            .Where(s => s.LastMessageAt != null);
        if (assigned == InboxAssigned.Me)
            query = query.Where(s => s.AssignedToUserId == me);
        else if (assigned == InboxAssigned.Unassigned)
            query = query.Where(s => s.AssignedToUserId == null);
        if (locationId is { } location)
            query = query.Where(s => s.LocationId == location);

        Waiting[] parts = only is { } one ? [one] : [Waiting.NeedsStaff, Waiting.Unanswered, Waiting.None];
        var rows = new List<(Waiting Part, DateTimeOffset At, ChatSession Session)>();
        foreach (var part in parts.Where(p => cursor is null || (int)p >= cursor.Value.Part))
        {
            var from = cursor is { } c && c.Part == (int)part ? c : (PageCursor?)null;
            rows.AddRange((await Part(query, part, from).Take(limit + 1 - rows.Count).AsNoTracking().ToListAsync(ct)).Select(r => (part, r.At, r.Session)));
            if (rows.Count > limit)
                break;
        }
        var shown = rows.Take(limit).ToList();
        string? next = null;
        if (rows.Count > limit)
        {
            var lastPart = shown[^1].Part;
            next = PageCursor.After((int)lastPart, [.. shown.Where(r => r.Part == lastPart).Select(r => r.At)], cursor).Encode();
        }
        var needsStaff = await db.ChatSessions.CountAsync(s => s.DoneAt == null && s.NeedsStaff, ct);
        return new InboxPage(await SummariesAsync([.. shown.Select(r => r.Session)], ct), needsStaff, next);
    }

    // A class with init properties, not a positional record: EF translates filters and orders on member-init projections only.
    private sealed class Keyed
    {
        public DateTimeOffset At { get; init; }
        public required ChatSession Session { get; init; }
    }

    /// <summary>One part of the inbox in its order, from a cursor on: waiting longest first, or (recent) newest first.</summary>
    private static IQueryable<Keyed> Part(IQueryable<ChatSession> sessions, Waiting part, PageCursor? from)
    {
        // A handoff is timed from when it was raised, an unanswered customer from their first unanswered message.
        var keyed = part switch
        {
            Waiting.NeedsStaff => sessions.Where(s => s.NeedsStaff).Select(s => new Keyed { At = (s.NeedsStaffAt ?? s.LastMessageAt)!.Value, Session = s }),
            Waiting.Unanswered => sessions.Where(s => !s.NeedsStaff && s.AwaitingReplySince != null).Select(s => new Keyed { At = s.AwaitingReplySince!.Value, Session = s }),
            _ => sessions.Where(s => !s.NeedsStaff && s.AwaitingReplySince == null).Select(s => new Keyed { At = s.LastMessageAt!.Value, Session = s }),
        };
        if (part == Waiting.None)
        {
            if (from is { } c)
                keyed = keyed.Where(k => k.At <= c.At);
            return keyed.OrderByDescending(k => k.At).ThenByDescending(k => k.Session.Id).Skip(from?.Skip ?? 0);
        }
        if (from is { } f)
            keyed = keyed.Where(k => k.At >= f.At);
        return keyed.OrderBy(k => k.At).ThenBy(k => k.Session.Id).Skip(from?.Skip ?? 0);
    }

    public async Task<ConversationSummary?> SummaryAsync(Guid sessionId, CancellationToken ct) =>
        await db.ChatSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct) is { } session ? (await SummariesAsync([session], ct))[0] : null;

    public async Task<ConversationThread?> ThreadAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
            return null;
        var summary = (await SummariesAsync([session], ct))[0];
        var messages = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == session.Id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct);
        var notes = await db.ConversationNotes.AsNoTracking().Where(n => n.SessionId == session.Id).ToListAsync(ct);
        var thread = await ViewsAsync(messages, notes, ct);
        if (session.LeadId is { } booker)
        {
            thread.AddRange((await Booking.AppointmentEvents.ForLeadAsync(db, booker, ct)).Select(e => new ThreadMessage(
                EventId(session.Id, e), ThreadRole.Event, ConversationChannel.Web, e.Summary, e.At, ChatMessageStatus.Complete, null, null, null, null, null)));
            thread = [.. thread.OrderBy(m => m.At)];
        }

        var lead = session.LeadId is { } leadId ? await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct) : null;
        var refusal = await conversations.TextingRefusalAsync(session, lead, ct);
        return new ConversationThread(summary, await conversations.ReplyChannelAsync(session, ct), refusal is null, refusal?.Detail, thread);
    }

    /// <summary>A stable id for an event row (it is not stored): the same event keeps its key across refetches.</summary>
    private static Guid EventId(Guid sessionId, Booking.AppointmentEvents.Happening e) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{sessionId}|{e.At.UtcTicks}|{e.Status}")).AsSpan(0, 16));

    /// <summary>One message or note as the thread shows it (what a reply or a note answers with).</summary>
    public async Task<ThreadMessage> ViewAsync(ChatMessage? message, ConversationNote? note, CancellationToken ct) =>
        (await ViewsAsync(message is null ? [] : [message], note is null ? [] : [note], ct)).Single();

    /// <summary>Messages and notes in one order, with authors' names and SMS delivery states.</summary>
    private async Task<List<ThreadMessage>> ViewsAsync(List<ChatMessage> messages, List<ConversationNote> notes, CancellationToken ct)
    {
        // An assistant's answer by text goes out on the delivery its customer's text names (ReplyDeliveryId).
        var replyOf = new Dictionary<Guid, Guid>();
        Guid? pendingReply = null;
        foreach (var m in messages.OrderBy(m => m.CreatedAt))
        {
            if (m is { Role: ChatRole.Customer, Channel: ConversationChannel.Sms })
                pendingReply = m.ReplyDeliveryId;
            else if (m is { Role: ChatRole.Assistant, Channel: ConversationChannel.Sms } && pendingReply is { } r)
                (replyOf[m.Id], pendingReply) = (r, null);
        }
        var deliveryIds = messages.Where(m => m.DeliveryId != null).Select(m => m.DeliveryId!.Value).Concat(replyOf.Values).ToList();
        var deliveries = deliveryIds.Count == 0 ? [] : await db.MessageDeliveries.AsNoTracking().Where(d => deliveryIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => new DeliveryView(d.Status, d.ErrorMessage ?? d.ErrorCode), ct);
        var names = await NamesAsync(messages.Select(m => m.AuthorUserId).Concat(notes.Select(n => n.AuthorUserId)), ct);
        return [.. messages.Select(m => new ThreadMessage(m.Id, Role(m.Role), m.Channel, m.Content, m.CreatedAt, m.Status,
                m.AuthorUserId is { } a ? names.GetValueOrDefault(a) : null, m.Provider, m.Model, m.CostUsd,
                (m.DeliveryId ?? replyOf.GetValueOrDefault(m.Id)) is { } d && d != Guid.Empty ? deliveries.GetValueOrDefault(d) : null, m.PriceGuardReplaced))
            .Concat(notes.Select(n => new ThreadMessage(n.Id, ThreadRole.Note, ConversationChannel.Web, n.Text, n.CreatedAt, ChatMessageStatus.Complete,
                n.AuthorUserId is { } a ? names.GetValueOrDefault(a) : null, null, null, null, null)))
            .OrderBy(m => m.At)];
    }

    public async Task<IReadOnlyList<Colleague>> ColleaguesAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().Colleagues(db).OrderBy(u => u.DisplayName)
            .Select(u => new Colleague(u.Id, u.DisplayName)).ToListAsync(ct);

    private async Task<List<ConversationSummary>> SummariesAsync(List<ChatSession> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        var leadIds = sessions.Where(s => s.LeadId != null).Select(s => s.LeadId!.Value).ToList();
        var leads = await db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var locationIds = sessions.Where(s => s.LocationId != null).Select(s => s.LocationId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        // Each conversation's newest message, in one query: the one at its conversation's LastMessageAt.
        var last = (await db.ChatMessages.AsNoTracking()
                .Where(m => ids.Contains(m.SessionId) && db.ChatSessions.Any(s => s.Id == m.SessionId && s.LastMessageAt == m.CreatedAt))
                .Select(m => new { m.SessionId, m.Role, m.Channel, m.Content, m.CreatedAt, m.AuthorUserId }).ToListAsync(ct))
            .GroupBy(m => m.SessionId).ToDictionary(g => g.Key, g => g.First());
        var names = await NamesAsync(last.Values.Select(m => m.AuthorUserId).Concat(sessions.Select(s => s.AssignedToUserId)), ct);

        return [.. sessions.Select(s =>
        {
            var lead = s.LeadId is { } id ? leads.GetValueOrDefault(id) : null;
            var name = lead is null ? null : string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
            var phone = lead?.Phone ?? s.ContactPhone;
            var (waiting, since) = s.NeedsStaff ? (Waiting.NeedsStaff, s.NeedsStaffAt)
                : s.AwaitingReplySince is { } awaiting ? (Waiting.Unanswered, awaiting) : (Waiting.None, (DateTimeOffset?)null);
            var newest = last.GetValueOrDefault(s.Id);
            return new ConversationSummary(s.Id, s.LeadId, name is { Length: > 0 } ? name : phone ?? "Unknown", phone, lead?.Email, lead?.VehicleDescription,
                s.LocationId, s.LocationId is { } l ? locations.GetValueOrDefault(l) : null, waiting, since,
                s.NeedsStaff ? NeedsStaffWords(s.NeedsStaffReason) : null,
                newest is null ? null : new LastMessage(newest.Role, newest.Channel, Preview(newest.Content), newest.CreatedAt,
                    newest.AuthorUserId is { } a ? names.GetValueOrDefault(a) : null),
                s.StaffTakeover, s.AssignedToUserId is { } u && names.TryGetValue(u, out var assignee) ? new Colleague(u, assignee) : null,
                s.DoneAt is not null, lead?.CadenceStatus, lead?.Language ?? Leads.LeadLanguage.English);
        })];
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    /// <summary>The assistant's reason for a handoff, in words for the front desk.</summary>
    public static string NeedsStaffWords(string? reason) => reason switch
    {
        "assistant_unavailable" => "No assistant could answer",
        null or "" or "customer asked" or "human" => "Asked for a person",
        "reschedule" => "Asked for a person: wants to move their appointment",
        "cancel" => "Asked for a person: wants to cancel their appointment",
        var r => $"Asked for a person: {r}",
    };

    private static string Preview(string text) => text.Length <= PreviewLength ? text : text[..(PreviewLength - 1)].TrimEnd() + "…";

    private static ThreadRole Role(ChatRole role) => role switch
    {
        ChatRole.Customer => ThreadRole.Customer,
        ChatRole.Assistant => ThreadRole.Assistant,
        ChatRole.Staff => ThreadRole.Staff,
        _ => ThreadRole.System,
    };
}
