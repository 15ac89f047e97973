namespace LeadOrchestrator.Messaging.Channels;

public sealed record OutgoingSms(Guid DeliveryId, string To, string? From, string Body);

/// <param name="Reference">What the email is for (<c>touch:{id}</c>, <c>notice:{id}</c>), sent along with it (SendGrid custom args, SMTP headers), so a copy sent again after an in-doubt one can be traced to it.</param>
/// <param name="ResendOf">The delivery this one repeats, when an earlier attempt's fate is unknown.</param>
public sealed record OutgoingEmail(
    Guid DeliveryId,
    string To,
    string? ToName,
    string From,
    string? FromName,
    string Subject,
    string Text,
    string Html,
    Uri? UnsubscribeUrl,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    string? Reference = null,
    Guid? ResendOf = null);

/// <summary>A text file sent with an email, such as an appointment's calendar (.ics).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, string Content);

/// <summary>What a provider call did, in the terms the at-most-once rule needs.</summary>
public abstract record SendResult
{
    /// <summary>The provider has the message.</summary>
    public sealed record Accepted(string ProviderMessageId, string Status) : SendResult;

    /// <summary>It certainly did not reach the provider (refused connection, 429, 5xx without an id): safe to try again.</summary>
    public sealed record RetryLater(string Code, string Message, TimeSpan? RetryAfter = null) : SendResult;

    /// <summary>The provider refused it for good (invalid number, unsubscribed recipient, bad request).</summary>
    public sealed record Rejected(string Code, string Message) : SendResult;

    /// <summary>No answer after the request left: the provider may or may not have it.</summary>
    public sealed record Unknown(string Message) : SendResult;
}

/// <summary>A way to send SMS. Real implementations: Twilio and the outbox.</summary>
public interface ISmsSender
{
    string Provider { get; }

    /// <summary>
    /// True for the outbox: "sending" is only recording, so it is done before the commit that claims the
    /// message and commits with it — such a message is never left in doubt.
    /// </summary>
    bool RecordsOnly => false;

    Task<SendResult> SendAsync(OutgoingSms sms, CancellationToken ct);

    /// <summary>After an <see cref="SendResult.Unknown"/>: the provider's id of this message if it did arrive, else null.</summary>
    Task<string?> FindAsync(OutgoingSms sms, DateTimeOffset sentAfter, CancellationToken ct);
}

/// <summary>A way to send email. Real implementations: SendGrid, SMTP and the outbox.</summary>
public interface IEmailSender
{
    string Provider { get; }

    /// <inheritdoc cref="ISmsSender.RecordsOnly"/>
    bool RecordsOnly => false;

    Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken ct);
}

/// <summary>Records SMS without sending: the demo's and a development machine's channel. The delivery row is the outbox.</summary>
public sealed class OutboxSmsSender : ISmsSender
{
    public const string Name = "outbox";

    public string Provider => Name;

    public bool RecordsOnly => true;

    public Task<SendResult> SendAsync(OutgoingSms sms, CancellationToken ct) =>
        Task.FromResult<SendResult>(new SendResult.Accepted($"outbox_{sms.DeliveryId:N}", "delivered"));

    public Task<string?> FindAsync(OutgoingSms sms, DateTimeOffset sentAfter, CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary>Records email without sending.</summary>
public sealed class OutboxEmailSender : IEmailSender
{
    public string Provider => OutboxSmsSender.Name;

    public bool RecordsOnly => true;

    public Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken ct) =>
        Task.FromResult<SendResult>(new SendResult.Accepted($"outbox_{email.DeliveryId:N}", "delivered"));
}
