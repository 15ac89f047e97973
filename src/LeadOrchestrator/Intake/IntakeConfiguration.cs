using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Intake;

internal sealed class InboundEventConfiguration : IEntityTypeConfiguration<InboundEvent>
{
    public void Configure(EntityTypeBuilder<InboundEvent> b)
    {
        b.ToTable("inbound_events");
        b.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
        // One row per delivery: the same webhook-id twice is one event (INSERT ... ON CONFLICT DO NOTHING).
        b.HasIndex(e => new { e.TenantId, e.DedupeKey }).IsUnique();
        // The claim query's index: only rows that still need work.
        b.HasIndex(e => new { e.NextAttemptAt, e.Id })
            .HasDatabaseName("ix_inbound_events_due")
            .HasFilter("status IN ('pending', 'parked', 'processing')");
        b.HasIndex(e => new { e.TenantId, e.EntityId });
        // The ShopMonkey panel's "last webhook received" (the newest of one source), without reading every event.
        b.HasIndex(e => new { e.TenantId, e.Source, e.ReceivedAt });
        b.Property(e => e.Source).HasMaxLength(16);
        b.Property(e => e.Status).HasMaxLength(16);
        b.Property(e => e.DedupeKey).HasMaxLength(200);
        b.Property(e => e.EntityTable).HasMaxLength(64);
        b.Property(e => e.Operation).HasMaxLength(16);
        b.Property(e => e.EntityId).HasMaxLength(64);
        b.Property(e => e.Reason).HasMaxLength(64);
        b.Property(e => e.LeaseOwner).HasMaxLength(100);
        // Every claim increments attempts, so a worker whose lease was taken over cannot write its outcome.
        b.Property(e => e.Attempts).IsConcurrencyToken();
    }
}
