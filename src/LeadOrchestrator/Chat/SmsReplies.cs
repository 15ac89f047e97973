using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Messaging.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Answers customers' texts over SMS with the same assistant as the web chat. The webhook stores the
/// text as <c>pending</c> and returns at once (Twilio wants a fast answer; a model may take seconds);
/// this worker claims it, answers and sends. The claim marks it <c>sending</c> first, so a crash never
/// sends a reply twice; a reply still <c>sending</c> after the lease lost its worker and is reconciled
/// (<see cref="SmsReplier.ReconcileAsync"/>), so none is silently lost either.
/// </summary>
public sealed class SmsReplyWorker(
    TenantWork rows,
    SmsReplySignal signal,
    TimeProvider time,
    IOptions<MessagingOptions> messaging,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<SmsReplyWorker> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    private const int Batch = 20;

    protected override string Name => "sms-replies";

    protected override WorkSignal Signal => signal;

    protected override TimeSpan IdlePoll => TimeSpan.FromSeconds(2);

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var lost = Time.GetUtcNow() - messaging.Value.LeaseDuration;
        var handled = await rows.ForEachAsync(db => db.ChatMessages.AcrossTenants()
            .Where(m => m.ReplyState == SmsReplyState.Sending && (m.ReplyUpdatedAt == null || m.ReplyUpdatedAt < lost))
            .OrderBy(m => m.ReplyUpdatedAt).Select(m => new DueRow(m.Id, m.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<SmsReplier>().ReconcileAsync(id, c), ct);
        // Staff texts whose request stopped mid-send (the thread shows them as sending until then).
        handled += await rows.ForEachAsync(db => db.ChatMessages.AcrossTenants()
            .Where(m => m.DeliveryId != null && m.Role == ChatRole.Staff
                && db.MessageDeliveries.AcrossTenants().Any(d => d.Id == m.DeliveryId && d.Status == DeliveryStatus.Sending && d.UpdatedAt < lost))
            .OrderBy(m => m.CreatedAt).Select(m => new DueRow(m.Id, m.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<ConversationService>().ReconcileStaffSmsAsync(id, c), ct);
        handled += await rows.ForEachAsync(db => db.ChatMessages.AcrossTenants()
            .Where(m => m.ReplyState == SmsReplyState.Pending)
            .OrderBy(m => m.CreatedAt).Select(m => new DueRow(m.Id, m.TenantId)), Batch,
            (s, id, c) => s.GetRequiredService<SmsReplier>().ReplyAsync(id, c), ct);
        return handled;
    }
}

/// <summary>One reply: claim, answer, send, record; and the rescue of one whose worker stopped.</summary>
public sealed partial class SmsReplier(
    AppDbContext db,
    ChatService chat,
    Outbound outbound,
    ConsentService consents,
    DeliveryReconciler reconciler,
    SmsReplySignal signal,
    IOptions<MessagingOptions> messaging,
    TimeProvider time,
    ILogger<SmsReplier> logger)
{
    /// <summary>What an assistant's SMS reply's delivery is called.</summary>
    public const string Kind = "assistant";

    /// <summary>Longest assistant text we send: three segments.</summary>
    public const int MaxLength = 459;

    /// <summary>False when another instance had already claimed it.</summary>
    public async Task<bool> ReplyAsync(Guid messageId, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var claimed = await db.ChatMessages.Where(m => m.Id == messageId && m.ReplyState == SmsReplyState.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ReplyState, (SmsReplyState?)SmsReplyState.Sending).SetProperty(m => m.ReplyUpdatedAt, time.GetUtcNow()), ct);
        if (claimed == 0)
            return false;
        var inbound = await db.ChatMessages.SingleAsync(m => m.Id == messageId, ct);
        if (inbound.LeadId is not { } leadId || await chat.LoadAsync(leadId, ConversationChannel.Sms, ct) is not { } turn || turn.Lead.Phone is not { } phone)
            return await SetStateAsync(inbound, SmsReplyState.Skipped);
        if (turn.Session.StaffTakeover || await consents.IsOptedOutAsync(Channel.Sms, phone, ct))
            return await SetStateAsync(inbound, SmsReplyState.Skipped);

        var reply = await chat.AnswerAsync(turn, started, _ => ValueTask.CompletedTask, ct);
        if (reply.Response is not { Length: > 0 } answer)
            return await SetStateAsync(inbound, SmsReplyState.Failed);
        await SendAsync(inbound, turn, phone, answer, resendOf: null, ct);
        return true;
    }

    /// <summary>
    /// A reply still <c>sending</c> after the lease: its worker stopped. Without a delivery it stopped while
    /// answering (the stored answer is sent, or the text is answered again); with one, the delivery is looked
    /// up at the provider: found → sent; never arrived → sent again (unless they opted out since); Twilio not
    /// answering → asked again later, and left in_doubt after <see cref="MessagingOptions.InDoubtGiveUpAfter"/>.
    /// </summary>
    public async Task<bool> ReconcileAsync(Guid messageId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lost = now - messaging.Value.LeaseDuration;
        // Claimed like a reply, so two instances never rescue the same one.
        var claimed = await db.ChatMessages
            .Where(m => m.Id == messageId && m.ReplyState == SmsReplyState.Sending && (m.ReplyUpdatedAt == null || m.ReplyUpdatedAt < lost))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ReplyUpdatedAt, now), ct);
        if (claimed == 0)
            return false;
        var inbound = await db.ChatMessages.SingleAsync(m => m.Id == messageId, ct);
        if (now - inbound.CreatedAt > messaging.Value.InDoubtGiveUpAfter && inbound.ReplyDeliveryId is null)
            return await SetStateAsync(inbound, SmsReplyState.InDoubt); // far too late to answer now

        if (inbound.ReplyDeliveryId is not { } deliveryId)
        {
            var answer = await db.ChatMessages.AsNoTracking()
                .Where(m => m.SessionId == inbound.SessionId && m.Role == ChatRole.Assistant && m.CreatedAt > inbound.CreatedAt && m.Status == ChatMessageStatus.Complete)
                .OrderBy(m => m.CreatedAt).Select(m => m.Content).FirstOrDefaultAsync(ct);
            if (answer is null)
            {
                // Stopped before the answer was stored: it is answered again.
                await SetStateAsync(inbound, SmsReplyState.Pending);
                signal.Notify();
                return true;
            }
            return await ResendAsync(inbound, answer, resendOf: null, ct);
        }

        var delivery = await db.MessageDeliveries.SingleAsync(d => d.Id == deliveryId, ct);
        var verdict = await reconciler.CheckAsync(delivery, ct);
        DeliveryReconciler.Record(delivery, verdict, time.GetUtcNow());
        Log.Reconciled(logger, inbound.Id, verdict.GetType().Name);
        switch (verdict)
        {
            case InDoubtVerdict.Sent:
                return await SetStateAsync(inbound, SmsReplyState.Sent);
            case InDoubtVerdict.NotSent:
                return await ResendAsync(inbound, delivery.Body, resendOf: delivery.Id, ct);
            case InDoubtVerdict.AskLater:
                inbound.ReplyUpdatedAt = now - messaging.Value.LeaseDuration + messaging.Value.InDoubtRecheck;
                await db.SaveChangesAsync(CancellationToken.None);
                return false;
            default:
                return await SetStateAsync(inbound, SmsReplyState.InDoubt);
        }
    }

    /// <summary>The reply's text again, to the lead's current number, unless they opted out meanwhile.</summary>
    private async Task<bool> ResendAsync(ChatMessage inbound, string answer, Guid? resendOf, CancellationToken ct)
    {
        if (inbound.LeadId is not { } leadId || await chat.LoadAsync(leadId, ConversationChannel.Sms, ct) is not { } turn || turn.Lead.Phone is not { } phone
            || await consents.IsOptedOutAsync(Channel.Sms, phone, ct))
            return await SetStateAsync(inbound, SmsReplyState.Skipped);
        await SendAsync(inbound, turn, phone, answer, resendOf, ct);
        return true;
    }

    /// <summary>
    /// The delivery row and the message's pointer to it commit together before the provider is called, so a
    /// stop at any point leaves something the rescue can decide about.
    /// </summary>
    private async Task SendAsync(ChatMessage inbound, ChatTurnContext turn, string phone, string answer, Guid? resendOf, CancellationToken ct)
    {
        var body = SmsText.Normalize(PlainText(answer));
        if (body.Length > MaxLength)
            body = body[..(MaxLength - 1)].TrimEnd() + "…";

        var now = time.GetUtcNow();
        var tenantConfig = await db.TenantMessagingConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        var message = outbound.Sms(tenantConfig, turn.Lead, turn.Location, Kind, phone, body, firstText: false, resendOf, "assistant reply", now);
        var delivery = message.Delivery;
        db.MessageDeliveries.Add(delivery);
        (inbound.ReplyDeliveryId, inbound.ReplyUpdatedAt) = (delivery.Id, now);
        if (message.RecordsOnly)
        {
            // The outbox's "send" is this commit: never in doubt.
            inbound.ReplyState = Record(delivery, await message.SendAsync(ct), turn.Lead.Id);
            await db.SaveChangesAsync(ct);
            return;
        }
        await db.SaveChangesAsync(ct);

        var result = await message.SendAsync(ct);
        inbound.ReplyState = Record(delivery, result, turn.Lead.Id);
        // No answer and no lookup settled it: left sending with its lease over, so the rescue decides at once.
        inbound.ReplyUpdatedAt = result is SendResult.Unknown ? time.GetUtcNow() - messaging.Value.LeaseDuration - TimeSpan.FromSeconds(1) : time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        if (ProviderRefusal.Of(delivery, result) is { } refusal)
            await consents.ApplyProviderEffectsAsync([refusal], CancellationToken.None);
    }

    private SmsReplyState Record(MessageDelivery delivery, SendResult result, Guid leadId)
    {
        var accepted = DeliveryStatuses.Record(delivery, result, time.GetUtcNow());
        if (result is SendResult.RetryLater or SendResult.Rejected)
            Log.SendFailed(logger, leadId, delivery.ErrorCode ?? "unknown");
        return accepted ? SmsReplyState.Sent : result is SendResult.Unknown ? SmsReplyState.Sending : SmsReplyState.Failed;
    }

    /// <summary>A text message shows markdown as noise: emphasis, headings and code marks go.</summary>
    public static string PlainText(string answer) =>
        Markdown().Replace(answer.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal), "");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^\s{0,3}#{1,6}\s+")]
    private static partial System.Text.RegularExpressions.Regex Markdown();

    private async Task<bool> SetStateAsync(ChatMessage inbound, SmsReplyState state)
    {
        (inbound.ReplyState, inbound.ReplyUpdatedAt) = (state, time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Assistant SMS reply to lead {LeadId} failed: {Code}")]
        public static partial void SendFailed(ILogger logger, Guid leadId, string code);

        [LoggerMessage(LogLevel.Warning, "Assistant SMS reply to message {MessageId} lost its sender mid-send: {Verdict}")]
        public static partial void Reconciled(ILogger logger, Guid messageId, string verdict);
    }
}
