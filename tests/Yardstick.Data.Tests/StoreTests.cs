using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>What every store must do, run against SQLite and against a real PostgreSQL.</summary>
public abstract class StoreTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<DatabaseLocation> NewLocationAsync();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    protected string Folder => _folder;

    private string File(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private async Task<YardstickDb> NewDbAsync()
    {
        var db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db);
        return db;
    }

    private async Task<ImportResult> ImportAsync(YardstickDb db, params string[] paths)
    {
        db.ChangeTracker.Clear();
        return await new Importer(db, _time).ImportAsync(paths, "tester");
    }

    private string[] Metadata() =>
    [
        File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"),
        File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
        File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
        File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"),
    ];

    private string GoodValues() => File("values.csv",
        "dataelement,period,orgunit,value\n" +
        "live_births,2023,150502,4000\ninfant_deaths,202301,150502,10\ninfant_deaths,202302,150502,6\n" +
        "live_births,2023,150521,3420\ninfant_deaths,2023Q1,150521,15\n");

    [Fact]
    public async Task An_old_database_upgrades_in_place_and_keeps_its_data()
    {
        await using var db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db, toVersion: 1);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO org_units (id, code, name, kind, parent_id, path, level) VALUES (1, 'X', '旧县', 3, NULL, '/1/', 1)");

        var version = await SchemaMigrator.MigrateAsync(db);

        version.ShouldBe(SchemaMigrator.LatestVersion(db));
        (await db.OrgUnits.SingleAsync()).Name.ShouldBe("旧县");
        (await SchemaMigrator.MigrateAsync(db)).ShouldBe(version);
        var elements = File("els.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\n");
        (await ImportAsync(db, elements, File("v1.csv", "dataelement,period,orgunit,value\nlive_births,2023,X,1\n"))).Succeeded.ShouldBeTrue();
        (await ImportAsync(db, File("v2.csv", "dataelement,period,orgunit,value\nlive_births,2023,X,2\n"))).Succeeded.ShouldBeTrue();
        (await AuditLog.ReadAsync(db)).ShouldContain(a => a.Entity == "data_value" && a.Old == "1" && a.New == "2");
    }

    [Fact]
    public async Task Issue_27_notes_written_before_0029_become_the_default_combos_and_keep_their_words()
    {
        await using var db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db, toVersion: 28);
        var year = Period.OfYear(2023);
        var insert = $"""
            INSERT INTO value_notes (data_element_id, org_unit_id, period_type, period_start, comment, source, follow_up)
            VALUES (7, 3, {(int)year.Type}, {year.Key}, '旧备注', '直报', 1)
            """;
        await db.Database.ExecuteSqlRawAsync(insert);

        await SchemaMigrator.MigrateAsync(db);

        var notes = await ValueNotes.ReadAsync(db, null, 2023, 2023);
        notes.Keys.Single().ShouldBe((7, 3, year, 0));
        notes.Values.Single().Describe().ShouldBe("需核实; 来源: 直报; 旧备注");
    }

    [Fact]
    public async Task Issue_25_an_old_store_numbers_through_a_plan_whose_task_numbers_repeat()
    {
        await using var db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db, toVersion: 15);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO plans (id, code, name, base_year, start_year, end_year) VALUES (1, 'A', '重复', 2020, 2021, 2025), (2, 'B', '不重复', 2020, 2021, 2025)");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO plan_tasks (id, plan_id, no, section, title, leads, responsible, cooperating, source, created_by) VALUES
            (1, 1, '1', '一', 't1', '', '', '', '', NULL), (2, 1, '2', '一', 't2', '', '', '', '', NULL), (3, 1, '1', '二', 't3', '', '', '', '', NULL),
            (4, 1, '交办1', NULL, 't4', '', '', '', '', 'planner'), (5, 2, '1', NULL, 't5', '', '', '', '', NULL), (6, 2, '2', NULL, 't6', '', '', '', '', NULL)
            """);

        await SchemaMigrator.MigrateAsync(db);

        var numbers = await db.Database.SqlQueryRaw<string>("SELECT no AS \"Value\" FROM plan_tasks ORDER BY id").ToListAsync();
        numbers.ShouldBe(["1", "2", "3", "交办1", "1", "2"]);
    }

    [Fact]
    public async Task Imported_values_evaluate_as_sum_of_numerators_over_sum_of_denominators()
    {
        await using var db = await NewDbAsync();

        var result = await ImportAsync(db, [.. Metadata(), GoodValues()]);

        result.Issues.Where(i => i.IsError).ShouldBeEmpty();
        var (city, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150500", Period.OfYear(2023));
        city!.Value.Numerator.ShouldBe(31);
        city.Value.Denominator.ShouldBe(7420);
        city.Value.Value.ShouldBe(4.177897574123989218m); // 31 ÷ 7420 × 1000 to 18 places
        city.Completeness.ShouldBe(new Completeness(2, 2, 16, 16));
        var (plan, _) = await Evaluations.PlanAsync(db, EngineLoader.OneShot, "TL14", "150500", 2023, children: true);
        plan!.Count.ShouldBe(3);
        plan[0].Evaluation.Status.ShouldBe(TargetStatus.Achieved);
        plan[1].OrgUnit.Code.ShouldBe("150502");
        plan[1].Evaluation.Actual.ShouldBe(4m);
    }

    [Fact]
    public async Task A_rejected_import_lists_every_bad_row_and_leaves_stored_data_as_it_was()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();
        var before = await Exporter.RowsAsync(db, InterchangeKind.DataValues, default);
        var bad = File("bad.csv",
            "dataelement,period,orgunit,value\n" +
            "live_births,2024,150502,4100\n" +
            "live_births,2024,999999,5\n" +
            "no_such_element,2024,150502,5\n" +
            "live_births,2024Q5,150521,5\n" +
            "live_births,2024,150521,abc\n" +
            "infant_deaths,2024,150521,-2\n" +
            "live_births,2024,150502,4100\n" +
            "infant_deaths,2024,150521,2.5\n");
        var units = File("units2.csv", "code,name,parent,level\n150523,开鲁县,150500,县\n");

        var result = await ImportAsync(db, units, bad);

        result.Succeeded.ShouldBeFalse();
        result.Issues.Select(i => i.ToString()).ShouldBe(
        [
            "bad.csv:3: 未知的组织机构代码 \"999999\"",
            "bad.csv:4: 未知的数据元代码 \"no_such_element\"",
            "bad.csv:5: 无法识别的期间 \"2024Q5\" (如 2023、2023S1、2023Q1、202303、2023年3月)",
            "bad.csv:6: 无法识别的数值 \"abc\"",
            "bad.csv:7: 婴儿死亡数 (infant_deaths) 是计数, 不能为负数: -2",
            "bad.csv:8: 重复的数据值 (live_births, 2024, 150502),首次出现在 bad.csv:2",
            "bad.csv:9: 婴儿死亡数 (infant_deaths) 只接受整数: 2.5",
        ]);
        (await Exporter.RowsAsync(db, InterchangeKind.DataValues, default)).ShouldBe(before);
        db.ChangeTracker.Clear();
        (await db.OrgUnits.CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task Full_width_digits_separators_and_chinese_periods_are_normalised()
    {
        await using var db = await NewDbAsync();
        var values = File("fw.csv", "\uFEFFdataelement,period,orgunit,value\nlive_births,２０２３年３月,１５０５０２,\"１，２３４\"\ninfant_deaths,2023年第一季度, 150502 ,３\n");

        var result = await ImportAsync(db, [.. Metadata(), values]);

        result.Succeeded.ShouldBeTrue();
        var (e, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150502", Period.OfQuarter(2023, 1));
        e!.Value.Denominator.ShouldBe(1234);
        e.Value.Numerator.ShouldBe(3);
    }

    [Fact]
    public async Task A_csv_saved_by_chinese_excel_in_gb18030_is_read()
    {
        await using var db = await NewDbAsync();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var path = Path.Combine(Folder, "gbk.csv");
        await System.IO.File.WriteAllBytesAsync(path, System.Text.Encoding.GetEncoding("GB18030").GetBytes("code,name,parent,level\n150523,开鲁县,150500,县\n"));

        var result = await ImportAsync(db, [.. Metadata(), path]);

        result.Succeeded.ShouldBeTrue();
        (await db.OrgUnits.SingleAsync(u => u.Code == "150523")).Name.ShouldBe("开鲁县");
    }

    [Fact]
    public async Task A_unit_cannot_be_made_a_root_or_moved_under_its_own_descendant()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), File("t.csv", "code,name,parent,level\n150590,某镇,150502,乡镇\n")])).Succeeded.ShouldBeTrue();

        var result = await ImportAsync(db, File("bad-move.csv", "code,name,parent,level\n150502,科尔沁区,,县\n150500,通辽市,150590,市\n"));

        result.Issues.Select(i => i.ToString()).ShouldBe(
        [
            "bad-move.csv:2: 组织机构 150502 已有上级,不能改为顶级机构",
            "bad-move.csv:3: 组织机构 150500 不能移到自己的下级 150590 之下",
        ]);
    }

    [Fact]
    public async Task A_year_total_beside_its_months_is_refused_in_the_file_and_against_the_store()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), File("months.csv", "dataelement,period,orgunit,value\nlive_births,202301,150502,330\nlive_births,202302,150502,310\n")]))
            .Succeeded.ShouldBeTrue();

        // Against the store: the engine would add the year to its months and count the births twice.
        var year = await ImportAsync(db, File("year.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,4000\n"));
        year.Issues.Single().ToString().ShouldBe("year.csv:2: 活产数 在 科尔沁区 已有 202301 的数值, 不能再填与之重叠的 2023 (按时间累加会重复计算)");
        // Within one file, both rows are named; another unit's year is fine.
        var both = await ImportAsync(db, File("both.csv", "dataelement,period,orgunit,value\nlive_births,2024Q1,150521,900\nlive_births,202402,150521,300\nlive_births,2023,150521,3400\n"));
        both.Issues.Select(i => i.Line).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task First_and_overwritten_values_are_audited_with_who_when_old_and_new()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();
        _time.Advance(TimeSpan.FromDays(1));

        (await ImportAsync(db, File("fix.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,4010\nlive_births,2023,150521,3420\n"))).Succeeded.ShouldBeTrue();

        // The first import's values are audited as first writes (old empty); the fix changes one of them, and the other
        // (3420, the same as stored) is no change at all.
        var entries = (await AuditLog.ReadAsync(db)).Where(a => a.Entity == "data_value").ToList();
        entries.ShouldContain(a => a.Key == "live_births/150502/2023" && a.Old == null && a.New == "4000");
        var changes = entries.Where(a => a.Old != null).ToList();
        changes.Count.ShouldBe(1);
        changes[0].Actor.ShouldBe("tester");
        changes[0].Key.ShouldBe("live_births/150502/2023");
        changes[0].At.ShouldStartWith("2024-03-02");
        decimal.Parse(changes[0].Old!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(4000);
        decimal.Parse(changes[0].New!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(4010);
        var (e, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150502", Period.OfYear(2023));
        e!.Value.Denominator.ShouldBe(4010);
    }

    /// <summary>
    /// Issue 27: a weekly return (传染病 by ISO week) and a 妇幼-year figure are imported, stored, evaluated and exported
    /// back; weeks roll into months by their Thursday, and a week beside its own month is refused as counted twice.
    /// </summary>
    [Fact]
    public async Task Issue_27_weekly_values_roll_into_months_and_the_october_year_is_a_period_of_its_own()
    {
        await using var db = await NewDbAsync();
        var sets = File("datasets.csv", "code,name,period_type,elements,assign,due_days,lock_days\nweekly,传染病周报,week,infant_deaths,level:2,3,0\nmch,妇幼年报,妇幼统计年,live_births,level:2,31,0\n");
        // 2024W05 (29 January – 4 February) is February's: its Thursday is 1 February.
        var values = File("weeks.csv", "dataelement,period,orgunit,value\n" +
            "infant_deaths,2024W04,150502,2\ninfant_deaths,2024W05,150502,3\ninfant_deaths,2024年第6周,150502,4\ninfant_deaths,2024W5,150521,1\n" +
            "live_births,2023Oct,150502,3900\nlive_births,2023年10月至2024年9月,150521,3300\n");

        var result = await ImportAsync(db, [.. Metadata(), sets, values]);

        result.Issues.Where(i => i.IsError).ShouldBeEmpty();
        async Task<decimal?> DeathsIn(Period period) => (await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150500", period)).Result!.Value.Numerator;
        (await DeathsIn(Period.OfMonth(2024, 1))).ShouldBe(2);
        (await DeathsIn(Period.OfMonth(2024, 2))).ShouldBe(8);
        (await DeathsIn(Period.OfWeek(2024, 5))).ShouldBe(4);
        (await DeathsIn(Period.OfQuarter(2024, 1))).ShouldBe(10);
        var (year, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150500", Period.OfFinancialOct(2023));
        year!.Value.Numerator.ShouldBe(10);
        year.Value.Denominator.ShouldBe(7200);

        var exported = Path.Combine(Folder, "back.csv");
        await Exporter.ExportAsync(db, InterchangeKind.DataValues, exported);
        var text = await System.IO.File.ReadAllTextAsync(exported);
        text.ShouldContain("2024W06");
        text.ShouldContain("2023Oct");

        var twice = await ImportAsync(db, File("month.csv", "dataelement,period,orgunit,value\ninfant_deaths,202402,150521,5\ninfant_deaths,2024W06,150521,5\n"));
        twice.Succeeded.ShouldBeFalse();
    }

    /// <summary>Issue 28: a plan's 预警 thresholds are set compare-and-set, audited old → new, and refused out of range.</summary>
    [Fact]
    public async Task Issue_28_a_plans_warning_thresholds_are_audited_and_a_stale_form_does_not_overwrite()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();

        (await Yardstick.Data.Plans.PlanWarnings.SetAsync(db, "TL14", 10, 30, "/", "planner", _time.GetUtcNow(), null)).ShouldBeNull();
        var stale = await Yardstick.Data.Plans.PlanWarnings.SetAsync(db, "TL14", 5, 25, "/", "other", _time.GetUtcNow(), null);
        var bad = await Yardstick.Data.Plans.PlanWarnings.SetAsync(db, "TL14", 30, 10, "10/30", "planner", _time.GetUtcNow(), null);

        stale!.Kind.ShouldBe(RefusalKind.Conflict);
        bad!.Kind.ShouldBe(RefusalKind.Invalid);
        db.ChangeTracker.Clear();
        var plan = await db.Plans.SingleAsync(p => p.Code == "TL14");
        plan.Warnings.ShouldBe(new WarningThresholds(10, 30));
        var audit = await db.Database.SqlQueryRaw<string>("SELECT coalesce(old_value, '') || ' -> ' || new_value AS \"Value\" FROM audit_log WHERE entity = 'plan.warnings'").ToListAsync();
        audit.ShouldBe(["黄灯=默认;红灯=默认 -> 黄灯=10;红灯=30"]);
    }

    [Fact]
    public async Task Export_writes_back_what_import_reads_in_csv_xlsx_and_json()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();
        var paths = new List<string>();
        foreach (var kind in InterchangeKinds.All)
        {
            var path = Path.Combine(Folder, $"out-{kind.Word()}" + (kind == InterchangeKind.DataValues ? ".xlsx" : ".csv"));
            await Exporter.ExportAsync(db, kind, path);
            paths.Add(path);
        }
        var json = Path.Combine(Folder, "values.json");
        await Exporter.ExportAsync(db, InterchangeKind.DataValues, json);

        await using var copy = await NewDbAsync();
        (await ImportAsync(copy, [.. paths])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await ImportAsync(copy, json)).Succeeded.ShouldBeTrue();

        foreach (var kind in InterchangeKinds.All)
        {
            (await Exporter.RowsAsync(copy, kind, default)).ShouldBe(await Exporter.RowsAsync(db, kind, default));
        }
    }

    /// <summary>
    /// A value's note (comment, source, 需核实) travels with it: set by a file's extra columns, exported back, left alone by
    /// a file without those columns, cleared by empty ones — every change audited under the unit; a source nobody knows
    /// and a mark that is neither yes nor no are refused at their line.
    /// </summary>
    [Fact]
    public async Task A_value_carries_a_comment_a_source_and_a_follow_up_mark_through_import_and_export()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, Metadata())).Succeeded.ShouldBeTrue();
        const string Header = "dataelement,period,orgunit,value,comment,source,follow_up\n";

        (await ImportAsync(db, File("noted.csv", Header + "live_births,2023,150502,4000,含流动人口,统计年鉴,\ninfant_deaths,2023,150502,16,,直报,是\n"))).Succeeded.ShouldBeTrue();
        var rows = await Exporter.RowsAsync(db, InterchangeKind.DataValues, default);
        rows.ShouldContain(r => r.SequenceEqual(new[] { "live_births", "2023", "150502", "", "4000", "含流动人口", "统计年鉴", "" }));
        rows.ShouldContain(r => r.SequenceEqual(new[] { "infant_deaths", "2023", "150502", "", "16", "", "直报", "是" }));

        var bad = await ImportAsync(db, File("bad.csv", Header + "infant_deaths,2023,150502,16,,报纸,也许\n"));
        bad.Issues.Where(i => i.IsError).Select(i => $"{Path.GetFileName(i.Location)}:{i.Line}").ShouldBe(["bad.csv:2", "bad.csv:2"]);

        (await ImportAsync(db, File("plain.csv", "dataelement,period,orgunit,value\ninfant_deaths,2023,150502,17\n"))).Succeeded.ShouldBeTrue();
        (await Exporter.RowsAsync(db, InterchangeKind.DataValues, default)).ShouldContain(r => r.SequenceEqual(new[] { "infant_deaths", "2023", "150502", "", "17", "", "直报", "是" }));

        (await ImportAsync(db, File("cleared.csv", Header + "infant_deaths,2023,150502,17,,,\n"))).Succeeded.ShouldBeTrue();
        (await Exporter.RowsAsync(db, InterchangeKind.DataValues, default)).ShouldContain(r => r.SequenceEqual(new[] { "infant_deaths", "2023", "150502", "", "17", "", "", "" }));
        var audit = await AuditLog.SearchAsync(db, new AuditLog.Filter(Entity: "value_note", Key: "infant_deaths/150502/2023"));
        audit.Select(e => (e.Old, e.New)).ShouldBe([("需核实; 来源: 直报", null), (null, "需核实; 来源: 直报")]);
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_row_in_dhis2_json_is_reported_with_its_place_in_the_array()
    {
        await using var db = await NewDbAsync();
        var json = File("set.json", """
            {
              "dataValues": [
                { "dataElement": "live_births", "period": "2023", "orgUnit": "150502", "value": "10" },
                {
                  "dataElement": "live_births", "period": "2023", "orgUnit": "nowhere", "value": "10"
                }
              ]
            }
            """);

        var result = await ImportAsync(db, [.. Metadata(), json]);

        result.Issues.Single(i => i.IsError).ToString().ShouldBe("set.json dataValues:2: 未知的组织机构代码 \"nowhere\"");
    }

    /// <summary>
    /// Issue 24: with blanks deleting (the API, --delete-blank-values), a row that lost its value column is not a blank: it is
    /// refused at its line, nothing is stored or deleted; so is a DHIS2 value or an ADX dataValue with no value at all. A
    /// value written empty still deletes.
    /// </summary>
    [Fact]
    public async Task Issue_24_a_row_shorter_than_its_header_is_a_bad_row_and_only_an_explicit_blank_deletes()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();
        var before = await Exporter.RowsAsync(db, InterchangeKind.DataValues, default);
        Task<ImportResult> Deleting(params string[] paths)
        {
            db.ChangeTracker.Clear();
            return new Importer(db, _time) { DeleteBlankValues = true }.ImportAsync(paths, "tester");
        }

        var csv = await Deleting(File("short.csv", "dataelement,period,orgunit,value\nlive_births,2024,150502,5\nlive_births,2023,150502\n"));
        var json = await Deleting(File("short.json", """{"dataValues":[{"dataElement":"live_births","period":"2023","orgUnit":"150502"}]}"""));
        var adx = await Deleting(File("short.adx", """<adx><group orgUnit="150502" period="2023-01-01/P1Y"><dataValue dataElement="live_births"/></group></adx>"""));

        csv.Issues.Single().ToString().ShouldStartWith("short.csv:3: 本行只有 3 列, 少于表头的 4 列 (缺少 value)");
        json.Issues.Single().ToString().ShouldStartWith("short.json dataValues:1: 没有 value");
        adx.Issues.Single().ToString().ShouldStartWith("short.adx:1: 没有 value");
        (await Exporter.RowsAsync(db, InterchangeKind.DataValues, default)).ShouldBe(before);
        var blank = await Deleting(File("blank.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,\n"));
        blank.Succeeded.ShouldBeTrue();
        (await Exporter.RowsAsync(db, InterchangeKind.DataValues, default)).Count.ShouldBe(before.Count - 1);
    }

    /// <summary>
    /// rules.csv is all or nothing like every import: line 3's expression does not parse, line 4 names an element nobody
    /// defined, line 5 an operator nobody knows — each refused with its line, and the good rule on line 2 is not kept either.
    /// </summary>
    [Fact]
    public async Task A_rules_file_with_a_bad_expression_is_refused_with_its_line()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, Metadata())).Succeeded.ShouldBeTrue();

        var result = await ImportAsync(db, File("rules.csv", "code,name,left,operator,right,importance,period_type\n"
            + "ok,婴儿死亡数不超过活产数,#{infant_deaths},<=,#{live_births},high,\n"
            + "bad,括号不全,(#{infant_deaths},<=,#{live_births},medium,month\n"
            + "who,未知数据元,#{nosuch},<=,#{live_births},low,\n"
            + "op,未知比较,#{infant_deaths},约等于,#{live_births},low,\n"));

        result.Succeeded.ShouldBeFalse();
        result.Issues.Where(i => i.IsError).Select(i => $"{Path.GetFileName(i.Location)}:{i.Line}").ShouldBe(["rules.csv:3", "rules.csv:4", "rules.csv:5"]);
        db.ChangeTracker.Clear();
        (await db.ValidationRules.AnyAsync(r => r.Code == "ok")).ShouldBeFalse();
    }

    /// <summary>
    /// The two checks every value meets are stored default rules: listed and exported beside a commission's own, high
    /// (refusing) out of the box; set to low, a numerator above its denominator is saved with a warning instead.
    /// </summary>
    [Fact]
    public async Task The_built_in_checks_are_stored_default_rules_whose_strictness_a_commission_sets()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, Metadata())).Succeeded.ShouldBeTrue();
        var rules = await Exporter.RowsAsync(db, InterchangeKind.ValidationRules, default);
        rules.Select(r => (r[0], r[3], r[5])).ShouldBe([("no_overlap", "no_overlap", "high"), ("numerator_le_denominator", "numerator_le_denominator", "high")]);

        var refused = await ImportAsync(db, File("over.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,10\ninfant_deaths,2023,150502,12\n"));
        refused.Succeeded.ShouldBeFalse();
        refused.Issues.Where(i => i.IsError).ShouldNotBeEmpty();
        refused.Issues.Where(i => i.IsError).ShouldAllBe(i => i.Message.Contains("分子不能超过分母"));

        (await ImportAsync(db, File("rules.csv", "code,name,left,operator,right,importance\nnumerator_le_denominator,比率指标的分子不大于分母,,numerator_le_denominator,,low\n"))).Succeeded.ShouldBeTrue();
        var warned = await ImportAsync(db, File("over.csv", "dataelement,period,orgunit,value\nlive_births,2023,150502,10\ninfant_deaths,2023,150502,12\n"));
        warned.Succeeded.ShouldBeTrue();
        warned.Issues.ShouldContain(i => !i.IsError && i.Message.Contains("分子不能超过分母"));
    }

    [Fact]
    public async Task A_file_of_unknown_shape_is_refused_with_the_expected_headers()
    {
        await using var db = await NewDbAsync();

        var result = await ImportAsync(db, File("x.csv", "foo,bar\n1,2\n"));

        result.Succeeded.ShouldBeFalse();
        result.Issues[0].Message.ShouldContain("dataelement,period,orgunit,value");
    }

    [Fact]
    public async Task A_closed_org_unit_keeps_its_history_but_is_no_longer_expected_to_report()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();

        (await ImportAsync(db, File("close.csv", "code,name,parent,level,closed_on\n150521,科尔沁左翼中旗,150500,旗,2023年12月31日\n"))).Succeeded.ShouldBeTrue();

        var (in2023, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150500", Period.OfYear(2023));
        in2023!.Value.Denominator.ShouldBe(7420);
        in2023.Completeness.ShouldBe(new Completeness(2, 2, 16, 16));
        var (in2024, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150500", Period.OfYear(2024));
        in2024!.Completeness.ShouldBe(new Completeness(0, 1, 0, 2));   // births owed as a year, deaths for January and February: as often as 2023 had them
        var (plan, _) = await Evaluations.PlanAsync(db, EngineLoader.OneShot, "TL14", "150500", 2024, children: true);
        plan!.Select(r => r.OrgUnit.Code).ShouldBe(["150500", "150502"]);
        (await Exporter.RowsAsync(db, InterchangeKind.OrgUnits, default)).Single(r => r[0] == "150521")[5].ShouldBe("2023-12-31");

        // It reports nothing after it closed; a correction to its history is still taken.
        var late = await ImportAsync(db, File("late.csv", "dataelement,period,orgunit,value\nlive_births,202401,150521,300\n"));
        late.Issues.Single(i => i.IsError).ToString().ShouldBe("late.csv:2: 科尔沁左翼中旗 (150521) 已于 2023-12-31 撤销, 不能填报之后的 202401");
        (await ImportAsync(db, File("fix.csv", "dataelement,period,orgunit,value\nlive_births,2023,150521,3421\n"))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Moving_an_org_unit_keeps_its_values_and_moves_its_subtree()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), GoodValues()])).Succeeded.ShouldBeTrue();
        (await ImportAsync(db, File("move.csv", "code,name,parent,level\n150599,新区,150500,县\n150590,某镇,150502,乡镇\n"))).Succeeded.ShouldBeTrue();

        (await ImportAsync(db, File("move2.csv", "code,name,parent,level\n150502,科尔沁区,150599,县\n"))).Succeeded.ShouldBeTrue();

        db.ChangeTracker.Clear();
        var town = await db.OrgUnits.SingleAsync(u => u.Code == "150590");
        var moved = await db.OrgUnits.SingleAsync(u => u.Code == "150502");
        var parent = await db.OrgUnits.SingleAsync(u => u.Code == "150599");
        town.IsWithin(parent).ShouldBeTrue();
        moved.Level.ShouldBe(3);
        var (e, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "imr", "150599", Period.OfYear(2023));
        e!.Value.Denominator.ShouldBe(4000);
    }

    [Fact]
    public async Task A_plan_document_is_stored_whole_and_a_second_import_under_its_code_changes_nothing()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, Metadata()[..3])).Succeeded.ShouldBeTrue();
        var reading = Core.Documents.DocumentReader.Read("""
            某市“十四五”卫生健康事业发展规划
            主要发展指标
            | 类别 | 指 标 | 2020年 | 2025年 | 指标性质 |
            | 健康水平 | 婴儿死亡率(‰) | 5.34 | <5 | 预期性 |
            | 健康水平 | 孕产妇死亡率(/10万) | 18.27 | <20 | 预期性 |
            二、发展目标
            全市每千人口床位数达到8张。到2023年,婴儿死亡率控制在6‰以下。
            1.加强妇幼健康。孕产妇死亡率逐步降低。(牵头领导:张三;责任处室:妇幼科)
            """);

        var first = await new Importer(db, _time).ImportPlanAsync(reading, "P14", null, "tester", "plan.txt");
        db.ChangeTracker.Clear();
        var second = await new Importer(db, _time).ImportPlanAsync(reading, "P14", null, "tester", "plan.txt");

        first.Succeeded.ShouldBeTrue(string.Join("; ", first.Issues));
        second.Succeeded.ShouldBeFalse();
        second.Issues.ShouldHaveSingleItem().Message.ShouldContain("已存在");
        db.ChangeTracker.Clear();
        var plan = await db.Plans.SingleAsync(p => p.Code == "P14");
        plan.Name.ShouldBe("某市“十四五”卫生健康事业发展规划");
        // 婴儿死亡率 is a stored indicator: its table row (2025, < 5) and its prose target (2023, ≤ 6) become targets;
        // 孕产妇死亡率 and the beds are not stored indicators, and stay items in the plan's words, as does 逐步降低.
        (await db.Targets.Where(t => t.PlanId == plan.Id).OrderBy(t => t.TargetYear).Select(t => new { t.TargetYear, t.Comparator, t.TargetValue }).ToListAsync())
            .Select(t => $"{t.TargetYear} {t.Comparator.Word()} {t.TargetValue:0.##}").ShouldBe(["2023 <= 6", "2025 < 5"]);
        (await Scalar(db, "SELECT count(*) FROM plan_items WHERE kind = 'indicator'")).ShouldBe(2);
        (await Scalar(db, "SELECT count(*) FROM plan_items WHERE kind = 'prose_target'")).ShouldBe(3);
        (await Scalar(db, "SELECT count(*) FROM plan_tasks WHERE leads = '张三' AND responsible = '妇幼科'")).ShouldBe(1);
        (await AuditLog.ReadAsync(db)).Count(e => e.Entity is "plan" or "plan_task" or "plan_item" or "target").ShouldBe(9);
    }

    /// <summary>
    /// Issue 25: a commission that codes an indicator its own way (not the catalogue's code) still gets a table row judged
    /// once — through its stored target — and not again as an open document target under the catalogue's code.
    /// </summary>
    [Fact]
    public async Task A_row_linked_to_a_stored_indicator_by_its_name_is_not_also_an_open_document_target()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata()[..2],
            File("own.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nown_imr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n")]))
            .Succeeded.ShouldBeTrue();
        var reading = Core.Documents.DocumentReader.Read("""
            某市“十四五”卫生健康事业发展规划
            | 类别 | 指 标 | 2020年 | 2025年 | 指标性质 |
            | 健康水平 | 婴儿死亡率(‰) | 5.34 | <5 | 预期性 |
            """);
        (await new Importer(db, _time).ImportPlanAsync(reading, "P15", null, "tester", "plan.txt")).Succeeded.ShouldBeTrue();
        db.ChangeTracker.Clear();
        var plan = await db.Plans.SingleAsync(p => p.Code == "P15");
        (await db.Targets.CountAsync(t => t.PlanId == plan.Id)).ShouldBe(1);
        (await DocumentTargets.OpenItemsAsync(db, plan)).ShouldNotContain(i => i.Name.Contains("婴儿死亡率", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_document_count_is_judged_on_its_data_element_and_a_qualitative_one_on_the_outcome_recorded_with_evidence()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, Metadata()[..3])).Succeeded.ShouldBeTrue();
        (await ImportAsync(db, File("beds.csv", "code,name,value_type,agg_ou,agg_time\nnursing_beds_added,新增护理型床位,count,sum,sum\n"))).Succeeded.ShouldBeTrue();
        (await ImportAsync(db, File("bedvalues.csv", "dataelement,period,orgunit,value\nnursing_beds_added,2021,150502,20\nnursing_beds_added,2022,150521,15\n"))).Succeeded.ShouldBeTrue();
        var reading = Core.Documents.DocumentReader.Read("""
            某市“十四五”卫生健康事业发展规划
            | 类别 | 指 标 | 2020年 | 2025年 | 指标性质 |
            | 健康水平 | 婴儿死亡率(‰) | 5.34 | <5 | 预期性 |
            二、发展目标
            到2025年,新增护理型床位50张,完成2000人次的肿瘤筛查。
            """);
        (await new Importer(db, _time).ImportPlanAsync(reading, "P14", null, "tester", "plan.txt")).Succeeded.ShouldBeTrue();
        db.ChangeTracker.Clear();
        var plan = await db.Plans.SingleAsync(p => p.Code == "P14");
        var items = await DocumentTargets.OpenItemsAsync(db, plan);
        items.ShouldNotContain(i => i.IndicatorCode == "imr", "婴儿死亡率 is judged through its stored target");
        var beds = items.Single(i => i.Name.Contains("护理型床位", StringComparison.Ordinal));
        var screening = items.Single(i => i.Name.Contains("筛查", StringComparison.Ordinal));

        (await DocumentTargets.LinkElementAsync(db, beds.Id, "nursing_beds_added", "planner", null, _time.GetUtcNow())).ShouldBeNull();
        (await DocumentTargets.RecordAsync(db, new ItemResultInput(screening.Id, "150500", 2022, "１，２００人次", null, "上半年"), "department", null, _time.GetUtcNow()))
            .ShouldBeNull();
        (await DocumentTargets.RecordAsync(db, new ItemResultInput(screening.Id, "150500", 2022, "很多", null, ""), "department", null, _time.GetUtcNow()))
            .ShouldBe("完成数 \"很多\" 不是数字");
        (await DocumentTargets.RecordAsync(db, new ItemResultInput(screening.Id, "150500", 2022, null, null, ""), "department", null, _time.GetUtcNow()))
            .ShouldNotBeNull();

        var (rows, error) = await Evaluations.DocumentTargetsAsync(db, EngineLoader.OneShot, "P14", "150500", 2022);
        error.ShouldBeNull();
        // 20 + 15 beds over 2021–2022, against 20 expected on the way from 0 in 2020 to 50 in 2025.
        var bedRow = rows!.Single(r => r.Item.Id == beds.Id);
        bedRow.ElementTotal.ShouldBe(35m);
        bedRow.Evaluation.Expected.ShouldBe(20m);
        bedRow.Evaluation.Status.ShouldBe(TargetStatus.OnTrack);
        bedRow.Basis.ShouldBe("data_element");
        var screeningRow = rows!.Single(r => r.Item.Id == screening.Id);
        // 1,200 screened of 2,000 by 2025 is ahead of the 800 due by 2022.
        screeningRow.Evaluation.Actual.ShouldBe(1200m);
        screeningRow.Evaluation.Expected.ShouldBe(800m);
        screeningRow.Evaluation.Status.ShouldBe(TargetStatus.OnTrack);
        (await Evaluations.DocumentTargetsAsync(db, EngineLoader.OneShot, "P14", "150500", 2021)).Rows!.Single(r => r.Item.Id == screening.Id)
            .Evaluation.Status.ShouldBe(TargetStatus.NoData, "a result stands from its own year on");

        // A qualitative figure is refused; the outcome with its evidence is kept, and the audit files it under the unit.
        (await DocumentTargets.RecordAsync(db, new ItemResultInput(beds.Id, "150502", 2022, null, "未达成", "资金未到位", "老龄健康科", "会议纪要.pdf", [1, 2, 3]),
            "department", null, _time.GetUtcNow())).ShouldBeNull();
        var history = await DocumentTargets.HistoryAsync(db, beds.Id, (await db.OrgUnits.SingleAsync(u => u.Code == "150502")).Id);
        history.ShouldHaveSingleItem().Outcome.ShouldBe(ItemOutcome.NotAchieved);
        var evidence = await DocumentTargets.AttachmentAsync(db, history[0].Id);
        evidence!.Value.Name.ShouldBe("会议纪要.pdf");
        evidence.Value.Content.ShouldBe([1, 2, 3]);
        var audit = await AuditLog.ReadAsync(db);
        audit.ShouldContain(e => e.Entity == "plan_item_result" && e.New!.Contains("完成数=1200", StringComparison.Ordinal));
        audit.ShouldContain(e => e.Entity == "plan_item.element" && e.New == "nursing_beds_added");
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    /// <summary>
    /// A task handed to 妇幼科 (lead) and 疾控科 (partner) with a deadline two days gone: two instances sending reminders at the
    /// same moment store one 逾期提醒 per owner, a second run none; two instances delivering to a robot on loopback post each
    /// message once.
    /// </summary>
    [Fact]
    public async Task A_passed_deadline_is_one_message_per_owner_with_two_instances_and_the_robot_gets_each_message_once()
    {
        var location = await NewLocationAsync();
        await using var db = location.Open();
        await SchemaMigrator.MigrateAsync(db);
        (await ImportAsync(db, [.. Metadata(), File("offices.csv", "code,name,parent,level\n150500D1,妇幼科,150500,处室\n150500D2,疾控科,150500,处室\n")]))
            .Succeeded.ShouldBeTrue();
        var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var planner = new TaskViewer("planner", city, MayAssign: true, MayAct: true);
        var created = await TaskBoard.CreateAsync(db, new NewTask("开展出生缺陷综合防治", "TL14", ["imr"], ["150500D1"], ["150500D2"], new DateOnly(2024, 2, 28)),
            planner, _time.GetUtcNow());
        created.Succeeded.ShouldBeTrue(created.Refusal?.Message);
        var now = _time.GetUtcNow();

        await using var first = location.Open();
        await using var second = location.Open();
        var stored = await Task.WhenAll(Reminders.SendAsync(first, now), Reminders.SendAsync(second, now));

        stored.Sum().ShouldBe(2);
        (await Scalar(db, "SELECT count(*) FROM messages WHERE kind = 'deadline_passed'")).ShouldBe(2);
        (await Scalar(db, "SELECT count(DISTINCT recipient_unit_id) FROM messages WHERE kind = 'deadline_passed'")).ShouldBe(2);
        (await Reminders.SendAsync(first, now.AddMinutes(5))).ShouldBe(0);
        var inbox = await Inbox.ListAsync(db, (await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500D2")).Id);
        inbox.Select(m => m.KindChinese).ShouldBe(["逾期提醒", "交办"]);

        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        var port = Yardstick.Testing.PostgresServer.FreePort();
        using var robot = new System.Net.HttpListener();
        robot.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        robot.Start();
        var listening = Task.Run(async () =>
        {
            while (robot.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await robot.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    received.Add(await reader.ReadToEndAsync());
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/hook/");
        // The deployment's single robot (Yardstick:WebhookUrl) for units without their own: the outbox rows of the messages go there.
        var channels = new Yardstick.Data.Messages.DeliveryChannels(http, null, url, s => s, null);
        var posted = await Task.WhenAll(Yardstick.Data.Messages.Delivery.DeliverAsync(first, channels, now), Yardstick.Data.Messages.Delivery.DeliverAsync(second, channels, now));
        robot.Stop();

        posted.Sum().ShouldBe(4, "交办 and 逾期提醒 to each of two owners");
        received.Count.ShouldBe(4);
        received.ShouldContain(r => r.Contains("【妇幼科】任务《开展出生缺陷综合防治》已逾期", StringComparison.Ordinal) && r.Contains("\"msgtype\":\"text\"", StringComparison.Ordinal));
        (await Yardstick.Data.Messages.Delivery.DeliverAsync(first, channels, now)).ShouldBe(0);

        // The 通报 names the overdue task and its owners.
        var (notice, _) = await Yardstick.Data.Reports.NoticeReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2024, LocalClock.Today(_time));
        var overdue = notice!.Overdue.ShouldHaveSingleItem();
        (overdue.Title, overdue.Leads, overdue.Partners, overdue.Stage).ShouldBe(("开展出生缺陷综合防治", "妇幼科", "疾控科", "待签收"));

        // Acknowledged and then silent for a month: the lead (only) is asked for progress, once that month.
        var lead = new TaskViewer("fuyou", await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500D1"), MayAssign: false, MayAct: true);
        (await TaskBoard.ActAsync(db, created.TaskId!.Value, new TaskActionInput(Core.Tasks.TaskAction.Receive), lead, now)).Succeeded.ShouldBeTrue();
        (await Reminders.SendAsync(db, now.AddDays(10))).ShouldBe(0);
        (await Reminders.SendAsync(db, now.AddDays(31))).ShouldBe(1);
        (await Reminders.SendAsync(db, now.AddDays(32))).ShouldBe(0);
        (await Scalar(db, "SELECT count(*) FROM messages WHERE kind = 'progress_due'")).ShouldBe(1);
    }

    [Fact]
    public async Task Issue_30_a_task_stored_with_an_unknown_stage_is_an_error_not_a_draft()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), File("offices.csv", "code,name,parent,level\n150500D1,妇幼科,150500,处室\n")])).Succeeded.ShouldBeTrue();
        var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var created = await TaskBoard.CreateAsync(db, new NewTask("开展出生缺陷综合防治", "TL14", ["imr"], ["150500D1"], [], new DateOnly(2024, 6, 30)),
            new TaskViewer("planner", city, MayAssign: true, MayAct: true), _time.GetUtcNow());
        created.Succeeded.ShouldBeTrue(created.Refusal?.Message);
        await db.Database.ExecuteSqlRawAsync("UPDATE plan_tasks SET status = 'archived'");

        (await Should.ThrowAsync<FormatException>(() => TaskBoard.ListAsync(db, "TL14"))).Message.ShouldContain("archived");
    }

    [Fact]
    public async Task Issue_30_a_task_read_by_id_reads_only_that_tasks_rows_and_a_damaged_task_fails_loudly()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), File("offices.csv", "code,name,parent,level\n150500D1,妇幼科,150500,处室\n150500D2,疾控科,150500,处室\n")])).Succeeded.ShouldBeTrue();
        var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var planner = new TaskViewer("planner", city, MayAssign: true, MayAct: true);
        var kept = await TaskBoard.CreateAsync(db, new NewTask("开展出生缺陷综合防治", "TL14", ["imr"], ["150500D1"], ["150500D2"], new DateOnly(2024, 6, 30),
            Milestones: [new Core.Tasks.TaskMilestone(1, "制定方案", new DateOnly(2024, 3, 31), null)]), planner, _time.GetUtcNow());
        var broken = await TaskBoard.CreateAsync(db, new NewTask("推进家庭医生签约", "TL14", [], ["150500D2"], [], new DateOnly(2024, 9, 30),
            Milestones: [new Core.Tasks.TaskMilestone(1, "签约过半", new DateOnly(2024, 6, 30), null)]), planner, _time.GetUtcNow());
        kept.Succeeded.ShouldBeTrue(kept.Refusal?.Message);
        broken.Succeeded.ShouldBeTrue(broken.Refusal?.Message);
        // The other task's rows are damaged: a milestone date no one can read and a stage no version wrote.
        await db.Database.ExecuteSqlAsync($"UPDATE task_milestones SET due = 'someday' WHERE task_id = {broken.TaskId}");
        await db.Database.ExecuteSqlAsync($"UPDATE plan_tasks SET status = 'archived' WHERE id = {broken.TaskId}");

        var task = (await TaskBoard.GetAsync(db, kept.TaskId!.Value)).ShouldNotBeNull();
        (task.Title, task.Stage, task.IndicatorCodes.Single()).ShouldBe(("开展出生缺陷综合防治", Core.Tasks.TaskStage.Assigned, "imr"));
        task.Owners.Select(o => (o.Code, o.IsLead)).ShouldBe([("150500D1", true), ("150500D2", false)]);
        task.Steps.Single().Due.ShouldBe(new DateOnly(2024, 3, 31));
        // Its own read fails loudly, never a draft with no milestones.
        await Should.ThrowAsync<FormatException>(() => TaskBoard.GetAsync(db, broken.TaskId!.Value));
        await Should.ThrowAsync<FormatException>(() => TaskBoard.ListAsync(db, "TL14"));
    }

    [Fact]
    public async Task A_threshold_the_document_quotes_is_kept_as_a_line_beside_the_indicators_target()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata()[..3], GoodValues()])).Succeeded.ShouldBeTrue();
        var reading = Core.Documents.DocumentReader.Read("某市2023年卫生健康工作要点\n一、工作目标\n2023年,婴儿死亡率控制在5‰以内,低于省定7‰的控制指标。\n");
        (await new Importer(db, _time).ImportPlanAsync(reading, "R23", "150500", "tester", "r.txt")).Succeeded.ShouldBeTrue();
        db.ChangeTracker.Clear();
        var plan = await db.Plans.SingleAsync(p => p.Code == "R23");

        var (rows, _) = await Evaluations.PlanAsync(db, EngineLoader.OneShot, "R23", "150500", 2023, children: false);
        rows.ShouldNotBeNull().ShouldHaveSingleItem().Target.TargetValue.ShouldBe(5m);
        var references = await DocumentTargets.ReferencesAsync(db, plan);
        var line = references["imr"].ShouldHaveSingleItem();
        // (16 + 15) ÷ (4000 + 3420) × 1000 = 4.18‰ is below the 省定 7‰.
        line.AsReference(rows![0].Evaluation.Actual).ShouldBe(("省定 <7‰", true));
        line.AsReference(7.5m).Met.ShouldBe(false);
        var json = EvaluationJson.Of(rows, [], references).Single();
        ((IEnumerable<Dictionary<string, object?>>)json["references"]!).Single()["met"].ShouldBe(true);
    }

    private static async Task<long> Scalar(YardstickDb db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class SqliteStoreTests : StoreTests
{
    protected override Task<DatabaseLocation> NewLocationAsync() =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + ".db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture server) : StoreTests
{
    protected override async Task<DatabaseLocation> NewLocationAsync() => DatabaseLocation.Postgres(await server.NewDatabaseAsync());
}

/// <summary>The throwaway PostgreSQL cluster as an xunit fixture shared by the store tests.</summary>
public sealed class PostgresFixture : Yardstick.Testing.PostgresServer, IAsyncLifetime;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
