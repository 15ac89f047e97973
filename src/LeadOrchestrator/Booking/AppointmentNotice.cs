using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Booking;

/// <summary>
/// One message about an appointment on one channel (table <c>appointment_notices</c>): a confirmation,
/// a move or cancellation, a reminder, a rebooking note. Written in the same transaction as the change it
/// announces, so it is never lost; (appointment, kind, channel, sequence) is unique, so never doubled.
/// </summary>
public sealed class AppointmentNotice : ITenantOwned, IVersioned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AppointmentId { get; set; }
    public Guid LeadId { get; set; }

    public required NoticeKind Kind { get; set; }

    public Channel Channel { get; set; }

    /// <summary>The appointment's <see cref="Appointment.Sequence"/> this notice belongs to.</summary>
    public int Sequence { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary><see cref="NoticeStatuses"/>.</summary>
    public required NoticeStatus Status { get; set; }

    public int Attempts { get; set; }
    public Guid? DeliveryId { get; set; }

    /// <summary>Why it was skipped or failed.</summary>
    public string? Detail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    public static readonly NoticeKind[] Reminders = [NoticeKind.Reminder24h, NoticeKind.Reminder2h];
}

public enum NoticeKind
{
    Confirmation,
    Rescheduled,
    Cancelled,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("reminder_24h")]
    Reminder24h,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("reminder_2h")]
    Reminder2h,

    Rebook,
}

public enum NoticeStatus
{
    Scheduled,

    /// <summary>Handed to the provider; a worker that dies here leaves it <see cref="InDoubt"/>, never resent.</summary>
    Sending,

    Sent,
    Skipped,
    Failed,
    InDoubt,
}

internal sealed class AppointmentNoticeConfiguration : IEntityTypeConfiguration<AppointmentNotice>
{
    public void Configure(EntityTypeBuilder<AppointmentNotice> b)
    {
        b.ToTable("appointment_notices");
        b.HasOne<Tenant>().WithMany().HasForeignKey(n => n.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Appointment>().WithMany().HasForeignKey(n => n.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.AppointmentId, n.Kind, n.Channel, n.Sequence }).IsUnique();
        b.HasIndex(n => new { n.Status, n.DueAt });
        b.Property(n => n.Kind).HasMaxLength(24);
        b.Property(n => n.Status).HasMaxLength(16);
        b.Property(n => n.Channel).HasMaxLength(8);
        b.Property(n => n.Detail).HasMaxLength(500);
        b.Property(n => n.Version).IsConcurrencyToken();
    }
}

/// <summary>
/// A bay taken in ShopMonkey by something we did not book (table <c>shop_calendar_blocks</c>): the shop's
/// own appointments and each occurrence of a recurring block, copied by the calendar sync.
/// </summary>
public sealed class ShopCalendarBlock : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LocationId { get; set; }
    public required string ShopMonkeyAppointmentId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset SyncedAt { get; set; }
}

internal sealed class ShopCalendarBlockConfiguration : IEntityTypeConfiguration<ShopCalendarBlock>
{
    public void Configure(EntityTypeBuilder<ShopCalendarBlock> b)
    {
        b.ToTable("shop_calendar_blocks");
        b.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(x => x.LocationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.LocationId, x.StartsAt });
        b.Property(x => x.ShopMonkeyAppointmentId).HasColumnName("shopmonkey_appointment_id").HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
    }
}
