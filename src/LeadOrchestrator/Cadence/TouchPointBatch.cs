using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// One tenant's share of a claimed batch, in four steps:
/// 1. decide each touch (cancel, pause, defer to allowed hours, or send) and render what is sent;
/// 2. commit every decision and every "sending" mark, durably, before any provider is called;
/// 3. call the providers (bounded parallelism);
/// 4. record what they said and complete finished cadences in one commit, then apply the consequences
///    (opt-outs, invalid numbers).
/// A crash in 3 leaves "sending" rows, which <see cref="InDoubtTouches"/> reconciles once their lease is
/// over: never sent twice by us, never silently lost. The outbox only records, so its touches are recorded
/// in the commit of step 2 and are never in doubt.
/// </summary>
public sealed partial class TouchPointBatch(
    AppDbContext db,
    TenantContext tenant,
    Outbound outbound,
    LeadLinks links,
    ConsentService consents,
    CadenceService cadence,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    IOptions<TwilioOptions> twilio,
    IOptions<SendGridOptions> sendGrid,
    IOptions<SmtpOptions> smtp,
    InstanceIdentity instance,
    ILogger<TouchPointBatch> logger)
{
    /// <summary>What a cadence touch's delivery is called.</summary>
    public const string Kind = "cadence";

    private sealed record Send(TouchPoint Touch, OutboundMessage Message)
    {
        public MessageDelivery Delivery => Message.Delivery;
    }

    /// <summary>When the batch's leases began, on the real clock (provider calls take real time, as in ADR 0004).</summary>
    private long _leasedAt;


    public async Task RunAsync(Guid tenantId, List<TouchPoint> claimed, CancellationToken ct)
    {
        tenant.Set(tenantId);
        var sends = await DecideAsync(claimed, ct);
        if (sends.Count == 0)
            return;
        var results = new SendResult[sends.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, sends.Count), new ParallelOptions { MaxDegreeOfParallelism = options.Value.SendConcurrency, CancellationToken = ct },
            async (i, token) => results[i] = await SendAsync(sends[i], token));
        await RecordAsync(sends, results, ct);
    }

    // ---- 1 + 2: decide, render, commit -------------------------------------------------------------------

    private async Task<List<Send>> DecideAsync(List<TouchPoint> claimed, CancellationToken ct)
    {
        foreach (var touch in claimed)
            db.TouchPoints.Attach(touch);
        var leadIds = claimed.Select(t => t.LeadId).Distinct().ToList();
        var leads = await db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var locationIds = leads.Values.Where(l => l.LocationId != null).Select(l => l.LocationId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Include(l => l.Hours).Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var stepIds = claimed.Where(t => t.CadenceStepId != null).Select(t => t.CadenceStepId!.Value).Distinct().ToList();
        var steps = await db.CadenceSteps.AsNoTracking().Where(s => stepIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var messaging = await db.TenantMessagingConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        var phones = leads.Values.Where(l => l.Phone != null).Select(l => l.Phone!).Distinct().ToList();
        var emails = leads.Values.Where(l => l.Email != null).Select(l => l.Email!).Distinct().ToList();
        var smsConsent = await consents.LatestAsync(Channel.Sms, phones, ct);
        var emailConsent = await consents.LatestAsync(Channel.Email, emails, ct);
        var texted = (await db.MessageDeliveries.AsNoTracking()
                .Where(d => d.Channel == Channel.Sms && phones.Contains(d.Recipient) && d.Status != DeliveryStatus.Failed)
                .Select(d => d.Recipient).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var now = time.GetUtcNow();
        var sends = new List<Send>();
        var recorded = new List<Guid>();
        foreach (var touch in claimed)
        {
            var lead = leads.GetValueOrDefault(touch.LeadId);
            var recipient = lead is null ? null : touch.Channel == Channel.Sms ? lead.Phone : lead.Email;
            var location = lead?.LocationId is { } locationId ? locations.GetValueOrDefault(locationId) : null;
            var step = touch.CadenceStepId is { } stepId ? steps.GetValueOrDefault(stepId) : null;
            ConsentStatus? consent = recipient is not null && (touch.Channel == Channel.Sms ? smsConsent : emailConsent).TryGetValue(recipient, out var known) ? known : null;

            switch (TouchDecision.For(touch.Channel, lead, location, step is not null, consent, now))
            {
                case TouchDecision.Cancel cancel:
                    Finish(touch, TouchPointStatus.Cancelled, cancel.Reason);
                    break;
                case TouchDecision.Pause:
                    Finish(touch, TouchPointStatus.Paused, null);
                    break;
                case TouchDecision.Fail fail:
                    Finish(touch, TouchPointStatus.Failed, fail.Reason);
                    break;
                case TouchDecision.Defer defer:
                    Defer(touch, defer.Until);
                    break;
                case TouchDecision.Send to when await TryPrepareAsync(touch, lead!, location!, step!, messaging, to.Recipient, !texted.Contains(to.Recipient), now, ct) is { } send:
                    if (send.Message.RecordsOnly)
                    {
                        // The outbox's "send" is this commit: recorded with the decision, never in doubt.
                        Apply(send, await send.Message.SendAsync(ct), now, refusals: null);
                        recorded.Add(touch.LeadId);
                    }
                    else
                        sends.Add(send);
                    break;
            }
        }

        // Every decision and every "sending" mark is on disk before the first provider call.
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                _leasedAt = TimeProvider.System.GetTimestamp();
                if (recorded.Count > 0)
                    await cadence.CompleteFinishedAsync(recorded, ct);
                return sends;
            }
            catch (DbUpdateConcurrencyException e)
            {
                DropTouchesStaffChanged(e, sends);
            }
        }
    }

    /// <summary>The message of a touch that is to be sent, or null when it cannot be (the touch is then failed, visibly).</summary>
    private async Task<Send?> TryPrepareAsync(TouchPoint touch, Lead lead, Location location, CadenceStep step, TenantMessagingConfig? messaging,
        string recipient, bool firstText, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await PrepareAsync(touch, lead, location, step, messaging, recipient, firstText, now, ct);
        }
        catch (MessageRefusedException e)
        {
            Finish(touch, TouchPointStatus.Failed, e.Reason);
            Log.Refused(logger, touch.Id, e.Reason);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or Fluid.ParseException)
        {
            // A template that cannot render fails its own touch, visibly, not the batch.
            Finish(touch, TouchPointStatus.Failed, $"render_failed: {e.Message}");
            Log.RenderFailed(logger, e, touch.Id);
        }
        return null;
    }

    private async Task<Send> PrepareAsync(TouchPoint touch, Lead lead, Location location, CadenceStep step, TenantMessagingConfig? messaging,
        string recipient, bool firstText, DateTimeOffset now, CancellationToken ct)
    {
        var chat = await links.ChatAsync(lead.Id, ct); // a fresh link with every touch keeps it alive for 45 more days
        // The touch's earlier attempt, if any (a retry, or a copy sent again after a doubt).
        var resendOf = touch.DeliveryId;
        OutboundMessage message;
        if (touch.Channel == Channel.Sms)
        {
            var wording = step.WordingFor(lead.Language);
            var body = MessageTemplates.RenderSms(wording.Body, MessageModel.For(lead, location, chat, null, wording.Language));
            message = outbound.Sms(messaging, lead, location, Kind, recipient, body, firstText, resendOf, note: null, now, wording.Language);
        }
        else
        {
            var unsubscribe = await links.UnsubscribeAsync(lead.Id, ct);
            var wording = step.WordingFor(lead.Language);
            var model = MessageModel.For(lead, location, chat, unsubscribe, wording.Language);
            var email = MessageTemplates.RenderEmail(wording.Subject ?? "", wording.Body, model);
            if ((MessageTemplates.MissingFooter(email, model) ?? MessageTemplates.EmailTooLarge(email)) is { } refused)
                throw new MessageRefusedException(refused);
            message = outbound.Email(messaging, lead, location, Kind, recipient, new EmailContent(email, unsubscribe, [], $"touch:{touch.Id}"),
                resendOf, note: null, now);
        }
        var delivery = message.Delivery;
        delivery.TouchPointId = touch.Id;
        db.MessageDeliveries.Add(delivery);
        touch.Status = TouchPointStatus.Sending;
        touch.DeliveryId = delivery.Id;
        touch.LeaseOwner = instance.Name;
        // If this instance dies before recording the answer, the row becomes in_doubt at this time.
        touch.DueAt = now + options.Value.LeaseDuration;
        return new Send(touch, message);
    }

    private void Finish(TouchPoint touch, TouchPointStatus status, string? reason)
    {
        touch.Status = status;
        touch.CancelReason = status == TouchPointStatus.Cancelled ? reason : null;
        touch.LastError = status == TouchPointStatus.Failed ? reason : touch.LastError;
        touch.LeaseOwner = null;
        touch.DueAt = time.GetUtcNow();
    }

    private static void Defer(TouchPoint touch, DateTimeOffset allowed)
    {
        touch.Status = TouchPointStatus.Scheduled;
        touch.LeaseOwner = null;
        touch.DueAt = allowed;
    }

    // ---- 3: the provider calls ---------------------------------------------------------------------------

    private async Task<SendResult> SendAsync(Send send, CancellationToken ct)
    {
        // A batch that has run long (a slow provider, many messages) starts no call so late that the lease
        // could end before its answer is recorded: the rescue of expired leases must never meet a call in flight.
        var allowance = Outbound.CallAllowance(twilio.Value, sendGrid.Value, smtp.Value);
        if (TimeProvider.System.GetElapsedTime(_leasedAt) > options.Value.LeaseDuration - allowance)
            return new SendResult.RetryLater("lease", "The batch ran too long to start this call inside its lease; it goes with the next claim.");
        var result = await send.Message.SendAsync(ct);
        if (result is not SendResult.Unknown unknown || !send.Message.CanLookUp)
            return result;
        // No answer: look before sending again. Found means it went out; not found means it never arrived.
        try
        {
            return await send.Message.FindAsync(ct) is { } sid
                ? new SendResult.Accepted(sid, Common.EnumNames.Of(DeliveryStatus.Queued))
                : new SendResult.RetryLater("timeout", unknown.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new SendResult.Unknown($"{unknown.Message}; reconciling failed too: {e.Message}");
        }
    }

    /// <summary>
    /// The first of the batch's two race rules (ADR 0019), when its decisions are committed: staff paused or
    /// stopped some of these touches after the batch claimed them, and staff win — those touches leave the
    /// batch, with the deliveries prepared for them, and the rest are committed.
    /// </summary>
    private void DropTouchesStaffChanged(DbUpdateConcurrencyException conflict, List<Send> sends)
    {
        foreach (var entry in conflict.Entries)
        {
            if (entry.Entity is not TouchPoint lost)
                continue;
            entry.State = EntityState.Detached;
            if (sends.FirstOrDefault(s => s.Touch == lost) is { } dropped)
            {
                db.Entry(dropped.Delivery).State = EntityState.Detached;
                sends.Remove(dropped);
            }
        }
    }

    /// <summary>
    /// The second race rule, when the providers' answers are recorded: only the rescue of expired leases
    /// changes a touch in "sending" — it decided about a call that outlived the lease. The provider's answer
    /// is the better record of the delivery and is kept; the touch follows it only while it is still about
    /// that delivery — once the rescue has moved it on to another attempt, that attempt decides.
    /// </summary>
    private static async Task KeepProviderAnswerAsync(DbUpdateConcurrencyException conflict, CancellationToken ct)
    {
        foreach (var entry in conflict.Entries)
        {
            if (await entry.GetDatabaseValuesAsync(ct) is not { } stored)
                entry.State = EntityState.Detached; // rows are never deleted; nothing left to record on
            else if (entry.Entity is TouchPoint touch && stored.GetValue<Guid?>(nameof(TouchPoint.DeliveryId)) != touch.DeliveryId)
                entry.State = EntityState.Detached;
            else
                entry.OriginalValues.SetValues(stored);
        }
    }

    // ---- 4: record and apply -----------------------------------------------------------------------------

    private async Task RecordAsync(List<Send> sends, SendResult[] results, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var refusals = new List<ProviderRefusal>();
        for (var i = 0; i < sends.Count; i++)
            Apply(sends[i], results[i], now, refusals);
        // The provider's answers, and the cadences they finish: if this commit were lost, the rows would
        // stay "sending" and be reconciled once their lease is over, never blindly re-sent.
        var leadIds = sends.Select(s => s.Touch.LeadId).Distinct().ToList();
        for (var round = 1; ; round++)
        {
            try
            {
                await db.SaveDerivedChangesAsync(token => cadence.CompleteFinishedAsync(leadIds, token), ct);
                break;
            }
            catch (DbUpdateConcurrencyException e) when (round < 3)
            {
                await KeepProviderAnswerAsync(e, ct);
            }
        }

        // Consequences for the leads (opt-outs, dead numbers), after the answers are on disk.
        await consents.ApplyProviderEffectsAsync(refusals, ct);
    }

    /// <summary>A provider's answer onto the touch and its delivery; a refusal goes to <paramref name="refusals"/>.</summary>
    private void Apply(Send send, SendResult result, DateTimeOffset now, List<ProviderRefusal>? refusals)
    {
        var (touch, delivery) = (send.Touch, send.Delivery);
        touch.LeaseOwner = null;
        DeliveryStatuses.Record(delivery, result, now);
        switch (result)
        {
            case SendResult.Accepted:
                touch.Status = TouchPointStatus.Sent;
                touch.SentAt = now;
                touch.DueAt = now;
                break;
            case SendResult.RetryLater retry:
                touch.Attempts++;
                touch.LastError = $"{retry.Code}: {retry.Message}";
                var again = outbound.RetryAt(touch.Attempts, retry, now);
                (touch.Status, touch.DueAt) = again is { } at ? (TouchPointStatus.Scheduled, at) : (TouchPointStatus.Failed, now);
                break;
            case SendResult.Rejected rejected:
                touch.Status = TouchPointStatus.Failed;
                touch.LastError = $"{rejected.Code}: {rejected.Message}";
                touch.DueAt = now;
                if (ProviderRefusal.Of(delivery, result) is { } refusal)
                    refusals?.Add(refusal);
                break;
            case SendResult.Unknown unknown:
                // No answer, and no lookup could settle it here: left "sending" with its lease over, so the
                // rescue (InDoubtTouches) decides at once — asking again, or following the in-doubt rule.
                touch.Status = TouchPointStatus.Sending;
                touch.LastError = unknown.Message;
                touch.DueAt = now;
                break;
        }
        Log.Outcome(logger, touch.Id, touch.Channel, touch.Status, delivery.Provider);
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "Touch point {TouchId} could not be rendered; marked failed")]
        public static partial void RenderFailed(ILogger logger, Exception exception, Guid touchId);

        [LoggerMessage(LogLevel.Error, "Touch point {TouchId} not sent: {Reason}")]
        public static partial void Refused(ILogger logger, Guid touchId, string reason);

        [LoggerMessage(LogLevel.Information, "Touch point {TouchId} ({Channel}) → {Status} via {Provider}")]
        public static partial void Outcome(ILogger logger, Guid touchId, Channel channel, TouchPointStatus status, string provider);
    }
}
