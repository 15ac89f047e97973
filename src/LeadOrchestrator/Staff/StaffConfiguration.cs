using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Staff;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.ToTable("users");
        b.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => u.Email).IsUnique();
        b.Property(u => u.Email).HasMaxLength(320).IsRequired();
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Role).HasMaxLength(16);
        b.Property(u => u.SecurityStamp).HasMaxLength(64).IsRequired();
        b.Property(u => u.PasswordHash).IsRequired(); // an account is made with its password (an invitation is not an account)
        // Identity's columns, as its own model has them: the lookups it signs in by, its optimistic concurrency.
        b.Property(u => u.UserName).HasMaxLength(320).IsRequired();
        b.Property(u => u.NormalizedUserName).HasMaxLength(320).IsRequired();
        b.Property(u => u.NormalizedEmail).HasMaxLength(320).IsRequired();
        b.HasIndex(u => u.NormalizedUserName).IsUnique();
        b.HasIndex(u => u.NormalizedEmail).IsUnique();
        b.Property(u => u.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        b.Property(u => u.PhoneNumber).HasMaxLength(20);
        b.Ignore(u => u.Address);
    }
}

/// <summary>Identity's per-user tokens (table <c>user_tokens</c>): the authenticator key and recovery codes, sealed (<see cref="StaffUserStore"/>).</summary>
internal sealed class StaffUserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> b)
    {
        b.ToTable("user_tokens");
        b.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
        b.HasOne<StaffUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(t => t.LoginProvider).HasMaxLength(128);
        b.Property(t => t.Name).HasMaxLength(128);
    }
}

internal sealed class StaffLocationConfiguration : IEntityTypeConfiguration<StaffLocation>
{
    public void Configure(EntityTypeBuilder<StaffLocation> b)
    {
        b.ToTable("user_locations");
        b.HasKey(l => new { l.UserId, l.LocationId });
        b.HasOne<Tenant>().WithMany().HasForeignKey(l => l.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.Cascade);
        // Who works at a location (its alerts' recipients, a manager's colleagues).
        b.HasIndex(l => l.LocationId);
    }
}

internal sealed class StaffSessionConfiguration : IEntityTypeConfiguration<StaffSession>
{
    public void Configure(EntityTypeBuilder<StaffSession> b)
    {
        b.ToTable("staff_sessions");
        b.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.UserId, s.RevokedAt });
        b.Property(s => s.SecurityStamp).HasMaxLength(64);
        b.Property(s => s.IpAddress).HasMaxLength(64);
        b.Property(s => s.UserAgent).HasMaxLength(200);
    }
}

internal sealed class SignInAttemptsConfiguration : IEntityTypeConfiguration<SignInAttempts>
{
    public void Configure(EntityTypeBuilder<SignInAttempts> b)
    {
        b.ToTable("staff_sign_in_throttles");
        b.HasKey(t => t.Email);
        b.Property(t => t.Email).HasMaxLength(320);
        b.Property(t => t.LastSuccessIp).HasMaxLength(64);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class StaffInvitationConfiguration : IEntityTypeConfiguration<StaffInvitation>
{
    public void Configure(EntityTypeBuilder<StaffInvitation> b)
    {
        b.ToTable("staff_invitations");
        b.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(i => i.InvitedByUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(i => i.AcceptedUserId).OnDelete(DeleteBehavior.SetNull);
        b.Property(i => i.Email).HasMaxLength(320);
        b.Property(i => i.Role).HasMaxLength(16);
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => new { i.TenantId, i.Email });
        b.Property(i => i.Version).IsConcurrencyToken();
        b.Ignore(i => i.IsPending);
    }
}
