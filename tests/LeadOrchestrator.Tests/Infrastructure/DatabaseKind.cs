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

    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Database:Provider", Kind == DatabaseKind.Postgres ? "postgres" : "sqlite"),
        new("ConnectionStrings:Default", ConnectionString),
    ];
}
