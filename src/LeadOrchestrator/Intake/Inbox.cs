using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Intake;

/// <summary>Writes to <c>inbound_events</c>. The unique (tenant, dedupe key) makes a repeat a no-op.</summary>
public sealed class Inbox(AppDbContext db, IntakeSignal signal)
{
    /// <summary>Stores the event and commits; returns false when it was already there.</summary>
    public async Task<bool> TryAddAsync(InboundEvent e, CancellationToken ct)
    {
        // One statement, one commit: the row is durable before the sender gets its 2xx.
        // ON CONFLICT DO NOTHING has the same meaning on SQLite and PostgreSQL.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO inbound_events
                (tenant_id, source, dedupe_key, entity_table, operation, entity_id, entity_updated_at,
                 payload, delivery_attempt, received_at, status, attempts, next_attempt_at)
            VALUES
                ({e.TenantId}, {EnumNames.Of(e.Source)}, {e.DedupeKey}, {e.EntityTable}, {e.Operation}, {e.EntityId}, {e.EntityUpdatedAt},
                 {e.Payload}, {e.DeliveryAttempt}, {e.ReceivedAt}, {EnumNames.Of(InboundEventStatus.Pending)}, 0, {e.ReceivedAt})
            ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
            """, ct);
        if (inserted > 0)
            signal.Notify();
        return inserted > 0;
    }
}
