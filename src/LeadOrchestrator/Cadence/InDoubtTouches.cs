using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// Touches still "sending" after their lease: the sender stopped between handing the message over and
/// recording the answer (a crash, a deploy, a timeout nobody could settle). Each is decided by
/// <see cref="DeliveryReconciler"/>: found at the provider → sent; certainly not sent → due again (counted
/// as an attempt); an email nobody can vouch for → sent once more or left in_doubt, by the rule; a failed
/// lookup → asked again later. One touch at a time, each under its version: if the sender's own answer
/// arrives meanwhile, it stands.
/// </summary>
public sealed partial class InDoubtTouches(
    AppDbContext db,
    TenantContext tenant,
    DeliveryReconciler reconciler,
    CadenceService cadence,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<InDoubtTouches> logger)
{
    /// <summary>Decides the given touches of one tenant; returns how many are due to be sent again.</summary>
    public async Task<int> ReconcileAsync(Guid tenantId, IReadOnlyList<Guid> touchIds, CancellationToken ct)
    {
        tenant.Set(tenantId);
        var again = 0;
        foreach (var id in touchIds)
        {
            db.ChangeTracker.Clear();
            var now = time.GetUtcNow();
            var touch = await db.TouchPoints.FirstOrDefaultAsync(t => t.Id == id && t.Status == TouchPointStatus.Sending && t.DueAt <= now, ct);
            if (touch is null)
                continue; // decided meanwhile
            var delivery = touch.DeliveryId is { } deliveryId ? await db.MessageDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct) : null;
            var verdict = delivery is null ? new InDoubtVerdict.NotSent("nothing was handed over") : await reconciler.CheckAsync(delivery, ct);
            now = time.GetUtcNow();
            if (delivery is not null)
                DeliveryReconciler.Record(delivery, verdict, now);
            touch.LeaseOwner = null;
            switch (verdict)
            {
                case InDoubtVerdict.Sent sent:
                    (touch.Status, touch.SentAt, touch.DueAt, touch.LastError) = (TouchPointStatus.Sent, delivery?.CreatedAt ?? now, now, null);
                    break;
                case InDoubtVerdict.NotSent notSent:
                    touch.Attempts++;
                    (touch.Status, touch.DueAt, touch.LastError) = (touch.Attempts >= options.Value.MaxAttempts ? TouchPointStatus.Failed : TouchPointStatus.Scheduled, now, notSent.How);
                    break;
                case InDoubtVerdict.SendAgain sendAgain:
                    // Out of attempts, it may still have arrived: in doubt, not failed.
                    touch.Attempts++;
                    (touch.Status, touch.DueAt, touch.LastError) = (touch.Attempts >= options.Value.MaxAttempts ? TouchPointStatus.InDoubt : TouchPointStatus.Scheduled, now, sendAgain.How);
                    break;
                case InDoubtVerdict.Unresolved unresolved:
                    (touch.Status, touch.DueAt, touch.LastError) = (TouchPointStatus.InDoubt, now, unresolved.Reason);
                    break;
                case InDoubtVerdict.AskLater later:
                    (touch.DueAt, touch.LastError) = (now + options.Value.InDoubtRecheck, $"Asking whether it went out failed; asking again at {now + options.Value.InDoubtRecheck:u}: {later.Error}");
                    break;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                continue; // the sender's answer (or another rescuer) got there first: it stands
            }
            Log.Reconciled(logger, touch.Id, touch.Channel, verdict.GetType().Name, touch.Status, Describe(verdict));
            if (touch.Status == TouchPointStatus.Scheduled)
                again++;
            else if (touch.Status is TouchPointStatus.Sent or TouchPointStatus.InDoubt or TouchPointStatus.Failed)
                await cadence.CompleteFinishedAsync([touch.LeadId], ct);
        }
        return again;
    }

    /// <summary>What the verdict rests on, in words, for the log.</summary>
    internal static string Describe(InDoubtVerdict verdict) => verdict switch
    {
        InDoubtVerdict.Sent s => s.How,
        InDoubtVerdict.NotSent n => n.How,
        InDoubtVerdict.SendAgain a => a.How,
        InDoubtVerdict.Unresolved u => u.Reason,
        InDoubtVerdict.AskLater l => "the lookup failed: " + l.Error,
        _ => verdict.GetType().Name,
    };

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Touch point {TouchId} ({Channel}) lost its sender mid-send: {Verdict} → {Status} ({Detail})")]
        public static partial void Reconciled(ILogger logger, Guid touchId, Channel channel, string verdict, TouchPointStatus status, string detail);
    }
}
