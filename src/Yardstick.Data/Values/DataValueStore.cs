using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Data.Values;

/// <summary>
/// Bulk reads and writes of data values, beside EF Core on the same connection: millions of rows must not
/// pass through change tracking. Writes record the change set and audit every value they overwrite.
/// The caller owns the connection state and the transaction.
/// </summary>
public static class DataValueStore
{
    /// <summary>
    /// Rows per prepared INSERT when staging into SQLite (7 parameters a row, far under SQLite's limit of 32,766): enough
    /// that a step's fixed cost is spread thin.
    /// </summary>
    private const int RowsPerStatement = 64;

    /// <summary>
    /// Starts a change set inside the caller's transaction. On PostgreSQL it first takes the writers' advisory lock, held to
    /// commit: several app instances then write one at a time, so ids taken as max + 1 and the audit chain stay whole.
    /// </summary>
    public static async Task<ChangeSet> NewChangeSetAsync(YardstickDb db, string actor, string source, DateTimeOffset at,
        CancellationToken cancellationToken = default) => await NewChangeSetAsync(db, actor, source, at, null, cancellationToken);

    /// <summary>
    /// As above, recording the client address the change came from (the web app's "from where"). <paramref name="metadata"/>
    /// says the change set writes org units or data elements: live engines following the store then reshape (LiveEngine).
    /// </summary>
    public static async Task<ChangeSet> NewChangeSetAsync(YardstickDb db, string actor, string source, DateTimeOffset at, string? address,
        CancellationToken cancellationToken = default, bool metadata = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.IsPostgres)
        {
            command.CommandText = "SELECT pg_advisory_xact_lock(" + AuditLog.WriterLock + ")";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        command.CommandText = "SELECT coalesce(max(id), 0) + 1 FROM change_sets";
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        command.CommandText = "INSERT INTO change_sets (id, actor, at, source, address, metadata) VALUES (@id, @actor, @at, @source, @address, @metadata)";
        SchemaMigrator.AddParameter(command, "@id", id);
        SchemaMigrator.AddParameter(command, "@actor", actor);
        SchemaMigrator.AddParameter(command, "@at", db.IsPostgres ? at : at.ToString("O", CultureInfo.InvariantCulture));
        SchemaMigrator.AddParameter(command, "@source", source);
        SchemaMigrator.AddParameter(command, "@address", address);
        SchemaMigrator.AddParameter(command, "@metadata", db.IsPostgres ? metadata : metadata ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new ChangeSet(id, actor, at, source);
    }

    /// <summary>
    /// Writes values (insert or replace) inside the current transaction, auditing each change old → new (a first write's
    /// old is empty) in set-based statements. A batch that holds nothing the store holds — none of its (element, period)
    /// runs stored: a new month — goes straight into the table. Else, when the table may already hold some of the keys, the
    /// batch goes through a temporary table; into an empty table it is staged too, then written in the key's order
    /// (<see cref="KeyOrder"/>), so a first load costs the same whatever order its file is in.
    /// </summary>
    public static async Task<long> WriteAsync(YardstickDb db, IEnumerable<DataValue> values, ChangeSet changeSet,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Data values are written inside a transaction.");
        var empty = !await ScalarBoolAsync(connection, transaction, "SELECT EXISTS (SELECT 1 FROM data_values)", cancellationToken);
        var runs = new Runs();
        var batch = new LookAhead(runs.Recording(values));
        if (!empty && batch.HoldWhole(HeldAtMost) && !await runs.AnyStoredAsync(connection, transaction, cancellationToken))
        {
            // A batch that fits in memory (a month's file, a form) and none of whose runs the store holds replaces nothing:
            // it goes straight into data_values as the store's own loader would put it, with no temporary table and no key
            // looked up. No ON CONFLICT: were a key of it stored after all, the write fails rather than overwrite unaudited.
            var direct = db.IsPostgres
                ? await CopyAsync((NpgsqlConnection)connection, "data_values", batch.Rows, changeSet.Id, progress, cancellationToken)
                : StageIntoSqlite((SqliteConnection)connection, "data_values", batch.Rows, changeSet.Id, progress, cancellationToken);
            await AuditFirstWritesAsync(connection, transaction, changeSet, direct, cancellationToken);
            return direct;
        }

        var table = empty ? "first_values" : "incoming_values";
        await ExecuteAsync(connection, transaction, db.IsPostgres
            ? $"CREATE TEMP TABLE {table} (LIKE data_values) ON COMMIT DROP"
            : $"CREATE TEMP TABLE {table} AS SELECT * FROM data_values WHERE 0", cancellationToken);
        var written = db.IsPostgres
            ? await CopyAsync((NpgsqlConnection)connection, table, batch.All(), changeSet.Id, progress, cancellationToken)
            : StageIntoSqlite((SqliteConnection)connection, table, batch.All(), changeSet.Id, progress, cancellationToken);
        if (!empty && !await runs.AnyStoredAsync(connection, transaction, cancellationToken))
        {
            // Too large to hold, and still nothing of it stored (a province's second file of history): appended from the
            // staged rows without a lookup per key.
            await ExecuteAsync(connection, transaction, $"INSERT INTO data_values ({Columns}) SELECT {Columns} FROM incoming_values", cancellationToken);
            await ExecuteAsync(connection, transaction, "DROP TABLE incoming_values", cancellationToken);
            await AuditFirstWritesAsync(connection, transaction, changeSet, written, cancellationToken);
            return written;
        }
        if (empty)
        {
            // A file in (element, unit, period) order — the common export — inserted as it came would land at 60 places of
            // each element's run at once, splitting pages in the middle of the tree (SQLite at `small`: 21k values/s, 87k
            // sorted; docs/PERFORMANCE.md). Sorted first, every row is appended at the end of the tree.
            await ExecuteAsync(connection, transaction, $"INSERT INTO data_values ({Columns}) SELECT {Columns} FROM first_values ORDER BY {KeyOrder}", cancellationToken);
            await ExecuteAsync(connection, transaction, "DROP TABLE first_values", cancellationToken);
            await AuditFirstWritesAsync(connection, transaction, changeSet, written, cancellationToken);
            return written;
        }

        // Every change is audited old → new, first writes too (old empty) — value by value up to FirstWritesAuditedOneByOne
        // values in the batch (a form, the API, an upload, a month's file); a bulk load beyond that gets one sealed row
        // saying how many values it wrote first, each of which keeps its change set (who, when, from where) on its row.
        var oneByOne = written <= FirstWritesAuditedOneByOne;
        const string sameKey = """
            d.data_element_id = i.data_element_id AND d.period_type = i.period_type AND d.period_start = i.period_start
            AND d.org_unit_id = i.org_unit_id AND d.category_option_combo_id = i.category_option_combo_id
            """;
        if (db.IsPostgres)
        {
            // Each staged row looked up by the key, as SQLite does: PostgreSQL's planner otherwise hashes the whole of
            // data_values for the join (3.3 s of a city's 120,000-value month for 3.5M stored rows; at a province, 34M).
            await ExecuteAsync(connection, transaction, "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", cancellationToken);
        }
        if (oneByOne)
        {
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value, org_unit_path)
                SELECT {changeSet.Id}, 'data_value', {EntityKey("i")}, CAST(d.value AS text), CAST(i.value AS text), u.path
                FROM incoming_values i
                LEFT JOIN data_values d ON {sameKey}
                JOIN data_elements e ON e.id = i.data_element_id
                JOIN org_units u ON u.id = i.org_unit_id
                LEFT JOIN category_option_combos c ON c.id = i.category_option_combo_id
                WHERE d.value IS NULL OR d.value <> i.value
                """, cancellationToken);
        }
        else
        {
            // One pass of key lookups finds what the batch replaces (none, for a new month): its changes are audited
            // from it, and the first writes are the rest — no second pass over the batch to count them.
            await ExecuteAsync(connection, transaction, $"""
                CREATE TEMP TABLE replaced_values {(db.IsPostgres ? "ON COMMIT DROP " : "")}AS
                SELECT i.data_element_id, i.period_type, i.period_start, i.org_unit_id, i.category_option_combo_id, d.value AS old_value, i.value
                FROM incoming_values i JOIN data_values d ON {sameKey}
                """, cancellationToken);
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value, org_unit_path)
                SELECT {changeSet.Id}, 'data_value', {EntityKey("i")}, CAST(i.old_value AS text), CAST(i.value AS text), u.path
                FROM replaced_values i
                JOIN data_elements e ON e.id = i.data_element_id
                JOIN org_units u ON u.id = i.org_unit_id
                LEFT JOIN category_option_combos c ON c.id = i.category_option_combo_id
                WHERE i.old_value <> i.value
                """, cancellationToken);
            await AuditFirstWritesTogetherAsync(connection, transaction, changeSet, $"SELECT {written} - count(*) AS n FROM replaced_values", cancellationToken);
            await ExecuteAsync(connection, transaction, "DROP TABLE replaced_values", cancellationToken);
        }
        if (db.IsPostgres)
        {
            await ExecuteAsync(connection, transaction, "SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT", cancellationToken);
        }
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO data_values ({Columns})
            SELECT {Columns} FROM incoming_values WHERE true
            ON CONFLICT (data_element_id, period_type, period_start, org_unit_id, category_option_combo_id)
            DO UPDATE SET value = excluded.value, change_set_id = excluded.change_set_id
            """, cancellationToken);
        await ExecuteAsync(connection, transaction, "DROP TABLE incoming_values", cancellationToken);
        return written;
    }

    /// <summary>A batch up to this many values is held in memory to see whether the store holds any of its runs (~100 MB).</summary>
    private const int HeldAtMost = 2_000_000;

    /// <summary>
    /// Audits a change set's values that are all first writes, once they are in <c>data_values</c>: one by one (old empty) up
    /// to <see cref="FirstWritesAuditedOneByOne"/>, else as one count. The change set has written no other value.
    /// </summary>
    private static async Task AuditFirstWritesAsync(DbConnection connection, DbTransaction transaction, ChangeSet changeSet, long written,
        CancellationToken cancellationToken)
    {
        if (written > FirstWritesAuditedOneByOne)
        {
            await AuditFirstWritesTogetherAsync(connection, transaction, changeSet, $"SELECT {written} AS n", cancellationToken);
            return;
        }
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value, org_unit_path)
            SELECT {changeSet.Id}, 'data_value', {EntityKey("v")}, NULL, CAST(v.value AS text), u.path
            FROM data_values v JOIN data_elements e ON e.id = v.data_element_id JOIN org_units u ON u.id = v.org_unit_id
            LEFT JOIN category_option_combos c ON c.id = v.category_option_combo_id
            WHERE v.change_set_id = {changeSet.Id}
            """, cancellationToken);
    }

    /// <summary>
    /// A batch read ahead up to a limit: held whole when it ends within it, else replayed from what was held and then the rest,
    /// so a stream is read once either way.
    /// </summary>
    private sealed class LookAhead(IEnumerable<DataValue> values)
    {
        private readonly List<DataValue> _held = [];
        private IEnumerator<DataValue>? _rest;

        public IReadOnlyList<DataValue> Rows => _held;

        /// <summary>Reads up to <paramref name="most"/> values; true when that was the whole batch.</summary>
        public bool HoldWhole(int most)
        {
            _rest = values.GetEnumerator();
            while (_held.Count < most)
            {
                if (!_rest.MoveNext())
                {
                    _rest.Dispose();
                    _rest = null;
                    return true;
                }
                _held.Add(_rest.Current);
            }
            return false;
        }

        /// <summary>Every value: those held, then the rest of the batch (all of it when nothing was held).</summary>
        public IEnumerable<DataValue> All()
        {
            foreach (var v in _held)
            {
                yield return v;
            }
            using var rest = _rest ?? (_held.Count == 0 ? values.GetEnumerator() : null);
            while (rest is not null && rest.MoveNext())
            {
                yield return rest.Current;
            }
        }
    }

    /// <summary>
    /// Deletes values inside the current transaction: each audited old → nothing, and left as a tombstone in
    /// <c>deleted_values</c> so live engines following the store remove it too. Keys that hold no value are skipped.
    /// Returns how many values were deleted.
    /// </summary>
    public static async Task<int> DeleteAsync(YardstickDb db, IReadOnlyCollection<(int ElementId, int UnitId, Period Period)> keys, ChangeSet changeSet,
        CancellationToken cancellationToken = default) =>
        await DeleteAsync(db, [.. keys.Select(k => (k.ElementId, k.UnitId, k.Period, OptionCombo.DefaultId))], changeSet, cancellationToken);

    /// <summary>As above, for values of given option combos.</summary>
    public static async Task<int> DeleteAsync(YardstickDb db, IReadOnlyCollection<(int ElementId, int UnitId, Period Period, int OptionComboId)> keys, ChangeSet changeSet,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(changeSet);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Data values are deleted inside a transaction.");
        var deleted = 0;
        foreach (var (element, unit, period, combo) in keys)
        {
            var where = $"data_element_id = {element} AND period_type = {(int)period.Type} AND period_start = {period.Key} AND org_unit_id = {unit} AND category_option_combo_id = {combo}";
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value, org_unit_path)
                SELECT {changeSet.Id}, 'data_value', {EntityKey("v")}, CAST(v.value AS text), NULL, u.path
                FROM data_values v JOIN data_elements e ON e.id = v.data_element_id JOIN org_units u ON u.id = v.org_unit_id
                LEFT JOIN category_option_combos c ON c.id = v.category_option_combo_id
                WHERE v.{where.Replace(" AND ", " AND v.", StringComparison.Ordinal)}
                """, cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM data_values WHERE {where}";
            if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                deleted++;
                await ExecuteAsync(connection, transaction, $"""
                    INSERT INTO deleted_values (data_element_id, org_unit_id, period_type, period_start, category_option_combo_id, change_set_id)
                    VALUES ({element}, {unit}, {(int)period.Type}, {period.Key}, {combo}, {changeSet.Id})
                    """, cancellationToken);
            }
        }
        return deleted;
    }

    /// <summary>Batches up to this size audit each first write as its own row; larger bulk loads audit them as one row.</summary>
    public const long FirstWritesAuditedOneByOne = 100_000;

    private static async Task AuditFirstWritesTogetherAsync(DbConnection connection, DbTransaction transaction, ChangeSet changeSet, string countSql,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO audit_log (change_set_id, entity, entity_key, old_value, new_value, org_unit_path)
            SELECT {changeSet.Id}, 'data_value.first', CAST(c.n AS text) || ' 个值', NULL, '首次写入 (逐值来源见各值的变更批次 {changeSet.Id})', NULL
            FROM ({countSql}) c WHERE c.n > 0
            """, cancellationToken);
    }

    /// <summary>
    /// Stages values into a SQLite table through one prepared statement of <see cref="RowsPerStatement"/> rows, bound by
    /// position with SQLite's own API. Microsoft.Data.Sqlite binds every parameter by name on every execution, and rows
    /// written as literals cost SQLite more to parse than to insert: 1.44M staged values took 3.9 s of CPU as 512-row
    /// literal statements and 0.6 s bound (docs/PERFORMANCE.md). Nothing a user typed reaches the SQL text either way.
    /// </summary>
    private static long StageIntoSqlite(SqliteConnection connection, string table, IEnumerable<DataValue> values, long changeSetId,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var batch = new DataValue[RowsPerStatement];
        var filled = 0;
        long written = 0;
        using var full = Prepare(handle, table, RowsPerStatement);
        foreach (var v in values)
        {
            batch[filled++] = v;
            if (filled == RowsPerStatement)
            {
                Insert(handle, full, batch, filled, changeSetId);
                written += filled;
                filled = 0;
                if (written % (RowsPerStatement * 4096) == 0)
                {
                    progress?.Report(written);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        if (filled > 0)
        {
            using var tail = Prepare(handle, table, filled);
            Insert(handle, tail, batch, filled, changeSetId);
            written += filled;
        }
        progress?.Report(written);
        return written;
    }

    private static sqlite3_stmt Prepare(sqlite3 handle, string table, int rows)
    {
        var sql = $"INSERT INTO {table} ({Columns}) VALUES " + string.Join(',', Enumerable.Repeat("(?,?,?,?,?,?,?)", rows));
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        return statement;
    }

    private static void Insert(sqlite3 handle, sqlite3_stmt statement, DataValue[] batch, int rows, long changeSetId)
    {
        for (var r = 0; r < rows; r++)
        {
            var v = batch[r];
            var at = r * 7;
            raw.sqlite3_bind_int(statement, at + 1, v.DataElementId);
            raw.sqlite3_bind_int(statement, at + 2, (int)v.Period.Type);
            raw.sqlite3_bind_int(statement, at + 3, PeriodStart(v.Period));
            raw.sqlite3_bind_int(statement, at + 4, v.OrgUnitId);
            raw.sqlite3_bind_int(statement, at + 5, v.OptionComboId);
            // The column has TEXT affinity: a whole number bound as an integer is kept as its digits, the exact text a
            // literal '165' gave; other values as their plain decimal text.
            if (v.Value.Scale == 0 && v.Value is >= long.MinValue and <= long.MaxValue)
            {
                raw.sqlite3_bind_int64(statement, at + 6, decimal.ToInt64(v.Value));
            }
            else
            {
                raw.sqlite3_bind_text(statement, at + 6, Rounding.Plain(v.Value));
            }
            raw.sqlite3_bind_int64(statement, at + 7, changeSetId);
        }
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
        raw.sqlite3_reset(statement);
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, string table, IEnumerable<DataValue> values,
        long changeSetId, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long written = 0;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        // A province's values take minutes: no practical time-out on the bulk path (Npgsql's default is the command's 30 s;
        // its "zero means none" is not honoured by every version, so a day it is).
        importer.Timeout = TimeSpan.FromDays(1);
        foreach (var v in values)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(v.DataElementId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync((int)v.Period.Type, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(PeriodStart(v.Period), NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(v.OrgUnitId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(v.OptionComboId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(v.Value, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(changeSetId, NpgsqlDbType.Bigint, cancellationToken);
            if (++written % 262_144 == 0)
            {
                progress?.Report(written);
            }
        }
        await importer.CompleteAsync(cancellationToken);
        progress?.Report(written);
        return written;
    }

    /// <summary>
    /// Reads values of the given elements (all when null) of the given org units (all when null) whose period starts
    /// within the years given. Streams; the caller keeps the connection open.
    /// </summary>
    public static async IAsyncEnumerable<DataValue> ReadAsync(YardstickDb db, IReadOnlyCollection<int>? dataElementIds,
        int firstYear, int lastYear, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default,
        IReadOnlyCollection<int>? orgUnitIds = null)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = SelectValues(dataElementIds, firstYear, lastYear, orgUnitIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var postgres = db.IsPostgres;
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadRow(reader, postgres);
        }
    }

    /// <summary>The synchronous twin of <see cref="ReadAsync"/>, for streaming tens of millions of values into the engine without a task per row.</summary>
    public static IEnumerable<DataValue> Read(YardstickDb db, IReadOnlyCollection<int>? dataElementIds, int firstYear, int lastYear)
    {
        var connection = db.Database.GetDbConnection();
        using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = SelectValues(dataElementIds, firstYear, lastYear);
        using var reader = command.ExecuteReader();
        var postgres = db.IsPostgres;
        while (reader.Read())
        {
            yield return ReadRow(reader, postgres);
        }
    }

    private static string SelectValues(IReadOnlyCollection<int>? dataElementIds, int firstYear, int lastYear, IReadOnlyCollection<int>? orgUnitIds = null)
    {
        static string In(string column, IEnumerable<int>? ids) => ids is null ? "" :
            $"{column} IN ({string.Join(',', ids.DefaultIfEmpty(0).Select(i => i.ToString(CultureInfo.InvariantCulture)))}) AND ";
        // The key is (element, period, unit, combo): a read of a few units of given elements names every period type and
        // start of its years, so each (element, period, unit) is a seek rather than a scan of the element's periods.
        var periods = dataElementIds is not null && orgUnitIds is not null && lastYear - firstYear < 10
            ? In("period_type", Enum.GetValues<PeriodType>().Select(t => (int)t)) + In("period_start", Enumerable.Range(firstYear, lastYear - firstYear + 1).SelectMany(y => Enumerable.Range(1, 53).Select(k => y * 100 + k)))
            : "";
        return $"""
            SELECT {ReadColumns} FROM data_values
            WHERE {In("data_element_id", dataElementIds)}{periods}{In("org_unit_id", orgUnitIds)}period_start BETWEEN {firstYear * 100 + 1} AND {lastYear * 100 + 53}
            """;
    }

    /// <summary>The columns <see cref="ReadRow"/> reads, in its order.</summary>
    internal const string ReadColumns = "data_element_id, org_unit_id, period_type, period_start, value, change_set_id, category_option_combo_id";

    internal static DataValue ReadRow(DbDataReader reader, bool postgres)
    {
        var start = reader.GetInt32(3);
        var period = Period.FromKey((PeriodType)reader.GetInt32(2), start);
        var value = postgres ? reader.GetDecimal(4) : ParseStored(reader.GetString(4));
        return new DataValue(reader.GetInt32(0), reader.GetInt32(1), period, value, reader.GetInt64(5), reader.GetInt32(6));
    }

    /// <summary>The primary key of <c>data_values</c> (migration 0018): a new month is one run per element, not scattered.</summary>
    private const string KeyOrder = "data_element_id, period_type, period_start, org_unit_id, category_option_combo_id";

    /// <summary>The columns a write fills, in the key's order (element, period, unit, combo) then value and change set.</summary>
    private const string Columns = "data_element_id, period_type, period_start, org_unit_id, category_option_combo_id, value, change_set_id";

    /// <summary>
    /// SQL for an audited value's key: element/unit/period in codes people know, and /combo for a value of an option combo
    /// (<c>c</c> joined on the row's combo) — what <see cref="AuditObjects"/> turns into words.
    /// </summary>
    private static string EntityKey(string alias) =>
        $"e.code || '/' || u.code || '/' || {PeriodText(alias)} || coalesce('/' || c.code, '')";

    /// <summary>
    /// A value as SQLite keeps it (exact text). Whole numbers — most counts — are read digit by digit: a province's 24M values
    /// load in a third of the time decimal.Parse takes.
    /// </summary>
    private static decimal ParseStored(string text)
    {
        if (text.Length is > 0 and <= 18)
        {
            var negative = text[0] == '-';
            long whole = 0;
            var i = negative ? 1 : 0;
            for (; i < text.Length && text[i] is >= '0' and <= '9'; i++)
            {
                whole = whole * 10 + (text[i] - '0');
            }
            if (i == text.Length && text.Length > (negative ? 1 : 0))
            {
                return negative ? -whole : whole;
            }
        }
        return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// SQL for a stored period's text as <see cref="Period.ToString"/> writes it (2023, 2023S1, 2023Q1, 202303, 2024W05, 2023Oct), so that an
    /// audited value reads element/unit/period in codes people know.
    /// </summary>
    private static string PeriodText(string alias) => $"""
        CASE {alias}.period_type
            WHEN 1 THEN CAST({alias}.period_start / 100 AS text)
            WHEN 2 THEN CAST({alias}.period_start / 100 AS text) || 'S' || CAST(({alias}.period_start % 100 + 5) / 6 AS text)
            WHEN 3 THEN CAST({alias}.period_start / 100 AS text) || 'Q' || CAST(({alias}.period_start % 100 + 2) / 3 AS text)
            WHEN 5 THEN CAST({alias}.period_start / 100 AS text) || 'W' || substr(CAST({alias}.period_start AS text), 5, 2)
            WHEN 6 THEN CAST({alias}.period_start / 100 AS text) || 'Oct'
            ELSE CAST({alias}.period_start AS text) END
        """;

    /// <summary>
    /// The (element, period type, start) runs a batch writes, recorded as its values stream past: with the key's order
    /// (<see cref="KeyOrder"/>) each run is one stretch of the table, so whether the store holds anything of the batch is a
    /// seek per run, not a lookup per value.
    /// </summary>
    private sealed class Runs
    {
        /// <summary>Beyond this many runs the batch is taken to overlap the store and every key is looked up, as before.</summary>
        private const int MostAsked = 5_000;

        private readonly HashSet<long> _runs = [];

        public IEnumerable<DataValue> Recording(IEnumerable<DataValue> values)
        {
            var last = -1L;
            foreach (var v in values)
            {
                // element (32 bits) · period type (8) · yyyymm or yyyyww start (below 2^24)
                var run = ((long)v.DataElementId << 32) | ((long)v.Period.Type << 24) | (long)PeriodStart(v.Period);
                if (run != last && _runs.Count <= MostAsked)
                {
                    _runs.Add(run);
                    last = run;
                }
                yield return v;
            }
        }

        /// <summary>Whether the store holds a value in any of the runs (also when there were too many runs to ask).</summary>
        public async Task<bool> AnyStoredAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            if (_runs.Count > MostAsked)
            {
                return true;
            }
            if (_runs.Count == 0)
            {
                return false;
            }
            var rows = string.Join(',', _runs.Select(r => string.Create(CultureInfo.InvariantCulture, $"({r >> 32}, {(r >> 24) & 0xFF}, {r & 0xFFFFFF})")));
            return await ScalarBoolAsync(connection, transaction, $"""
                WITH r(e, t, s) AS (VALUES {rows})
                SELECT EXISTS (SELECT 1 FROM r WHERE EXISTS (
                    SELECT 1 FROM data_values d WHERE d.data_element_id = r.e AND d.period_type = r.t AND d.period_start = r.s))
                """, cancellationToken);
        }
    }

    /// <summary>yyyymm of the period's first month (yyyyww of a week): the form the tables index.</summary>
    public static int PeriodStart(Period period) => period.Key;

    private static async Task<bool> ScalarBoolAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Set-based statements over a bulk load's staged rows run as long as they need.
        command.CommandTimeout = 0;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
