using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Data;

public static class ConflictRetry
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

    public static Task RetryOnConflictAsync(this AppDbContext db, Func<CancellationToken, Task> work, CancellationToken ct, int attempts = 5) =>
        db.RetryOnConflictAsync<bool>(async c =>
        {
            await work(c);
            return true;
        }, ct, attempts);
}
