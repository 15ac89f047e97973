using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Data;

/// <summary>
/// The tenant a unit of work acts for (one per DI scope). Requests set it from the route or the
/// signed-in user; workers set it from the row they claimed. Without a tenant, the tenant query
/// filter matches nothing, so forgetting to set it fails closed.
/// </summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }

    /// <summary>The signed-in colleague a console request acts as; null for the customer's side and for workers.</summary>
    public Guid? ActingUserId { get; set; }

    /// <summary>
    /// The locations that colleague works at, when they are scoped to some (a manager, the front desk); null when
    /// not (an owner, a worker, the customer's side). Every query of a location's rows is filtered to these.
    /// </summary>
    public List<Guid>? LocationIds { get; private set; }

    /// <summary>
    /// Who the scope's changes are made by, for the audit log: an explicit actor (<see cref="ActingAs"/>), else the
    /// signed-in colleague, else the system (a worker's own decision).
    /// </summary>
    public Audit.AuditActor Actor => _actor ?? (ActingUserId is { } user ? new(Audit.AuditActorType.Staff, user) : Audit.AuditActor.System);

    private Audit.AuditActor? _actor;

    /// <summary>Until disposed, changes are the <paramref name="type"/>'s (the assistant's tool, a customer's link, a provider's webhook).</summary>
    public IDisposable ActingAs(Audit.AuditActorType type, Guid? id = null)
    {
        var previous = _actor;
        _actor = new Audit.AuditActor(type, id);
        return new Restore(() => _actor = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    public void ScopeToLocations(List<Guid> locationIds)
    {
        if (TenantId is null)
            throw new InvalidOperationException("A location scope needs the tenant first.");
        LocationIds = locationIds;
    }

    public void Set(Guid tenantId)
    {
        if (TenantId is { } current && current != tenantId)
            throw new InvalidOperationException("This scope already acts for another tenant; create a new scope per tenant.");
        TenantId = tenantId;
    }

    /// <summary>
    /// Acts for the tenant of a lead a signed link names (cross-tenant on purpose: the token names the lead,
    /// and the lead its tenant), as that customer. False when the lead is gone.
    /// </summary>
    public async Task<bool> SetFromLeadAsync(AppDbContext db, Guid leadId, CancellationToken ct)
    {
        // An erased customer's links (chat, unsubscribe) open nothing: the conversation they led to is gone.
        var tenantId = await db.Leads.AcrossTenants().Where(l => l.Id == leadId && l.ErasedAt == null).Select(l => (Guid?)l.TenantId).FirstOrDefaultAsync(ct);
        if (tenantId is { } id)
        {
            Set(id);
            // The link is the customer's: what it changes (an unsubscribe, a booking on the chat page) is theirs.
            _actor = new Audit.AuditActor(Audit.AuditActorType.Customer, leadId);
        }
        return tenantId is not null;
    }
}
