using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace LeadOrchestrator.Common;

/// <summary>
/// Behind a load balancer or reverse proxy (section <c>Proxy</c>): which addresses may tell us, through
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the client is and whether it came over HTTPS. With
/// none configured, no forwarded header is believed (a client could claim any address).
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>The proxies' own addresses, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR form, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Proxies in a row in front of the app whose entries are read (each adds one to X-Forwarded-For).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool Configured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

public static class ProxyHeaders
{
    public static IHostApplicationBuilder AddProxyHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Proxy:KnownProxies must be IP addresses (e.g. 10.0.0.5).")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Proxy:KnownNetworks must be networks in CIDR form (e.g. 10.0.0.0/8).");
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = proxy.ForwardLimit;
            // Only what is configured: the framework's default trusts loopback, which a same-host client could abuse.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.KnownProxies)
                if (IPAddress.TryParse(address, out var ip))
                    o.KnownProxies.Add(ip);
            foreach (var network in proxy.KnownNetworks)
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                    o.KnownIPNetworks.Add(parsed);
        });
        return builder;
    }

    /// <summary>
    /// First in the pipeline, so the cookie's <c>Secure</c> flag, the rate limits and the logs see the client's
    /// scheme and address rather than the proxy's. Off unless <see cref="ProxyOptions"/> names a proxy.
    /// </summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() is { Configured: true })
            app.UseForwardedHeaders();
        return app;
    }
}
