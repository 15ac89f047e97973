using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Data;

/// <summary>A row that is due, and whose tenant it is.</summary>
public readonly record struct DueRow(Guid Id, Guid TenantId);

/// <summary>
/// "Each due row in its own tenant scope": the background loops find what is due across tenants, then
/// work each row in a fresh scope acting for that row's tenant, so everything the work reads or writes is
/// filtered to it. One row that throws is logged and left for the next pass; the others go on.
/// </summary>
public sealed partial class TenantWork(IServiceScopeFactory scopes, ILogger<TenantWork> logger)
{
    /// <summary>Works up to <paramref name="batch"/> due rows; returns how many of them <paramref name="work"/> said it did.</summary>
    public async Task<int> ForEachAsync(Func<AppDbContext, IQueryable<DueRow>> due, int batch,
        Func<IServiceProvider, Guid, CancellationToken, Task<bool>> work, CancellationToken ct)
    {
        List<DueRow> rows;
        await using (var scope = scopes.CreateAsyncScope())
            rows = await due(scope.ServiceProvider.GetRequiredService<AppDbContext>()).Take(batch).ToListAsync(ct);
        var done = 0;
        foreach (var row in rows)
        {
            try
            {
                if (await scopes.InTenantScopeAsync(row.TenantId, (services, c) => work(services, row.Id, c), ct))
                    done++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Log.RowFailed(logger, e, row.Id, row.TenantId);
            }
        }
        return done;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Error, "Background work on row {Id} (tenant {TenantId}) failed; it is looked at again next pass")]
        public static partial void RowFailed(ILogger logger, Exception exception, Guid id, Guid tenantId);
    }
}
