using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Identity;

namespace LeadOrchestrator.Staff;

/// <summary>
/// Someone who works at a shop or franchise (table <c>users</c>); signs in to the console. An ASP.NET Core Identity
/// user (ADR 0027): <see cref="Microsoft.AspNetCore.Identity.UserManager{TUser}"/> hashes and checks the password,
/// counts failures and locks out, keeps the security stamp, two-factor key and recovery codes. The email address is
/// the sign-in name across tenants (lower-cased; the user name is the same address, and the normalized forms follow it
/// on every save, <see cref="Normalize"/>). Roles are not Identity roles: one role per colleague, with the locations it
/// applies to (<see cref="StaffLocation"/>).
/// </summary>
public sealed class StaffUser : IdentityUser<Guid>, ITenantOwned
{
    /// <summary>Every colleague can be locked out, however the account was made (Identity sets it only in its own create).</summary>
    public StaffUser() => LockoutEnabled = true;

    public Guid TenantId { get; set; }

    public required string DisplayName { get; set; }
    public StaffRole Role { get; set; }

    /// <summary>Set when the account is switched off: no sign-in, and every session ends at its next request.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The sign-in address (never null for a colleague; Identity's own property allows it).</summary>
    public string Address => Email ?? "";

    /// <summary>
    /// A new security stamp: set whenever what a session was granted on changes (password, role, deactivation), so each
    /// session — which carries the stamp it began with — ends at its next request.
    /// </summary>
    public static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The address lower-cased, the user name the address, the normalized forms Identity looks them up by.</summary>
    internal void Normalize()
    {
        Email = Email?.Trim().ToLowerInvariant();
        UserName = Email;
        NormalizedEmail = NormalizedUserName = Email?.Normalize().ToUpperInvariant(); // as UpperInvariantLookupNormalizer does
        SecurityStamp ??= NewStamp();
        ConcurrencyStamp ??= Guid.NewGuid().ToString();
    }
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
