using System.Globalization;
using System.Net.Sockets;
using LeadOrchestrator.Links;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace LeadOrchestrator.Messaging.Channels;

/// <summary>
/// SMS through the official Twilio SDK. Twilio has no idempotency key, so the result separates what
/// certainly did not reach Twilio (retry) from what might have (reconcile, never blindly resend).
/// </summary>
public sealed class TwilioSmsSender(IHttpClientFactory httpClients, IOptions<TwilioOptions> options, PublicUrls urls) : ISmsSender
{
    public const string Name = "twilio";
    public const string HttpClientName = "twilio";

    public string Provider => Name;

    public async Task<SendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        var o = options.Value;
        var request = new CreateMessageOptions(new PhoneNumber(sms.To))
        {
            Body = sms.Body,
            StatusCallback = urls.Resolve("webhooks/twilio/status"),
        };
        if (!string.IsNullOrEmpty(o.MessagingServiceSid))
            request.MessagingServiceSid = o.MessagingServiceSid;
        else
            request.From = new PhoneNumber(sms.From ?? o.FromNumber ?? throw new InvalidOperationException("Twilio needs Twilio:MessagingServiceSid, Twilio:FromNumber or the location's SMS number."));

        try
        {
            // The SDK takes no cancellation token: on shutdown the wait is given up (the call may still land;
            // the message stays "sending" and is looked up after the lease, as after a crash).
            var message = await MessageResource.CreateAsync(request, Client()).WaitAsync(ct);
            return new SendResult.Accepted(message.Sid, message.Status?.ToString() ?? "queued");
        }
        catch (ApiException e) when (e.Status == 0)
        {
            // The SDK could not read a Twilio error from the answer (a proxy's or gateway's page):
            // Twilio may have taken the message, so it is looked up, never blindly sent again.
            return new SendResult.Unknown(e.Message);
        }
        catch (ApiException e) when (e.Status == 429 || e.Status >= 500)
        {
            // Twilio itself answered with an error and no message: nothing was queued.
            return new SendResult.RetryLater(e.Code.ToString(CultureInfo.InvariantCulture), e.Message);
        }
        catch (ApiException e)
        {
            return new SendResult.Rejected(e.Code.ToString(CultureInfo.InvariantCulture), e.Message);
        }
        catch (Exception e) when (NeverConnected(e))
        {
            return new SendResult.RetryLater("connection", e.Message);
        }
        catch (Exception e) when (e is ApiConnectionException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new SendResult.Unknown(e.Message);
        }
    }

    /// <summary>
    /// Twilio's message list for this recipient (and sender, unless a Messaging Service picks it), newest
    /// first, matched by body among those created since a minute before the attempt. Not by date on
    /// Twilio's side: its date filter has a day's granularity and counts only messages already sent.
    /// Every message we send carries a fresh chat link, so the body tells one attempt from another.
    /// </summary>
    public async Task<string?> FindAsync(OutgoingSms sms, DateTimeOffset sentAfter, CancellationToken ct)
    {
        var read = new ReadMessageOptions { To = new PhoneNumber(sms.To), PageSize = 100, Limit = 100 };
        if (string.IsNullOrEmpty(options.Value.MessagingServiceSid) && (sms.From ?? options.Value.FromNumber) is { Length: > 0 } from)
            read.From = new PhoneNumber(from);
        var since = sentAfter.UtcDateTime.AddMinutes(-1);
        var messages = await MessageResource.ReadAsync(read, Client()).WaitAsync(ct);
        return messages.FirstOrDefault(m => string.Equals(m.Body, sms.Body, StringComparison.Ordinal) && (m.DateCreated is not { } created || Utc(created) >= since))?.Sid;
    }

    /// <summary>The SDK's dates as UTC, whichever kind it parsed them into.</summary>
    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    private TwilioRestClient Client()
    {
        var o = options.Value;
        return new TwilioRestClient(o.AccountSid ?? "", o.AuthToken ?? "", httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
    }

    /// <summary>Refused or unresolvable: the request never left, so a retry cannot duplicate anything.</summary>
    private static bool NeverConnected(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable })
                return true;
        }
        return false;
    }
}
