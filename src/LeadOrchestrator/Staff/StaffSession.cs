using LeadOrchestrator.Data;

namespace LeadOrchestrator.Staff;

/// <summary>
/// One signed-in browser (table <c>staff_sessions</c>). The cookie names it; every request checks that it
/// is still open, unexpired, and that the user's security stamp is the one it began with — so signing out,
/// a password change or a deactivation ends it at once, even for a copy of the cookie.
/// </summary>
public sealed class StaffSession : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The user's <see cref="StaffUser.SecurityStamp"/> when the session began.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The longest a session lasts, however busy (the cookie also ends after 8 idle hours).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>
/// Failed sign-ins per address typed in (table <c>staff_sign_in_throttles</c>), known account or not, so
/// the answer never tells which addresses have accounts. See <see cref="SignInThrottle"/>.
/// </summary>
public sealed class SignInAttempts : IVersioned
{
    /// <summary>Lower-cased, as typed.</summary>
    public required string Email { get; set; }

    public int Failures { get; set; }
    public DateTimeOffset? LastFailureAt { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>Where the account last signed in successfully: its owner's own address is never held up by a stranger's guesses.</summary>
    public string? LastSuccessIp { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}
