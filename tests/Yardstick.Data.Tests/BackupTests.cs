using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Data.Backups;
using Yardstick.Data.Demo;
using Yardstick.Data.Interchange;
using Yardstick.Data.Tests.Demo;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>
/// Backup and restore of the whole store, on SQLite and on a real PostgreSQL (issue 29, point 6): the demo store (values,
/// plans, tasks, reports, an audit chain) copied while a writer keeps importing, restored into an empty store, verified,
/// and judged the same as the moment the backup was taken.
/// </summary>
public abstract class BackupTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero))
{
    private async Task<DatabaseLocation> DemoStoreAsync()
    {
        var location = await NewLocationAsync();
        await using var db = location.Open();
        await SchemaMigrator.MigrateAsync(db);
        (await TongliaoDemo.SeedAsync(db, TongliaoDemoTests.DemoFolder(), Time)).Succeeded.ShouldBeTrue();
        return location;
    }

    /// <summary>A value of 通辽市's population for a year past the demo's: each import is one audited change set.</summary>
    private async Task WriteAsync(DatabaseLocation location, int year, decimal value)
    {
        await using var db = location.Open();
        var table = new SourceTable("writer.csv", InterchangeKind.DataValues,
        [
            new SourceRow(2, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["dataelement"] = "resident_population", ["period"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["orgunit"] = TongliaoDemo.CityCode,
                ["value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
        ]);
        (await new Importer(db, Time).ImportAsync([table], "writer", "测试")).Succeeded.ShouldBeTrue();
    }

    private static async Task<long> ChangeSetCountAsync(DatabaseLocation location)
    {
        await using var db = location.Open();
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM change_sets";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }, CancellationToken.None);
    }

    private static async Task<string> JudgedAsync(DatabaseLocation location)
    {
        await using var db = location.Open();
        var (rows, error) = await Evaluations.PlanAsync(db, EngineLoader.OneShot, TongliaoDemo.PlanCode, TongliaoDemo.CityCode, 2023, children: true);
        error.ShouldBeNull();
        return string.Join("\n", rows!.Select(r => $"{r.Indicator.Code} {r.OrgUnit.Code} {r.Value.Value} {r.StatusText}"));
    }

    [Fact]
    public async Task A_backup_taken_while_a_writer_imports_restores_into_an_empty_store_whole_and_judged_the_same()
    {
        var source = await DemoStoreAsync();
        var judgedBefore = await JudgedAsync(source);
        var file = Path.Combine(Folder, "nightly.zip");

        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await WriteAsync(source, 2030 + writes % 20, 1000 + writes);
                writes++;
            }
        });
        while (writes < 2)
        {
            await Task.Delay(20);
        }
        var taken = await StoreBackup.CreateAsync(source, file, "yardstick.db.key", Time);
        await stop.CancelAsync();
        await writer;

        System.IO.File.Exists(file).ShouldBeTrue();
        Directory.GetFileSystemEntries(Folder, "nightly.zip.partial-*").ShouldBeEmpty("no partial copy is left behind");
        var manifest = taken.Manifest;
        manifest.TakenAt.ShouldBe("2026-12-07T10:00:00+08:00", "Beijing time");
        manifest.Tables["data_values"].ShouldBeGreaterThan(7000);
        manifest.AuditRows.ShouldBeGreaterThan(0);
        manifest.AuditHeadHash.ShouldNotBeNull();
        manifest.KeyFile.ShouldBe("yardstick.db.key");
        using (var zip = ZipFile.OpenRead(file))
        {
            zip.Entries.Select(e => e.FullName).ShouldNotContain(n => n.EndsWith(".key", StringComparison.Ordinal), "the key file is never in the backup");
        }

        var target = await NewLocationAsync();
        var restored = await StoreBackup.RestoreAsync(file, target);

        restored.Problems.ShouldBeEmpty();
        restored.Verified.Count.ShouldBe(4);
        restored.Verified.ShouldContain(v => v.StartsWith("审计链", StringComparison.Ordinal));
        restored.Verified.ShouldContain(v => v.StartsWith("指标引擎", StringComparison.Ordinal));
        (await JudgedAsync(target)).ShouldBe(judgedBefore);
        await using var db = target.Open();
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Restore_refuses_a_store_that_is_not_empty_and_changes_nothing()
    {
        var source = await DemoStoreAsync();
        var file = Path.Combine(Folder, "b.zip");
        await StoreBackup.CreateAsync(source, file, null, Time);
        await WriteAsync(source, 2040, 1);
        var before = await JudgedAsync(source);
        var changeSets = await ChangeSetCountAsync(source);

        var refused = await Should.ThrowAsync<BackupRefusedException>(() => StoreBackup.RestoreAsync(file, source));

        refused.Message.ShouldContain("不是空库");
        (await ChangeSetCountAsync(source)).ShouldBe(changeSets);
        (await JudgedAsync(source)).ShouldBe(before);
        (await Should.ThrowAsync<BackupRefusedException>(() => StoreBackup.CreateAsync(source, file, null, Time))).Message.ShouldContain("已存在");
    }

    [Fact]
    public async Task A_backup_whose_manifest_does_not_match_its_copy_restores_with_each_difference_named()
    {
        var source = await DemoStoreAsync();
        var file = Path.Combine(Folder, "b.zip");
        await StoreBackup.CreateAsync(source, file, null, Time);
        // The copy altered after the fact: the manifest says one more value of 活产数, with a different sum.
        using (var zip = ZipFile.Open(file, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(BackupManifest.EntryName)!;
            string json;
            using (var reader = new StreamReader(entry.Open()))
            {
                json = await reader.ReadToEndAsync();
            }
            var manifest = BackupManifest.FromJson(json);
            var births = manifest.Values["live_births"];
            var values = manifest.Values.ToDictionary(v => v.Key, v => v.Value);
            values["live_births"] = births with { Count = births.Count + 1, Sum = (decimal.Parse(births.Sum, System.Globalization.CultureInfo.InvariantCulture) + 7).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var tables = manifest.Tables.ToDictionary(t => t.Key, t => t.Value);
            tables["data_values"]++;
            entry.Delete();
            await using var writer = new StreamWriter(zip.CreateEntry(BackupManifest.EntryName).Open());
            await writer.WriteAsync((manifest with { Values = values, Tables = tables }).ToJson());
        }

        var restored = await StoreBackup.RestoreAsync(file, await NewLocationAsync());

        restored.Whole.ShouldBeFalse();
        restored.Problems.ShouldContain(p => p.StartsWith("data_values 备份时", StringComparison.Ordinal));
        restored.Problems.ShouldContain(p => p.StartsWith("数据元 live_births: 引擎载入", StringComparison.Ordinal));
        JsonDocument.Parse(StoreBackup.Inspect(file).ToJson()).RootElement.GetProperty("values").GetProperty("live_births").GetProperty("count").GetInt64()
            .ShouldBe(restored.Manifest.Values["live_births"].Count);
    }
}

public sealed class SqliteBackupTests() : BackupTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupTests(PostgresFixture server) : BackupTests(StoreTest.Postgres(server));

/// <summary>The nightly backup's clock and retention (the web app's <c>Yardstick:BackupFolder</c>).</summary>
public sealed class NightlyBackupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("yardstick-nightly-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("2026-12-07T01:00:00Z", "2026-12-08T02:30:00+08:00")] // 09:00 in Beijing: tomorrow night
    [InlineData("2026-12-06T18:00:00Z", "2026-12-07T02:30:00+08:00")] // 02:00 in Beijing: in half an hour
    [InlineData("2026-12-06T18:30:00Z", "2026-12-08T02:30:00+08:00")] // exactly 02:30: the next one is tomorrow's
    public void The_next_backup_is_the_next_time_of_day_in_Beijing(string now, string expected) =>
        NightlyBackups.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(2, 30))
            .ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_night_removes_a_killed_runs_leftovers_and_keeps_the_newest_backups()
    {
        var store = DatabaseLocation.Sqlite(Path.Combine(_folder, "store.db"));
        await using (var db = store.Open())
        {
            await SchemaMigrator.MigrateAsync(db);
        }
        var backups = Path.Combine(_folder, "backups");
        Directory.CreateDirectory(Path.Combine(backups, "yardstick-20261201-023000.zip.partial-1a2b3c4d"));
        foreach (var day in new[] { "20261203", "20261204", "20261205" })
        {
            await File.WriteAllTextAsync(Path.Combine(backups, $"yardstick-{day}-023000.zip"), "an older night");
        }
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 18, 30, 0, TimeSpan.Zero));

        var (taken, removed) = await NightlyBackups.RunAsync(store, backups, keep: 2, "yardstick.db.key", time);

        Path.GetFileName(taken.File).ShouldBe("yardstick-20261207-023000.zip");
        removed.ShouldBe(["yardstick-20261204-023000.zip", "yardstick-20261203-023000.zip"]);
        Directory.GetFileSystemEntries(backups).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["yardstick-20261205-023000.zip", "yardstick-20261207-023000.zip"]);
        StoreBackup.Inspect(taken.File).KeyFile.ShouldBe("yardstick.db.key");
    }
}
