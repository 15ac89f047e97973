using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Audit;

/// <summary>
/// One change and who made it (table <c>audit_log</c>): a colleague's action, a sign-in, or an automated decision
/// that changed state. Written in the same save as the change (<see cref="AuditRecorder"/>), so a change that did not
/// commit has none and one that did cannot lack it. Append-only: the app never updates or deletes a row, and on
/// PostgreSQL and SQLite a trigger refuses to. <see cref="Details"/> holds ids, states and settings, never a
/// customer's name, address or words, so erasing a customer leaves this table as it is.
/// </summary>
public sealed class AuditEntry : ITenantOwned, ILocationScoped
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The location the change was at; null for the tenant's own settings (owners see those).</summary>
    public Guid? LocationId { get; set; }

    public DateTimeOffset At { get; set; }
    public AuditActorType ActorType { get; set; }

    /// <summary>The colleague (staff), the lead (customer); null for the system, the assistant and providers.</summary>
    public Guid? ActorId { get; set; }

    /// <summary>What happened, as <c>subject.verb</c>: <c>conversation.taken_over</c>, <c>appointment.moved</c>, … (<see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>lead, conversation, appointment, user, saved_reply, cadence_step, …</summary>
    public string? SubjectType { get; set; }

    public Guid? SubjectId { get; set; }

    /// <summary>The lead the change concerns, when it concerns one (a lead's timeline reads its rows by it).</summary>
    public Guid? LeadId { get; set; }

    /// <summary>JSON: what changed (before and after for settings, secrets redacted), and why.</summary>
    public string? Details { get; set; }

    /// <summary>Added by the recorder for the save in progress (a retried save derives its rows again).</summary>
    public bool Derived { get; set; }
}

/// <summary>Who made a change.</summary>
public enum AuditActorType
{
    Staff,
    Operator,
    System,
    Assistant,
    Customer,
    Provider,
}

/// <summary>The maker of a change: a kind, and for staff and customers whose.</summary>
public sealed record AuditActor(AuditActorType Type, Guid? Id)
{
    public static readonly AuditActor System = new(AuditActorType.System, null);
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        // No foreign keys: the record outlives what it names (a deleted saved reply, a removed location).
        b.HasIndex(e => new { e.TenantId, e.At });
        b.HasIndex(e => new { e.TenantId, e.SubjectId });
        b.HasIndex(e => new { e.TenantId, e.LeadId });
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.SubjectType).HasMaxLength(32);
        b.Ignore(e => e.Derived);
    }
}
