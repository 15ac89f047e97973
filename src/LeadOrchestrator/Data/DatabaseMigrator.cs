using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Data;

/// <summary>The <c>migrate</c> step: applies the provider's migration set.</summary>
public sealed partial class DatabaseMigrator(AppDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (db is SqliteAppDbContext)
        {
            // WAL lets the web role read while the worker role writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        LogMigrated(logger, db.Database.ProviderName ?? "?", pending.Count, string.Join(", ", pending));
    }

    public async Task<bool> HasPendingMigrationsAsync(CancellationToken cancellationToken) =>
        (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();

    [LoggerMessage(LogLevel.Information, "Database ({Provider}) is up to date; applied {Count} migration(s): {Migrations}")]
    private static partial void LogMigrated(ILogger logger, string provider, int count, string migrations);
}
