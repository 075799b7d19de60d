using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Yardstick.Data.Values;

/// <summary>
/// One change of a user's that is not a data value (a task step, a document target's result, a 考核 step): its statements
/// and the audit rows they return run in one transaction under a new change set, sealed into the audit chain before the
/// commit. The statements are plain SQL on the open connection (<see cref="ExecuteAsync"/>, <see cref="ScalarAsync"/>).
/// </summary>
internal static class AuditedChange
{
    public static async Task RunAsync(YardstickDb db, string actor, string source, DateTimeOffset at, string? address,
        Func<DbConnection, DbTransaction, Task<List<(string Entity, string Key, string? Old, string? New)>>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var changeSet = await DataValueStore.NewChangeSetAsync(db, actor, source, at, address, cancellationToken);
                var audit = await work(db.Database.GetDbConnection(), transaction.GetDbTransaction());
                await AuditLog.WriteAsync(db, changeSet, audit, cancellationToken);
                await AuditLog.SealAsync(db, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
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
