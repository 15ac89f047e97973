using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// A tenant's secrets at rest (ShopMonkey API keys, webhook secrets): sealed with ASP.NET Core Data Protection, whose
/// key ring is in the database (every instance shares it; encrypted with <c>DataProtection:CertificatePath</c> when
/// configured), and opened only where a secret is used. A sealed value is <c>dp1:</c> and the protected payload. A
/// value without the prefix was stored before sealing existed: it is opened as it is, and <see cref="SecretSealer"/>
/// seals it at the next start. Screens and logs show <see cref="Hint"/> (the last four characters), never more.
/// </summary>
public sealed class SecretBox(IDataProtectionProvider protection)
{
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = protection.CreateProtector("LeadOrchestrator.TenantSecrets.v1");

    public static bool IsSealed(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    public string Seal(string plain) => Prefix + _protector.Protect(plain);

    public string? SealOrNull(string? plain) => plain is null ? null : Seal(plain);

    /// <summary>The secret, or null; a value that cannot be opened (another deployment's key ring) is refused, never passed on.</summary>
    public string? Open(string? stored)
    {
        if (stored is null || !IsSealed(stored))
            return stored;
        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException("A stored secret cannot be opened with this deployment's key ring.", e);
        }
    }

    /// <summary>What a person may see of a secret: its last four characters (“…a1b2”; of a short one, none); nothing for none.</summary>
    public string? Hint(string? stored) => Open(stored) is { Length: > 0 } plain ? "…" + (plain.Length >= 12 ? plain[^4..] : "") : null;
}
