using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Data;

/// <summary>
/// The background loops' hot queries reach their rows through the partial indexes on SQLite, whose
/// planner uses a partial index only when the query repeats the index's WHERE term (a full scan per
/// claim made the dispatcher slower with every row the table gained).
/// </summary>
public sealed class QueryPlanTests
{
    [Theory]
    [InlineData("touch_points", "ix_touch_points_due")]
    [InlineData("stale_sending", "ix_touch_points_due")]
    [InlineData("inbound_events", "ix_inbound_events_due")]
    public async Task SqliteClaims_UseTheirPartialIndex(string query, string index)
    {
        var folder = Directory.CreateTempSubdirectory("lo-plan-").FullName;
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(options, $"Data Source={Path.Combine(folder, "plan.db")};Pooling=false");
        await using var db = new SqliteAppDbContext(options.Options);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        var sql = query switch
        {
            "touch_points" => TouchPointDispatcher.ClaimSql(db.SkipLocked),
            "stale_sending" => TouchPointDispatcher.StaleSendingSql,
            _ => IntakeWorker.ClaimSql(db.SkipLocked),
        };
        sql = sql.Replace("{0}", "'x'", StringComparison.Ordinal).Replace("{1}", "'2026-11-26'", StringComparison.Ordinal)
            .Replace("{2}", "'2026-11-26'", StringComparison.Ordinal).Replace("{3}", "50", StringComparison.Ordinal);

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                plan.Add(reader.GetString(3));

        Assert.Contains(plan, step => step.Contains($"USING INDEX {index}", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
    }
}
