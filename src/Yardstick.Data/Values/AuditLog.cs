using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Org.BouncyCastle.Crypto.Digests;

namespace Yardstick.Data.Values;

/// <summary>
/// Appends rows to the audit log: which change set (who, when, from where, source) changed what, from which value to
/// which. Rows are chained by SM3 hash (GB/T 32905, the 等保 choice) when a write is sealed: each row's hash covers
/// the previous row's hash and everything shown on the audit page, so editing or deleting a stored row is detected
/// by <see cref="VerifyAsync"/>. Nothing in the application updates or deletes audit rows.
/// </summary>
public static class AuditLog
{
    /// <summary>
    /// Writes audit rows into the change set. An org unit's row is filed under that unit's path, so auditors below the root
    /// read it; other metadata (elements, indicators, plans, tasks) is commission-wide and filed under no unit.
    /// </summary>
    public static async Task WriteAsync(YardstickDb db, ChangeSet changeSet,
        IReadOnlyCollection<(string Entity, string Key, string? Old, string? New)> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(changeSet);
        ArgumentNullException.ThrowIfNull(entries);
        await WriteAsync(db, changeSet, [.. entries.Select(e => (e.Entity, e.Key, e.Old, e.New, UnitOf(e.Entity, e.Key)))], cancellationToken);
    }

    /// <summary>The org unit an entry is filed under: an org unit's own code (its row, its boundary or point), the unit of a report (<c>data set|unit|period</c>) or of a value's note (<c>element/unit/period</c>, <c>/combo</c> after it for an option combo's), or of a document target's result (<c>plan/item/unit/year</c>), or a 数据分析 favourite's owner's unit (<c>unit/id</c>).</summary>
    private static string? UnitOf(string entity, string key) => entity switch
    {
        "org_unit" or "org_unit_geometry" => key,
        "data_set_report" when key.Split('|') is [_, var unit, _] => unit,
        "value_note" when key.Split('/') is [_, var unit, _] => unit,
        "value_note" when key.Split('/') is [_, var unit, _, _] => unit,
        "plan_item_result" when key.Split('/') is [_, _, var unit, _] => unit,
        "analysis_favorite" when key.Split('/') is [var unit, _] => unit,
        _ => null,
    };

    private static async Task WriteAsync(YardstickDb db, ChangeSet changeSet,
        IReadOnlyCollection<(string Entity, string Key, string? Old, string? New, string? OrgUnitCode)> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value, org_unit_path)
            VALUES (@c, @e, @k, @o, @n, (SELECT path FROM org_units WHERE code = @u))
            """;
        SchemaMigrator.AddParameter(command, "@c", changeSet.Id);
        SchemaMigrator.AddParameter(command, "@e", "");
        SchemaMigrator.AddParameter(command, "@k", "");
        SchemaMigrator.AddParameter(command, "@o", null);
        SchemaMigrator.AddParameter(command, "@n", null);
        SchemaMigrator.AddParameter(command, "@u", "");
        foreach (var (entity, key, old, @new, unit) in entries)
        {
            command.Parameters[1].Value = entity;
            command.Parameters[2].Value = key;
            command.Parameters[3].Value = (object?)old ?? DBNull.Value;
            command.Parameters[4].Value = (object?)@new ?? DBNull.Value;
            command.Parameters[5].Value = (object?)unit ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One event in its own change set, sealed: sign-ins and their failures, password and role changes, accounts and
    /// tokens made from the CLI — security events go into the same chained log as data changes. <paramref name="orgUnitCode"/>
    /// is the scope of the account concerned (null when there is none, e.g. a failed sign-in under an unknown name): the
    /// event is filed under it, so an auditor of that subtree reads it and an auditor elsewhere does not.
    /// </summary>
    public static async Task RecordEventAsync(YardstickDb db, string actor, string? address, string entity, string key, string? old, string? @new,
        DateTimeOffset at, string? orgUnitCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await AuditedChange.RunAsync(db, new AuditedChange.Opening(actor, "安全事件", at, address), async (changeSet, _, _) =>
        {
            await WriteAsync(db, changeSet, [(entity, key, old, @new, orgUnitCode)], cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>One audit row as stored, with its change set.</summary>
    public sealed record Entry(long ChangeSetId, string Actor, string At, string Source, string Entity, string Key, string? Old, string? New,
        string? Address = null, long Id = 0, string? Hash = null);

    /// <summary>The PostgreSQL advisory lock every writing transaction holds (taken again here in case a writer did not).</summary>
    internal const string WriterLock = "7310001";

    private const string SelectEntries = """
        SELECT a.change_set_id, c.actor, CAST(c.at AS text), c.source, a.entity, a.entity_key, a.old_value, a.new_value,
               c.address, a.id, a.hash
        FROM audit_log a JOIN change_sets c ON c.id = a.change_set_id
        """;

    /// <summary>
    /// Chains every unsealed row (in id order) onto the last sealed one. Call inside the writing transaction, just before
    /// commit. On PostgreSQL an advisory lock held to commit keeps concurrent writers (several app instances) from
    /// sealing onto the same predecessor.
    /// </summary>
    public static async Task SealAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The audit log is sealed inside the writing transaction.");
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (db.IsPostgres)
        {
            command.CommandText = "SELECT pg_advisory_xact_lock(" + WriterLock + ")";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        command.CommandText = "SELECT chain_no, hash FROM audit_log WHERE chain_no IS NOT NULL ORDER BY chain_no DESC LIMIT 1";
        long chainNo = 0;
        var previous = "";
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                chainNo = reader.GetInt64(0);
                previous = reader.GetString(1);
            }
        }
        command.CommandText = SelectEntries + " WHERE a.hash IS NULL ORDER BY a.id";
        var unsealed = await ReadEntriesAsync(command, cancellationToken);
        if (unsealed.Count == 0)
        {
            return;
        }
        var seals = new List<(long Id, string Hash, long No)>(unsealed.Count);
        foreach (var entry in unsealed)
        {
            previous = HashOf(previous, entry);
            seals.Add((entry.Id, previous, ++chainNo));
        }
        if (seals.Count <= SealOneByOneUpTo)
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE audit_log SET hash = @h, chain_no = @n WHERE id = @id";
            SchemaMigrator.AddParameter(update, "@h", "");
            SchemaMigrator.AddParameter(update, "@n", 0L);
            SchemaMigrator.AddParameter(update, "@id", 0L);
            foreach (var (id, hash, no) in seals)
            {
                update.Parameters[0].Value = hash;
                update.Parameters[1].Value = no;
                update.Parameters[2].Value = id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            return;
        }
        // Many rows (a month's file audited value by value): the seals go into a temporary table in large statements and
        // reach the log in one UPDATE, instead of a round trip per row. Ids, numbers and hex hashes are safe as literals.
        command.CommandText = db.IsPostgres
            ? "CREATE TEMP TABLE audit_seals (id bigint PRIMARY KEY, hash text NOT NULL, chain_no bigint NOT NULL) ON COMMIT DROP"
            : "CREATE TEMP TABLE audit_seals (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, chain_no INTEGER NOT NULL)";
        await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var chunk in seals.Chunk(500))
        {
            command.CommandText = "INSERT INTO audit_seals (id, hash, chain_no) VALUES "
                + string.Join(',', chunk.Select(x => $"({x.Id.ToString(CultureInfo.InvariantCulture)},'{x.Hash}',{x.No.ToString(CultureInfo.InvariantCulture)})"));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        command.CommandText = "UPDATE audit_log SET hash = s.hash, chain_no = s.chain_no FROM audit_seals s WHERE audit_log.id = s.id";
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!db.IsPostgres)
        {
            command.CommandText = "DROP TABLE audit_seals";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Seals this few are written row by row (a sign-in, a form); more go through one set-based update.</summary>
    private const int SealOneByOneUpTo = 64;

    /// <summary>The sealed rows, in chain order, with the first whose stored hash does not match the recomputed chain.</summary>
    public sealed record Verification(long Checked, long? FirstBrokenId, string? Problem)
    {
        public bool Intact => FirstBrokenId is null && Problem is null;
    }

    /// <summary>Recomputes the chain from the first row; a changed, inserted or deleted row breaks it.</summary>
    public static async Task<Verification> VerifyAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT a.change_set_id, c.actor, CAST(c.at AS text), c.source, a.entity, a.entity_key, a.old_value, a.new_value,
                       c.address, a.id, a.hash, a.chain_no
                FROM audit_log a LEFT JOIN change_sets c ON c.id = a.change_set_id
                WHERE a.chain_no IS NOT NULL ORDER BY a.chain_no
                """;
            var previous = "";
            long expectedNo = 0, count = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                count++;
                if (reader.IsDBNull(1))
                {
                    return new Verification(count, reader.GetInt64(9), "审计记录所属的变更批次已被删除");
                }
                var entry = ReadEntry(reader);
                var no = reader.GetInt64(11);
                if (no != ++expectedNo)
                {
                    return new Verification(count, entry.Id, $"链序号 {expectedNo} 缺失 (记录被删除)");
                }
                previous = HashOf(previous, entry);
                if (!string.Equals(previous, entry.Hash, StringComparison.Ordinal))
                {
                    return new Verification(count, entry.Id, "记录内容与其哈希不符 (记录被修改)");
                }
            }
            return new Verification(count, null, null);
        }, cancellationToken);
    }

    /// <summary>SM3 over the previous hash and the row's fields, each length-prefixed so that no two rows can collide by shifting text.</summary>
    internal static string HashOf(string previous, Entry e)
    {
        var text = new StringBuilder();
        foreach (var field in new[] { previous, e.ChangeSetId.ToString(CultureInfo.InvariantCulture), e.Actor, e.At, e.Source, e.Address, e.Entity, e.Key, e.Old, e.New })
        {
            var f = field ?? "\u0000null";
            text.Append(f.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(f).Append('|');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var digest = new SM3Digest();
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }

    private static async Task<IReadOnlyList<Entry>> ReadEntriesAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }
        return entries;
    }

    private static Entry ReadEntry(DbDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInt64(9), reader.IsDBNull(10) ? null : reader.GetString(10));

    /// <summary>
    /// A filter for the audit page: every part optional. <see cref="ScopePath"/> is the auditor's subtree: only entries filed
    /// under it are read; null (an auditor at a root unit) reads every entry, commission-wide ones included.
    /// </summary>
    /// <remarks>
    /// <see cref="From"/> and <see cref="To"/> are UTC instants written <c>yyyy-MM-dd HH:mm:ss</c> (to excluded). <see cref="Before"/> pages
    /// by id (the rows older than the last one shown), so the thousandth page costs what the first does. <see cref="Text"/> is
    /// looked for in the object, the old and the new value and the actor.
    /// </remarks>
    public sealed record Filter(string? Actor = null, string? Entity = null, string? Key = null, string? From = null, string? To = null, int Limit = 200,
        string? ScopePath = null, long? Before = null, string? Text = null);

    /// <summary>Newest first, at most <see cref="Filter.Limit"/> rows.</summary>
    public static async Task<IReadOnlyList<Entry>> SearchAsync(YardstickDb db, Filter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            var where = new List<string>();
            void Add(string clause, string name, object value)
            {
                where.Add(clause);
                SchemaMigrator.AddParameter(command, name, value);
            }
            if (!string.IsNullOrWhiteSpace(filter.Actor)) { Add("c.actor = @actor", "@actor", filter.Actor.Trim()); }
            if (!string.IsNullOrWhiteSpace(filter.Entity)) { Add("a.entity = @entity", "@entity", filter.Entity.Trim()); }
            if (!string.IsNullOrWhiteSpace(filter.Key)) { Add("a.entity_key LIKE @key", "@key", "%" + filter.Key.Trim() + "%"); }
            // SQLite writes "2026-12-01T02:23:46+00:00", PostgreSQL "2026-12-01 02:23:46+00": compared with the T made a space.
            if (!string.IsNullOrWhiteSpace(filter.From)) { Add("REPLACE(CAST(c.at AS text), 'T', ' ') >= @from", "@from", filter.From.Trim()); }
            if (!string.IsNullOrWhiteSpace(filter.To)) { Add("REPLACE(CAST(c.at AS text), 'T', ' ') < @to", "@to", filter.To.Trim()); }
            if (filter.Before is { } before) { Add("a.id < @before", "@before", before); }
            if (!string.IsNullOrWhiteSpace(filter.Text))
            {
                Add("(a.entity_key LIKE @text OR a.old_value LIKE @text OR a.new_value LIKE @text OR c.actor LIKE @text)", "@text", "%" + filter.Text.Trim() + "%");
            }
            if (filter.ScopePath is { } scope) { Add("a.org_unit_path LIKE @scope", "@scope", scope + "%"); }
            command.CommandText = SelectEntries + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                + " ORDER BY a.id DESC LIMIT " + Math.Clamp(filter.Limit, 1, 5000).ToString(CultureInfo.InvariantCulture);
            return await ReadEntriesAsync(command, cancellationToken);
        }, cancellationToken);
    }

    public static async Task<IReadOnlyList<Entry>> ReadAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = SelectEntries + " ORDER BY a.id";
            return await ReadEntriesAsync(command, cancellationToken);
        }, cancellationToken);
    }
}
