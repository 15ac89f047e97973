namespace LeadOrchestrator.Data;

/// <summary>
/// The one shape of a lease claim: mark up to N due rows as taken by this instance and return them, in
/// one statement. <c>UPDATE t SET … WHERE id IN (SELECT id FROM t WHERE due ORDER BY … LIMIT n [FOR
/// UPDATE SKIP LOCKED]) RETURNING *</c> — PostgreSQL skips rows another instance is claiming right now
/// (<see cref="AppDbContext.SkipLocked"/>); SQLite has one writer, so the plain form is already exclusive.
/// The due condition should repeat the partial index's own predicate word for word: SQLite uses a partial
/// index only then.
/// </summary>
public static class LeaseClaims
{
    /// <param name="set">What a claim writes (owner, lease end, a bumped version or attempt count).</param>
    /// <param name="due">Which rows are due.</param>
    /// <param name="limit">The parameter placeholder for how many (e.g. <c>{3}</c>).</param>
    public static string Sql(string table, string set, string due, string orderBy, string limit, string skipLocked) => $"""
        UPDATE {table}
        SET {set}
        WHERE id IN (
            SELECT id FROM {table}
            WHERE {due}
            ORDER BY {orderBy}
            LIMIT {limit}
            {skipLocked}
        )
        RETURNING *
        """;
}
