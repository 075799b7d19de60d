using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Npgsql;
using Yardstick.Core.Model;
using Yardstick.Data.Values;

namespace Yardstick.Data.Backups;

/// <summary>
/// Backing up the whole store while the app runs, and restoring it into an empty one with proof that nothing was lost.
/// A backup is one zip: <c>manifest.json</c> (<see cref="BackupManifest"/>) and the copy — SQLite's online backup of the
/// database (<c>store.sqlite</c>), or <c>pg_dump</c>'s custom format (<c>store.pgdump</c>) taken in a snapshot exported
/// from the transaction that read the manifest, so the counts and the copy are the same moment. The zip is written
/// under a <c>.partial-…</c> name and renamed only when complete and flushed: a backup killed half-way leaves no file
/// under the name asked, and the last good backup stands.
/// </summary>
public static class StoreBackup
{
    public const string SqliteEntry = "store.sqlite";
    public const string PostgresEntry = "store.pgdump";

    public sealed record Taken(BackupManifest Manifest, string File, long Bytes);

    /// <summary>What a restore checked (one line each, in Chinese) and what it found wrong (empty when whole).</summary>
    public sealed record Restored(BackupManifest Manifest, IReadOnlyList<string> Verified, IReadOnlyList<string> Problems)
    {
        public bool Whole => Problems.Count == 0;
    }

    /// <summary>
    /// Copies the store at <paramref name="source"/> into <paramref name="outFile"/> (never over an existing file).
    /// <paramref name="keyFile"/> is the data-protection key file to name in the manifest; it is not copied.
    /// </summary>
    public static async Task<Taken> CreateAsync(DatabaseLocation source, string outFile, string? keyFile, TimeProvider time,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        outFile = Path.GetFullPath(outFile);
        if (File.Exists(outFile))
        {
            throw new BackupRefusedException($"{outFile} 已存在: 备份从不覆盖已有的文件, 请换一个文件名");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        var partial = $"{outFile}.partial-{Guid.NewGuid().ToString("N")[..8]}";
        Directory.CreateDirectory(partial);
        try
        {
            BackupManifest manifest;
            string copy, entry;
            if (source.SqlitePath is { } path)
            {
                if (!File.Exists(path))
                {
                    throw new BackupRefusedException($"{path}: 数据库不存在");
                }
                copy = Path.Combine(partial, SqliteEntry);
                entry = SqliteEntry;
                progress?.Report($"复制 SQLite 数据库 {path} (在线备份, 应用可继续写入)…");
                await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
                await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
                {
                    await from.OpenAsync(cancellationToken);
                    await to.OpenAsync(cancellationToken);
                    from.BackupDatabase(to);
                }
                // The copy is the moment backed up: the manifest is read from it, not from the store that goes on changing.
                // (Opened read-write, as the source is: a read-only connection cannot always open a WAL database.)
                await using var read = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
                await read.OpenAsync(cancellationToken);
                progress?.Report("清点副本: 各表行数、审计链、各数据元数值…");
                manifest = await ReadManifestAsync(read, null, "sqlite", keyFile, time, cancellationToken);
            }
            else
            {
                copy = Path.Combine(partial, PostgresEntry);
                entry = PostgresEntry;
                await using var connection = new NpgsqlConnection(source.PostgresConnection);
                await connection.OpenAsync(cancellationToken);
                await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
                string exported;
                await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, snapshot))
                {
                    exported = (string)(await export.ExecuteScalarAsync(cancellationToken))!;
                }
                progress?.Report("清点数据库快照: 各表行数、审计链、各数据元数值…");
                manifest = await ReadManifestAsync(connection, snapshot, "postgresql", keyFile, time, cancellationToken);
                progress?.Report("pg_dump 导出同一快照 (自定义格式)…");
                await PostgresTools.RunAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={exported}", $"--file={copy}"],
                    source.PostgresConnection!, cancellationToken);
                await snapshot.CommitAsync(cancellationToken);
            }

            progress?.Report($"写入备份文件 {outFile}…");
            var zipped = partial + ".zip";
            await using (var stream = new FileStream(zipped, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    await using (var writer = new StreamWriter(zip.CreateEntry(BackupManifest.EntryName).Open()))
                    {
                        await writer.WriteAsync(manifest.ToJson());
                    }
                    zip.CreateEntryFromFile(copy, entry, CompressionLevel.Fastest);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(zipped, outFile, overwrite: false);
            return new Taken(manifest, outFile, new FileInfo(outFile).Length);
        }
        finally
        {
            Directory.Delete(partial, recursive: true);
            File.Delete(partial + ".zip");
        }
    }

    /// <summary>
    /// Restores <paramref name="file"/> into <paramref name="target"/>, which must be empty (a SQLite file that does not exist
    /// or has no tables; a PostgreSQL database without tables), then verifies it against the manifest: the schema version,
    /// every table's rows, the audit chain recomputed with its length and last hash, and the engine loaded from the restored
    /// store holding every data element's values with the same count and exact sum.
    /// </summary>
    public static async Task<Restored> RestoreAsync(string file, DatabaseLocation target, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(file))
        {
            throw new BackupRefusedException($"{file}: 备份文件不存在");
        }
        using var zip = OpenBackup(file);
        var manifest = ReadManifest(zip, file);
        var fromSqlite = manifest.Store == "sqlite";
        if (fromSqlite != (target.SqlitePath is not null))
        {
            throw new BackupRefusedException(fromSqlite
                ? $"{file} 是 SQLite 数据库的备份, 只能恢复为 SQLite 数据库 (--db 新文件)"
                : $"{file} 是 PostgreSQL 数据库的备份, 只能恢复到 PostgreSQL (--connection 空数据库)");
        }
        var entry = zip.GetEntry(fromSqlite ? SqliteEntry : PostgresEntry)
            ?? throw new BackupRefusedException($"{file}: 备份不完整, 缺少数据库副本");
        await using (var probe = target.Open())
        {
            if (manifest.SchemaVersion > SchemaMigrator.LatestVersion(probe))
            {
                throw new BackupRefusedException($"{file} 的数据库结构版本为 {manifest.SchemaVersion}, 高于本程序所知的 {SchemaMigrator.LatestVersion(probe)}: 请用新版本的 yardstick 恢复");
            }
        }
        if (target.SqlitePath is { } path)
        {
            path = Path.GetFullPath(path);
            if (File.Exists(path) && await TableCountAsync(target, cancellationToken) > 0)
            {
                throw new BackupRefusedException($"{path} 不是空库: 恢复只写入不存在的文件或没有任何表的数据库, 从不覆盖数据");
            }
            progress?.Report($"写出数据库 {path}…");
            var aside = $"{path}.restoring-{Guid.NewGuid().ToString("N")[..8]}";
            entry.ExtractToFile(aside);
            SqliteConnection.ClearAllPools();
            File.Move(aside, path, overwrite: true);
        }
        else
        {
            if (await TableCountAsync(target, cancellationToken) > 0)
            {
                throw new BackupRefusedException("目标 PostgreSQL 数据库不是空库: 恢复只写入没有任何表的数据库, 从不覆盖数据");
            }
            var dump = Path.Combine(Path.GetTempPath(), $"yardstick-restore-{Guid.NewGuid().ToString("N")[..8]}.pgdump");
            try
            {
                entry.ExtractToFile(dump);
                progress?.Report("pg_restore 写入目标数据库…");
                await PostgresTools.RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", DatabaseOf(target.PostgresConnection!), dump],
                    target.PostgresConnection!, cancellationToken);
            }
            finally
            {
                File.Delete(dump);
            }
        }
        progress?.Report("核对: 结构版本、各表行数、审计链、指标引擎的数值…");
        return await VerifyAsync(target, manifest, cancellationToken);
    }

    /// <summary>Reads a backup's manifest without restoring it.</summary>
    public static BackupManifest Inspect(string file)
    {
        using var zip = OpenBackup(file);
        return ReadManifest(zip, file);
    }

    private static ZipArchive OpenBackup(string file)
    {
        try
        {
            return ZipFile.OpenRead(file);
        }
        catch (InvalidDataException)
        {
            throw new BackupRefusedException($"{file} 不是 yardstick 备份文件 (无法作为 zip 打开; 可能未写完或已损坏)");
        }
    }

    private static BackupManifest ReadManifest(ZipArchive zip, string file)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName) ?? throw new BackupRefusedException($"{file} 不是 yardstick 备份文件 (缺少 {BackupManifest.EntryName})");
        using var reader = new StreamReader(entry.Open());
        var manifest = BackupManifest.FromJson(reader.ReadToEnd());
        return manifest.Format > BackupManifest.CurrentFormat
            ? throw new BackupRefusedException($"{file} 的备份格式 {manifest.Format} 比本程序新: 请用新版本的 yardstick 恢复")
            : manifest;
    }

    private static async Task<Restored> VerifyAsync(DatabaseLocation target, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var verified = new List<string>();
        var problems = new List<string>();
        await using (var db = target.Open())
        {
            var version = await SchemaMigrator.CurrentVersionAsync(db, cancellationToken);
            (version == manifest.SchemaVersion ? verified : problems).Add($"结构版本 {version} (备份时 {manifest.SchemaVersion})");

            // Rows and the chain's head only: the values are checked once, by the engine below, not by a second full scan here.
            var found = await db.WithConnectionAsync(c => ReadManifestAsync(c, null, manifest.Store, manifest.KeyFile, TimeProvider.System, cancellationToken,
                withValues: false), cancellationToken);
            var differing = manifest.Tables.Where(t => found.Tables.GetValueOrDefault(t.Key, -1) != t.Value)
                .Select(t => $"{t.Key} 备份时 {t.Value} 行, 恢复后 {found.Tables.GetValueOrDefault(t.Key, -1)} 行")
                .Concat(found.Tables.Keys.Except(manifest.Tables.Keys).Select(t => $"多出表 {t}"))
                .ToList();
            if (differing.Count == 0)
            {
                verified.Add($"{manifest.Tables.Count} 张表的行数与备份时一致 (共 {manifest.Tables.Values.Sum():N0} 行)");
            }
            problems.AddRange(differing);

            var chain = await AuditLog.VerifyAsync(db, cancellationToken);
            if (!chain.Intact)
            {
                problems.Add($"审计链断裂: 第 {chain.FirstBrokenId} 条, {chain.Problem}");
            }
            else if (chain.Checked != manifest.AuditRows || found.AuditHeadHash != manifest.AuditHeadHash)
            {
                problems.Add($"审计链与备份时不同: {chain.Checked} 条 (备份时 {manifest.AuditRows}), 末条哈希 {found.AuditHeadHash ?? "无"} (备份时 {manifest.AuditHeadHash ?? "无"})");
            }
            else
            {
                verified.Add($"审计链 {chain.Checked:N0} 条逐条重算完整, 末条哈希与备份时相同 ({Short(manifest.AuditHeadHash)})");
            }
        }

        // The engine reads the restored store as the web app does at start-up: every element, every year.
        using var engine = new LiveEngine(target);
        await engine.LoadAsync(cancellationToken);
        await using (var db = target.Open())
        {
            var codes = db.DataElements.ToDictionary(e => e.Id, e => e.Code);
            var held = engine.Read(e => e.RawTotals()).ToDictionary(t => codes.GetValueOrDefault(t.Key, $"#{t.Key}"), t => t.Value, StringComparer.Ordinal);
            var wrong = manifest.Values
                .Where(m => !held.TryGetValue(m.Key, out var h) || h.Count != m.Value.Count || h.Sum != decimal.Parse(m.Value.Sum, CultureInfo.InvariantCulture))
                .Select(m => held.TryGetValue(m.Key, out var h)
                    ? $"数据元 {m.Key}: 引擎载入 {h.Count} 个数值, 合计 {h.Sum.ToString(CultureInfo.InvariantCulture)} (备份时 {m.Value.Count} 个, 合计 {m.Value.Sum})"
                    : $"数据元 {m.Key}: 引擎中没有数值 (备份时 {m.Value.Count} 个)")
                .Concat(held.Keys.Except(manifest.Values.Keys).Select(k => $"数据元 {k}: 备份时没有数值, 恢复后有"))
                .ToList();
            if (wrong.Count == 0)
            {
                verified.Add($"指标引擎从恢复的库载入 {engine.Read(e => e.ValueCount):N0} 个数值, {manifest.Values.Count} 个数据元的个数与精确合计均与备份时相同");
            }
            problems.AddRange(wrong);
        }
        return new Restored(manifest, verified, problems);
    }

    private static string Short(string? hash) => hash is null ? "无审计记录" : hash[..16] + "…";

    /// <summary>The manifest read on one connection (in the snapshot transaction when given); without the values' totals when not asked.</summary>
    private static async Task<BackupManifest> ReadManifestAsync(DbConnection connection, DbTransaction? transaction, string store, string? keyFile,
        TimeProvider time, CancellationToken cancellationToken, bool withValues = true)
    {
        async Task<object?> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken);
        }
        var postgres = connection is NpgsqlConnection;
        var names = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = postgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }
        var tables = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            tables[name] = Convert.ToInt64(await Scalar($"SELECT count(*) FROM \"{name}\""), CultureInfo.InvariantCulture);
        }
        var version = names.Contains("schema_versions") ? Convert.ToInt32(await Scalar("SELECT coalesce(max(version), 0) FROM schema_versions"), CultureInfo.InvariantCulture) : 0;
        var auditRows = Convert.ToInt64(await Scalar("SELECT count(*) FROM audit_log WHERE chain_no IS NOT NULL"), CultureInfo.InvariantCulture);
        var head = await Scalar("SELECT hash FROM audit_log WHERE chain_no IS NOT NULL ORDER BY chain_no DESC LIMIT 1") as string;

        var codes = new Dictionary<int, string>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id, code FROM data_elements";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                codes[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
            }
        }
        var totals = new Dictionary<int, (long Count, decimal Sum)>();
        if (withValues)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT {DataValueStore.ReadColumns} FROM data_values";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = DataValueStore.ReadRow(reader, postgres);
                var (count, sum) = totals.GetValueOrDefault(value.DataElementId);
                totals[value.DataElementId] = (count + 1, sum + value.Value);
            }
        }
        var values = new SortedDictionary<string, BackupManifest.ElementTotal>(StringComparer.Ordinal);
        foreach (var (id, (count, sum)) in totals)
        {
            values[codes.GetValueOrDefault(id, $"#{id}")] = new BackupManifest.ElementTotal(count, sum.ToString(CultureInfo.InvariantCulture));
        }
        var takenAt = TimeZoneInfo.ConvertTime(time.GetUtcNow(), LocalClock.Zone);
        return new BackupManifest(BackupManifest.CurrentFormat, takenAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), store, version,
            tables, auditRows, head, values, keyFile is null ? null : Path.GetFileName(keyFile), BackupManifest.KeyFileWords);
    }

    private static async Task<long> TableCountAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        await using var db = location.Open();
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = connection is NpgsqlConnection
                ? "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    private static string DatabaseOf(string connection) => new NpgsqlConnectionStringBuilder(connection).Database
        ?? throw new BackupRefusedException("PostgreSQL 连接字符串须写明数据库 (Database=…)");
}

/// <summary>A backup or restore refused before it touched anything, with the reason in Chinese.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// PostgreSQL's own tools (<c>pg_dump</c>, <c>pg_restore</c>): found on <c>YARDSTICK_PG_BIN</c>, the PATH, or the newest
/// <c>/usr/lib/postgresql/*/bin</c> (Debian puts them there, off the PATH); the connection passed as PG* variables so the
/// password never appears on a command line.
/// </summary>
internal static class PostgresTools
{
    public static async Task RunAsync(string tool, IReadOnlyList<string> arguments, string connection, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connection);
        var start = new ProcessStartInfo(Find(tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGHOST"] = settings.Host ?? "localhost";
        start.Environment["PGPORT"] = settings.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = settings.Database ?? "";
        start.Environment["PGUSER"] = settings.Username ?? Environment.UserName;
        if (settings.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new BackupRefusedException($"{tool} 失败 (退出码 {process.ExitCode}): {(await errors).Trim()} {(await output).Trim()}".Trim());
        }
    }

    private static string Find(string tool)
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable("YARDSTICK_PG_BIN") is { Length: > 0 } given)
        {
            folders.Add(given);
        }
        folders.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            folders.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
        }
        return folders.Select(f => Path.Combine(f, tool)).FirstOrDefault(File.Exists)
            ?? throw new BackupRefusedException($"找不到 PostgreSQL 的 {tool}: 请安装 postgresql-client, 或以 YARDSTICK_PG_BIN 指明其所在目录");
    }
}
