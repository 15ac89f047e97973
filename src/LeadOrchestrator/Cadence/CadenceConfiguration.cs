using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Cadence;

internal sealed class CadenceTemplateConfiguration : IEntityTypeConfiguration<CadenceTemplate>
{
    public void Configure(EntityTypeBuilder<CadenceTemplate> b)
    {
        b.ToTable("cadences");
        b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasMany(c => c.Steps).WithOne().HasForeignKey(s => s.CadenceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CadenceStepConfiguration : IEntityTypeConfiguration<CadenceStep>
{
    public void Configure(EntityTypeBuilder<CadenceStep> b)
    {
        b.ToTable("cadence_steps", t => t.HasCheckConstraint("ck_cadence_steps_offset", "offset_minutes >= 0"));
        b.HasIndex(s => new { s.CadenceId, s.StepNumber }).IsUnique();
        b.Property(s => s.Channel).HasMaxLength(8);
        b.Property(s => s.Subject).HasMaxLength(300);
        b.Property(s => s.SpanishSubject).HasMaxLength(300);
    }
}

internal sealed class TouchPointConfiguration : IEntityTypeConfiguration<TouchPoint>
{
    public void Configure(EntityTypeBuilder<TouchPoint> b)
    {
        b.ToTable("touch_points");
        b.HasOne<Lead>().WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CadenceStep>().WithMany().HasForeignKey(t => t.CadenceStepId).OnDelete(DeleteBehavior.SetNull);
        // A duplicated webhook or a retried intake can never give a lead a second cadence.
        b.HasIndex(t => new { t.LeadId, t.StepNumber }).IsUnique();
        // The claim's index: only rows the dispatcher still has to act on.
        b.HasIndex(t => new { t.DueAt, t.Id })
            .HasDatabaseName("ix_touch_points_due")
            .HasFilter(TouchPointDispatcher.DueIndexTerm);
        b.Property(t => t.Channel).HasMaxLength(8);
        b.Property(t => t.Status).HasMaxLength(16);
        b.Property(t => t.CancelReason).HasMaxLength(32);
        b.Property(t => t.LeaseOwner).HasMaxLength(100);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}

