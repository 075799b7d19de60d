using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Yardstick.Core.Model;

namespace Yardstick.Bench;

/// <summary>
/// The yardstick the issue sets for <c>yardstick import</c>: the store's own bulk loader writing the same rows into the same
/// <c>data_values</c> table of the same loaded store — PostgreSQL's binary <c>COPY</c>, SQLite's one prepared
/// <c>INSERT</c> re-bound per row in one transaction (what <c>sqlite3 .import</c> does). Timed from rows already in memory
/// with their ids resolved (no file read, no checks, no audit), up to the end of the last row, then rolled back so the
/// store is as the import will find it: the loader is spared its commit, the import is not — a ratio in the loader's favour.
/// </summary>
internal static class StoreBulkLoader
{
    public sealed record Row(string Element, string Unit, string Combo, long Value);

    /// <summary>Seconds the store's loader takes for <paramref name="rows"/> (a month of 2024-01).</summary>
    public static async Task<double> TimeAsync(string[] storeArgs, IReadOnlyList<Row> rows)
    {
        var period = Period.OfMonth(2024, 1);
        if (storeArgs[0] == "--db")
        {
            await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storeArgs[1], Pooling = false }.ToString());
            await sqlite.OpenAsync();
            var ids = await IdsAsync(sqlite);
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync();
            await using var command = sqlite.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO data_values (data_element_id, period_type, period_start, org_unit_id, category_option_combo_id, value, change_set_id) VALUES ($e, $t, $s, $u, $c, $v, $x)";
            var parameters = new[] { "$e", "$t", "$s", "$u", "$c", "$v", "$x" }.Select(n => command.Parameters.Add(n, SqliteType.Integer)).ToArray();
            parameters[5].SqliteType = SqliteType.Text;
            parameters[1].Value = (int)period.Type;
            parameters[2].Value = period.Key;
            parameters[6].Value = ids.ChangeSet;
            command.Prepare();
            var clock = Stopwatch.StartNew();
            foreach (var row in rows)
            {
                parameters[0].Value = ids.Elements[row.Element];
                parameters[3].Value = ids.Units[row.Unit];
                parameters[4].Value = row.Combo.Length == 0 ? OptionCombo.DefaultId : ids.Combos[row.Combo];
                parameters[5].Value = row.Value.ToString(CultureInfo.InvariantCulture);
                await command.ExecuteNonQueryAsync();
            }
            var seconds = clock.Elapsed.TotalSeconds;
            await transaction.RollbackAsync();
            return seconds;
        }
        await using var pg = new NpgsqlConnection(storeArgs[1]);
        await pg.OpenAsync();
        var pgIds = await IdsAsync(pg);
        await using var pgTransaction = await pg.BeginTransactionAsync();
        var pgClock = Stopwatch.StartNew();
        await using (var copy = await pg.BeginBinaryImportAsync("COPY data_values (data_element_id, period_type, period_start, org_unit_id, category_option_combo_id, value, change_set_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(pgIds.Elements[row.Element], NpgsqlDbType.Integer);
                await copy.WriteAsync((int)period.Type, NpgsqlDbType.Integer);
                await copy.WriteAsync(period.Key, NpgsqlDbType.Integer);
                await copy.WriteAsync(pgIds.Units[row.Unit], NpgsqlDbType.Integer);
                await copy.WriteAsync(row.Combo.Length == 0 ? OptionCombo.DefaultId : pgIds.Combos[row.Combo], NpgsqlDbType.Integer);
                await copy.WriteAsync((decimal)row.Value, NpgsqlDbType.Numeric);
                await copy.WriteAsync(pgIds.ChangeSet, NpgsqlDbType.Bigint);
            }
            await copy.CompleteAsync();
        }
        var pgSeconds = pgClock.Elapsed.TotalSeconds;
        await pgTransaction.RollbackAsync();
        return pgSeconds;
    }

    private sealed record Ids(Dictionary<string, int> Elements, Dictionary<string, int> Units, Dictionary<string, int> Combos, long ChangeSet);

    private static async Task<Ids> IdsAsync(System.Data.Common.DbConnection connection)
    {
        async Task<Dictionary<string, int>> Read(string sql)
        {
            var found = new Dictionary<string, int>(StringComparer.Ordinal);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found[reader.GetString(1)] = reader.GetInt32(0);
            }
            return found;
        }
        await using var max = connection.CreateCommand();
        max.CommandText = "SELECT max(id) FROM change_sets";
        var changeSet = Convert.ToInt64(await max.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return new Ids(await Read("SELECT id, code FROM data_elements"), await Read("SELECT id, code FROM org_units"),
            await Read("SELECT id, code FROM category_option_combos"), changeSet);
    }
}
