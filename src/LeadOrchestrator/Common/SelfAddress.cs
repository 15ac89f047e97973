using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LeadOrchestrator.Common;

/// <summary>
/// Where this process can reach itself over HTTP: the built-in ShopMonkey sandbox is called through
/// the same HttpClient as the real API, and delivers its webhooks here.
/// </summary>
public sealed class SelfAddress(IServer server, IConfiguration configuration)
{
    public Uri BaseUri
    {
        get
        {
            if (configuration["Demo:SelfBaseUrl"] is { Length: > 0 } configured)
                return new Uri(configured.TrimEnd('/') + "/");
            // Not listening (an operator's command): where it is configured to listen.
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } listening ? listening
                : (ICollection<string>)(configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);
            var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server has no listening address yet; set App:PublicBaseUrl (or Demo:SelfBaseUrl).");
            var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal));
            if (uri.Host is "0.0.0.0" or "[::]" or "::")
                uri.Host = "127.0.0.1";
            uri.Path = "/";
            return uri.Uri;
        }
    }

    public Uri Resolve(string relative) => new(BaseUri, relative.TrimStart('/'));
}
