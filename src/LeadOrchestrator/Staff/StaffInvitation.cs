using LeadOrchestrator.Data;

namespace LeadOrchestrator.Staff;

/// <summary>
/// An invitation to join a tenant's console (table <c>staff_invitations</c>): the address, the role and locations the
/// colleague will have, and a single-use link that ends (<see cref="Lifetime"/>). It is not an account: the account is
/// made when the invitation is accepted with a password, so nothing can sign in before, and a revoked or expired
/// invitation leaves nothing behind. The link's token is random; only its SHA-256 is kept.
/// </summary>
public sealed class StaffInvitation : ITenantOwned, IVersioned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Lower-cased.</summary>
    public required string Email { get; set; }

    public StaffRole Role { get; set; }

    /// <summary>Where the colleague will work (none for an owner).</summary>
    public List<Guid> LocationIds { get; set; } = [];

    /// <summary>SHA-256 of the link's token, hex; a resend replaces it, so the earlier link stops working.</summary>
    public required string TokenHash { get; set; }

    /// <summary>Who invited (null: the operator, making the tenant).</summary>
    public Guid? InvitedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the latest link was sent.</summary>
    public DateTimeOffset SentAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedUserId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public long Version { get; set; }

    public bool IsPending => AcceptedAt is null && RevokedAt is null;

    /// <summary>A new link's token (for the email), and its hash (for the row).</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return (token, HashOf(token));
    }

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
