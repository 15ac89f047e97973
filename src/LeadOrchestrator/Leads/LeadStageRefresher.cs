using System.Runtime.CompilerServices;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Leads;

/// <summary>
/// Keeps <c>leads.stage</c> in step with every save, so no feature has to remember it: a save that adds or
/// changes a lead, a conversation, a customer's message, an appointment or a touch refreshes the stage of the
/// leads concerned right after it writes (<see cref="LeadStages.RefreshAsync"/>). Inside an explicit transaction
/// that is part of the transaction. A save that committed on its own is followed by a second statement; if that
/// fails, or the process dies between the two, the stage is behind until the lead's next save or the sweep
/// (<see cref="LeadStageSweep"/>, which also runs at start-up), and the save itself is not reported as failed.
/// Registered before the live events' and alerts' interceptors, so a console told of a change reads the new stage.
/// Two saves of one lead racing on PostgreSQL can leave the stage of the one that saw less (each refresh reads its
/// own snapshot); the lead's next save or the sweep sets it right.
/// </summary>
public sealed partial class LeadStageRefresher(ILogger<LeadStageRefresher> logger) : ISaveChangesInterceptor
{
    private sealed record Pending(HashSet<Guid> Leads, HashSet<Guid> Sessions);

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // The app saves asynchronously; a synchronous save (a tool, a test) waits for the same work.
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is ({ } db, { } pending))
        {
            // After a save that committed on its own, nothing may make it look failed: not an error here, not the
            // caller's token (a request that ends, a shutdown) — so the refresh does not take that token.
            var committed = db.Database.CurrentTransaction is null;
            var ct = committed ? CancellationToken.None : cancellationToken;
            try
            {
                await LeadStages.RefreshAsync(db, await LeadsOfAsync(db, pending, ct), ct);
            }
            catch (Exception e) when (committed)
            {
                Log.RefreshFailed(logger, e);
            }
        }
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>The leads whose stage this save may move: what the rule reads, as it changes.</summary>
    private void Collect(DbContext? context)
    {
        if (context is not AppDbContext db)
            return;
        var leads = new HashSet<Guid>();
        var sessions = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            switch (entry.Entity)
            {
                case Lead lead:
                    leads.Add(lead.Id);
                    break;
                case ChatSession { LeadId: { } sessionLead }:
                    leads.Add(sessionLead);
                    break;
                case ChatMessage { Role: ChatRole.Customer } message when entry.State is EntityState.Added:
                    if (message.LeadId is { } messageLead)
                        leads.Add(messageLead);
                    else
                        sessions.Add(message.SessionId);
                    break;
                case Appointment appointment:
                    leads.Add(appointment.LeadId);
                    break;
                case TouchPoint touch when touch.SentAt is not null:
                    leads.Add(touch.LeadId);
                    break;
            }
        }
        if (leads.Count > 0 || sessions.Count > 0)
            _pending.AddOrUpdate(db, new Pending(leads, sessions));
        else
            _pending.Remove(db);
    }

    private (AppDbContext?, Pending?) Take(DbContext? context)
    {
        if (context is not AppDbContext db || !_pending.TryGetValue(db, out var pending))
            return (null, null);
        _pending.Remove(db);
        return (db, pending);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
            _pending.Remove(context);
    }

    private static async Task<IReadOnlyCollection<Guid>> LeadsOfAsync(AppDbContext db, Pending pending, CancellationToken ct)
    {
        if (pending.Sessions.Count == 0)
            return pending.Leads;
        var sessions = pending.Sessions;
        var more = await db.ChatSessions.AcrossTenants().Where(s => sessions.Contains(s.Id) && s.LeadId != null).Select(s => s.LeadId!.Value).ToListAsync(ct);
        return [.. pending.Leads.Union(more)];
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "The leads' stage could not be refreshed after a save; the next save of the lead or the stage sweep sets it right")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}
