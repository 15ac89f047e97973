using System.Runtime.CompilerServices;
using LeadOrchestrator.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Data;

/// <summary>
/// Rows derived from what a save changes, written in that save (so they exist exactly when the change
/// committed), and a wake-up for this instance's reader once the transaction commits. The subclass says
/// what it derives (<see cref="Derive"/>); this tracks the commit. Registered as an EF interceptor on every
/// pooled context.
/// </summary>
public abstract class CommitSignal(TimeProvider time) : WorkSignal, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Contexts whose saved events wait for their transaction to commit.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Adds the save's derived rows to <paramref name="db"/>; true when there are any (the commit then wakes the reader).</summary>
    protected abstract bool Derive(DbContext db, DateTimeOffset now);

    private void Saving(DbContext? db)
    {
        if (db is not null && Derive(db, time.GetUtcNow()))
            _pending.AddOrUpdate(db, this);
    }

    private void Saved(DbContext? db)
    {
        // Without an explicit transaction the save committed its own.
        if (db is not null && db.Database.CurrentTransaction is null)
            Committed(db);
    }

    private void Committed(DbContext? db)
    {
        if (db is not null && _pending.Remove(db))
            Notify();
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
            _pending.Remove(db);
    }
}
