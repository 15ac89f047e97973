using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;

namespace LeadOrchestrator.Notifications;

/// <summary>
/// What a colleague asked to be told, and how (table <c>notification_preferences</c>, one row per user):
/// a conversation that needs a person, and appointments booked, moved or cancelled, each by email and/or
/// text. No row: nothing by email or text (the console's badge and browser alerts are for everyone).
/// Escalations reach a manager or owner whatever they chose (by email when they chose nothing).
/// </summary>
public sealed class NotificationPreference : ITenantOwned
{
    public Guid UserId { get; set; }
    public Guid TenantId { get; set; }
    public bool HandoffEmail { get; set; }
    public bool HandoffSms { get; set; }
    public bool AppointmentEmail { get; set; }
    public bool AppointmentSms { get; set; }

    /// <summary>Where alerts by text go (E.164); texts need it.</summary>
    public string? Phone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool Wants(StaffAlertKind kind, Channel channel) => (kind, channel) switch
    {
        (StaffAlertKind.Handoff, Channel.Email) => HandoffEmail,
        (StaffAlertKind.Handoff, Channel.Sms) => HandoffSms && Phone is not null,
        (_, Channel.Email) => AppointmentEmail,
        _ => AppointmentSms && Phone is not null,
    };
}

/// <summary>
/// Something staff are told about (table <c>staff_alerts</c>): a handoff, or an appointment booked, moved or
/// cancelled. Written in the same transaction as its cause (<see cref="StaffAlertRecorder"/>); the alert
/// worker sends it to whoever asked (<see cref="StaffAlertSender"/>). A handoff alert stays open — sent again
/// at most every <see cref="NotificationOptions.Repeat"/>, escalated to managers and then owners — until a
/// colleague opens or takes the conversation; an appointment alert goes once.
/// </summary>
public sealed class StaffAlert : ITenantOwned, ILocationScoped, IVersioned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? LocationId { get; set; }
    public StaffAlertKind Kind { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? HandoffId { get; set; }
    public Guid? AppointmentId { get; set; }

    /// <summary>The colleague whose action caused it (a booking made in the console): not told of their own doing.</summary>
    public Guid? ActorUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the worker looks at it next; null once closed.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Handoffs: when the escalation clock started (the raise, or the next opening when raised while closed).</summary>
    public DateTimeOffset? ClockStartedAt { get; set; }

    /// <summary>Handoffs: when the location's managers are brought in (<see cref="NotificationOptions.EscalateAfter"/> of opening time).</summary>
    public DateTimeOffset? EscalateAt { get; set; }

    /// <summary>Handoffs: when the owners are (<see cref="NotificationOptions.EscalateOwnerAfter"/> of opening time).</summary>
    public DateTimeOffset? EscalateOwnerAt { get; set; }

    /// <summary>0: those who asked; 1: and the managers; 2: and the owners.</summary>
    public int Level { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>acknowledged, answered, handed back, sample, sent, …</summary>
    public string? ClosedReason { get; set; }

    public long Version { get; set; }

    /// <summary>Added by <see cref="StaffAlertRecorder"/> (not stored): redone, not repeated, when its save is tried again.</summary>
    internal bool Derived { get; set; }
}

public enum StaffAlertKind
{
    Handoff,
    AppointmentBooked,
    AppointmentMoved,
    AppointmentCancelled,
}

/// <summary>
/// One message of an alert to one colleague on one channel (table <c>staff_notifications</c>), with the
/// delivery that carries it: written, with the delivery, before the provider is called, so a worker that
/// stops mid-send leaves a row to reconcile, never a blind second copy.
/// </summary>
public sealed class StaffNotification : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AlertId { get; set; }
    public Guid UserId { get; set; }
    public Channel Channel { get; set; }

    /// <summary>Why this colleague: subscribed, manager (escalated) or owner (escalated).</summary>
    public required string Reason { get; set; }

    public Guid? DeliveryId { get; set; }
    public StaffNotificationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum StaffNotificationStatus
{
    Sending,
    Sent,
    Failed,
    InDoubt,
}
