using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Yardstick.Data.Values;

/// <summary>Appends rows to the audit log: which change set (who, when, source) changed what, from which value to which.</summary>
public static class AuditLog
{
    public static async Task WriteAsync(YardstickDb db, ChangeSet changeSet,
        IReadOnlyCollection<(string Entity, string Key, string? Old, string? New)> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value) VALUES (@c, @e, @k, @o, @n)";
        SchemaMigrator.AddParameter(command, "@c", changeSet.Id);
        SchemaMigrator.AddParameter(command, "@e", "");
        SchemaMigrator.AddParameter(command, "@k", "");
        SchemaMigrator.AddParameter(command, "@o", null);
        SchemaMigrator.AddParameter(command, "@n", null);
        foreach (var (entity, key, old, @new) in entries)
        {
            command.Parameters[1].Value = entity;
            command.Parameters[2].Value = key;
            command.Parameters[3].Value = (object?)old ?? DBNull.Value;
            command.Parameters[4].Value = (object?)@new ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>One audit row as stored, with its change set.</summary>
    public sealed record Entry(long ChangeSetId, string Actor, string At, string Source, string Entity, string Key, string? Old, string? New);

    public static async Task<IReadOnlyList<Entry>> ReadAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT a.change_set_id, c.actor, CAST(c.at AS text), c.source, a.entity, a.entity_key, a.old_value, a.new_value
                FROM audit_log a JOIN change_sets c ON c.id = a.change_set_id ORDER BY a.id
                """;
            var entries = new List<Entry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new Entry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
            return entries;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
