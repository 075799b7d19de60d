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
        Func<DbConnection, DbTransaction, Task<List<(string Entity, string Key, string? Old, string? New)>?>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var changeSet = await DataValueStore.NewChangeSetAsync(db, actor, source, at, address, cancellationToken);
                if (await work(db.Database.GetDbConnection(), transaction.GetDbTransaction()) is not { } audit)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    return false;
                }
                await AuditLog.WriteAsync(db, changeSet, audit, cancellationToken);
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
