using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Yardstick.Data;

/// <summary>
/// Brings a database's schema up to date by running the provider's numbered SQL scripts
/// (<c>Migrations/&lt;Provider&gt;/NNNN_name.sql</c>) that it has not run yet, each in its own transaction,
/// and recording them in <c>schema_versions</c>. An existing database upgrades in place, keeping its data.
/// </summary>
public static class SchemaMigrator
{
    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>The first line of a SQLite script that rebuilds a table others refer to: run with foreign keys off, checked before its commit.</summary>
    private const string RebuildsTables = "-- sqlite: rebuilds tables";

    public static IReadOnlyList<Script> ScriptsFor(YardstickDb db)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{db.MigrationFolder}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var version = int.Parse(file[..4], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Script(version, file[5..], reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    public static int LatestVersion(YardstickDb db) => ScriptsFor(db)[^1].Version;

    /// <summary>Runs the scripts not yet applied, up to <paramref name="toVersion"/> (all by default); returns the new version.</summary>
    public static async Task<int> MigrateAsync(YardstickDb db, int? toVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!db.IsPostgres)
            {
                // Larger pages keep the data_values b-tree shallower (province-scale import ~10% faster); they only
                // take effect on a database that has no tables yet. WAL lets readers work while an import
                // writes; FULL makes each commit durable.
                await ExecuteAsync(connection, null, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", cancellationToken);
            }
            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_versions (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)",
                cancellationToken);
            var current = await CurrentVersionAsync(db, cancellationToken);
            foreach (var script in ScriptsFor(db).Where(s => s.Version > current && (toVersion is null || s.Version <= toVersion)))
            {
                // SQLite changes a column's constraints only by rebuilding its table, and dropping a table others refer to
                // is refused while foreign keys are enforced; the pragma is ignored inside a transaction, so it is turned
                // off around the script and the keys are checked whole before the commit (SQLite's own procedure).
                var rebuilds = !db.IsPostgres && script.Sql.StartsWith(RebuildsTables, StringComparison.Ordinal);
                if (rebuilds)
                {
                    await ExecuteAsync(connection, null, "PRAGMA foreign_keys = OFF", cancellationToken);
                }
                try
                {
                    await RunScriptAsync(connection, script, rebuilds, cancellationToken);
                }
                finally
                {
                    if (rebuilds)
                    {
                        // The connection goes back to the pool: enforced again, as every other connection is.
                        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = ON", CancellationToken.None);
                    }
                }
                current = script.Version;
            }
            return current;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task RunScriptAsync(DbConnection connection, Script script, bool rebuilds, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
        if (rebuilds)
        {
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "PRAGMA foreign_key_check";
            await using var broken = await check.ExecuteReaderAsync(cancellationToken);
            if (await broken.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"迁移 {script.Version:D4}_{script.Name} 之后表 {broken.GetString(0)} 的外键不一致");
            }
        }
        await using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = "INSERT INTO schema_versions (version, name, applied_at) VALUES (@v, @n, @a)";
        AddParameter(record, "@v", script.Version);
        AddParameter(record, "@n", script.Name);
        // When the script ran, for operators reading the table: the machine's clock, no one's "today".
        AddParameter(record, "@a", TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await record.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>0 for a database no script has touched.</summary>
    public static async Task<int> CurrentVersionAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = db.IsPostgres
                ? "SELECT to_regclass('schema_versions') IS NOT NULL"
                : "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'schema_versions'";
            if (!Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture))
            {
                return 0;
            }
            command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_versions";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static void AddParameter(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}
