using LeadOrchestrator.Data;

namespace LeadOrchestrator.Intake;

/// <summary>
/// The inbox (table <c>inbound_events</c>): every webhook delivery and every polled order change,
/// committed before we acknowledge it and then processed by the intake worker. Nothing here is
/// ever deleted by processing; failures are parked with a reason and retried, and an event that no
/// retry can fix is kept as <c>failed</c> with its reason.
/// </summary>
public sealed class InboundEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public InboundEventSource Source { get; set; }

    /// <summary>The webhook's <c>webhook-id</c>, or <c>poll:{orderId}:{updatedDate}</c> for a polled change.</summary>
    public required string DedupeKey { get; set; }

    /// <summary>ShopMonkey table (<c>order</c>, <c>customer</c>, ...) and operation (INSERT/UPDATE/DELETE).</summary>
    public string? EntityTable { get; set; }

    public string? Operation { get; set; }
    public string? EntityId { get; set; }
    public DateTimeOffset? EntityUpdatedAt { get; set; }

    /// <summary>The raw body exactly as received (webhook) or the order row (poll), for audit and replay.</summary>
    public required string Payload { get; set; }

    /// <summary>The sender's <c>X-Attempt</c> header, when present.</summary>
    public int? DeliveryAttempt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public InboundEventStatus Status { get; set; }

    /// <summary>How many times a worker has claimed this event.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Why the event is parked or ignored: unknown_location, api_unauthorized, api_unavailable, ...</summary>
    public string? Reason { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public Guid? LeadId { get; set; }
}

public enum InboundEventSource
{
    Webhook,
    Poll,
}

public enum InboundEventStatus
{
    /// <summary>Stored, not yet claimed.</summary>
    Pending,

    /// <summary>Claimed by a worker whose lease has not expired.</summary>
    Processing,

    /// <summary>Could not be processed yet; retried at <see cref="InboundEvent.NextAttemptAt"/>.</summary>
    Parked,

    /// <summary>Done: the lead is created or updated.</summary>
    Processed,

    /// <summary>Done, nothing to do (not an order, not an estimate, stale); <see cref="InboundEvent.Reason"/> says why.</summary>
    Ignored,

    /// <summary>
    /// Given up: the database refused its data (<c>invalid_data</c>) or processing kept crashing
    /// (<c>internal_error</c>). Kept with <see cref="InboundEvent.LastError"/>; an operator replays it by
    /// setting it back to pending once the cause is fixed.
    /// </summary>
    Failed,
}
