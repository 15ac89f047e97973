using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Data;

/// <summary>
/// SQLite has one writer at a time. When two threads of this process write at once, the loser gets
/// SQLITE_BUSY and Microsoft.Data.Sqlite retries it after 150 ms sleeps, so a webhook could wait a
/// third of a second behind the intake worker. Here writers queue on an async lock instead: a write
/// transaction, or a write statement outside one, holds the gate until it ends. Reads never wait
/// (WAL). One gate per app instance, i.e. per database file.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbConnection, Holding> _holders = new();

    // A completed SqliteTransaction forgets its connection, so remember it from the start.
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> _transactions = new();

    private sealed class Holding
    {
        public bool Held;
        public bool UntilCommandEnds;
    }

    // ---- transactions: held from BEGIN to COMMIT/ROLLBACK ---------------------------------------------

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await AcquireAsync(connection, untilCommandEnds: false, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Acquire(connection, untilCommandEnds: false);
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _transactions.AddOrUpdate(result, connection);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        _transactions.AddOrUpdate(result, connection);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => EndTransaction(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => EndTransaction(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => EndTransaction(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(transaction);
        return Task.CompletedTask;
    }

    private void EndTransaction(DbTransaction transaction)
    {
        if (_transactions.TryGetValue(transaction, out var connection))
        {
            _transactions.Remove(transaction);
            Release(connection);
        }
    }

    // ---- single write statements outside a transaction -----------------------------------------------

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsStandaloneWrite(command))
            await AcquireAsync(command.Connection!, untilCommandEnds: true, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsStandaloneWrite(command))
            Acquire(command.Connection!, untilCommandEnds: true);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsStandaloneWrite(command))
            await AcquireAsync(command.Connection!, untilCommandEnds: true, cancellationToken);
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsStandaloneWrite(command))
            Acquire(command.Connection!, untilCommandEnds: true);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (IsStandaloneWrite(command))
            await AcquireAsync(command.Connection!, untilCommandEnds: true, cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (IsStandaloneWrite(command))
            Acquire(command.Connection!, untilCommandEnds: true);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndCommand(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        EndCommand(command);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return ValueTask.FromResult(result);
    }

    // A reader (UPDATE ... RETURNING) keeps the statement open until it is closed.
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        EndCommand(command);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        EndCommand(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        EndCommand(command);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => EndCommand(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => EndCommand(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndCommand(command);
        return Task.CompletedTask;
    }

    // ---- safety net: a connection never goes back to the pool holding the gate --------------------------

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return ValueTask.FromResult(result);
    }

    // ---- the gate ---------------------------------------------------------------------------------------

    private static bool IsStandaloneWrite(DbCommand command) =>
        command.Transaction is null && command.Connection is not null
        && !command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private async ValueTask AcquireAsync(DbConnection connection, bool untilCommandEnds, CancellationToken ct)
    {
        var holding = _holders.GetOrCreateValue(connection);
        if (holding.Held)
            return;
        await _gate.WaitAsync(ct);
        holding.Held = true;
        holding.UntilCommandEnds = untilCommandEnds;
    }

    private void Acquire(DbConnection connection, bool untilCommandEnds)
    {
        var holding = _holders.GetOrCreateValue(connection);
        if (holding.Held)
            return;
        _gate.Wait();
        holding.Held = true;
        holding.UntilCommandEnds = untilCommandEnds;
    }

    private void EndCommand(DbCommand command)
    {
        if (command.Connection is { } connection && _holders.TryGetValue(connection, out var holding) && holding is { Held: true, UntilCommandEnds: true })
            Release(connection);
    }

    public void Dispose() => _gate.Dispose();

    private void Release(DbConnection? connection)
    {
        if (connection is null || !_holders.TryGetValue(connection, out var holding) || !holding.Held)
            return;
        holding.Held = false;
        holding.UntilCommandEnds = false;
        _gate.Release();
    }
}
