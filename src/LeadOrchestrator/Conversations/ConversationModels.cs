using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;

namespace LeadOrchestrator.Conversations;

/// <summary>
/// A conversation with one contact (table <c>chat_sessions</c>): usually a lead, or an unknown number
/// that texted the shop. Web chat and SMS share it.
/// </summary>
public sealed class ChatSession : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? LeadId { get; set; }

    /// <summary>For a number that matched no lead.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>While set, the assistant stays silent and staff answer.</summary>
    public bool StaffTakeover { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One message of a conversation (table <c>chat_messages</c>).</summary>
public sealed class ChatMessage : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SessionId { get; set; }
    public Guid? LeadId { get; set; }
    public ChatRole Role { get; set; }

    /// <summary>web or sms (as <see cref="Cadence.Channel"/>'s sms plus the web page).</summary>
    public required string Channel { get; set; }

    public required string Content { get; set; }

    /// <summary>The provider's id of an SMS (Twilio MessageSid), unique per tenant, so a redelivery is stored once.</summary>
    public string? ExternalId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum ChatRole
{
    Customer,
    Assistant,
    Staff,
    System,
}
