using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Data.Values;

/// <summary>Where evaluations get an engine: the process's live one, or one built from the store for a single command.</summary>
public interface IEngineSource
{
    /// <summary>
    /// Runs <paramref name="read"/> on an engine holding at least the indicators' data elements in the years given. The read
    /// is synchronous and must not keep the engine: a live engine is read under its lock.
    /// </summary>
    Task<T> ReadAsync<T>(YardstickDb db, IReadOnlyCollection<Indicator> indicators, int firstYear, int lastYear,
        Func<IndicatorEngine, T> read, CancellationToken cancellationToken = default);
}

/// <summary>
/// The one engine a long-running process (the web app) keeps for its whole life: every org unit, every data element, every
/// year, loaded once at start-up and then kept fresh by following the store's change sets. It never reads values per
/// request, so a village's figure costs what a village's figure costs, whatever the size of the province.
/// <para>
/// <b>One place owns "a committed change reaches the engine"</b>: <see cref="CatchUpAsync"/>. It reads, in one consistent
/// snapshot of the store, every change set committed after the last one applied and the values they wrote (found by
/// change-set id), and applies them under the write lock, so readers see a change set whole or not at all. It runs after
/// every commit made through this process's contexts (<see cref="CommitFollower"/>), and every
/// <see cref="FollowAsync">poll interval</see> for commits made elsewhere: another web instance on the same PostgreSQL,
/// or a <c>yardstick import</c> into the SQLite file the app serves. A transaction that rolls back never reaches it.
/// A change set marked <c>metadata</c> (org units or data elements written) makes it reload the tree and reshape.
/// </para>
/// </summary>
public sealed class LiveEngine(DatabaseLocation location, ILogger<LiveEngine>? logger = null) : IEngineSource, IDisposable
{
    /// <summary>The years every live engine spans; a (type, year) without values costs nothing (see the engine's raw blocks).</summary>
    public const int FirstYear = 1900, LastYear = 2999;

    /// <summary>Whether a year lies in the span the live engine holds (requests for others are refused as 400, not failed).</summary>
    public static bool Covers(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>Change sets with more values than this are applied while they stream in, under the write lock (a bulk load).</summary>
    public int StreamedChangeSetValues { get; init; } = 2_000_000;

    /// <summary>Change sets with fewer values than this update maintained aggregates in place; more and they are rebuilt on demand.</summary>
    public int InPlaceChangeSetValues { get; init; } = 20_000;

    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _catchingUp = new(1, 1);
    private volatile IndicatorEngine? _engine;
    private long _applied;
    private volatile int _percent;

    /// <summary>True once the first load has finished; until then pages say 数据加载中.</summary>
    public bool IsReady => _engine is not null;

    /// <summary>How far the first load has come, 0–100.</summary>
    public int LoadingPercent => _percent;

    /// <summary>The last change set the engine reflects.</summary>
    public long AppliedChangeSet => Interlocked.Read(ref _applied);

    public Task<T> ReadAsync<T>(YardstickDb db, IReadOnlyCollection<Indicator> indicators, int firstYear, int lastYear,
        Func<IndicatorEngine, T> read, CancellationToken cancellationToken = default) => Task.FromResult(Read(read));

    /// <summary>Runs a read under the read lock: never during a change set's application.</summary>
    public T Read<T>(Func<IndicatorEngine, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var engine = _engine ?? throw new InvalidOperationException("数据加载中, 请稍后再试");
        _gate.EnterReadLock();
        try
        {
            return read(_engine ?? engine);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Where the engine keeps a snapshot of its values between runs (for SQLite, beside the database: <c>….db.engine</c>);
    /// null for none. A start-up with a snapshot of the same store reads it and catches up from its change set on, instead
    /// of reading every value from the store.
    /// </summary>
    public string? SnapshotPath { get; init; }

    /// <summary>
    /// The first load: the tree and the elements from the store, then the values from the snapshot when there is one of this
    /// store, else from the store itself, element by element on every core (each element is one range of the primary key,
    /// so each read is sequential), with progress in the log; then whatever was committed meanwhile.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _catchingUp.WaitAsync(cancellationToken);
        var fromStore = false;
        try
        {
            await using var db = location.Open();
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await using var snapshot = await BeginSnapshotAsync(connection, cancellationToken);
            var applied = await LatestChangeSetAsync(connection, snapshot, cancellationToken);
            var (units, elements, dataSets) = await MetadataAsync(db, snapshot, cancellationToken);
            var store = await StoreLabelAsync(connection, snapshot, cancellationToken);
            await snapshot.CommitAsync(cancellationToken);

            var (engine, from) = await ReadSnapshotAsync(store, units, elements, cancellationToken);
            if (engine is not null)
            {
                applied = from;
                logger?.LogInformation("从快照 {Path} 载入数值 (变更集 {ChangeSet}), 用时 {Seconds:F1} s", SnapshotPath, from, clock.Elapsed.TotalSeconds);
            }
            else
            {
                // Each element on its own connection and read snapshot, all taken after `applied` was read: whatever they
                // see beyond it is applied again by the catch-up below, and setting a value twice sets it once.
                fromStore = true;
                engine = new IndicatorEngine(units, elements, FirstYear, LastYear);
                var ignored = 0;
                var done = 0;
                await Parallel.ForEachAsync(elements, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                    async (element, ct) =>
                    {
                        await using var reading = location.Open();
                        await reading.Database.OpenConnectionAsync(ct);
                        var c = reading.Database.GetDbConnection();
                        await using var t = await BeginSnapshotAsync(c, ct);
                        Interlocked.Add(ref ignored, engine.Load(ReadValues(c, t, reading.IsPostgres, $"data_element_id = {element.Id}")));
                        await t.CommitAsync(ct);
                        var n = Interlocked.Increment(ref done);
                        _percent = (int)(100.0 * n / elements.Count);
                        logger?.LogInformation("数据加载中: {Element} ({Done}/{Total}, {Seconds:F1} s)", element.Name, n, elements.Count, clock.Elapsed.TotalSeconds);
                    });
                if (ignored > 0)
                {
                    logger?.LogWarning("{Count} 个数值超出引擎可保存的范围 (超过 64 位整数或 9 位小数), 未参与计算", ignored);
                }
            }
            engine.UseDataSets(dataSets);
            Interlocked.Exchange(ref _applied, applied);
            _engine = engine;
            _percent = 100;
            logger?.LogInformation("指标引擎就绪: {Units} 个机构, {Elements} 个数据元, {Values} 个数值, 变更集 {ChangeSet}, 用时 {Seconds:F1} s",
                units.Count, elements.Count, engine.ValueCount, applied, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            _catchingUp.Release();
        }
        await CatchUpAsync(cancellationToken);
        if (fromStore)
        {
            await SaveSnapshotAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes the engine's values to <see cref="SnapshotPath"/> (a temporary file, then renamed over the old one), labelled
    /// with the store and the change set they reflect. Readers go on meanwhile; changes wait until it is written.
    /// </summary>
    public async Task SaveSnapshotAsync(CancellationToken cancellationToken = default)
    {
        if (SnapshotPath is null || _engine is null || _disposed)
        {
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _catchingUp.WaitAsync(cancellationToken);
        try
        {
            await using var db = location.Open();
            var store = await db.WithConnectionAsync(c => StoreLabelAsync(c, null, cancellationToken), cancellationToken);
            var applied = AppliedChangeSet;
            var at = await db.WithConnectionAsync(c => ChangeSetTimeAsync(c, applied, cancellationToken), cancellationToken);
            var temporary = SnapshotPath + ".writing";
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Read(engine => { engine.WriteSnapshot(file, $"{store}|{applied}|{at}"); return 0; });
            }
            File.Move(temporary, SnapshotPath, overwrite: true);
            _snapshotOf = applied;
            logger?.LogInformation("引擎快照已写入 {Path} (变更集 {ChangeSet}, 用时 {Seconds:F1} s)", SnapshotPath, applied, clock.Elapsed.TotalSeconds);
        }
        catch (IOException e)
        {
            // A snapshot only speeds the next start; failing to write one must not stop this one.
            logger?.LogWarning(e, "引擎快照未能写入 {Path}", SnapshotPath);
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    private long _snapshotOf = -1;

    /// <summary>When the last catch-up began (a Stopwatch timestamp taken before it opened its read snapshot).</summary>
    private long _lastCatchUp;

    /// <summary>The engine from the snapshot file and the change set it reflects, when the file is a snapshot of this store whose change set the store still holds as it was.</summary>
    private async Task<(IndicatorEngine? Engine, long ChangeSet)> ReadSnapshotAsync(string store, List<OrgUnit> units, List<DataElement> elements,
        CancellationToken cancellationToken)
    {
        if (SnapshotPath is null || !File.Exists(SnapshotPath))
        {
            return (null, 0);
        }
        await using var file = new FileStream(SnapshotPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var label = IndicatorEngine.SnapshotLabel(file)?.Split('|');
        if (label is not [var identity, var changeSetText, var at] || identity != store
            || !long.TryParse(changeSetText, NumberStyles.None, CultureInfo.InvariantCulture, out var changeSet))
        {
            logger?.LogWarning("引擎快照 {Path} 不属于本数据库, 从数据库载入", SnapshotPath);
            return (null, 0);
        }
        await using var db = location.Open();
        if (await db.WithConnectionAsync(c => ChangeSetTimeAsync(c, changeSet, cancellationToken), cancellationToken) != at)
        {
            logger?.LogWarning("引擎快照 {Path} 的变更集 {ChangeSet} 与数据库不符 (数据库已恢复或重建?), 从数据库载入", SnapshotPath, changeSet);
            return (null, 0);
        }
        _snapshotOf = changeSet;
        return (IndicatorEngine.ReadSnapshot(file, units, elements), changeSet);
    }

    private static async Task<string> StoreLabelAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM store_identity";
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "";
    }

    private static async Task<string> ChangeSetTimeAsync(DbConnection connection, long changeSet, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST(at AS text) FROM change_sets WHERE id = {changeSet}";
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>
    /// Applies every change set committed after the last one applied. Safe to call from any thread at any time; calls
    /// take turns, and a call returns only after every change set committed before it began is applied.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        if (_engine is null || _disposed)
        {
            return;
        }
        var asked = System.Diagnostics.Stopwatch.GetTimestamp();
        await _catchingUp.WaitAsync(cancellationToken);
        try
        {
            // Writers that commit together wait here together: a catch-up that began after this call was made has seen
            // everything committed before it, so the queue drains with one read, not one per writer.
            if (Interlocked.Read(ref _lastCatchUp) > asked)
            {
                return;
            }
            Interlocked.Exchange(ref _lastCatchUp, System.Diagnostics.Stopwatch.GetTimestamp());
            await using var db = location.Open();
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            await using var snapshot = await BeginSnapshotAsync(connection, cancellationToken);
            var after = AppliedChangeSet;
            var (latest, reshape) = await ChangeSetsAfterAsync(connection, snapshot, after, cancellationToken);
            if (latest <= after)
            {
                return;
            }
            var engine = _engine!;
            var count = await CountAsync(connection, snapshot, $"SELECT count(*) FROM data_values WHERE change_set_id > {after}", cancellationToken);
            var changed = $"change_set_id > {after} AND change_set_id <= {latest}";
            if (count > StreamedChangeSetValues)
            {
                // A bulk load: applied as it streams, readers waiting (they see none of it, then all of it).
                var (units, elements, dataSets) = await MetadataAsync(db, snapshot, cancellationToken);
                var removed = ReadDeleted(connection, snapshot, changed).ToList();
                Write(() =>
                {
                    _engine = engine = engine.Reshape(units, elements);
                    engine.UseDataSets(dataSets);
                    engine.Load(ReadValues(connection, snapshot, db.IsPostgres, changed));
                    engine.ForgetAggregates();
                    Remove(engine, removed);
                });
            }
            else
            {
                var values = ReadValues(connection, snapshot, db.IsPostgres, changed).ToList();
                var removed = ReadDeleted(connection, snapshot, changed).ToList();
                if (reshape || values.Any(v => !engine.Knows(v.DataElementId, v.OrgUnitId)))
                {
                    // Reshaped outside the lock: only this method changes the engine, and it holds _catchingUp.
                    var (units, elements, dataSets) = await MetadataAsync(db, snapshot, cancellationToken);
                    engine = engine.Reshape(units, elements);
                    engine.UseDataSets(dataSets);
                }
                Write(() =>
                {
                    _engine = engine;
                    Apply(engine, values);
                    Remove(engine, removed);
                });
            }
            Interlocked.Exchange(ref _applied, latest);
            await snapshot.CommitAsync(cancellationToken);
        }
        finally
        {
            _catchingUp.Release();
        }
    }

    /// <summary>How often a changed engine writes its snapshot while it runs (and once more when the app stops).</summary>
    private static readonly TimeSpan SnapshotEvery = TimeSpan.FromMinutes(10);

    /// <summary>Catches up whenever the store holds a change set the engine has not applied, checking every <paramref name="interval"/> of <paramref name="time"/>.</summary>
    public async Task FollowAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        using var timer = new PeriodicTimer(interval, time);
        var snapshotDue = time.GetUtcNow() + SnapshotEvery;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await using var db = location.Open();
                var latest = await db.WithConnectionAsync(c => LatestChangeSetAsync(c, null, cancellationToken), cancellationToken);
                if (latest > AppliedChangeSet)
                {
                    await CatchUpAsync(cancellationToken);
                }
                if (time.GetUtcNow() > snapshotDue)
                {
                    snapshotDue = time.GetUtcNow() + SnapshotEvery;
                    if (AppliedChangeSet != _snapshotOf)
                    {
                        await SaveSnapshotAsync(cancellationToken);
                    }
                }
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
            {
                // The store is unreachable for a moment (a restart, a lost connection): the next tick catches up from change_sets.
                logger?.LogWarning(e, "跟随数据变更失败, 稍后重试");
            }
        }
    }

    private void Write(Action change)
    {
        _gate.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private void Apply(IndicatorEngine engine, List<DataValue> values)
    {
        var refused = 0;
        if (values.Count < InPlaceChangeSetValues)
        {
            foreach (var v in values)
            {
                refused += engine.SetValue(v.DataElementId, v.OrgUnitId, v.Period, v.Value) ? 0 : 1;
            }
        }
        else
        {
            refused = engine.Load(values);
            engine.ForgetAggregates();
        }
        if (refused > 0)
        {
            logger?.LogWarning("{Count} 个数值超出引擎可保存的范围, 未参与计算", refused);
        }
    }

    /// <summary>A read-only snapshot: BEGIN (deferred) in SQLite's WAL, REPEATABLE READ in PostgreSQL. Never a write lock.</summary>
    private static async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) => connection switch
    {
        SqliteConnection sqlite => sqlite.BeginTransaction(deferred: true),
        NpgsqlConnection npgsql => await npgsql.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    private static async Task<long> LatestChangeSetAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(id), 0) FROM change_sets";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<(long Latest, bool Reshape)> ChangeSetsAfterAsync(DbConnection connection, DbTransaction transaction, long after,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT coalesce(max(id), 0), coalesce(max(CASE WHEN metadata THEN 1 ELSE 0 END), 0) FROM change_sets WHERE id > {after}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1) > 0);
    }

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The org-unit tree and the data elements, read raw (no change tracking) in the snapshot.</summary>
    private static async Task<(List<OrgUnit> Units, List<DataElement> Elements, List<Core.Reporting.DataSet> DataSets)> MetadataAsync(YardstickDb db, DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
        }
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
        var elements = await db.DataElements.AsNoTracking().OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var dataSets = await db.DataSets.AsNoTracking().ToListAsync(cancellationToken);
        return (units, elements, dataSets);
    }

    private static IEnumerable<DataValue> ReadValues(DbConnection connection, DbTransaction transaction, bool postgres, string where)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT data_element_id, org_unit_id, period_type, period_start, value, change_set_id FROM data_values WHERE {where}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return DataValueStore.ReadRow(reader, postgres);
        }
    }

    /// <summary>
    /// Values the change sets deleted and nothing wrote again since (a later write of the same key is in data_values and
    /// was applied with the others).
    /// </summary>
    private static IEnumerable<(int Element, int Unit, Period Period)> ReadDeleted(DbConnection connection, DbTransaction transaction, string where)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT t.data_element_id, t.org_unit_id, t.period_type, t.period_start FROM deleted_values t
            WHERE t.{where.Replace(" AND ", " AND t.", StringComparison.Ordinal)} AND NOT EXISTS (SELECT 1 FROM data_values v
                WHERE v.data_element_id = t.data_element_id AND v.org_unit_id = t.org_unit_id AND v.period_type = t.period_type AND v.period_start = t.period_start)
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var start = Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture);
            yield return (Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                Period.FromKey((PeriodType)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), start));
        }
    }

    private static void Remove(IndicatorEngine engine, List<(int Element, int Unit, Period Period)> removed)
    {
        foreach (var (element, unit, period) in removed)
        {
            engine.SetValue(element, unit, period, null);
        }
    }

    private volatile bool _disposed;

    /// <summary>
    /// Ends the engine's life: later snapshot writes and catch-ups do nothing. The locks are left to the collector: a host
    /// may dispose its services before its last hosted service has stopped, and a lock disposed under a waiter throws.
    /// </summary>
    public void Dispose() => _disposed = true;

    /// <summary>
    /// Brings the live engine up to date after every transaction this process commits through a <see cref="YardstickDb"/>,
    /// before the commit call returns: the next read, on this instance, sees the write.
    /// </summary>
    public sealed class CommitFollower(LiveEngine live) : DbTransactionInterceptor
    {
        public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default) => await live.AfterCommitAsync(cancellationToken);

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
            live.AfterCommitAsync(default).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The catch-up after a commit of this process. The write is committed whatever happens here, so a store that cannot be
    /// read back this instant must not turn it into an error: the follower's next tick applies it.
    /// </summary>
    private async Task AfterCommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (DbException e)
        {
            logger?.LogWarning(e, "提交后更新指标引擎失败, 将由后台跟随补上");
        }
    }
}
