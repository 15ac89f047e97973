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
    public DateTimeOffset CreatedAt { get; set; }
}

public enum StaffRole
{
    Staff,
    Manager,
    Owner,
}
