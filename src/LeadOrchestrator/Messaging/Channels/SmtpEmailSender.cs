using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LeadOrchestrator.Messaging.Channels;

/// <summary>Email over SMTP with MailKit, for self-hosters with their own mail server.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public const string Name = "smtp";

    public string Provider => Name;

    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(email.FromName ?? "", email.From));
        message.To.Add(new MailboxAddress(email.ToName ?? "", email.To));
        message.Subject = email.Subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(email.From.Split('@').LastOrDefault() ?? "localhost");
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        // Ours, so that a copy sent again after an in-doubt one can be traced to the message it repeats.
        message.Headers.Add("X-LeadOrchestrator-Delivery", email.DeliveryId.ToString());
        if (email.Reference is { } reference)
            message.Headers.Add("X-LeadOrchestrator-Reference", reference);
        if (email.ResendOf is { } resendOf)
            message.Headers.Add("X-LeadOrchestrator-Resend-Of", resendOf.ToString());
        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var file in email.Attachments ?? [])
            body.Attachments.Add(file.FileName, System.Text.Encoding.UTF8.GetBytes(file.Content), ContentType.Parse(file.ContentType));
        message.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        var dataSent = false;
        try
        {
            await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), o.Port, Enum.Parse<SecureSocketOptions>(o.Security, true), ct);
            if (!string.IsNullOrEmpty(o.Username))
                await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            dataSent = true;
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return new SendResult.Accepted(message.MessageId, "sent");
        }
        catch (SmtpCommandException e)
        {
            // 4xx is "try later", 5xx is a refusal; either way the server said no to this message.
            var code = ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture);
            return (int)e.StatusCode < 500 ? new SendResult.RetryLater(code, e.Message) : new SendResult.Rejected(code, e.Message);
        }
        catch (Exception e) when (!dataSent && e is SocketException or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or AuthenticationException or IOException)
        {
            return new SendResult.RetryLater("connection", e.Message);
        }
        catch (Exception e) when (e is SocketException or SmtpProtocolException or IOException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new SendResult.Unknown(e.Message);
        }
    }
}
