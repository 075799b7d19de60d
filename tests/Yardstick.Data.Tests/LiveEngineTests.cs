using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>
/// The live engine a web instance keeps: loaded once, fresh after every commit of its own, following commits made by
/// other processes, never showing half a change set. Run against SQLite and a real PostgreSQL.
/// </summary>
public abstract class LiveEngineTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-live-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private DatabaseLocation _location = null!;
    private LiveEngine _live = null!;
    private readonly CancellationTokenSource _stop = new();

    protected abstract Task<DatabaseLocation> NewLocationAsync();

    protected string Folder => _folder;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _location = await NewLocationAsync();
        await using (var db = _location.Open())
        {
            await SchemaMigrator.MigrateAsync(db);
            (await Import(db, Csv("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"),
                Csv("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
                Csv("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
                Csv("values.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,4000\ninfant_deaths,2023,150502,16\nlive_births,2023,150521,3420\ninfant_deaths,2023,150521,15\n")))
                .Succeeded.ShouldBeTrue();
        }
        _live = new LiveEngine(_location);
        await _live.LoadAsync();
    }

    /// <summary>A follower a test started; awaited at the end so that it no longer opens the database being deleted.</summary>
    private Task _following = Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _following;
        }
        catch (OperationCanceledException)
        {
        }
        _live.Dispose();
        _stop.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N")[..6] + "-" + name);
        File.WriteAllText(path, content);
        return path;
    }

    private Task<ImportResult> Import(YardstickDb db, params string[] paths) => new Importer(db, _time).ImportAsync(paths, "tester");

    /// <summary>A context whose commits the live engine applies before they return, as the web app's are.</summary>
    private YardstickDb Followed() => _location.Open(new LiveEngine.CommitFollower(_live));

    private decimal? Births(string unit)
    {
        var id = UnitId(unit);
        return _live.Read(e => e.ElementValue("live_births", id, Period.OfYear(2023)));
    }

    private int UnitId(string code) => _live.Read(e => e.Units.Single(u => u.Code == code).Id);

    [Fact]
    public async Task A_value_committed_through_the_app_is_in_the_very_next_read()
    {
        Births("150500").ShouldBe(7420);
        await using var db = Followed();

        (await Import(db, Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,4100\n"))).Succeeded.ShouldBeTrue();

        Births("150502").ShouldBe(4100);
        Births("150500").ShouldBe(7520);
        var (city, _) = await Evaluations.IndicatorAsync(db, _live, "imr", "150500", Period.OfYear(2023));
        city!.Value.Value.ShouldBe(4.122340425531914894m); // 31 ÷ 7520 × 1000 to 18 places
    }

    [Fact]
    public async Task A_value_committed_by_another_process_shows_within_a_second()
    {
        _following = Task.Run(() => _live.FollowAsync(TimeSpan.FromMilliseconds(100), TimeProvider.System, _stop.Token));
        await using var other = _location.Open();   // no follower: the command line, another instance
        var committed = System.Diagnostics.Stopwatch.StartNew();

        (await Import(other, Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,2023,150521,3000\n"))).Succeeded.ShouldBeTrue();
        committed.Restart();
        while (Births("150521") != 3000 && committed.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Births("150521").ShouldBe(3000);
        committed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_failed_import_leaves_every_answer_unchanged()
    {
        await using var db = Followed();
        var applied = _live.AppliedChangeSet;

        var result = await Import(db, Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,9999\ninfant_deaths,2023,150502,abc\n"));

        result.Succeeded.ShouldBeFalse();
        Births("150502").ShouldBe(4000);
        Births("150500").ShouldBe(7420);
        _live.AppliedChangeSet.ShouldBe(applied);
    }

    [Fact]
    public async Task Moving_a_unit_moves_its_figures_to_its_new_parent()
    {
        await using var db = Followed();

        (await Import(db, Csv("move.csv", "code,name,parent,level\n150521,科尔沁左翼中旗,150502,县\n"))).Succeeded.ShouldBeTrue(); // under 科尔沁区 now

        Births("150502").ShouldBe(7420);
        Births("150500").ShouldBe(7420);
        var (kerqin, _) = await Evaluations.IndicatorAsync(db, _live, "imr", "150502", Period.OfYear(2023));
        kerqin!.Value.Numerator.ShouldBe(31);
    }

    /// <summary>
    /// Issue 24: 床位数 (a stock) reported at 202206 and 202212 owes 2023 its December figure only, not twelve months; the live
    /// engine, told the December value after counting, counts what a fresh load counts.
    /// </summary>
    [Fact]
    public async Task Issue_24_a_stock_reported_twice_a_year_is_complete_with_its_last_figure_live_and_fresh()
    {
        await using var db = Followed();
        (await Import(db, Csv("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nbeds,床位数,count,sum,last\n"),
            Csv("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nbed_count,床位数,#{beds},,1,张,higher,0\n"),
            Csv("values.csv", "dataelement,period,orgunit,value\nbeds,202206,150502,100\nbeds,202212,150502,110\nbeds,202306,150502,115\n"))).Succeeded.ShouldBeTrue();
        var (june, _) = await Evaluations.IndicatorAsync(db, _live, "bed_count", "150500", Period.OfYear(2023));
        june!.Completeness.ShouldBe(new Core.Indicators.Completeness(1, 1, 0, 1));

        (await Import(db, Csv("v.csv", "dataelement,period,orgunit,value\nbeds,202312,150502,120\n"))).Succeeded.ShouldBeTrue();

        var (live, _) = await Evaluations.IndicatorAsync(db, _live, "bed_count", "150500", Period.OfYear(2023));
        var (fresh, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "bed_count", "150500", Period.OfYear(2023));
        live!.Value.Value.ShouldBe(120);
        live.Completeness.ShouldBe(new Core.Indicators.Completeness(1, 1, 1, 1));
        fresh!.Completeness.ShouldBe(live.Completeness);
    }

    [Fact]
    public async Task A_new_unit_and_its_values_in_one_import_are_read_together()
    {
        await using var db = Followed();

        (await Import(db, Csv("new.csv", "code,name,parent,level\n150502101,大林镇,150502,镇\n"),
            Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502101,50\n"))).Succeeded.ShouldBeTrue();

        Births("150502101").ShouldBe(50);
        Births("150502").ShouldBe(4050);
    }

    /// <summary>
    /// Two org-unit imports checked against the same store and committed at the same moment: each new unit takes the next
    /// free id, so the later one collides. It must fail whole, with the reason a person can act on (another import wrote
    /// first, try again), and succeed when tried again — never half-written, never a renumbered tree.
    /// </summary>
    [Fact]
    public async Task Concurrent_org_unit_imports_serialize_or_fail_whole_saying_why()
    {
        var files = Enumerable.Range(1, 4).Select(i => Csv($"unit{i}.csv", $"code,name,parent,level\n15050210{i},新镇{i},150502,镇\n")).ToList();
        var start = new TaskCompletionSource();
        var attempts = files.Select(async file =>
        {
            await using var db = _location.Open();
            await start.Task;
            try
            {
                return (file, (await Import(db, file)).Succeeded ? null : "refused");
            }
            catch (Exception e) when (StoreErrors.IsConflict(e) || StoreErrors.IsBusy(e))
            {
                return (file, (string?)"conflict");
            }
        }).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        outcomes.ShouldContain(o => o.Item2 == null, "at least one import commits");
        outcomes.ShouldAllBe(o => o.Item2 == null || o.Item2 == "conflict");
        await using (var db = _location.Open())
        {
            foreach (var (file, _) in outcomes.Where(o => o.Item2 != null))
            {
                (await Import(db, file)).Succeeded.ShouldBeTrue("tried again, alone, it succeeds");
            }
            var units = db.OrgUnits.Where(u => u.Code.StartsWith("15050210")).ToList();
            units.Select(u => u.Code).Order().ShouldBe(["150502101", "150502102", "150502103", "150502104"]);
            units.Select(u => u.Id).Distinct().Count().ShouldBe(4);
            units.ShouldAllBe(u => u.Path.EndsWith("/" + u.Id + "/"));
            (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData(20_000, 2_000_000)]   // applied value by value, aggregates kept
    [InlineData(100, 2_000_000)]      // loaded, aggregates rebuilt on demand
    [InlineData(100, 1_000)]          // a bulk load: streamed in under the write lock
    public async Task Readers_during_a_large_import_see_none_of_it_or_all_of_it(int inPlace, int streamed)
    {
        _live.Dispose();
        _live = new LiveEngine(_location) { InPlaceChangeSetValues = inPlace, StreamedChangeSetValues = streamed };
        await _live.LoadAsync();
        // 400 villages × 12 months × 2 elements = 9,600 values in one change set, applied while readers read the city.
        var villages = Enumerable.Range(1, 400).Select(i => $"150502{i:D3}").ToList();
        await using (var db = Followed())
        {
            (await Import(db, Csv("villages.csv", "code,name,parent,level\n" + string.Concat(villages.Select((v, i) => $"{v},村{i},150502,村\n")))))
                .Succeeded.ShouldBeTrue();
        }
        var values = "dataelement,period,orgunit,value\n" + string.Concat(villages.SelectMany(v => Enumerable.Range(1, 12)
            .SelectMany(m => new[] { $"live_births,2024{m:D2},{v},10\n", $"infant_deaths,2024{m:D2},{v},1\n" })));
        var seen = new HashSet<decimal?>();
        using var reading = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var city = UnitId("150500");
            while (!reading.IsCancellationRequested)
            {
                var pair = _live.Read(e => (e.ElementValue("live_births", city, Period.OfYear(2024)), e.ElementValue("infant_deaths", city, Period.OfYear(2024))));
                lock (seen)
                {
                    seen.Add(pair.Item1 is null ? null : pair.Item1 * 1000 + (pair.Item2 ?? 0));
                }
            }
        });
        _following = Task.Run(() => _live.FollowAsync(TimeSpan.FromMilliseconds(20), TimeProvider.System, _stop.Token));
        await using (var other = _location.Open())
        {
            (await Import(other, Csv("values.csv", values))).Succeeded.ShouldBeTrue();
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_live.Read(e => e.ElementValue("live_births", e.Units[0].Id, Period.OfYear(2024))) is null && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        var all = 48_000m * 1000 + 4_800;
        while (!Seen(all) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);   // until the reader has read the applied change set at least once
        }
        await reading.CancelAsync();
        await reader;

        // Either nothing for 2024, or all 48,000 births and 4,800 deaths: never a part.
        seen.ShouldBeSubsetOf(new decimal?[] { null, all });
        seen.ShouldContain(all);

        bool Seen(decimal value)
        {
            lock (seen)
            {
                return seen.Contains(value);
            }
        }
    }

    [Fact]
    public async Task A_restarted_engine_reads_what_the_running_one_showed()
    {
        await using (var db = Followed())
        {
            (await Import(db, Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,202401,150502,300\nlive_births,202402,150502,320\n"))).Succeeded.ShouldBeTrue();
        }
        using var restarted = new LiveEngine(_location);
        await restarted.LoadAsync();

        restarted.AppliedChangeSet.ShouldBe(_live.AppliedChangeSet);
        var city = UnitId("150500");
        restarted.Read(e => e.ElementValue("live_births", city, Period.OfYear(2024))).ShouldBe(620);
        restarted.Read(e => e.LatestYear(2026)).ShouldBe(2024);
    }

    [Fact]
    public async Task A_restart_from_the_snapshot_shows_what_the_store_holds_including_what_changed_while_it_was_down()
    {
        var path = Path.Combine(Folder, "engine.snapshot");
        using (var first = new LiveEngine(_location) { SnapshotPath = path })
        {
            await first.LoadAsync();   // from the store, then writes its snapshot
        }
        File.Exists(path).ShouldBeTrue();
        await using (var db = _location.Open())
        {
            (await Import(db, Csv("down.csv", "code,name,parent,level\n150521,科尔沁左翼中旗,150502,县\n"),
                Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,5000\n"))).Succeeded.ShouldBeTrue();
        }

        using var restarted = new LiveEngine(_location) { SnapshotPath = path };
        await restarted.LoadAsync();

        var kerqin = UnitId("150502");
        restarted.Read(e => e.ElementValue("live_births", kerqin, Period.OfYear(2023))).ShouldBe(8420);   // 5000 + the moved 3420
        restarted.AppliedChangeSet.ShouldBe(await LatestChangeSetAsync());
    }

    [Fact]
    public async Task A_snapshot_of_another_database_is_not_used()
    {
        var path = Path.Combine(Folder, "engine.snapshot");
        var other = await NewLocationAsync();
        await using (var db = other.Open())
        {
            await SchemaMigrator.MigrateAsync(db);
            (await Import(db, Csv("o.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n"),
                Csv("e.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\n"),
                Csv("v.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,1\n"))).Succeeded.ShouldBeTrue();
        }
        using (var theirs = new LiveEngine(other) { SnapshotPath = path })
        {
            await theirs.LoadAsync();
        }

        using var mine = new LiveEngine(_location) { SnapshotPath = path };
        await mine.LoadAsync();

        var kerqin = UnitId("150502");
        mine.Read(e => e.ElementValue("live_births", kerqin, Period.OfYear(2023))).ShouldBe(4000);
    }

    private async Task<long> LatestChangeSetAsync()
    {
        await using var db = _location.Open();
        return await db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT max(id) FROM change_sets";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }, default);
    }
}


public sealed class SqliteLiveEngineTests : LiveEngineTests
{
    protected override Task<DatabaseLocation> NewLocationAsync() =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + ".db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLiveEngineTests(PostgresFixture server) : LiveEngineTests
{
    protected override async Task<DatabaseLocation> NewLocationAsync() => DatabaseLocation.Postgres(await server.NewDatabaseAsync());
}
