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

/// <summary>A customer's text is waiting for the assistant's answer.</summary>
public sealed class SmsReplySignal : WorkSignal;

/// <summary>
/// Answers customers' texts over SMS with the same assistant as the web chat. The webhook stores the
/// text as <c>pending</c> and returns at once (Twilio wants a fast answer; a model may take seconds);
/// this worker claims it, answers and sends. The claim marks it <c>sending</c> first, so a crash never
/// sends a reply twice.
/// </summary>
public sealed partial class SmsReplyWorker(
    IServiceScopeFactory scopes,
    SmsReplySignal signal,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<SmsReplyWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WaitForStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Current;
            var handled = 0;
            try
            {
                List<(Guid Id, Guid TenantId)> pending;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    pending = (await db.ChatMessages.AcrossTenants().AsNoTracking()
                        .Where(m => m.ReplyState == SmsReplyStates.Pending)
                        .OrderBy(m => m.CreatedAt).Take(20)
                        .Select(m => new { m.Id, m.TenantId }).ToListAsync(stoppingToken))
                        .Select(m => (m.Id, m.TenantId)).ToList();
                }
                foreach (var (id, tenantId) in pending)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
                    if (await scope.ServiceProvider.GetRequiredService<SmsReplier>().ReplyAsync(id, stoppingToken))
                        handled++;
                }
                heartbeats.Ran("sms-replies");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Failed(logger, e);
                heartbeats.Failed("sms-replies", e);
            }
            if (handled == 0)
                await WorkSignal.WaitAsync(wake, IdlePoll, time, stoppingToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "SMS reply pass failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}

/// <summary>One reply: claim, answer, send, record.</summary>
public sealed partial class SmsReplier(
    AppDbContext db,
    ChatService chat,
    ChannelRouter router,
    ConsentService consents,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<SmsReplier> logger)
{
    /// <summary>Longest assistant text we send: three segments.</summary>
    public const int MaxLength = 459;

    /// <summary>False when another instance had already claimed it.</summary>
    public async Task<bool> ReplyAsync(Guid messageId, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var claimed = await db.ChatMessages.Where(m => m.Id == messageId && m.ReplyState == SmsReplyStates.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ReplyState, SmsReplyStates.Sending), ct);
        if (claimed == 0)
            return false;
        var inbound = await db.ChatMessages.AsNoTracking().SingleAsync(m => m.Id == messageId, ct);
        if (inbound.LeadId is not { } leadId || await chat.LoadAsync(leadId, "sms", ct) is not { } turn || turn.Lead.Phone is not { } phone)
            return await SetStateAsync(messageId, SmsReplyStates.Skipped, ct);
        if (turn.Session.StaffTakeover || await consents.IsOptedOutAsync(Channel.Sms, phone, ct))
            return await SetStateAsync(messageId, SmsReplyStates.Skipped, ct);

        var reply = await chat.AnswerAsync(turn, started, _ => ValueTask.CompletedTask, ct);
        if (reply.Response is not { Length: > 0 } answer)
            return await SetStateAsync(messageId, SmsReplyStates.Failed, ct);
        var body = SmsText.Normalize(PlainText(answer));
        if (body.Length > MaxLength)
            body = body[..(MaxLength - 1)].TrimEnd() + "…";

        var now = time.GetUtcNow();
        var messaging = await db.TenantMessagingConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        var sender = router.Sms(messaging, phone);
        var from = turn.Location.SmsNumber ?? twilio.Value.FromNumber;
        var delivery = MessageDelivery.Sms(turn.Lead.TenantId, leadId, "assistant", sender.Provider, phone, from, body, DeliveryStatuses.Sending, "assistant reply", now);
        db.MessageDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);

        var result = await sender.SendAsync(new OutgoingSms(delivery.Id, phone, from, body), ct);
        var state = DeliveryStatuses.Record(delivery, result, time.GetUtcNow()) ? SmsReplyStates.Sent : SmsReplyStates.Failed;
        if (result is SendResult.RetryLater or SendResult.Rejected)
            Log.SendFailed(logger, leadId, delivery.ErrorCode ?? "unknown");
        await db.SaveChangesAsync(CancellationToken.None);
        return await SetStateAsync(messageId, state, CancellationToken.None);
    }

    /// <summary>A text message shows markdown as noise: emphasis, headings and code marks go.</summary>
    public static string PlainText(string answer) =>
        Markdown().Replace(answer.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal), "");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^\s{0,3}#{1,6}\s+")]
    private static partial System.Text.RegularExpressions.Regex Markdown();

    private async Task<bool> SetStateAsync(Guid messageId, string state, CancellationToken ct)
    {
        await db.ChatMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(u => u.SetProperty(m => m.ReplyState, state), ct);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Assistant SMS reply to lead {LeadId} failed: {Code}")]
        public static partial void SendFailed(ILogger logger, Guid leadId, string code);
    }
}
