using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadOrchestrator.Data;

/// <summary>The embedded default: one file, migrations under Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values, so they are stored as UTC text in the
        // same layout Microsoft.Data.Sqlite binds parameters with; in UTC that text sorts chronologically.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTextConverter>();
    }

    private sealed class UtcTextConverter() : ValueConverter<DateTimeOffset, string>(
        v => v.ToUniversalTime().ToString(SqliteTime.Format, CultureInfo.InvariantCulture),
        v => DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime());
}

/// <summary>Production and scale-out: migrations under Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override Task LockTenantAsync(Guid tenantId, CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"SELECT 1 FROM tenants WHERE id = {tenantId} FOR UPDATE", cancellationToken);

    public override Task LockLocationDayAsync(Guid locationId, DateOnly day, CancellationToken cancellationToken)
    {
        // A 64-bit key from the location and the day; a collision only makes two unrelated bookings wait.
        var key = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"booking:{locationId:N}:{day:yyyy-MM-dd}")), 0);
        return Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
    }

    /// <summary>
    /// <c>synchronous_commit = off</c> for this one transaction: the commit returns before the WAL is on
    /// disk. A database crash can lose the last few hundred milliseconds of such commits — their input
    /// (a committed inbox event) is then processed again — and the next ordinary commit flushes them
    /// anyway, since the WAL is written in order. Webhook acknowledgements never use this path.
    /// </summary>
    protected override Task RelaxCommitDurabilityAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit TO OFF", cancellationToken);
}

internal static class SqliteTime
{
    /// <summary>Microsoft.Data.Sqlite's own text layout for DateTimeOffset parameters.</summary>
    public const string Format = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";
}

/// <summary>Lets <c>dotnet ef migrations add --context SqliteAppDbContext</c> build the model without the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteAppDbContext(options.Options);
    }
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresAppDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataExtensions.ConfigurePostgres(options, "Host=localhost;Database=design");
        return new PostgresAppDbContext(options.Options);
    }
}
