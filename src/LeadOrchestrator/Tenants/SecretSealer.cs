using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// Seals the tenant secrets stored before sealing existed (or written by hand, in plain text), at start-up after the
/// migrations: from then on none is at rest in the clear. Idempotent; two instances doing it at once only seal twice.
/// </summary>
public sealed partial class SecretSealer(AppDbContext db, SecretBox secrets, ILogger<SecretSealer> logger)
{
    public async Task SealAsync(CancellationToken ct)
    {
        // System work: every tenant's settings.
        var configs = await db.TenantCrmConfigs.AcrossTenants()
            .Where(c => (c.ApiKeySealed != null && !c.ApiKeySealed.StartsWith(SecretBox.Prefix))
                || (c.WebhookSecretSealed != null && !c.WebhookSecretSealed.StartsWith(SecretBox.Prefix))
                || (c.PreviousWebhookSecretSealed != null && !c.PreviousWebhookSecretSealed.StartsWith(SecretBox.Prefix)))
            .ToListAsync(ct);
        foreach (var c in configs)
        {
            c.ApiKeySealed = Sealed(c.ApiKeySealed);
            c.WebhookSecretSealed = Sealed(c.WebhookSecretSealed);
            c.PreviousWebhookSecretSealed = Sealed(c.PreviousWebhookSecretSealed);
        }
        if (configs.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            Log.Sealed(logger, configs.Count);
        }
    }

    private string? Sealed(string? value) => value is null || SecretBox.IsSealed(value) ? value : secrets.Seal(value);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Sealed the plain-text secrets of {Count} tenants' ShopMonkey settings.")]
        public static partial void Sealed(ILogger logger, int count);
    }
}
