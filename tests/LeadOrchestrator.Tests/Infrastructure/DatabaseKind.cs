namespace LeadOrchestrator.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>One test's own database, on either provider.</summary>
public sealed record TestDatabase(DatabaseKind Kind, string ConnectionString)
{
    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind, PostgresServer postgres, bool migrated = true) =>
        kind == DatabaseKind.Postgres
            ? new TestDatabase(kind, await postgres.CreateDatabaseAsync(migrated))
            : new TestDatabase(kind, $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("lo-test-").FullName, "app.db")}");

    /// <summary>Makes the database unreachable for the app, as an outage would.</summary>
    public static async Task BreakAsync(TestDatabase database, PostgresServer postgres)
    {
        if (database.Kind == DatabaseKind.Postgres)
        {
            var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
            await using var connection = new Npgsql.NpgsqlConnection(postgres.AdminConnectionString);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            // Moving the folder away is atomic: no new connection can open the file, whatever runs meanwhile.
            var folder = Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource)!;
            Directory.Move(folder, folder + "-gone");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Database:Provider", Kind == DatabaseKind.Postgres ? "postgres" : "sqlite"),
        new("ConnectionStrings:Default", ConnectionString),
    ];
}
