using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL cluster that ./test.sh starts (connection string in LO_TEST_POSTGRES).
/// Migrates a template database once with the app's PostgreSQL migration set; every test then gets its
/// own database cloned from it, so tests are isolated and can run in parallel.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "LO_TEST_POSTGRES";
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _created = [];
    private string? _template;

    public string AdminConnectionString { get; } = Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "";

    public async ValueTask InitializeAsync()
    {
        if (AdminConnectionString.Length == 0)
            return; // reported by the first test that asks for a database
        _template = $"lo_template_{Environment.ProcessId}";
        await ExecuteAsync($"DROP DATABASE IF EXISTS {_template} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {_template}");
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataExtensions.ConfigurePostgres(options, ConnectionStringFor(_template));
        await using (var db = new PostgresAppDbContext(options.Options))
            await db.Database.MigrateAsync();
        NpgsqlConnection.ClearAllPools(); // CREATE DATABASE ... TEMPLATE needs the template to have no sessions
    }

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        if (AdminConnectionString.Length == 0)
            throw new InvalidOperationException($"PostgreSQL tests need {EnvironmentVariable}; run them with ./test.sh, which starts a throwaway cluster.");
        var name = $"lo_t_{Guid.NewGuid():N}"[..24];
        await _createLock.WaitAsync();
        try
        {
            await ExecuteAsync(migrated ? $"CREATE DATABASE {name} TEMPLATE {_template}" : $"CREATE DATABASE {name}");
        }
        finally
        {
            _createLock.Release();
        }
        _created.Add(name);
        return ConnectionStringFor(name);
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_template is not null)
        {
            NpgsqlConnection.ClearAllPools();
            // Every test's database goes with the run, so a long-lived developer cluster does not fill the disk.
            foreach (var name in _created)
                await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await ExecuteAsync($"DROP DATABASE IF EXISTS {_template} WITH (FORCE)");
        }
        _createLock.Dispose();
    }
}
