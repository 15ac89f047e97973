using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Messaging;

/// <summary>What became of a message whose sender stopped between handing it over and hearing back.</summary>
public abstract record InDoubtVerdict
{
    /// <summary>The provider has it (found at Twilio, or a provider event said so): it is recorded as sent.</summary>
    public sealed record Sent(string? ProviderMessageId, string How) : InDoubtVerdict;

    /// <summary>It never reached the provider: sending it again cannot duplicate it.</summary>
    public sealed record NotSent(string How) : InDoubtVerdict;

    /// <summary>Nobody can say, and <see cref="MessagingOptions.InDoubtEmail"/> is <c>resend</c>: it goes once more, tagged.</summary>
    public sealed record SendAgain(string How) : InDoubtVerdict;

    /// <summary>Nobody can say and it is not resent: it stays in_doubt, for staff.</summary>
    public sealed record Unresolved(string Reason) : InDoubtVerdict;

    /// <summary>The provider could not be asked just now (Twilio down): ask again later.</summary>
    public sealed record AskLater(string Error) : InDoubtVerdict;
}

/// <summary>
/// Decides what became of an in-doubt message (invariant 2, "never silently lost"): a text is looked up
/// at Twilio (found: sent; not found: it never arrived and may go again); the outbox records in the same
/// commit as its claim, so an outbox row still "sending" was never recorded; an email that a provider event
/// has already placed at SendGrid was sent; any other email follows <see cref="MessagingOptions.InDoubtEmail"/>,
/// and a copy that was itself sent after a doubt is never sent a third time. The callers keep their own
/// state machines (touch point, notice, SMS reply) and act on the verdict.
/// </summary>
public sealed class DeliveryReconciler(AppDbContext db, IServiceProvider services, IOptions<MessagingOptions> options, TimeProvider time)
{
    public async Task<InDoubtVerdict> CheckAsync(MessageDelivery delivery, CancellationToken ct)
    {
        // A provider's own event got here first (SendGrid's "processed", a Twilio status callback).
        if (delivery.Status is not (DeliveryStatus.Sending or DeliveryStatus.InDoubt or DeliveryStatus.Failed))
            return new InDoubtVerdict.Sent(delivery.ProviderMessageId, $"the provider reported it {Common.EnumNames.Of(delivery.Status)}");

        if (delivery.Channel == Channel.Sms)
        {
            if (services.GetKeyedService<ISmsSender>(delivery.Provider) is not { } sms)
                return new InDoubtVerdict.Unresolved($"no SMS provider '{delivery.Provider}' is configured to ask");
            if (sms.RecordsOnly)
                return new InDoubtVerdict.NotSent("the outbox never recorded it");
            try
            {
                return await sms.FindAsync(new OutgoingSms(delivery.Id, delivery.Recipient, delivery.Sender, delivery.Body), delivery.CreatedAt, ct) is { } sid
                    ? new InDoubtVerdict.Sent(sid, "found at Twilio")
                    : new InDoubtVerdict.NotSent("Twilio has no such message: it never arrived");
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                return time.GetUtcNow() - delivery.CreatedAt > options.Value.InDoubtGiveUpAfter
                    ? new InDoubtVerdict.Unresolved($"Twilio could not be asked for {options.Value.InDoubtGiveUpAfter.TotalHours:0} h: {e.Message}")
                    : new InDoubtVerdict.AskLater(e.Message);
            }
        }

        if (services.GetKeyedService<IEmailSender>(delivery.Provider) is { RecordsOnly: true })
            return new InDoubtVerdict.NotSent("the outbox never recorded it");
        if (delivery.ResendOf is { } earlier
            && await db.MessageDeliveries.AnyAsync(d => d.Id == earlier && d.Status == DeliveryStatus.InDoubt, ct))
            return new InDoubtVerdict.Unresolved("a copy already sent again after an earlier doubt: it is not sent a third time");
        return options.Value.InDoubtEmail == "resend"
            ? new InDoubtVerdict.SendAgain($"{delivery.Provider} cannot be asked; sent once more (Messaging:InDoubtEmail = resend)")
            : new InDoubtVerdict.Unresolved($"{delivery.Provider} cannot be asked; left for staff (Messaging:InDoubtEmail = leave)");
    }

    /// <summary>Writes the verdict onto the delivery row (a lookup that failed changes nothing: it is asked again).</summary>
    public static void Record(MessageDelivery delivery, InDoubtVerdict verdict, DateTimeOffset now)
    {
        switch (verdict)
        {
            case InDoubtVerdict.Sent sent:
                if (!DeliveryStatuses.Advances(DeliveryStatus.Queued, delivery.Status))
                    delivery.Status = DeliveryStatus.Queued;
                delivery.ProviderMessageId ??= sent.ProviderMessageId;
                (delivery.ErrorCode, delivery.ErrorMessage) = (null, null);
                delivery.StatusHistory = DeliveryStatuses.AppendHistory(delivery.StatusHistory, delivery.Status, now, $"after the sender stopped: {sent.How}");
                break;
            case InDoubtVerdict.NotSent notSent:
                (delivery.Status, delivery.ErrorCode, delivery.ErrorMessage) = (DeliveryStatus.Failed, "not_sent", notSent.How);
                delivery.StatusHistory = DeliveryStatuses.AppendHistory(delivery.StatusHistory, DeliveryStatus.Failed, now, $"not_sent: {notSent.How}");
                break;
            case InDoubtVerdict.SendAgain again:
                (delivery.Status, delivery.ErrorMessage) = (DeliveryStatus.InDoubt, again.How);
                delivery.StatusHistory = DeliveryStatuses.AppendHistory(delivery.StatusHistory, DeliveryStatus.InDoubt, now, again.How);
                break;
            case InDoubtVerdict.Unresolved unresolved:
                (delivery.Status, delivery.ErrorMessage) = (DeliveryStatus.InDoubt, unresolved.Reason);
                delivery.StatusHistory = DeliveryStatuses.AppendHistory(delivery.StatusHistory, DeliveryStatus.InDoubt, now, unresolved.Reason);
                break;
            default:
                return;
        }
        delivery.UpdatedAt = now;
    }
}
