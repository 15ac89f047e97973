using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadOrchestrator.Data;

/// <summary>The embedded default: one file, migrations under Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, TenantContext tenant)
    : AppDbContext(options, tenant)
{
    public override bool SupportsSkipLocked => false;

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
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, TenantContext tenant)
    : AppDbContext(options, tenant)
{
    public override bool SupportsSkipLocked => true;
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
        return new SqliteAppDbContext(options.Options, new TenantContext());
    }
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresAppDbContext</c> build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAppDbContext>();
        DataExtensions.ConfigurePostgres(options, "Host=localhost;Database=design");
        return new PostgresAppDbContext(options.Options, new TenantContext());
    }
}
