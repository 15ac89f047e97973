using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Booking;

/// <summary>A booked job at a shop (table <c>appointments</c>); times in UTC, shown in the location's zone.</summary>
public sealed class Appointment : ITenantOwned, ILocationScoped, IVersioned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LeadId { get; set; }
    public Guid LocationId { get; set; }
    public Guid ServiceId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>booked, rescheduled, cancelled, completed or no_show.</summary>
    public required AppointmentStatus Status { get; set; }

    public string? ShopMonkeyAppointmentId { get; set; }

    /// <summary>ShopMonkey write-back (<see cref="SyncStates"/>): pending, syncing, synced or failed (with <see cref="SyncError"/>).</summary>
    public SyncState? SyncState { get; set; }

    /// <summary>The last write-back error, kept while retrying and when it gave up.</summary>
    public string? SyncError { get; set; }

    /// <summary>Write-back calls started so far; above zero, a create may have reached ShopMonkey unseen.</summary>
    public int SyncAttempts { get; set; }

    /// <summary>When the write-back may run next (backoff, or the end of a worker's lease).</summary>
    public DateTimeOffset? NextSyncAt { get; set; }

    /// <summary>How often it was moved: the calendar file's SEQUENCE, and part of each notice's identity.</summary>
    public int Sequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Statuses that hold a bay.</summary>
    public static readonly AppointmentStatus[] HoldingStatuses = [AppointmentStatus.Booked, AppointmentStatus.Rescheduled];
}

public enum AppointmentStatus
{
    Booked,
    Rescheduled,
    Cancelled,
    Completed,
    NoShow,
}

/// <summary>Where an appointment's ShopMonkey copy stands.</summary>
public enum SyncState
{
    /// <summary>A change waits to be written (set with every book, move and cancel).</summary>
    Pending,

    /// <summary>A worker holds it until <see cref="Appointment.NextSyncAt"/>; after that the lease is stale.</summary>
    Syncing,

    Synced,

    /// <summary>Gave up (a refusal, or too many attempts); staff can retry.</summary>
    Failed,
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.ToTable("appointments");
        b.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Lead>().WithMany().HasForeignKey(a => a.LeadId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ServiceCatalogItem>().WithMany().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.Restrict);
        // Availability reads a location's appointments by time.
        b.HasIndex(a => new { a.LocationId, a.StartsAt });
        // One appointment that holds a bay per lead, enforced by the database: two bookings by the same
        // customer for different days take different locks, and only this index stops the second.
        b.HasIndex(a => a.LeadId).IsUnique().HasFilter("status IN ('booked', 'rescheduled')");
        // The write-back worker looks for due changes; the follow-up for appointments that have ended.
        b.HasIndex(a => new { a.SyncState, a.NextSyncAt });
        b.HasIndex(a => new { a.Status, a.EndsAt });
        // A lead's appointments of any status (the pipeline's stage: did they come in?).
        b.HasIndex(a => new { a.LeadId, a.Status });
        b.Property(a => a.Status).HasMaxLength(16);
        b.Property(a => a.ShopMonkeyAppointmentId).HasColumnName("shopmonkey_appointment_id").HasMaxLength(64);
        b.Property(a => a.SyncState).HasMaxLength(16);
        b.Property(a => a.SyncError).HasMaxLength(500);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

/// <summary>A change staff are told of (alerts, the console's live events); an outcome or a sync state is none.</summary>
public enum AppointmentChange
{
    Booked,
    Moved,
    Cancelled,
}

public static class AppointmentChanges
{
    /// <summary>Booked (new), moved (a new start), cancelled (now, not before) — what a save does to a tracked appointment, or null.</summary>
    public static AppointmentChange? Of(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Appointment> entry)
    {
        var appointment = entry.Entity;
        if (entry.State == Microsoft.EntityFrameworkCore.EntityState.Added)
            return appointment.Status == AppointmentStatus.Cancelled ? null : AppointmentChange.Booked;
        if (entry.State != Microsoft.EntityFrameworkCore.EntityState.Modified)
            return null;
        var was = entry.Property(a => a.Status).OriginalValue;
        if (appointment.Status == AppointmentStatus.Cancelled && was != AppointmentStatus.Cancelled)
            return AppointmentChange.Cancelled;
        return entry.Property(a => a.StartsAt).OriginalValue != appointment.StartsAt && Appointment.HoldingStatuses.Contains(appointment.Status)
            ? AppointmentChange.Moved : null;
    }
}

