using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Which assistant answers a conversation: the tenant's choice (cached 30 s) or the platform's, a lead's
/// A/B arm when a split is configured (drawn once per conversation, the same on every instance), then the
/// fallback. Providers that are not configured are left out.
/// </summary>
public sealed class ProviderSelection(AppDbContext db, ChatProviders providers, IOptions<AiOptions> options, IMemoryCache cache)
{
    /// <summary>Primary (the tenant's, or the lead's A/B arm), then the fallback; unconfigured ones are left out.</summary>
    public async Task<List<ChatProvider>> CandidatesAsync(ChatTurnContext turn, CancellationToken ct)
    {
        // A rehearsal that names its provider scores that one alone: a fallback would hide its failures.
        if (turn.Provider is { } chosen)
            return providers.Get(chosen) is { } only ? [only] : [];
        var ai = options.Value;
        var tenant = await TenantAsync(turn.Lead.TenantId, ct);
        var primary = tenant?.Provider ?? ai.Provider;
        var split = tenant?.Split is { Length: > 0 } s ? TenantAiConfig.ParseSplit(s) : ai.Split;
        split = split.Where(w => w.Value > 0 && providers.Get(w.Key) is not null).ToDictionary(w => w.Key, w => w.Value);
        if (split.Count > 0)
        {
            turn.Session.AssistantArm ??= Draw(split, turn.Lead.Id);
            primary = turn.Session.AssistantArm;
        }
        var fallback = tenant?.FallbackProvider ?? ai.FallbackProvider;
        return new[] { primary, fallback }.Select(providers.Get).OfType<ChatProvider>().DistinctBy(p => p.Name).ToList();
    }

    /// <summary>The provider the tenant's customers get (before any A/B split), when it is configured.</summary>
    public async Task<string?> LiveAsync(Guid tenantId, CancellationToken ct) =>
        providers.Get((await TenantAsync(tenantId, ct))?.Provider ?? options.Value.Provider)?.Name;

    // Read on every answer otherwise; a changed choice takes effect within 30 s.
    private Task<TenantAiConfig?> TenantAsync(Guid tenantId, CancellationToken ct) =>
        cache.GetOrCreateAsync((nameof(TenantAiConfig), tenantId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            return db.TenantAiConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        });

    /// <summary>A weighted draw that depends only on the lead, so it is the same on every instance.</summary>
    public static string Draw(IReadOnlyDictionary<string, int> weights, Guid leadId)
    {
        var total = weights.Values.Sum();
        var point = (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(leadId.ToByteArray()), 0) % (uint)total);
        foreach (var (name, weight) in weights.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (point < weight)
                return name;
            point -= weight;
        }
        return weights.Keys.First();
    }
}
