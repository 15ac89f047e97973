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

    /// <summary>True when a save lost a race on a unique index (someone else inserted the same key first).</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
