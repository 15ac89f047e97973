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

    /// <summary><see cref="NoticeKinds"/>.</summary>
    public required string Kind { get; set; }

    public Channel Channel { get; set; }

    /// <summary>The appointment's <see cref="Appointment.Sequence"/> this notice belongs to.</summary>
    public int Sequence { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary><see cref="NoticeStatuses"/>.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }
    public Guid? DeliveryId { get; set; }

    /// <summary>Why it was skipped or failed.</summary>
    public string? Detail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}

public static class NoticeKinds
{
    public const string Confirmation = "confirmation";
    public const string Rescheduled = "rescheduled";
    public const string Cancelled = "cancelled";
    public const string Reminder24h = "reminder_24h";
    public const string Reminder2h = "reminder_2h";
    public const string Rebook = "rebook";

    public static readonly string[] Reminders = [Reminder24h, Reminder2h];
}

public static class NoticeStatuses
{
    public const string Scheduled = "scheduled";

    /// <summary>Handed to the provider; a worker that dies here leaves it <see cref="InDoubt"/>, never resent.</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    public const string InDoubt = "in_doubt";
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
        b.Property(n => n.Channel).HasConversion<LowercaseEnumConverter<Channel>>().HasMaxLength(8);
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
