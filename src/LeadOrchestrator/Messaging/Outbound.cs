using System.Text.Json;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// A message ready to go: its delivery row, already in <c>sending</c> with its provider, sender, body and
/// size, and the one call that hands it over. The caller adds the row to its unit of work, commits it with
/// its own state (at most once: the row is on disk before the call), calls <see cref="SendAsync"/>, and
/// records the answer with <see cref="DeliveryStatuses.Record"/>. The outbox only records
/// (<see cref="RecordsOnly"/>): its "send" belongs in that first commit, so it is never in doubt.
/// </summary>
public sealed class OutboundMessage
{
    private readonly ISmsSender? _sms;
    private readonly OutgoingSms? _text;
    private readonly IEmailSender? _email;
    private readonly OutgoingEmail? _mail;

    internal OutboundMessage(MessageDelivery delivery, ISmsSender sms, OutgoingSms text) => (Delivery, _sms, _text) = (delivery, sms, text);

    internal OutboundMessage(MessageDelivery delivery, IEmailSender email, OutgoingEmail mail) => (Delivery, _email, _mail) = (delivery, email, mail);

    public MessageDelivery Delivery { get; }

    public bool RecordsOnly => _sms?.RecordsOnly ?? _email!.RecordsOnly;

    public Task<SendResult> SendAsync(CancellationToken ct) => _sms is not null ? _sms.SendAsync(_text!, ct) : _email!.SendAsync(_mail!, ct);

    /// <summary>
    /// After a call that got no answer: the provider's id of this text if it has it, null if it never
    /// arrived. Email cannot be looked up this way (null, and the caller keeps its doubt).
    /// </summary>
    public bool CanLookUp => _sms is not null;

    public Task<string?> FindAsync(CancellationToken ct) =>
        _sms is not null ? _sms.FindAsync(_text!, Delivery.CreatedAt, ct) : Task.FromResult<string?>(null);
}

/// <summary>The parts of an email that its sender decides: what it says, and what goes with it.</summary>
/// <param name="Unsubscribe">Marketing email's one-click unsubscribe link (List-Unsubscribe); none for transactional mail.</param>
/// <param name="Reference">What the email is for (<c>touch:{id}</c>, <c>notice:{id}</c>), sent along so a copy sent again can be traced.</param>
public sealed record EmailContent(RenderedEmail Email, Uri? Unsubscribe, IReadOnlyList<EmailAttachment> Attachments, string Reference);

/// <summary>
/// The one way a message is prepared for its provider, whoever sends it (a cadence touch, an appointment
/// notice, an assistant reply, a staff reply): the route for the tenant and recipient, the sender (the
/// location's texting number, else the platform's; the tenant's email address and name, else the
/// platform's, else the shop's name), the CTIA rules of a first text, the size, and the delivery row.
/// Each caller keeps only its own state machine. Also the retry policy, from <see cref="MessagingOptions"/>.
/// </summary>
public sealed class Outbound(ChannelRouter router, IOptions<MessagingOptions> messaging, IOptions<TwilioOptions> twilio)
{
    /// <param name="kind">What the message is, kept on the delivery (<c>cadence</c>, <c>confirmation</c>, <c>assistant</c>, …).</param>
    /// <param name="firstText">No text has reached this number before: the shop is named and STOP explained (CTIA).</param>
    /// <param name="resendOf">The earlier attempt this one repeats, if any.</param>
    /// <param name="note">A word for the delivery's status history (why it was sent).</param>
    /// <exception cref="MessageRefusedException">The text is longer than any text we send (<see cref="MessageTemplates.SmsTooLong"/>).</exception>
    /// <param name="language">The text's language (the lead's unless said), for the first text's STOP line.</param>
    public OutboundMessage Sms(TenantMessagingConfig? config, Lead lead, Location location, string kind, string recipient, string body,
        bool firstText, Guid? resendOf, string? note, DateTimeOffset now, string? language = null) =>
        Sms(config, lead.TenantId, lead.Id, location, kind, recipient, body, firstText, resendOf, note, now, language ?? lead.Language);

    /// <summary>The same for a conversation with no lead (a number that texted the shop).</summary>
    public OutboundMessage Sms(TenantMessagingConfig? config, Guid tenantId, Guid? leadId, Location location, string kind, string recipient, string body,
        bool firstText, Guid? resendOf, string? note, DateTimeOffset now, string language = LeadLanguage.English)
    {
        if (firstText)
            body = FirstTextRules(body, location.Name, language);
        if (MessageTemplates.SmsTooLong(body) is { } tooLong)
            throw new MessageRefusedException(tooLong);
        var sender = router.Sms(config, recipient);
        var from = location.SmsNumber ?? twilio.Value.FromNumber;
        var delivery = MessageDelivery.Sms(tenantId, leadId, kind, sender.Provider, recipient, from, body, DeliveryStatus.Sending, note, now);
        delivery.ResendOf = resendOf;
        return new OutboundMessage(delivery, sender, new OutgoingSms(delivery.Id, recipient, from, body));
    }

    public OutboundMessage Email(TenantMessagingConfig? config, Lead lead, Location location, string kind, string recipient, EmailContent content,
        Guid? resendOf, string? note, DateTimeOffset now)
    {
        var name = string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return Email(config, lead.TenantId, lead.Id, name.Length > 0 ? name : null, location, kind, recipient, content, resendOf, note, now);
    }

    /// <summary>
    /// The same for an email to someone other than a lead (a colleague's alert, an invitation), about <paramref name="leadId"/>
    /// if any; from <paramref name="location"/>'s name unless the tenant or platform names a sender (none: the product's).
    /// </summary>
    public OutboundMessage Email(TenantMessagingConfig? config, Guid tenantId, Guid? leadId, string? recipientName, Location? location, string kind,
        string recipient, EmailContent content, Guid? resendOf, string? note, DateTimeOffset now)
    {
        var sender = router.Email(config, recipient);
        var from = config?.EmailFromAddress ?? messaging.Value.EmailFromAddress;
        var fromName = config?.EmailFromName ?? messaging.Value.EmailFromName ?? location?.Name ?? "Lead Orchestrator";
        var email = content.Email;
        var delivery = new MessageDelivery
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            LeadId = leadId,
            Channel = Channel.Email,
            Kind = kind,
            Provider = sender.Provider,
            Recipient = recipient,
            Sender = from,
            Subject = email.Subject,
            Body = email.Text,
            BodyHtml = email.Html,
            Attachments = content.Attachments.Count == 0 ? null : JsonSerializer.Serialize(content.Attachments, JsonSerializerOptions.Web),
            Status = DeliveryStatus.Sending,
            StatusHistory = DeliveryStatuses.AppendHistory("[]", DeliveryStatus.Sending, now, note),
            ResendOf = resendOf,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var outgoing = new OutgoingEmail(delivery.Id, recipient, recipientName, from, fromName, email.Subject, email.Text, email.Html,
            content.Unsubscribe, content.Attachments.Count == 0 ? null : content.Attachments, content.Reference, resendOf);
        return new OutboundMessage(delivery, sender, outgoing);
    }

    /// <summary>The first text to a number names the shop and says how to stop (CTIA), whatever the template says.</summary>
    public static string FirstTextRules(string body, string shopName, string language = LeadLanguage.English)
    {
        if (!body.Contains(shopName, StringComparison.OrdinalIgnoreCase))
            body = $"{shopName}: {body}";
        if (!body.Contains("STOP", StringComparison.Ordinal))
            body += language == LeadLanguage.Spanish ? " Responda STOP para darse de baja." : " Reply STOP to opt out.";
        return body;
    }

    /// <summary>
    /// When a message the provider turned away for now (<see cref="SendResult.RetryLater"/>) goes again,
    /// after <paramref name="attemptsMade"/> attempts: the configured backoff, or later when the provider
    /// asked for longer; null once the attempts are used up (the message has failed).
    /// </summary>
    public DateTimeOffset? RetryAt(int attemptsMade, SendResult.RetryLater retry, DateTimeOffset now)
    {
        if (attemptsMade >= messaging.Value.MaxAttempts)
            return null;
        var delay = messaging.Value.RetryDelay(attemptsMade);
        return now + (retry.RetryAfter is { } after && after > delay ? after : delay);
    }

    /// <summary>
    /// How long before its lease ends a sender may still start a provider call: the call and a lookup after
    /// a lost answer, each up to the longest provider timeout, and the commit after them. Later than this,
    /// the message waits for the next claim, so the rescue of an expired lease never meets a call in flight.
    /// </summary>
    public static TimeSpan CallAllowance(TwilioOptions twilio, SendGridOptions sendGrid, SmtpOptions smtp) =>
        2 * new[] { twilio.Timeout, sendGrid.Timeout, smtp.Timeout }.Max() + TimeSpan.FromSeconds(30);
}
