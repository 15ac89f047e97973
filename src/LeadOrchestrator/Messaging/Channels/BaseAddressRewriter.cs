namespace LeadOrchestrator.Messaging.Channels;

/// <summary>
/// Sends an SDK's requests to another base address (scheme, host, port), keeping path and query.
/// The Twilio SDK hard-codes https://api.twilio.com; this is how tests and self-hosted proxies
/// point the official SDK elsewhere.
/// </summary>
public sealed class BaseAddressRewriter(Uri target) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
