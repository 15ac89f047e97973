using LeadOrchestrator.Conversations;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Notifications;

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.ToTable("notification_preferences");
        b.HasKey(p => p.UserId);
        b.HasOne<StaffUser>().WithOne().HasForeignKey<NotificationPreference>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.TenantId);
        b.Property(p => p.Phone).HasMaxLength(20);
    }
}

internal sealed class StaffAlertConfiguration : IEntityTypeConfiguration<StaffAlert>
{
    public void Configure(EntityTypeBuilder<StaffAlert> b)
    {
        b.ToTable("staff_alerts");
        b.Ignore(a => a.Derived);
        b.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Lead>().WithMany().HasForeignKey(a => a.LeadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Handoff>().WithMany().HasForeignKey(a => a.HandoffId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.Kind).HasMaxLength(24);
        b.Property(a => a.ClosedReason).HasMaxLength(32);
        b.Property(a => a.Version).IsConcurrencyToken();
        // The worker's "what is due", across tenants; closed alerts have no due time.
        b.HasIndex(a => a.DueAt).HasFilter("due_at IS NOT NULL");
        // One alert per handoff.
        b.HasIndex(a => a.HandoffId).IsUnique().HasFilter("handoff_id IS NOT NULL");
    }
}

internal sealed class StaffNotificationConfiguration : IEntityTypeConfiguration<StaffNotification>
{
    public void Configure(EntityTypeBuilder<StaffNotification> b)
    {
        b.ToTable("staff_notifications");
        b.HasOne<StaffAlert>().WithMany().HasForeignKey(n => n.AlertId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<MessageDelivery>().WithMany().HasForeignKey(n => n.DeliveryId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(n => new { n.AlertId, n.UserId, n.Channel, n.CreatedAt });
        // Sends a worker left unfinished.
        b.HasIndex(n => new { n.Status, n.UpdatedAt });
        b.Property(n => n.Channel).HasMaxLength(8);
        b.Property(n => n.Status).HasMaxLength(16);
        b.Property(n => n.Reason).HasMaxLength(16);
    }
}
