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

/// <summary>
/// What a colleague may do, and where. An owner: everything, at every location (users, billing-grade settings).
/// A manager: their locations' settings, templates, saved replies and users. The front desk: their locations'
/// inbox, leads and appointments. Which locations are theirs: <see cref="StaffLocation"/> (an owner needs none).
/// </summary>
public enum StaffRole
{
    FrontDesk,
    Manager,
    Owner,
}

/// <summary>
/// A location a manager or front-desk colleague works at (table <c>user_locations</c>). Their console shows only
/// these locations' leads, conversations, appointments and events, enforced in every query by the
/// <see cref="Data.AppDbContext.LocationFilter"/>; an owner's rows here are ignored (they see every location).
/// </summary>
public sealed class StaffLocation : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public Guid LocationId { get; set; }
}
