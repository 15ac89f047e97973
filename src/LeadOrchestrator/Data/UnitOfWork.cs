using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Data;

/// <summary>
/// The ways a unit of work is done here, each named for what it guarantees (ADR 0019 says when to use which):
/// <list type="bullet">
/// <item><see cref="RetryOnConflictAsync{T}"/> — read, change, save, and start over on fresh data when another
/// writer changed a versioned row first. The default for staff, webhook and worker changes.</item>
/// <item><see cref="InTransactionAsync{T}"/> — several statements that stand or fall together (replace a
/// location's calendar blocks; cancel and plan its notices).</item>
/// <item><see cref="InLockedTransactionAsync{T}"/> — check, then write, under a lock that makes the same check
/// elsewhere wait (is the slot free? then take it; is there a default cadence? then create it).</item>
/// <item><see cref="AppDbContext.SaveDerivedChangesAsync"/> — changes redone from durable input if lost (an
/// inbox event turned into a lead), committed without waiting for the disk on PostgreSQL.</item>
/// <item><see cref="InTenantScopeAsync"/> — work with its own scope, context and fate, acting for one tenant
/// (a cadence stop while a chat answer is being written; each due row of a background pass).</item>
/// </list>
/// </summary>
public static class UnitOfWork
{
    /// <summary>
    /// Runs a read-modify-save unit of work and starts it over on fresh data when another writer changed
    /// one of its versioned rows first (a lead touched by intake, the dispatcher or staff meanwhile).
    /// The work must do its reads inside, and have no effects outside the database.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(this AppDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct, int attempts = 5)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                return await work(ct);
            }
            catch (DbUpdateConcurrencyException) when (round < attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <inheritdoc cref="RetryOnConflictAsync{T}"/>
    public static Task RetryOnConflictAsync(this AppDbContext db, Func<CancellationToken, Task> work, CancellationToken ct, int attempts = 5) =>
        db.RetryOnConflictAsync<bool>(async c =>
        {
            await work(c);
            return true;
        }, ct, attempts);

    /// <summary>Everything <paramref name="work"/> saves or executes is committed together, or not at all (it throws).</summary>
    public static async Task<T> InTransactionAsync<T>(this AppDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public static Task InTransactionAsync(this AppDbContext db, Func<CancellationToken, Task> work, CancellationToken ct) =>
        db.InTransactionAsync<bool>(async c =>
        {
            await work(c);
            return true;
        }, ct);

    /// <summary>
    /// Check-then-write that must not race: <paramref name="takeLock"/> first (the provider's lock, e.g.
    /// <see cref="AppDbContext.LockLocationDayAsync"/> — an advisory lock on PostgreSQL; SQLite's writers
    /// already run one at a time), then <paramref name="work"/> reads, decides and saves, all in one
    /// transaction; the lock ends with it. Another instance doing the same waits, then sees this one's result.
    /// </summary>
    public static Task<T> InLockedTransactionAsync<T>(this AppDbContext db, Func<CancellationToken, Task> takeLock, Func<CancellationToken, Task<T>> work,
        CancellationToken ct) =>
        db.InTransactionAsync(async c =>
        {
            await takeLock(c);
            return await work(c);
        }, ct);

    /// <inheritdoc cref="InLockedTransactionAsync{T}"/>
    public static Task InLockedTransactionAsync(this AppDbContext db, Func<CancellationToken, Task> takeLock, Func<CancellationToken, Task> work, CancellationToken ct) =>
        db.InLockedTransactionAsync<bool>(takeLock, async c =>
        {
            await work(c);
            return true;
        }, ct);

    /// <summary>
    /// "Own scope, own fate": <paramref name="work"/> runs in a fresh scope acting for <paramref name="tenantId"/>,
    /// with its own context, so what it reads and writes is that tenant's and whatever it saves or fails does
    /// not touch the caller's unit of work.
    /// </summary>
    public static async Task<T> InTenantScopeAsync<T>(this IServiceScopeFactory scopes, Guid tenantId, Func<IServiceProvider, CancellationToken, Task<T>> work,
        CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        return await work(scope.ServiceProvider, ct);
    }

    /// <inheritdoc cref="InTenantScopeAsync{T}"/>
    public static Task InTenantScopeAsync(this IServiceScopeFactory scopes, Guid tenantId, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct) =>
        scopes.InTenantScopeAsync<bool>(tenantId, async (services, c) =>
        {
            await work(services, c);
            return true;
        }, ct);
}
