using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Conversations;

/// <summary>What became of a staff reply.</summary>
public abstract record StaffReplyOutcome
{
    /// <summary>Stored (and, by SMS, handed to the provider: its delivery's status says how that went).</summary>
    public sealed record Sent(ChatMessage Message) : StaffReplyOutcome;

    /// <summary>Nothing was stored or sent, for <paramref name="Detail"/>.</summary>
    public sealed record Refused(string Code, string Detail, DateTimeOffset? OpensAt = null) : StaffReplyOutcome;

    public sealed record NotFound : StaffReplyOutcome;
}

// Staff steering a conversation: replying, noting, taking over, assigning, closing. Every method works on
// the current tenant's conversations only (the tenant filter): another tenant's id is simply not found.
public sealed partial class ConversationService
{
    /// <summary>What a staff text's delivery is called.</summary>
    public const string StaffReplyKind = "staff_reply";

    public const int MaxNoteLength = 4000;

    /// <summary>A customer wrote: the conversation is open again and, unless it was a keyword, waits for an answer.</summary>
    private static void CustomerWrote(ChatSession session, DateTimeOffset at, bool awaitsAnswer)
    {
        (session.LastMessageAt, session.UpdatedAt, session.DoneAt) = (at, at, null);
        if (awaitsAnswer)
            session.AwaitingReplySince ??= at;
    }

    /// <summary>The assistant or staff wrote; when it answered the customer (a complete answer), they no longer wait.</summary>
    public static void Answered(ChatSession session, DateTimeOffset at, bool customerAnswered)
    {
        (session.LastMessageAt, session.UpdatedAt) = (at, at);
        if (customerAnswered)
            session.AwaitingReplySince = null;
    }

    /// <summary>
    /// A staff member answers the customer, into the web chat or by SMS (default: the channel the customer
    /// last used). Replying takes the conversation over, so the assistant does not talk across them. A text
    /// is refused, with nothing sent, to a number that opted out or cannot take texts, and outside the
    /// location's texting hours unless <paramref name="confirmOutsideSmsWindow"/>. The message and its
    /// delivery commit together before the provider is called (a stop mid-send is settled by
    /// <see cref="ReconcileStaffSmsAsync"/>, never sent twice); a repeated <paramref name="clientMessageId"/>
    /// returns the reply stored the first time.
    /// </summary>
    public async Task<StaffReplyOutcome> StaffReplyAsync(Guid sessionId, Guid authorId, string text, ConversationChannel? channel,
        bool confirmOutsideSmsWindow, Guid? clientMessageId, CancellationToken ct)
    {
        var session = await db.ChatSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
            return new StaffReplyOutcome.NotFound();
        var externalId = clientMessageId is { } id ? StaffMessagePrefix + id.ToString("N") : null;
        if (externalId is not null && await db.ChatMessages.FirstOrDefaultAsync(m => m.SessionId == session.Id && m.ExternalId == externalId, ct) is { } before)
            return new StaffReplyOutcome.Sent(before);

        var lead = session.LeadId is { } leadId ? await db.Leads.FirstOrDefaultAsync(l => l.Id == leadId, ct) : null;
        var chosen = channel ?? await ReplyChannelAsync(session, ct);
        var body = CleanText.Clean(text).Trim();
        var now = await NextStampAsync(session, ct);
        var message = new ChatMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = session.TenantId,
            SessionId = session.Id,
            LeadId = lead?.Id,
            Role = ChatRole.Staff,
            Channel = chosen,
            Content = body,
            ExternalId = externalId,
            AuthorUserId = authorId,
            CreatedAt = now,
        };

        if (chosen == ConversationChannel.Web)
        {
            if (lead is null)
                return new StaffReplyOutcome.Refused("no_lead", "This number has no chat page; reply by text.");
            db.ChatMessages.Add(message);
            StaffAnswered(session, now);
            await HandoffsAnsweredAsync(session.Id, authorId, now, ct);
            await db.SaveChangesAsync(ct);
            return new StaffReplyOutcome.Sent(message);
        }

        if (await TextingRefusalAsync(session, lead, ct) is { } refusal)
            return refusal;
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == session.LocationId, ct);
        if (location is null)
            return new StaffReplyOutcome.Refused("no_location", "This conversation belongs to no shop to text from.");
        var opens = QuietHours.NextAllowed(time.GetUtcNow(), location, Channel.Sms);
        if (opens > time.GetUtcNow() && !confirmOutsideSmsWindow)
            return new StaffReplyOutcome.Refused("outside_sms_window",
                $"It is outside {location.Name}'s texting hours; they open at {ShopText.Clock(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(opens, TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone)).DateTime))}. Send anyway to text now.",
                opens);

        var phone = (lead?.Phone ?? session.ContactPhone)!;
        // CTIA: a number's first text names the shop and says how to stop, whoever writes it.
        var firstText = !await db.MessageDeliveries.AnyAsync(d => d.Channel == Channel.Sms && d.Recipient == phone, ct);
        var author = await db.Users.AsNoTracking().Where(u => u.Id == authorId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        OutboundMessage outgoing;
        try
        {
            var config = await db.TenantMessagingConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
            outgoing = outbound.Sms(config, session.TenantId, lead?.Id, location, StaffReplyKind, phone, SmsText.Normalize(body), firstText,
                resendOf: null, $"staff reply by {author}", time.GetUtcNow());
        }
        catch (MessageRefusedException e)
        {
            return new StaffReplyOutcome.Refused("too_long", e.Message);
        }
        var delivery = outgoing.Delivery;
        message.DeliveryId = delivery.Id;
        db.ChatMessages.Add(message);
        db.MessageDeliveries.Add(delivery);
        StaffAnswered(session, now);
        await HandoffsAnsweredAsync(session.Id, authorId, now, ct);
        if (outgoing.RecordsOnly)
        {
            // The outbox's "send" is this commit: never in doubt.
            DeliveryStatuses.Record(delivery, await outgoing.SendAsync(ct), time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return new StaffReplyOutcome.Sent(message);
        }
        await db.SaveChangesAsync(ct);

        // From here the text may be at the provider: the answer is recorded even if the request is gone.
        var result = await outgoing.SendAsync(CancellationToken.None);
        DeliveryStatuses.Record(delivery, result, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        if (ProviderRefusal.Of(delivery, result) is { } providerRefusal)
            await consents.ApplyProviderEffectsAsync([providerRefusal], CancellationToken.None);
        return new StaffReplyOutcome.Sent(message);
    }

    /// <summary>The lead's conversation, started (and saved) when the lead has never talked; null for another tenant's lead.</summary>
    public async Task<ChatSession?> LeadSessionAsync(Guid leadId, CancellationToken ct)
    {
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead is null)
            return null;
        return await db.RetryOnConflictAsync(async c =>
        {
            var session = await SessionAsync(lead.TenantId, lead, null, time.GetUtcNow(), c);
            await db.SaveChangesAsync(c);
            return session;
        }, ct);
    }

    /// <summary>Why this conversation cannot be texted now, or null when it can.</summary>
    public async Task<StaffReplyOutcome.Refused?> TextingRefusalAsync(ChatSession session, Leads.Lead? lead, CancellationToken ct)
    {
        var phone = lead?.Phone ?? session.ContactPhone;
        if (phone is null)
            return new("no_phone", "There is no phone number to text.");
        if (lead?.SmsStopReason == StopReasons.NumberInvalid)
            return new("number_invalid", "This number cannot receive texts; nothing was sent.");
        if (await consents.IsOptedOutAsync(Channel.Sms, phone, ct))
            return new("opted_out", "This customer opted out of texts (STOP); nothing was sent.");
        return null;
    }

    /// <summary>The channel the customer last wrote on; the web chat when they never wrote and have a page.</summary>
    public async Task<ConversationChannel> ReplyChannelAsync(ChatSession session, CancellationToken ct) =>
        await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == session.Id && m.Role == ChatRole.Customer)
            .OrderByDescending(m => m.CreatedAt).Select(m => (ConversationChannel?)m.Channel).FirstOrDefaultAsync(ct)
        ?? (session.LeadId is null ? ConversationChannel.Sms : ConversationChannel.Web);

    private static void StaffAnswered(ChatSession session, DateTimeOffset at)
    {
        Answered(session, at, customerAnswered: true);
        session.DoneAt = null;
        TakeOver(session, true, at);
    }

    /// <summary>A time after the conversation's newest message, so the thread's order is the order things happened.</summary>
    private async Task<DateTimeOffset> NextStampAsync(ChatSession session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var message = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == session.Id)
            .OrderByDescending(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var note = await db.ConversationNotes.AsNoTracking().Where(n => n.SessionId == session.Id)
            .OrderByDescending(n => n.CreatedAt).Select(n => (DateTimeOffset?)n.CreatedAt).FirstOrDefaultAsync(ct);
        var newest = message > note || note is null ? message : note;
        return newest is { } n && n >= now ? n.AddTicks(10) : now;
    }

    /// <summary>Marks a staff reply's <see cref="ChatMessage.ExternalId"/>: the console's own id for it.</summary>
    private const string StaffMessagePrefix = "staff:";

    public async Task<ConversationNote?> AddNoteAsync(Guid sessionId, Guid authorId, string text, CancellationToken ct)
    {
        var session = await db.ChatSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
            return null;
        var now = await NextStampAsync(session, ct);
        var note = new ConversationNote { Id = Guid.CreateVersion7(now), TenantId = session.TenantId, SessionId = session.Id, AuthorUserId = authorId, Text = CleanText.Clean(text).Trim(), CreatedAt = now };
        db.ConversationNotes.Add(note);
        session.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return note;
    }

    /// <summary>Take over or hand back by conversation; null when it is not the current tenant's. Taking over acknowledges its handoffs.</summary>
    public Task<ChatSession?> TakeOverAsync(Guid sessionId, bool takeOver, CancellationToken ct, Guid? by = null) =>
        ChangeAsync(sessionId, async (s, now, c) =>
        {
            TakeOver(s, takeOver, now);
            if (takeOver)
                foreach (var handoff in await db.Handoffs.Where(h => h.SessionId == sessionId && h.AcknowledgedAt == null).ToListAsync(c))
                    (handoff.AcknowledgedAt, handoff.AcknowledgedByUserId) = (now, by);
        }, ct);

    /// <summary>
    /// A colleague has the conversation open, is typing in it, or left it: told to the other consoles (so two people
    /// never answer one customer). Opening it acknowledges its waiting handoffs — the alerts stop — though it still
    /// needs a person until someone answers or takes it. False when it is not the current tenant's.
    /// </summary>
    public async Task<bool> PresenceAsync(Guid sessionId, Guid userId, Live.PresenceState state, CancellationToken ct)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
            return false;
        var now = time.GetUtcNow();
        if (state != Live.PresenceState.Left)
            foreach (var handoff in await db.Handoffs.Where(h => h.SessionId == sessionId && h.AcknowledgedAt == null).ToListAsync(ct))
                (handoff.AcknowledgedAt, handoff.AcknowledgedByUserId) = (now, userId);
        var e = Live.ConsoleEventRecorder.Add(db, Live.ConsoleEventType.Presence, session.TenantId, session.LocationId, now, session.LeadId, session.Id);
        (e.UserId, e.Presence) = (userId, state);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Who has the conversation open now: each colleague's latest presence within <paramref name="within"/>, unless they left; null when it is not the current tenant's.</summary>
    public async Task<IReadOnlyList<(Guid UserId, Live.PresenceState State, DateTimeOffset At)>?> ViewersAsync(Guid sessionId, TimeSpan within, CancellationToken ct)
    {
        if (!await db.ChatSessions.AnyAsync(s => s.Id == sessionId, ct))
            return null;
        var since = time.GetUtcNow() - within;
        var recent = await db.ConsoleEvents.AsNoTracking()
            .Where(e => e.ConversationId == sessionId && e.Type == Live.ConsoleEventType.Presence && e.At >= since)
            .Select(e => new { e.Id, e.UserId, e.Presence, e.At }).ToListAsync(ct);
        return [.. recent.Where(e => e.UserId is not null).GroupBy(e => e.UserId!.Value).Select(g => g.MaxBy(e => e.Id)!)
            .Where(e => e.Presence != Live.PresenceState.Left).Select(e => (e.UserId!.Value, e.Presence!.Value, e.At))];
    }

    /// <summary>A colleague's reply answers (and so acknowledges) every handoff of the conversation still waiting for one.</summary>
    private async Task HandoffsAnsweredAsync(Guid sessionId, Guid authorId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var handoff in await db.Handoffs.Where(h => h.SessionId == sessionId && h.FirstStaffReplyAt == null).ToListAsync(ct))
        {
            (handoff.FirstStaffReplyAt, handoff.FirstStaffReplyByUserId) = (now, authorId);
            if (handoff.AcknowledgedAt is null)
                (handoff.AcknowledgedAt, handoff.AcknowledgedByUserId) = (now, authorId);
        }
    }

    private static void TakeOver(ChatSession session, bool takeOver, DateTimeOffset now)
    {
        if (session.StaffTakeover == takeOver)
            return;
        session.StaffTakeover = takeOver;
        if (takeOver)
            (session.NeedsStaff, session.NeedsStaffReason, session.NeedsStaffAt) = (false, null, null);
        session.UpdatedAt = now;
    }

    /// <summary>Done takes it out of the open inbox (a new customer message brings it back); reopen undoes it.</summary>
    public Task<ChatSession?> SetDoneAsync(Guid sessionId, bool done, CancellationToken ct) =>
        ChangeAsync(sessionId, (s, now) =>
        {
            s.DoneAt = done ? s.DoneAt ?? now : null;
            if (done)
                (s.NeedsStaff, s.NeedsStaffReason, s.NeedsStaffAt, s.AwaitingReplySince) = (false, null, null, null);
        }, ct);

    /// <summary>
    /// On a colleague's list (an active user of this tenant who works at the conversation's location), or on nobody's
    /// (null). False: no such colleague.
    /// </summary>
    public async Task<(ChatSession? Session, bool KnownColleague)> AssignAsync(Guid sessionId, Guid? userId, CancellationToken ct)
    {
        if (userId is { } u)
        {
            var location = await db.ChatSessions.Where(s => s.Id == sessionId).Select(s => new { s.LocationId }).FirstOrDefaultAsync(ct);
            if (location is null)
                return (null, true);
            if (!await db.Users.WorkingAt(db, location.LocationId).AnyAsync(x => x.Id == u, ct))
                return (null, false);
        }
        return (await ChangeAsync(sessionId, (s, _) => s.AssignedToUserId = userId, ct), true);
    }

    private Task<ChatSession?> ChangeAsync(Guid sessionId, Action<ChatSession, DateTimeOffset> change, CancellationToken ct) =>
        ChangeAsync(sessionId, (s, now, _) =>
        {
            change(s, now);
            return Task.CompletedTask;
        }, ct);

    private async Task<ChatSession?> ChangeAsync(Guid sessionId, Func<ChatSession, DateTimeOffset, CancellationToken, Task> change, CancellationToken ct) =>
        await db.RetryOnConflictAsync(async c =>
        {
            var session = await db.ChatSessions.FirstOrDefaultAsync(s => s.Id == sessionId, c);
            if (session is null)
                return null;
            var now = time.GetUtcNow();
            await change(session, now, c);
            session.UpdatedAt = now;
            await db.SaveChangesAsync(c);
            return session;
        }, ct);

    /// <summary>
    /// A staff text still <c>sending</c> after the lease: the request that sent it stopped. It is looked up at
    /// the provider — found: sent; never arrived: failed as not sent, which the thread shows, and the staff
    /// member decides whether to send it again (a person wrote it; nothing sends it for them).
    /// </summary>
    public async Task<bool> ReconcileStaffSmsAsync(Guid messageId, CancellationToken ct)
    {
        var message = await db.ChatMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message?.DeliveryId is not { } deliveryId)
            return false;
        var delivery = await db.MessageDeliveries.SingleAsync(d => d.Id == deliveryId, ct);
        if (delivery.Status != DeliveryStatus.Sending)
            return false;
        var now = time.GetUtcNow();
        var verdict = await reconciler.CheckAsync(delivery, ct);
        if (verdict is InDoubtVerdict.AskLater or InDoubtVerdict.SendAgain)
        {
            if (verdict is InDoubtVerdict.SendAgain again)
                DeliveryReconciler.Record(delivery, new InDoubtVerdict.Unresolved(again.How), now);
            else
                delivery.UpdatedAt = now - messaging.Value.LeaseDuration + messaging.Value.InDoubtRecheck; // asked again later
        }
        else
            DeliveryReconciler.Record(delivery, verdict, now);
        await db.SaveChangesAsync(CancellationToken.None);
        return true;
    }
}
