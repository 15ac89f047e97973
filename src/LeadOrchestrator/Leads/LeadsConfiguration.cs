using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Leads;

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("leads");
        b.HasOne<Tenant>().WithMany().HasForeignKey(l => l.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(l => l.LocationId).OnDelete(DeleteBehavior.SetNull);
        b.Property(l => l.ShopMonkeyOrderId).HasColumnName("shopmonkey_order_id").HasMaxLength(64);
        b.Property(l => l.ShopMonkeyOrderNumber).HasColumnName("shopmonkey_order_number").HasMaxLength(32);
        b.Property(l => l.ShopMonkeyCustomerId).HasColumnName("shopmonkey_customer_id").HasMaxLength(64);
        b.Property(l => l.ShopMonkeyVehicleId).HasColumnName("shopmonkey_vehicle_id").HasMaxLength(64);
        // The dedupe rule of invariant 1: webhook, poll and redelivery all land on this one row.
        b.HasIndex(l => new { l.TenantId, l.ShopMonkeyOrderId }).IsUnique();
        b.HasIndex(l => new { l.TenantId, l.Phone });
        b.HasIndex(l => new { l.TenantId, l.CreatedAt });
        b.Property(l => l.Phone).HasMaxLength(20);
        b.Property(l => l.Email).HasMaxLength(320);
        b.Property(l => l.OrderStatus).HasMaxLength(32);
        b.Property(l => l.Source).HasMaxLength(16);
        b.Property(l => l.Version).IsConcurrencyToken();
        b.Property(l => l.CadenceStatus).HasMaxLength(16);
        b.Property(l => l.StopReason).HasMaxLength(32);
        b.Property(l => l.SmsStopReason).HasMaxLength(32);
        b.Property(l => l.EmailStopReason).HasMaxLength(32);
        b.HasIndex(l => new { l.TenantId, l.Email });
        // The pipeline's columns: a stage's newest leads first; and the counts per stage, from an index of (tenant, stage)
        // alone, which PostgreSQL's deduplication keeps to a few pages (a tenant has eight stages), so counting 100,000
        // leads is an index-only scan it prefers to reading the table.
        b.Property(l => l.Stage).HasMaxLength(16);
        b.HasIndex(l => new { l.TenantId, l.Stage, l.CreatedAt });
        b.HasIndex(l => new { l.TenantId, l.Stage });
        // The same for a colleague scoped to their locations (ADR 0024): with `location_id IN (…)` the two above would
        // have to read every lead's row for its location, so the scoped counts and pages have indexes that lead with it.
        b.HasIndex(l => new { l.TenantId, l.LocationId, l.Stage, l.CreatedAt });
        b.HasIndex(l => new { l.TenantId, l.LocationId, l.CreatedAt });
        b.Property(l => l.Language).HasMaxLength(8);
        b.Property(l => l.LanguageSource).HasMaxLength(16);
        b.Ignore(l => l.VehicleDescription);
    }
}
