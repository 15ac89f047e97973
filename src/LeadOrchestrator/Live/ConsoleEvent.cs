using System.Text.Json.Serialization;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;

namespace LeadOrchestrator.Live;

/// <summary>
/// Something the console should see without a reload (table <c>console_events</c>): written in the same
/// transaction as the change it reports (<see cref="ConsoleEventRecorder"/>), so an event exists exactly
/// when its change committed. The id is the stream's position: <c>Last-Event-ID</c> resumes after it.
/// It names what changed, never its content: a client refetches what it shows.
/// </summary>
public sealed class ConsoleEvent : ITenantOwned, ILocationScoped
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The location it happened at (the scope a location-bound colleague will be limited to).</summary>
    public Guid? LocationId { get; set; }

    public ConsoleEventType Type { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? MessageId { get; set; }
    public Guid? AppointmentId { get; set; }

    /// <summary><c>message.created</c>: who wrote it.</summary>
    public ChatRole? Role { get; set; }

    /// <summary><c>presence</c>: the colleague viewing or typing; <c>appointment.changed</c>: the colleague who made the change, if one did.</summary>
    public Guid? UserId { get; set; }

    /// <summary><c>appointment.changed</c>: booked, moved or cancelled (null for an outcome or a sync state: nothing to tell staff of).</summary>
    public Booking.AppointmentChange? Change { get; set; }

    /// <summary><c>presence</c>: viewing, typing or left.</summary>
    public PresenceState? Presence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Derived from a save's tracked changes (not stored): redone, not repeated, when that save is tried again.</summary>
    internal bool Derived { get; set; }
}

public enum ConsoleEventType
{
    [JsonStringEnumMemberName("lead.created")] LeadCreated,
    [JsonStringEnumMemberName("lead.updated")] LeadUpdated,
    [JsonStringEnumMemberName("message.created")] MessageCreated,
    [JsonStringEnumMemberName("conversation.updated")] ConversationUpdated,

    /// <summary>A conversation began to need a person (the customer asked, or no assistant could answer).</summary>
    [JsonStringEnumMemberName("conversation.needs_staff")] ConversationNeedsStaff,
    [JsonStringEnumMemberName("appointment.changed")] AppointmentChanged,

    /// <summary>A colleague has a conversation open, is typing in it, or left it (so two people never answer one customer).</summary>
    [JsonStringEnumMemberName("presence")] Presence,
}

public enum PresenceState
{
    Viewing,
    Typing,
    Left,
}
