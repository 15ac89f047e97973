using LeadOrchestrator.Data;

namespace LeadOrchestrator.Staff;

/// <summary>Someone who works at a shop or franchise (table <c>users</c>); signs in to the console.</summary>
public sealed class StaffUser : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Lower-cased; unique across tenants (it is the sign-in name).</summary>
    public required string Email { get; set; }

    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public StaffRole Role { get; set; }

    /// <summary>
    /// Changes whenever what a session was granted on changes (password, deactivation; role, in time), as
    /// ASP.NET Core Identity's does: a session carries the stamp it began with and ends when they differ.
    /// </summary>
    public string SecurityStamp { get; set; } = NewStamp();

    /// <summary>Set when the account is switched off: no sign-in, and every session ends at its next request.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

public enum StaffRole
{
    Staff,
    Manager,
    Owner,
}
