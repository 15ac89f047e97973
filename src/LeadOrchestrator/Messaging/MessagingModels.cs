using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// Every message handed to a provider, or recorded by the outbox (table <c>message_deliveries</c>):
/// what was sent to whom, the provider's id, and every status it went through.
/// </summary>
public sealed class MessageDelivery : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? TouchPointId { get; set; }
    public Channel Channel { get; set; }

    /// <summary>cadence, help, assistant, or an appointment notice (confirmation, rescheduled, cancelled, reminder_24h, reminder_2h, rebook): why the message exists.</summary>
    public required string Kind { get; set; }

    /// <summary>twilio, sendgrid, smtp or outbox.</summary>
    public required string Provider { get; set; }

    public required string Recipient { get; set; }
    public string? Sender { get; set; }
    public string? Subject { get; set; }
    public required string Body { get; set; }
    public string? BodyHtml { get; set; }

    /// <summary>Email only: JSON array of {fileName, contentType, content} (a calendar file, as text).</summary>
    public string? Attachments { get; set; }

    /// <summary>SMS only: GSM-7 or UCS-2, and how many segments that makes.</summary>
    public string? Encoding { get; set; }

    public int? Segments { get; set; }
    public string? ProviderMessageId { get; set; }
    public required DeliveryStatus Status { get; set; }

    /// <summary>JSON array of {status, at, detail}: every status change and provider callback, in arrival order.</summary>
    public string StatusHistory { get; set; } = "[]";

    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>
    /// The earlier attempt of the same message (a retry after a failure, or a copy sent again when the
    /// earlier one's fate was unknown): a possible duplicate can be traced, and a second doubt is not resent.
    /// </summary>
    public Guid? ResendOf { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A text outside the cadence (a help answer, an assistant reply), measured and with its first status recorded.</summary>
    public static MessageDelivery Sms(Guid tenantId, Guid? leadId, string kind, string provider, string to, string? from, string body,
        DeliveryStatus status, string? detail, DateTimeOffset now)
    {
        var size = Templates.SmsText.Measure(body);
        return new MessageDelivery
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            LeadId = leadId,
            Channel = Channel.Sms,
            Kind = kind,
            Provider = provider,
            Recipient = to,
            Sender = from,
            Body = body,
            Encoding = size.Encoding,
            Segments = size.Segments,
            Status = status,
            StatusHistory = DeliveryStatuses.AppendHistory("[]", status, now, detail),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}

/// <summary>
/// Consent events per address and channel (table <c>contact_consents</c>), append-only: the newest
/// row decides. STOP, an unsubscribe, a spam complaint or a hard bounce add an opt-out.
/// </summary>
public sealed class ContactConsent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Channel Channel { get; set; }

    /// <summary>E.164 phone or lower-cased email.</summary>
    public required string Address { get; set; }

    public ConsentStatus Status { get; set; }

    /// <summary>sms_keyword, unsubscribe_link, provider_opt_out, spam_report, hard_bounce, staff.</summary>
    public required string Source { get; set; }

    /// <summary>What the person actually did, e.g. the text of the message ("Stop").</summary>
    public string? Detail { get; set; }

    public Guid? LeadId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum ConsentStatus
{
    OptedIn,
    OptedOut,
}

/// <summary>A provider callback already applied (table <c>provider_events</c>), so a redelivery changes nothing.</summary>
public sealed class ProviderEvent
{
    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string EventId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>How a tenant sends (table <c>tenant_messaging_configs</c>); empty values fall back to configuration.</summary>
public sealed class TenantMessagingConfig : ITenantOwned
{
    public Guid TenantId { get; set; }

    /// <summary>outbox or twilio.</summary>
    public string? SmsProvider { get; set; }

    /// <summary>outbox, sendgrid or smtp.</summary>
    public string? EmailProvider { get; set; }

    public string? TwilioMessagingServiceSid { get; set; }
    public string? EmailFromAddress { get; set; }
    public string? EmailFromName { get; set; }

    /// <summary>Demo tenants send only to allow-listed recipients; everything else goes to the outbox.</summary>
    public bool DemoMode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
