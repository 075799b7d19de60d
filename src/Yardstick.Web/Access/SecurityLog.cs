using Microsoft.EntityFrameworkCore;
using Yardstick.Data;
using Yardstick.Data.Values;

namespace Yardstick.Web.Access;

/// <summary>
/// Security events (sign-in, failures, lockouts, password changes, role and scope grants) go into the same hash-chained
/// audit log as data changes, each as its own change set with the client address.
/// </summary>
public static class SecurityLog
{
    public static async Task RecordAsync(YardstickDb db, string actor, string? address, string entity, string key, string? old, string? @new,
        DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var changeSet = await DataValueStore.NewChangeSetAsync(db, actor, "安全事件", at, address, cancellationToken);
                await AuditLog.WriteAsync(db, changeSet, [(entity, key, old, @new)], cancellationToken);
                await AuditLog.SealAsync(db, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }
}
