using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace LeadOrchestrator.Messaging.Channels;

/// <summary>Email through the official SendGrid SDK; the X-Message-Id is kept to match event callbacks.</summary>
public sealed class SendGridEmailSender(IHttpClientFactory httpClients, IOptions<SendGridOptions> options) : IEmailSender
{
    public const string Name = "sendgrid";
    public const string HttpClientName = "sendgrid";

    public string Provider => Name;

    public async Task<SendResult> SendAsync(OutgoingEmail email, CancellationToken ct)
    {
        var o = options.Value;
        var clientOptions = new SendGridClientOptions { ApiKey = o.ApiKey ?? "" };
        if (!string.IsNullOrEmpty(o.Host))
            clientOptions.Host = o.Host;
        var client = new SendGridClient(httpClients.CreateClient(HttpClientName), clientOptions);

        var message = new SendGridMessage
        {
            From = new EmailAddress(email.From, email.FromName),
            Subject = email.Subject,
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
        };
        message.AddTo(new EmailAddress(email.To, email.ToName));
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058 one-click unsubscribe, which Gmail and Yahoo require of bulk senders.
            message.AddHeader("List-Unsubscribe", $"<{unsubscribe}>");
            message.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.AddCustomArg("delivery_id", email.DeliveryId.ToString());
        if (email.Reference is { } reference)
            message.AddCustomArg("reference", reference);
        if (email.ResendOf is { } resendOf)
            message.AddCustomArg("resend_of", resendOf.ToString());
        foreach (var file in email.Attachments ?? [])
            message.AddAttachment(file.FileName, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(file.Content)), file.ContentType, "attachment");

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound })
        {
            return new SendResult.RetryLater("connection", e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new SendResult.Unknown(e.Message);
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var id = response.Headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return new SendResult.Accepted(id ?? $"sendgrid_{email.DeliveryId:N}", "queued");
        }
        var body = await response.Body.ReadAsStringAsync(ct);
        var code = status.ToString(CultureInfo.InvariantCulture);
        return response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500
            ? new SendResult.RetryLater(code, body, response.Headers.RetryAfter?.Delta)
            : new SendResult.Rejected(code, body);
    }
}
