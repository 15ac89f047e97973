using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadOrchestrator.Data;

public static class DbErrors
{
    /// <summary>
    /// The database could not be reached or failed the statement (not a constraint on our data). EF's
    /// Npgsql execution strategy wraps such errors in an InvalidOperationException.
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        e is System.Data.Common.DbException || e.InnerException is System.Data.Common.DbException;

    /// <summary>
    /// The database refused the values themselves (PostgreSQL's class 22, data exception: an invalid
    /// byte sequence, a value too long or out of range; or a NOT NULL or CHECK violation): trying the
    /// same data again cannot succeed.
    /// </summary>
    public static bool IsInvalidData(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException pg)
                return pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState is PostgresErrorCodes.NotNullViolation or PostgresErrorCodes.CheckViolation;
            if (inner is SqliteException sqlite)
                return sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1299 or 275; // NOT NULL, CHECK
        }
        return false;
    }

    /// <summary>True when a save lost a race on a unique index (someone else inserted the same key first).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
