using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// Opt-ins and opt-outs per address and channel, for the current tenant. An opt-out takes effect at
/// once for every lead with that address: their remaining touches on that channel are cancelled in
/// the same unit of work, and the dispatcher checks consent again right before each send.
/// </summary>
public sealed class ConsentService(AppDbContext db, CadenceService cadence, AddressHasher hasher, TimeProvider time)
{
    /// <summary>An address's newest consent record: its status and when it was recorded.</summary>
    public sealed record Latest(ConsentStatus Status, DateTimeOffset At);

    /// <summary>The newest consent status of each address (addresses with no record are absent).</summary>
    public async Task<Dictionary<string, ConsentStatus>> LatestAsync(Channel channel, IReadOnlyCollection<string> addresses, CancellationToken ct) =>
        (await LatestRecordsAsync(channel, addresses, ct)).ToDictionary(p => p.Key, p => p.Value.Status, StringComparer.Ordinal);

    /// <inheritdoc cref="LatestAsync"/>
    public async Task<Dictionary<string, Latest>> LatestRecordsAsync(Channel channel, IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        if (addresses.Count == 0)
            return [];
        // An erased customer's records hold their address hashed (Customers.CustomerData): found by the same hash.
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var address in addresses)
            byHash[await hasher.HashAsync(address, ct)] = address;
        var keys = addresses.Concat(byHash.Keys).ToList();
        var rows = await db.ContactConsents.AsNoTracking()
            .Where(c => c.Channel == channel && keys.Contains(c.Address))
            .Select(c => new { c.Id, c.Address, c.Status, c.CreatedAt })
            .ToListAsync(ct);
        return rows.GroupBy(r => byHash.GetValueOrDefault(r.Address, r.Address)).Select(g => (g.Key, Row: g.MaxBy(r => r.Id)!))
            .ToDictionary(r => r.Key, r => new Latest(r.Row.Status, r.Row.CreatedAt), StringComparer.Ordinal);
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

    /// <summary>
    /// What a provider's error code says about the recipient, applied once for every sender: "they replied
    /// STOP to this number" records an opt-out; "not a number that takes texts" stops that channel for every
    /// lead with the address; any other code changes nothing. Part of the caller's unit of work: the caller saves.
    /// </summary>
    public async Task ApplyProviderEffectAsync(Channel channel, string address, string? code, Guid? leadId, string detail, CancellationToken ct)
    {
        if (code is not { Length: > 0 } || ProviderCodes.EffectOf(channel, code) is not { } effect)
            return;
        if (effect.OptOut)
            await RecordAsync(channel, address, ConsentStatus.OptedOut, ConsentSources.ProviderOptOut, detail, leadId, ct);
        else
            foreach (var lead in await LeadsWithAsync(channel, address, ct))
                await cadence.StopChannelAsync(lead, channel, effect.Reason, ct);
    }

    /// <summary>
    /// <see cref="ApplyProviderEffectAsync"/> for the refusals a sender got, in a unit of work of their own
    /// after the sender has committed what the provider said (a lead that changed meanwhile — intake, staff
    /// — only makes this redo, never loses the delivery's record). Clears the context's tracked changes.
    /// </summary>
    public async Task ApplyProviderEffectsAsync(IReadOnlyCollection<ProviderRefusal> refusals, CancellationToken ct)
    {
        var relevant = refusals.Where(r => ProviderCodes.EffectOf(r.Channel, r.Code) is not null).ToList();
        if (relevant.Count == 0)
            return;
        db.ChangeTracker.Clear();
        await db.RetryOnConflictAsync(async c =>
        {
            foreach (var r in relevant)
                await ApplyProviderEffectAsync(r.Channel, r.Address, r.Code, r.LeadId, r.Detail, c);
            await db.SaveChangesAsync(c);
        }, ct);
    }

    /// <summary>Every lead of the tenant reachable at this address on this channel.</summary>
    public Task<List<Leads.Lead>> LeadsWithAsync(Channel channel, string address, CancellationToken ct) =>
        channel == Channel.Sms
            ? db.Leads.Where(l => l.Phone == address).ToListAsync(ct)
            : db.Leads.Where(l => l.Email == address).ToListAsync(ct);
}

/// <summary>A provider turned a message away with <paramref name="Code"/>; what that may say about <paramref name="Address"/>.</summary>
public sealed record ProviderRefusal(Channel Channel, string Address, string Code, Guid? LeadId, string Detail)
{
    public static ProviderRefusal? Of(MessageDelivery delivery, Channels.SendResult result) =>
        result is Channels.SendResult.Rejected rejected
            ? new ProviderRefusal(delivery.Channel, delivery.Recipient, rejected.Code, delivery.LeadId, $"{delivery.Provider} error {rejected.Code}")
            : null;
}

public static class ConsentSources
{
    public const string SmsKeyword = "sms_keyword";
    public const string UnsubscribeLink = "unsubscribe_link";
    public const string ProviderOptOut = "provider_opt_out";
    public const string SpamReport = "spam_report";
    public const string HardBounce = "hard_bounce";
    public const string Staff = "staff";

    /// <summary>The customer asked to be erased: never texted or emailed again, their address kept only hashed.</summary>
    public const string Erasure = "erasure";
}
