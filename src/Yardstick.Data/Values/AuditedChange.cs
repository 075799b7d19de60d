using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Yardstick.Data.Values;

/// <summary>
/// One change of a user's that is not a data value (a report's step, a task step, a document target's result, a 考核 step):
/// its statements and the audit rows they return run in one transaction under a new change set, sealed into the audit
/// chain before the commit. The statements are plain SQL on the open connection (<see cref="ExecuteAsync"/>,
/// <see cref="ScalarAsync"/>), or EF Core on the same context, which joins the transaction.
/// </summary>
/// <remarks>
/// <b>A decision is compare-and-set.</b> A decision (approve, return, close, publish …) is taken on a state read before the
/// transaction; two people can take one on the same state at the same moment. The work first claims the row with
/// <see cref="ClaimAsync"/> (or inserts it with <c>ON CONFLICT DO NOTHING</c>); when the state has moved the work returns
/// null and nothing of it — rows, audit, messages — is written: <see cref="RunAsync"/> answers false and the caller tells
/// the loser what the state is now (409).
/// </remarks>
internal static class AuditedChange
{
    /// <summary>Runs <paramref name="work"/> as one audited change; false when the work found the state it was decided on gone (nothing written).</summary>
    public static async Task<bool> RunAsync(YardstickDb db, string actor, string source, DateTimeOffset at, string? address,
        Func<DbConnection, DbTransaction, Task<List<(string Entity, string Key, string? Old, string? New)>?>> work, CancellationToken cancellationToken) =>
        await RunAsync(db, new Opening(actor, source, at, address), async (changeSet, connection, transaction) =>
        {
            if (await work(connection, transaction) is not { } audit)
            {
                return false;
            }
            await AuditLog.WriteAsync(db, changeSet, audit, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Who makes a change set, from where, and what it says of itself (<see cref="DataValueStore.NewChangeSetAsync(YardstickDb, string, string, DateTimeOffset, string?, CancellationToken, bool)"/>).</summary>
    public sealed record Opening(string Actor, string Source, DateTimeOffset At, string? Address, bool Metadata = false);

    /// <summary>
    /// The write ceremony, the one place it is written: open the connection, begin the transaction, open the change set
    /// (which takes the writers' lock on PostgreSQL), run <paramref name="work"/> — which writes its rows and its audit
    /// rows into the change set it is given — then seal the audit chain and commit. When the work answers false nothing
    /// of it is kept (rolled back, tracked entities dropped) and neither is the change set. It runs inside the store's
    /// execution strategy, which retries nothing today; one that did would run the work again from its start.
    /// </summary>
    public static async Task<bool> RunAsync(YardstickDb db, Opening opening, Func<ChangeSet, DbConnection, DbTransaction, Task<bool>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(opening);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (db.IsPostgres)
                {
                    // A write's statements are key lookups, but correlated ones over data_values (the rules checked in the
                    // store) are estimated dear enough to cross PostgreSQL's JIT thresholds: compiling took 2.4 s of a 2.6 s
                    // rule check after a city's month; without it the check took 0.17 s.
                    await ExecuteAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), "SET LOCAL jit = off", cancellationToken);
                }
                var changeSet = await DataValueStore.NewChangeSetAsync(db, opening.Actor, opening.Source, opening.At, opening.Address, cancellationToken,
                    metadata: opening.Metadata);
                if (!await work(changeSet, db.Database.GetDbConnection(), transaction.GetDbTransaction()))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    return false;
                }
                await AuditLog.SealAsync(db, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    /// <summary>
    /// The compare of compare-and-set: true when the row(s) <paramref name="where"/> selects still hold <paramref name="seen"/>
    /// in <paramref name="column"/> (null: the column is null), now locked by this transaction so no other decision can move
    /// them before it ends; false when another writer changed them first. On PostgreSQL a second claim waits for the first
    /// transaction and then re-checks the condition on the row as committed; on SQLite writers run one at a time.
    /// </summary>
    public static async Task<bool> ClaimAsync(DbConnection connection, DbTransaction transaction, string table, string where, string column, string? seen,
        CancellationToken cancellationToken, params (string Name, object? Value)[] key)
    {
        var sql = $"UPDATE {table} SET {column} = {column} WHERE ({where}) AND " + (seen is null ? $"{column} IS NULL" : $"{column} = @seen__");
        return await ExecuteAsync(connection, transaction, sql, cancellationToken, [.. key, .. seen is null ? [] : new[] { ("@seen__", (object?)seen) }]) > 0;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            SchemaMigrator.AddParameter(command, name, value);
        }
        return command;
    }
}
