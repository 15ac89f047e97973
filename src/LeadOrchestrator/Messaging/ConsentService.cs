using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// Opt-ins and opt-outs per address and channel, for the current tenant. An opt-out takes effect at
/// once for every lead with that address: their remaining touches on that channel are cancelled in
/// the same unit of work, and the dispatcher checks consent again right before each send.
/// </summary>
public sealed class ConsentService(AppDbContext db, CadenceService cadence, TimeProvider time)
{
    /// <summary>The newest consent status of each address (addresses with no record are absent).</summary>
    public async Task<Dictionary<string, ConsentStatus>> LatestAsync(Channel channel, IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        if (addresses.Count == 0)
            return [];
        var rows = await db.ContactConsents.AsNoTracking()
            .Where(c => c.Channel == channel && addresses.Contains(c.Address))
            .Select(c => new { c.Id, c.Address, c.Status })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Address).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!.Status, StringComparer.Ordinal);
    }

    public async Task<bool> IsOptedOutAsync(Channel channel, string address, CancellationToken ct) =>
        (await LatestAsync(channel, [address], ct)).GetValueOrDefault(address) == ConsentStatus.OptedOut;

    /// <summary>Records a consent event; an opt-out stops that channel for every lead with the address.</summary>
    public async Task RecordAsync(Channel channel, string address, ConsentStatus status, string source, string? detail, Guid? leadId, CancellationToken ct)
    {
        db.ContactConsents.Add(new ContactConsent
        {
            TenantId = db.CurrentTenantId ?? throw new InvalidOperationException("Consent is recorded for a tenant."),
            Channel = channel,
            Address = address,
            Status = status,
            Source = source,
            Detail = detail is { Length: > 1600 } ? detail[..1600] : detail,
            LeadId = leadId,
            CreatedAt = time.GetUtcNow(),
        });
        if (status != ConsentStatus.OptedOut)
            return;
        var reason = source switch
        {
            ConsentSources.SpamReport => StopReasons.SpamComplaint,
            ConsentSources.HardBounce => StopReasons.EmailBounced,
            _ => StopReasons.OptedOut,
        };
        foreach (var lead in await LeadsWithAsync(channel, address, ct))
            await cadence.StopChannelAsync(lead, channel, reason, ct);
    }

    /// <summary>Every lead of the tenant reachable at this address on this channel.</summary>
    public Task<List<Leads.Lead>> LeadsWithAsync(Channel channel, string address, CancellationToken ct) =>
        channel == Channel.Sms
            ? db.Leads.Where(l => l.Phone == address).ToListAsync(ct)
            : db.Leads.Where(l => l.Email == address).ToListAsync(ct);
}

public static class ConsentSources
{
    public const string SmsKeyword = "sms_keyword";
    public const string UnsubscribeLink = "unsubscribe_link";
    public const string ProviderOptOut = "provider_opt_out";
    public const string SpamReport = "spam_report";
    public const string HardBounce = "hard_bounce";
    public const string Staff = "staff";
}
