using System.ComponentModel.DataAnnotations;

namespace LeadOrchestrator.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Database:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Apply migrations when the app starts. Defaults to on for SQLite and off for PostgreSQL, where
    /// operators run <c>dotnet run --project src/LeadOrchestrator -- migrate</c> as a release step.
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    public bool IsSqlite => Provider == "sqlite";

    public bool ShouldMigrateOnStart => MigrateOnStart ?? IsSqlite;
}
