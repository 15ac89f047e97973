using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;

namespace LeadOrchestrator.Conversations;

/// <summary>
/// A conversation with one contact (table <c>chat_sessions</c>): usually a lead, or an unknown number
/// that texted the shop. Web chat and SMS share it.
/// </summary>
public sealed class ChatSession : ITenantOwned, ILocationScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? LeadId { get; set; }

    /// <summary>For a number that matched no lead.</summary>
    public string? ContactPhone { get; set; }

    /// <summary>The shop it is with: the lead's location, or the one whose number a stranger texted.</summary>
    public Guid? LocationId { get; set; }

    /// <summary>The newest message's time (the inbox orders recent conversations by it).</summary>
    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>
    /// The first customer message nobody has answered yet (neither the assistant nor staff); null when the
    /// customer has had an answer. Kept by <see cref="ConversationService"/> and the assistant's save, so
    /// the inbox can say "waiting 12 min" without reading every message.
    /// </summary>
    public DateTimeOffset? AwaitingReplySince { get; set; }

    /// <summary>While set, the assistant stays silent and staff answer.</summary>
    public bool StaffTakeover { get; set; }

    /// <summary>The A/B arm (assistant provider) this lead drew, when a split is configured; kept for the whole conversation.</summary>
    public string? AssistantArm { get; set; }

    /// <summary>Staff should look: the customer asked for a person, or no assistant could answer.</summary>
    public bool NeedsStaff { get; set; }

    public string? NeedsStaffReason { get; set; }
    public DateTimeOffset? NeedsStaffAt { get; set; }

    /// <summary>The colleague who has it on their list; null: anyone's.</summary>
    public Guid? AssignedToUserId { get; set; }

    /// <summary>Staff marked it done: out of the open inbox until the customer writes again.</summary>
    public DateTimeOffset? DoneAt { get; set; }

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

    public required ConversationChannel Channel { get; set; }

    public required string Content { get; set; }

    /// <summary>The provider's id of an SMS (Twilio MessageSid), unique per tenant, so a redelivery is stored once.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Staff replies: who wrote it.</summary>
    public Guid? AuthorUserId { get; set; }

    /// <summary>Staff SMS replies: the delivery that carries it (committed with the message, before the provider is called).</summary>
    public Guid? DeliveryId { get; set; }

    /// <summary>Assistant messages: which provider and model answered (offline, anthropic, openai; none when nobody could).</summary>
    public string? Provider { get; set; }

    public string? Model { get; set; }
    public int? InputTokens { get; set; }
    public int? OutputTokens { get; set; }

    /// <summary>From the configured price table (<c>AI:Prices</c>) at the time of the answer.</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>Assistant messages: the price guard replaced what the model wrote (it quoted a price that is not the catalog's).</summary>
    public bool PriceGuardReplaced { get; set; }

    /// <summary>Customer message in → answer complete.</summary>
    public int? LatencyMs { get; set; }

    public int? FirstTokenMs { get; set; }

    /// <summary>complete, or interrupted (the stream died midway: shown to staff, never taken as a full answer).</summary>
    public ChatMessageStatus Status { get; set; } = ChatMessageStatus.Complete;

    /// <summary>
    /// Customer SMS only: the assistant's reply over SMS — pending, sending (being answered, or handed to
    /// the provider: never sent twice), sent, skipped (staff have the conversation, or opted out), failed or
    /// in_doubt (its sender stopped and nobody could say whether it went out).
    /// </summary>
    public SmsReplyState? ReplyState { get; set; }

    /// <summary>Customer SMS only: the delivery that carries the reply (set, with it, before the provider is called).</summary>
    public Guid? ReplyDeliveryId { get; set; }

    /// <summary>Customer SMS only: when the reply was last worked on; a reply "sending" long after this lost its worker.</summary>
    public DateTimeOffset? ReplyUpdatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Where a conversation message was written or read: the personal chat page, or text messages.</summary>
public enum ConversationChannel
{
    Web,
    Sms,
}

public enum ChatRole
{
    Customer,
    Assistant,
    Staff,
    System,
}

public enum ChatMessageStatus
{
    Complete,
    Interrupted,
}

public enum SmsReplyState
{
    Pending,
    Sending,
    Sent,
    Skipped,
    Failed,
    InDoubt,
}

/// <summary>
/// An internal note on a conversation (table <c>conversation_notes</c>): staff to staff, never sent. A
/// table of its own, not a kind of message, so no path that shows or sends messages can reach one.
/// </summary>
public sealed class ConversationNote : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SessionId { get; set; }
    public Guid? AuthorUserId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One time a conversation needed a person (table <c>handoffs</c>): raised by the assistant's turn, acknowledged when
/// a colleague takes the conversation over or answers, and answered at the first staff reply — so how long customers
/// waited for a human can be told afterwards, not only whether one is waiting now.
/// </summary>
public sealed class Handoff : ITenantOwned, ILocationScoped
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SessionId { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? LocationId { get; set; }

    /// <summary>Why (as on the conversation): the customer asked for a person, or no assistant could answer.</summary>
    public required string Reason { get; set; }

    public DateTimeOffset RaisedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedByUserId { get; set; }
    public DateTimeOffset? FirstStaffReplyAt { get; set; }
    public Guid? FirstStaffReplyByUserId { get; set; }
}
