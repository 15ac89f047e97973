using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Data;

public static class DataExtensions
{
    public const string DefaultSqliteConnectionString = "Data Source=data/leadorchestrator.db";

    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Default");

        builder.Services.AddScoped<TenantContext>();
        if (options.Provider == "postgres")
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                    ["Database:Provider is 'postgres' but ConnectionStrings:Default is empty."]);
            builder.Services.AddPooledDbContextFactory<PostgresAppDbContext>((sp, o) => ConfigurePostgres(o, connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
            builder.Services.AddScoped<AppDbContext>(Lease<PostgresAppDbContext>);
        }
        else
        {
            var sqlite = ResolveSqlitePath(connectionString ?? DefaultSqliteConnectionString, builder.Environment.ContentRootPath);
            builder.Services.AddSingleton<SqliteWriteGate>();
            builder.Services.AddPooledDbContextFactory<SqliteAppDbContext>((sp, o) => ConfigureSqlite(o, sqlite).AddInterceptors([sp.GetRequiredService<SqliteWriteGate>(), .. sp.GetServices<IInterceptor>()]));
            builder.Services.AddScoped<AppDbContext>(Lease<SqliteAppDbContext>);
        }
        // Features add their own interceptors (IInterceptor singletons) to every context, e.g. the live events' recorder.

        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddSingleton<TenantWork>();
        // One key ring for every instance, kept with the data: a staff cookie issued by one instance is read
        // by all, and survives a restart or a new container. With a certificate configured the keys are
        // encrypted at rest with it (without one, Data Protection warns at start that they are not).
        var protection = builder.Services.AddDataProtection().SetApplicationName("LeadOrchestrator").PersistKeysToDbContext<AppDbContext>();
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificate)
            protection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificate, builder.Configuration["DataProtection:CertificatePassword"]));
        return builder;
    }

    /// <summary>A pooled context for this scope, acting for the scope's tenant; disposing the scope returns it.</summary>
    private static T Lease<T>(IServiceProvider services) where T : AppDbContext
    {
        var db = services.GetRequiredService<IDbContextFactory<T>>().CreateDbContext();
        db.Tenant = services.GetRequiredService<TenantContext>();
        return db;
    }

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        Quiet(options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());

    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        Quiet(options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());

    /// <summary>
    /// EF logs every failed command and save as an error, including the ones the code expects and handles:
    /// the unique violation of a webhook and a poll racing for one lead, the history table a first migrate
    /// has yet to create. The code that catches a failure says what it means (a race is retried and logged
    /// as one); one nobody catches is logged with its request or worker. So EF's own report is debug detail.
    /// </summary>
    private static DbContextOptionsBuilder Quiet(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Debug),
            (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>
    /// A relative SQLite file is placed under the app's content root (not wherever the shell happens
    /// to be), and its folder is created, so the first <c>dotnet run</c> just works.
    /// </summary>
    internal static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(contentRoot, source));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            csb.DataSource = path;
        }
        return csb.ToString();
    }
}
