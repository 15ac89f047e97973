using System.Diagnostics;
using System.Net;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace LeadOrchestrator.Tests.Data;

/// <summary>Both migration sets, the migrate command, and the health endpoints.</summary>
public sealed class DatabaseTests(PostgresServer postgres)
{
    [Fact]
    public void NeitherMigrationSetHasPendingModelChanges()
    {
        // The CI check: a model change without a migration for both providers fails here.
        var sqlite = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(sqlite, "Data Source=:memory:");
        using (var db = new SqliteAppDbContext(sqlite.Options))
            Assert.False(db.Database.HasPendingModelChanges(), "SQLite: run dotnet ef migrations add <Name> --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite");

        var pg = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataExtensions.ConfigurePostgres(pg, "Host=localhost;Database=model-check");
        using (var db = new PostgresAppDbContext(pg.Options))
            Assert.False(db.Database.HasPendingModelChanges(), "PostgreSQL: run dotnet ef migrations add <Name> --context PostgresAppDbContext --output-dir Data/Migrations/Postgres");
    }

    [Fact]
    public void BothMigrationSetsHaveTheSameMigrations()
    {
        var sqlite = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(sqlite, "Data Source=:memory:");
        var pg = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataExtensions.ConfigurePostgres(pg, "Host=localhost;Database=model-check");
        using var s = new SqliteAppDbContext(sqlite.Options);
        using var p = new PostgresAppDbContext(pg.Options);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Names(s), Names(p));
    }

    [Fact]
    public async Task MigrateCommand_OnEmptyPostgresDatabase_AppliesMigrationsAndExits()
    {
        var connectionString = await postgres.CreateDatabaseAsync(migrated: false);
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [app, "migrate"])
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("lo-migrate-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "postgres";
        start.Environment["ConnectionStrings__Default"] = connectionString;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output} {await errors}");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM __ef_migrations_history", connection);
        Assert.True((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))! >= 1);
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('tenants','tenant_crm_configs','crm_sync_state','locations','location_hours','service_catalog','leads','inbound_events','job_executions')", connection);
        Assert.Equal(9L, (long)(await tables.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task Postgres_NotMigrated_IsLiveButNotReady_UntilMigrated()
    {
        var database = new TestDatabase(DatabaseKind.Postgres, await postgres.CreateDatabaseAsync(migrated: false));
        await using var app = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), IntakeHarness.FastRetries);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        var ready = await app.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        await app.DbAsync(async db => await db.Database.MigrateAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Sqlite_FreshFile_IsCreatedMigratedAndReadyOnStart()
    {
        var folder = Directory.CreateTempSubdirectory("lo-fresh-").FullName;
        var file = Path.Combine(folder, "nested", "data", "app.db");
        var database = new TestDatabase(DatabaseKind.Sqlite, $"Data Source={file}");

        await using var app = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), IntakeHarness.FastRetries);

        Assert.True(File.Exists(file));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        var journal = await app.DbAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync());
        Assert.Equal("wal", Assert.Single(journal));
    }

    [Fact]
    public async Task Sqlite_DatabaseGone_IsNotReady()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres);
        await using var app = TestApp.Start(database, new FakeTimeProvider(TestApp.DefaultStart), IntakeHarness.FastRetries);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);

        await TestDatabase.BreakAsync(database, postgres);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
    }
}
