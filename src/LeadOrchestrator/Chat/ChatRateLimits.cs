using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using LeadOrchestrator.Common;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

/// <summary>
/// The chat API's limits that depend on who is asking: per lead (<see cref="ChatApiOptions.PerLeadPerMinute"/>),
/// charged only once the token has proved the caller is that lead, and per IP address for callers without
/// a valid token (<see cref="ChatApiOptions.UnauthenticatedPerIpPerMinute"/>). The per-IP limit on every
/// chat call is the rate-limiting middleware's global limiter.
/// </summary>
public sealed class ChatRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _perLead;
    private readonly PartitionedRateLimiter<string> _unauthenticated;

    public ChatRateLimits(IOptions<ChatApiOptions> options)
    {
        var o = options.Value;
        _perLead = PartitionedRateLimiter.Create<Guid, Guid>(lead => RateLimitPartition.GetFixedWindowLimiter(lead,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.PerLeadPerMinute, Window = TimeSpan.FromMinutes(1) }));
        _unauthenticated = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = o.UnauthenticatedPerIpPerMinute, Window = TimeSpan.FromMinutes(1) }));
    }

    public RateLimitLease ForLead(Guid leadId) => _perLead.AttemptAcquire(leadId);

    public RateLimitLease Unauthenticated(IPAddress? address) => _unauthenticated.AttemptAcquire(address?.ToString() ?? "unknown");

    /// <summary>429 with <c>Retry-After</c>, as every chat limit answers.</summary>
    public static IResult Rejected(HttpContext http, RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.Refused(StatusCodes.Status429TooManyRequests, "too_many_requests", "Too many requests; please wait a moment and try again.");
    }

    public void Dispose()
    {
        _perLead.Dispose();
        _unauthenticated.Dispose();
    }
}
