using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>
/// Large data-values files are streamed (checked and written a row at a time in one transaction). Here every file counts as
/// large, so small files exercise the same path a province's 24M values take.
/// </summary>
public abstract class StreamingImportTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-stream-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private YardstickDb _db = null!;

    protected abstract Task<DatabaseLocation> NewLocationAsync();

    protected string Folder => _folder;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(_db);
        var villages = string.Concat(Enumerable.Range(1, 50).Select(i => $"V{i:D3},村{i},150502,村\n"));
        (await Import(false, Csv("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n" + villages),
            Csv("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\nbeds,床位数,count,sum,last\n")))
            .Succeeded.ShouldBeTrue();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Csv(string name, string content) => Bytes(name, System.Text.Encoding.UTF8.GetBytes(content));

    private string Bytes(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private Task<ImportResult> Import(bool streamed, params string[] paths)
    {
        _db.ChangeTracker.Clear();
        return new Importer(_db, _time) { StreamAboveBytes = streamed ? 0 : long.MaxValue }.ImportAsync(paths, "tester");
    }

    private static string Values(int months) => "dataelement,period,orgunit,value\n" + string.Concat(
        Enumerable.Range(1, 50).SelectMany(v => Enumerable.Range(1, months).Select(m => $"live_births,2023{m:D2},V{v:D3},{v}\n")));

    private async Task<decimal?> CityBirthsAsync(int year)
    {
        var births = new Core.Indicators.Indicator(1, "b", "活产", "#{live_births}", null, 1, "人", Core.Indicators.Direction.Higher, 0);
        var engine = await EngineLoader.BuildAsync(_db, [births], year, year);
        return engine.ElementValue("live_births", (await _db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500")).Id, Period.OfYear(year));
    }

    /// <summary>Issue 24: a row that lost its value column is a bad row, streamed or not — never a blank that deletes.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Issue_24_a_row_shorter_than_its_header_is_refused_at_its_line(bool streamed)
    {
        (await Import(false, Csv("stored.csv", "dataelement,period,orgunit,value\nlive_births,202301,V001,10\n"))).Succeeded.ShouldBeTrue();
        _db.ChangeTracker.Clear();

        var result = await new Importer(_db, _time) { StreamAboveBytes = streamed ? 0 : long.MaxValue, DeleteBlankValues = true }
            .ImportAsync([Csv("short.csv", "dataelement,period,orgunit,value\nlive_births,202302,V001,12\nlive_births,202301,V001\n")], "tester");

        result.Succeeded.ShouldBeFalse();
        result.Issues.Single().ToString().ShouldStartWith("short.csv:3: 本行只有 3 列, 少于表头的 4 列 (缺少 value)");
        (await CityBirthsAsync(2023)).ShouldBe(10m);
    }

    /// <summary>
    /// Issue 24: a row with more cells than its header (a value written 1,234) and a quote never closed (which would swallow
    /// every row after it into one cell) are bad rows at their line, streamed or not; nothing of the file is written. A
    /// trailing empty cell (a spreadsheet's stray comma) is no extra column.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Issue_24_a_row_longer_than_its_header_or_an_unclosed_quote_is_refused_at_its_line(bool streamed)
    {
        (await Import(false, Csv("stored.csv", "dataelement,period,orgunit,value\nlive_births,202301,V001,10\n"))).Succeeded.ShouldBeTrue();

        var longer = await Import(streamed, Csv("long.csv", "dataelement,period,orgunit,value\nlive_births,202302,V001,12\nlive_births,202303,V001,1,234\n"));
        var open = await Import(streamed, Csv("open.csv", "dataelement,period,orgunit,value,comment\nlive_births,202302,V001,12,\"核实中\nlive_births,202303,V001,7,\n"));
        var trailing = await Import(streamed, Csv("trailing.csv", "dataelement,period,orgunit,value\nlive_births,202304,V001,13,\n"));

        longer.Succeeded.ShouldBeFalse();
        longer.Issues.Single().ToString().ShouldStartWith("long.csv:3: 本行有 5 列, 多于表头的 4 列 (多出 \"234\")");
        open.Succeeded.ShouldBeFalse();
        open.Issues.Single().ToString().ShouldStartWith("open.csv:2: 引号未闭合");
        trailing.Succeeded.ShouldBeTrue(string.Join("; ", trailing.Issues));
        (await CityBirthsAsync(2023)).ShouldBe(23m);
    }

    /// <summary>
    /// A village monthly form locked 30 days after each month: on 2024-03-01 all of 2023 is locked. A large file (streamed,
    /// checked in the store) is refused like a small one (checked in memory); the operator's history load passes with
    /// --ignore-lock-dates; an approved report refuses even that.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Locked_and_approved_reports_refuse_large_files_as_they_refuse_small_ones(bool streamed)
    {
        (await Import(false, Csv("datasets.csv", "code,name,period_type,elements,assign,due_days,lock_days\nvm,村月报,month,live_births,level:5,10,30\n"))).Succeeded.ShouldBeTrue();

        var locked = await Import(streamed, Csv("values.csv", Values(12)));
        locked.Succeeded.ShouldBeFalse();
        locked.Issues.First(i => i.IsError).Message.ShouldContain("村月报已过锁定日期");
        (await CityBirthsAsync(2023)).ShouldBeNull();

        _db.ChangeTracker.Clear();
        var history = await new Importer(_db, _time) { StreamAboveBytes = streamed ? 0 : long.MaxValue, IgnoreLockDates = true }.ImportAsync([Csv("history.csv", Values(12))], "tester");
        history.Succeeded.ShouldBeTrue(string.Join("; ", history.Issues));

        var set = (await Reporting.ReportingCycle.FindAsync(_db, "vm"))!;
        var village = await _db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "V001");
        var at = new DateTimeOffset(2023, 2, 5, 9, 0, 0, TimeSpan.FromHours(8));
        await Reporting.ReportingCycle.RecordPastAsync(_db, "tester", [new Reporting.PastReport(set, village, Period.OfMonth(2023, 1), at, at.AddDays(1))], _time.GetUtcNow());
        _db.ChangeTracker.Clear();
        var approved = await new Importer(_db, _time) { StreamAboveBytes = streamed ? 0 : long.MaxValue, IgnoreLockDates = true }
            .ImportAsync([Csv("fix.csv", "dataelement,period,orgunit,value\nlive_births,202301,V001,99\n")], "tester");
        approved.Succeeded.ShouldBeFalse();
        approved.Issues.Single(i => i.IsError).Message.ShouldContain("已审核通过");
    }

    [Fact]
    public async Task A_streamed_file_is_written_whole_and_counted()
    {
        var result = await Import(true, Csv("values.csv", Values(12)));

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
        result.Rows[InterchangeKind.DataValues].ShouldBe(600);
        (await CityBirthsAsync(2023)).ShouldBe(12 * (50 * 51 / 2));
        // Overwrites go through the same path and are audited old → new.
        (await Import(true, Csv("again.csv", "dataelement,period,orgunit,value\nlive_births,202301,V001,9\n"))).Succeeded.ShouldBeTrue();
        var audit = await AuditLog.ReadAsync(_db);
        audit.ShouldContain(a => a.Entity == "data_value" && a.Old == "1" && a.New == "9");
        // The 600 first writes are audited one by one (old empty) and sealed into the chain in one statement.
        audit.Count(a => a.Entity == "data_value" && a.Old == null).ShouldBe(600);
        (await AuditLog.VerifyAsync(_db)).Intact.ShouldBeTrue();
    }

    /// <summary>
    /// Issue 27: past <see cref="DataValueStore.FirstWritesAuditedOneByOne"/> values a batch's first writes are audited as one
    /// count, and what it replaces still value by value, old → new — both from the one pass that looks the batch up.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_bulk_batch_audits_each_value_it_changes_and_counts_its_first_writes(bool streamed)
    {
        static string Months(int years, Func<int, int, int> value) => "dataelement,period,orgunit,value\n" + string.Concat(
            Enumerable.Range(1, 50).SelectMany(v => Enumerable.Range(0, years * 12).Select(k => $"live_births,{1901 + k / 12}{k % 12 + 1:D2},V{v:D3},{value(v, k)}\n")));
        (await Import(streamed, Csv("first.csv", Months(200, (v, _) => v)))).Succeeded.ShouldBeTrue();

        // 120,600 values: every village's months 0, 1000 and 2000 changed, the rest as stored, and a year of new months.
        var result = await Import(streamed, Csv("again.csv", Months(201, (v, k) => k % 1000 == 0 ? v + 1 : v)));

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
        var audit = await AuditLog.ReadAsync(_db);
        var changes = audit.Where(a => a.Entity == "data_value").ToList();
        changes.Count.ShouldBe(150);
        changes.ShouldAllBe(a => int.Parse(a.New!, CultureInfo.InvariantCulture) == int.Parse(a.Old!, CultureInfo.InvariantCulture) + 1);
        changes.ShouldContain(a => a.Key == "live_births/V007/190101" && a.Old == "7" && a.New == "8");
        audit.Where(a => a.Entity == "data_value.first").Select(a => a.Key).ShouldBe(["120000 个值", "600 个值"], ignoreOrder: true);
        (await AuditLog.VerifyAsync(_db)).Intact.ShouldBeTrue();
        (await CityBirthsAsync(2101)).ShouldBe(12 * (50 * 51 / 2));
    }

    /// <summary>
    /// Issue 27: a batch none of whose (element, period) runs the store holds — a new month — replaces nothing, so no key of
    /// it is looked up; it is audited as first writes all the same (one by one here, under the bulk threshold), and a batch
    /// that also touches a stored run still audits what it changes, old → new.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_new_month_is_audited_as_first_writes_and_a_mixed_batch_still_audits_its_changes(bool streamed)
    {
        (await Import(streamed, Csv("jan.csv", Values(1)))).Succeeded.ShouldBeTrue();

        var february = "dataelement,period,orgunit,value\n" + string.Concat(Enumerable.Range(1, 50).Select(v => $"live_births,202302,V{v:D3},{v + 1}\n"));
        (await Import(streamed, Csv("feb.csv", february))).Succeeded.ShouldBeTrue();
        var mixed = "dataelement,period,orgunit,value\nlive_births,202301,V003,30\nlive_births,202303,V001,5\nbeds,202303,V001,12\n";
        (await Import(streamed, Csv("mixed.csv", mixed))).Succeeded.ShouldBeTrue();

        var audit = await AuditLog.ReadAsync(_db);
        audit.Count(a => a.Entity == "data_value" && a.Old == null && a.Key.Contains("/202302", StringComparison.Ordinal)).ShouldBe(50);
        audit.ShouldContain(a => a.Key == "live_births/V007/202302" && a.Old == null && a.New == "8");
        audit.ShouldContain(a => a.Key == "live_births/V003/202301" && a.Old == "3" && a.New == "30");
        audit.ShouldContain(a => a.Key == "beds/V001/202303" && a.Old == null && a.New == "12");
        (await AuditLog.VerifyAsync(_db)).Intact.ShouldBeTrue();
        (await CityBirthsAsync(2023)).ShouldBe(50 * 51 / 2 + 27 + (50 * 51 / 2 + 50) + 5);
    }

    [Fact]
    public async Task Every_bad_row_is_listed_and_nothing_is_written()
    {
        var text = Values(12).Split('\n').ToList();
        text[3] = "live_births,202301,NOWHERE,5";           // line 4
        text[500] = "live_births,2023-13,V001,5";           // line 501, after the writing stopped
        text[550] = "beds,202312,V002,-3";                  // line 551

        var result = await Import(true, Csv("values.csv", string.Join('\n', text)));

        result.Succeeded.ShouldBeFalse();
        result.Issues.Where(i => i.IsError).Select(i => i.ToString()).ShouldBe([
            "values.csv:4: 未知的组织机构代码 \"NOWHERE\"",
            "values.csv:501: 无法识别的期间 \"2023-13\" (如 2023、2023S1、2023Q1、202303、2023年3月)",
            "values.csv:551: 床位数 (beds) 是计数, 不能为负数: -3",
        ]);
        (await CityBirthsAsync(2023)).ShouldBeNull();
    }

    [Fact]
    public async Task A_duplicate_names_both_lines()
    {
        var result = await Import(true, Csv("values.csv", Values(2) + "live_births,202302,V007,1\n"));

        result.Succeeded.ShouldBeFalse();
        result.Issues.ShouldContain(i => i.ToString() == "values.csv:102: 重复的数据值 (live_births, 202302, V007),首次出现在 values.csv:15");
        (await CityBirthsAsync(2023)).ShouldBeNull();
    }

    [Fact]
    public async Task A_byte_that_is_not_text_stops_the_import_at_its_line()
    {
        var good = System.Text.Encoding.UTF8.GetBytes(Values(1));
        var bad = System.Text.Encoding.UTF8.GetBytes("live_births,202302,V00").Concat(new byte[] { 0xFF, 0xFE }).Concat(",3\n"u8.ToArray()).ToArray();

        var result = await Import(true, Bytes("values.csv", [.. good, .. bad]));

        result.Succeeded.ShouldBeFalse();
        result.Issues.ShouldContain(i => i.Line == 52 && i.Message.Contains("UTF-8"));
        (await CityBirthsAsync(2023)).ShouldBeNull();
    }

    /// <summary>
    /// A file too large for the in-memory rule check (streamed, or over 10,000 values held) still meets the rules, against
    /// the values already stored: 500 infant deaths beside 10 stored live births, and months beside a stored year total,
    /// are refused and nothing of the file is written.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rules_across_values_hold_for_large_files_against_stored_values(bool streamed)
    {
        (await Import(false, Csv("more.csv", "code,name,value_type,agg_ou,agg_time\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            Csv("imr.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n")))
            .Succeeded.ShouldBeTrue();
        (await Import(false, Csv("stored.csv", "dataelement,period,orgunit,value\nlive_births,202301,V001,10\ninfant_deaths,2022,V003,4\n"))).Succeeded.ShouldBeTrue();

        var rows = Enumerable.Range(1, 50).SelectMany(v => Enumerable.Range(2007, 17).SelectMany(y => Enumerable.Range(1, 12)
            .Select(m => $"infant_deaths,{y}{m:D2},V{v:D3},{(v == 1 && y == 2023 && m == 1 ? 500 : 0)}\n")));
        var result = await Import(streamed, Csv("deaths.csv", "dataelement,period,orgunit,value\n" + string.Concat(rows)));

        result.Succeeded.ShouldBeFalse();
        result.Issues.ShouldContain(i => i.Message.Contains("婴儿死亡数 (500) 不能大于 活产数 (10)"), string.Join("\n", result.Issues));
        result.Issues.ShouldContain(i => i.Message.Contains("已有 2022 的数值"));
        var stored = await _db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT count(*) FROM data_values";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }, default);
        stored.ShouldBe(2);
    }

    /// <summary>
    /// Issue 27: a large file that also carries an element by sex (two rows per element, unit and month) and breaks a rule is
    /// refused at the breaking row (over 10,000 values: checked in the store after the write) — finding that row threw, two
    /// rows sharing the (element, unit, period) the store's check names.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_file_with_categories_that_breaks_a_rule_is_refused_at_its_row(bool streamed)
    {
        (await Import(false, Csv("categories.csv", "code,name,options\nsex,性别,male:男;female:女\n"),
            Csv("categorycombos.csv", "code,name,categories\nby_sex,按性别,sex\n"),
            Csv("more.csv", "code,name,value_type,agg_ou,agg_time,category_combo\ninfant_deaths,婴儿死亡数,count,sum,sum,by_sex\n"),
            Csv("imr.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n")))
            .Succeeded.ShouldBeTrue();
        (await Import(false, Csv("stored.csv", "dataelement,period,orgunit,value\nlive_births,202301,V001,10\n"))).Succeeded.ShouldBeTrue();

        var rows = Enumerable.Range(1, 50).SelectMany(v => Enumerable.Range(2015, 9).SelectMany(y => Enumerable.Range(1, 12).SelectMany(m =>
            new[] { "male", "female" }.Select(sex => $"infant_deaths,{y}{m:D2},V{v:D3},{sex},{(v == 1 && y == 2023 && m == 1 && sex == "female" ? 500 : 0)}\n"))));
        var result = await Import(streamed, Csv("deaths.csv", "dataelement,period,orgunit,categoryoptioncombo,value\n" + string.Concat(rows)));

        result.Succeeded.ShouldBeFalse();
        result.Issues.ShouldContain(i => i.Message.Contains("婴儿死亡数 (500) 不能大于 活产数 (10)"), string.Join("\n", result.Issues));
        if (!streamed)
        {
            // The row of V001's January 2023 (its first combo's row: the rule is about the element's total there).
            result.Issues.ShouldContain(i => i.Location.EndsWith("deaths.csv", StringComparison.Ordinal) && i.Line == 1 + 8 * 12 * 2 + 1, string.Join("\n", result.Issues));
        }
    }
}

public sealed class SqliteStreamingImportTests : StreamingImportTests
{
    protected override Task<DatabaseLocation> NewLocationAsync() =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(Folder, "stream.db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStreamingImportTests(PostgresFixture server) : StreamingImportTests
{
    protected override async Task<DatabaseLocation> NewLocationAsync() => DatabaseLocation.Postgres(await server.NewDatabaseAsync());
}
