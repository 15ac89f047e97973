using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Live;

internal sealed class ConsoleEventConfiguration : IEntityTypeConfiguration<ConsoleEvent>
{
    public void Configure(EntityTypeBuilder<ConsoleEvent> b)
    {
        b.ToTable("console_events");
        b.Ignore(e => e.Derived);
        b.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Replay on resume reads a tenant's events after a position; the relay reads all after its own.
        b.HasIndex(e => new { e.TenantId, e.Id });
        b.HasIndex(e => e.At);
        // Who has a conversation open (its recent presence events).
        b.HasIndex(e => new { e.ConversationId, e.At });
        b.Property(e => e.Role).HasMaxLength(16);
        b.Property(e => e.Presence).HasMaxLength(8);
        b.Property(e => e.Change).HasMaxLength(16);
    }
}
