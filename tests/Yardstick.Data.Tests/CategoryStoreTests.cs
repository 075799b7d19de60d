using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>Values split by sex and age group (issue 27), on SQLite and on a real PostgreSQL: imported, totalled, refused, exported.</summary>
public abstract class CategoryStoreTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero))
{
    private string[] Metadata() =>
    [
        File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"),
        File("categories.csv", "code,name,options\nsex,性别,male:男;female:女\nage,年龄组,age0:0岁;age1_4:1–4岁\n"),
        File("categorycombos.csv", "code,name,categories\nsex_age,性别年龄,sex;age\n"),
        File("dataelements.csv", "code,name,value_type,agg_ou,agg_time,category_combo\ndeaths_u5,5岁以下儿童死亡数,count,sum,sum,sex_age\nlive_births,活产数,count,sum,sum,\n"),
        File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\n" +
            "u5mr,5岁以下儿童死亡率,#{deaths_u5},#{live_births},1000,‰,lower,2\n" +
            "u5mr_girls,女童5岁以下死亡率,#{deaths_u5.female},#{live_births},1000,‰,lower,2\n" +
            "infant_girls,女婴死亡数,#{deaths_u5.female.age0},,1,人,lower,0\n"),
    ];

    private string Values() => File("values.csv",
        "dataelement,period,orgunit,categoryoptioncombo,value\n" +
        "live_births,2023,150502,,4000\n" +
        "deaths_u5,2023,150502,female.age0,6\n" +
        "deaths_u5,2023,150502,male.age0,8\n" +
        "deaths_u5,2023,150502,female.age1_4,3\n" +
        "deaths_u5,2023,150521,female.age0,2\n" +
        "live_births,2023,150521,,1000\n");

    private static Indicator Indicator(YardstickDb db, string code) => db.Indicators.AsNoTracking().Single(i => i.Code == code);

    [Fact]
    public async Task A_disaggregated_value_is_in_the_elements_total_its_option_and_its_combo_at_once()
    {
        await using var db = await NewDbAsync();
        var result = await ImportAsync(db, [.. Metadata(), Values()]);
        result.Issues.Where(i => i.IsError).ShouldBeEmpty();

        var engine = await EngineLoader.BuildAsync(db, [Indicator(db, "u5mr"), Indicator(db, "u5mr_girls"), Indicator(db, "infant_girls")], 2020, 2025);
        var kerqin = (await db.OrgUnits.SingleAsync(u => u.Code == "150502")).Id;
        var city = (await db.OrgUnits.SingleAsync(u => u.Code == "150500")).Id;
        var year = Period.OfYear(2023);

        engine.ElementValue("deaths_u5", kerqin, year).ShouldBe(17m);
        engine.ElementValue("deaths_u5.female", kerqin, year).ShouldBe(9m);
        engine.ElementValue("deaths_u5.age0", city, year).ShouldBe(16m);
        engine.Evaluate(Indicator(db, "u5mr"), city, year).Value.ShouldBe(19m / 5000 * 1000);
        engine.Evaluate(Indicator(db, "u5mr_girls"), city, year).Value.ShouldBe(11m / 5000 * 1000);
        engine.Evaluate(Indicator(db, "infant_girls"), city, year).Value.ShouldBe(8m);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_import_with_an_unknown_or_missing_option_combo_is_refused_by_line_and_writes_nothing(bool streamed)
    {
        await using var db = await NewDbAsync();
        await ImportCleanAsync(db, Metadata());
        var bad = File("bad.csv",
            "dataelement,period,orgunit,categoryoptioncombo,value\n" +
            "deaths_u5,2023,150502,female.age0,6\n" +
            "deaths_u5,2023,150502,female.age99,1\n" +
            "deaths_u5,2023,150502,,4\n" +
            "live_births,2023,150502,female,4000\n" +
            "deaths_u5,2023,150502,age0.female,2\n");

        db.ChangeTracker.Clear();
        var importer = streamed ? new Importer(db, Time) { StreamAboveBytes = 0 } : new Importer(db, Time);
        var result = await importer.ImportAsync([bad], "tester");

        result.Succeeded.ShouldBeFalse();
        var errors = result.Issues.Where(i => i.IsError).ToList();
        errors.Select(i => i.Line).ShouldBe([3, 4, 5, 6]);
        errors.ShouldAllBe(i => i.Location.EndsWith("bad.csv"));
        errors[0].Message.ShouldContain("未知的类别选项组合 \"female.age99\"");
        errors[0].Message.ShouldContain("female.age0");
        errors[1].Message.ShouldContain("须填写类别选项组合");
        errors[2].Message.ShouldContain("不分类别");
        (await CountAsync(db, "SELECT count(*) FROM data_values")).ShouldBe(0);
    }

    [Fact]
    public async Task Export_writes_the_categories_and_each_values_option_combo_back()
    {
        await using var db = await NewDbAsync();
        await ImportCleanAsync(db, [.. Metadata(), Values()]);

        var categories = await Exporter.RowsAsync(db, InterchangeKind.Categories, default);
        var combos = await Exporter.RowsAsync(db, InterchangeKind.CategoryCombos, default);
        var elements = await Exporter.RowsAsync(db, InterchangeKind.DataElements, default);
        var values = await Exporter.RowsAsync(db, InterchangeKind.DataValues, default);

        categories.Select(r => string.Join(',', r)).ShouldBe(["sex,性别,male:男;female:女", "age,年龄组,age0:0岁;age1_4:1–4岁"]);
        combos.Select(r => string.Join(',', r)).ShouldBe(["sex_age,性别年龄,sex;age"]);
        elements.Single(r => r[0] == "deaths_u5")[5].ShouldBe("sex_age");
        values.Where(r => r[0] == "deaths_u5" && r[2] == "150502").Select(r => $"{r[3]}={r[4]}").Order()
            .ShouldBe(["female.age0=6", "female.age1_4=3", "male.age0=8"]);
        values.Single(r => r[0] == "live_births" && r[2] == "150502")[3].ShouldBe("");

        // Exported and imported again into a fresh store: the same totals.
        var folder = Directory.CreateTempSubdirectory("yardstick-cats-export-").FullName;
        var paths = new List<string>();
        foreach (var kind in new[] { InterchangeKind.OrgUnits, InterchangeKind.Categories, InterchangeKind.CategoryCombos, InterchangeKind.DataElements, InterchangeKind.DataValues })
        {
            var path = Path.Combine(folder, kind.Word() + ".csv");
            await Exporter.ExportAsync(db, kind, path);
            paths.Add(path);
        }
        await using var copy = await NewDbAsync();
        await ImportCleanAsync(copy, [.. paths]);
        (await CountAsync(copy, "SELECT count(*) FROM data_values WHERE category_option_combo_id <> 0")).ShouldBe(4);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_audit_log_names_a_values_option_combo_in_chinese()
    {
        await using var db = await NewDbAsync();
        await ImportCleanAsync(db, [.. Metadata(), Values()]);
        (await ImportAsync(db, File("change.csv", "dataelement,period,orgunit,categoryoptioncombo,value\ndeaths_u5,2023,150502,female.age1_4,5\n")))
            .Issues.Where(i => i.IsError).ShouldBeEmpty();
        var entries = (await AuditLog.ReadAsync(db)).Where(e => e.Entity == "data_value" && e.Key.Contains("/female.age1_4", StringComparison.Ordinal)).ToList();

        var names = await AuditObjects.NamesAsync(db, entries);

        entries.Count.ShouldBe(2, "the first write and the change");
        entries.Select(e => names[(e.Entity, e.Key)]).Distinct().ShouldBe(["5岁以下儿童死亡数 · 女 · 1–4岁 · 科尔沁区 · 2023年"]);
        entries.Single(e => e.Old is not null).New.ShouldBe("5");
    }

    [Fact]
    public async Task A_category_keeps_its_options_and_a_combo_its_categories()
    {
        await using var db = await NewDbAsync();
        await ImportCleanAsync(db, Metadata());

        var dropped = await ImportAsync(db, File("categories2.csv", "code,name,options\nsex,性别,female:女\n"));
        var changed = await ImportAsync(db, File("categorycombos2.csv", "code,name,categories\nsex_age,性别年龄,age;sex\n"));
        var added = await ImportAsync(db, File("categories3.csv", "code,name,options\nage,年龄组,age0:0岁;age1_4:1–4岁;age5_14:5–14岁\n"));

        dropped.Issues.Single().Message.ShouldContain("不能删去已有的选项: male");
        changed.Issues.Single().Message.ShouldContain("不能改为");
        added.Succeeded.ShouldBeTrue();
        (await CountAsync(db, "SELECT count(*) FROM category_option_combos")).ShouldBe(6);
    }

    /// <summary>DHIS2 uids for three of the four combos: one in category order, one in another order, one by option names.</summary>
    private string Uids() => File("categoryoptioncombos.csv",
        "category_combo,code,uid\n" +
        "sex_age,female.age0,uFemAge0000\n" +
        "sex_age,age1_4.female,uFemAge1400\n" +
        "sex_age,男.0岁,uMalAge0000\n");

    /// <summary>The stored values of deaths_u5 at a unit in 2023 as <c>combo=value</c>, in order.</summary>
    private static async Task<List<string>> StoredAsync(YardstickDb db, string unit)
    {
        db.ChangeTracker.Clear();
        var unitId = (await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == unit)).Id;
        var element = await db.DataElements.AsNoTracking().SingleAsync(e => e.Code == "deaths_u5");
        var shape = (await db.ComboShapesAsync())[element.CategoryComboId!.Value];
        var stored = new List<string>();
        await db.Database.OpenConnectionAsync();
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, [element.Id], 2023, 2023, default, [unitId]))
            {
                stored.Add($"{shape.ById(v.OptionComboId)!.Code}={Rounding.Plain(v.Value)}");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return [.. stored.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Issue_27_option_combo_uids_from_metadata_let_dataValueSets_name_combos_by_uid_in_json_and_csv()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), Uids()])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        var json = File("dhis2.json", """
            {"period":"2023","orgUnit":"150502","dataValues":[
              {"dataElement":"deaths_u5","categoryOptionCombo":"uFemAge0000","attributeOptionCombo":"HllvX50cXC0","value":"6"},
              {"dataElement":"deaths_u5","categoryOptionCombo":"uMalAge0000","value":"8"},
              {"dataElement":"live_births","categoryOptionCombo":"HllvX50cXC0","value":"4000"}]}
            """);
        var csv = File("dhis2.csv", "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n" +
            "deaths_u5,2023,150502,uFemAge1400,HllvX50cXC0,3,admin,2024-01-05,,false\n");

        var result = await ImportAsync(db, json, csv);

        result.Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await StoredAsync(db, "150502")).ShouldBe(["female.age0=6", "female.age1_4=3", "male.age0=8"]);

        // A uid no combo has is refused at its value's place, and nothing moves.
        var unknown = await ImportAsync(db, File("unknown.json", """
            {"period":"2023","orgUnit":"150502","dataValues":[
              {"dataElement":"deaths_u5","categoryOptionCombo":"uFemAge0000","value":"7"},
              {"dataElement":"deaths_u5","categoryOptionCombo":"uNoSuchUid0","value":"1"}]}
            """));
        unknown.Succeeded.ShouldBeFalse();
        var error = unknown.Issues.Single(i => i.IsError);
        error.Line.ShouldBe(2);
        error.Message.ShouldContain("未知的类别选项组合 \"uNoSuchUid0\"");
        error.Message.ShouldContain("或其标识码");
        (await StoredAsync(db, "150502")).ShouldBe(["female.age0=6", "female.age1_4=3", "male.age0=8"]);
    }

    [Fact]
    public async Task Issue_27_a_bad_option_combo_uid_file_is_refused_by_line_and_gives_no_uid()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), File("stored.csv", "category_combo,code,uid\nsex_age,male.age1_4,uMalAge1400\n")]))
            .Issues.Where(i => i.IsError).ShouldBeEmpty();
        var bad = File("categoryoptioncombos.csv",
            "category_combo,code,uid\n" +
            "sex_age,female.age0,uFemAge0000\n" +
            "no_combo,female.age0,uAaaaaaaaaa\n" +
            "sex_age,female.age9,uBbbbbbbbbb\n" +
            "sex_age,male.age0,uFemAge0000\n" +
            "sex_age,male.age0,1badUid0000\n" +
            "sex_age,male.age0,HllvX50cXC0\n" +
            "sex_age,age0.female,uCcccccccccc\n" +
            "sex_age,age0.female,uCccccccccc\n" +
            "sex_age,female,uDddddddddd\n" +
            "sex_age,male.age0,uMalAge1400\n");

        var result = await ImportAsync(db, bad);

        result.Succeeded.ShouldBeFalse();
        var errors = result.Issues.Where(i => i.IsError).ToDictionary(i => i.Line, i => i.Message);
        errors.Keys.Order().ShouldBe([3, 4, 5, 6, 7, 8, 9, 10, 11]);
        errors[3].ShouldContain("未知的类别组合 \"no_combo\"");
        errors[4].ShouldContain("\"age9\" 不是");
        errors[5].ShouldContain("标识码 uFemAge0000 重复 (首次出现在第 2 行)");
        errors[6].ShouldContain("无效");
        errors[7].ShouldContain("默认组合");
        errors[8].ShouldContain("无效", customMessage: "twelve characters");
        errors[9].ShouldContain("重复 (首次出现在第 2 行)", customMessage: "the same combo as line 2, its options in another order");
        errors[10].ShouldContain("缺少年龄组的选项");
        errors[11].ShouldContain("已属于类别选项组合 sex_age male.age1_4");
        (await CountAsync(db, "SELECT count(*) FROM category_option_combos WHERE uid IS NOT NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task Issue_27_option_combo_uids_are_audited_exported_only_when_given_and_round_trip()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), Values()])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await Exporter.RowsAsync(db, InterchangeKind.CategoryOptionCombos, default)).ShouldBeEmpty();

        (await ImportAsync(db, Uids())).Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await ImportAsync(db, File("changed.csv", "category_combo,code,uid\nsex_age,female.age0,uFemAgeZero\n"))).Issues.Where(i => i.IsError).ShouldBeEmpty();

        var rows = await Exporter.RowsAsync(db, InterchangeKind.CategoryOptionCombos, default);
        rows.Select(r => string.Join(',', r)).Order(StringComparer.Ordinal)
            .ShouldBe(["sex_age,female.age0,uFemAgeZero", "sex_age,female.age1_4,uFemAge1400", "sex_age,male.age0,uMalAge0000"]);
        var audit = (await AuditLog.ReadAsync(db)).Where(e => e.Entity == "category_option_combo").ToList();
        audit.Select(e => $"{e.Key}:{e.Old}->{e.New}").Order(StringComparer.Ordinal).ShouldBe([
            "sex_age/female.age0:->uid=uFemAge0000", "sex_age/female.age0:uid=uFemAge0000->uid=uFemAgeZero",
            "sex_age/female.age1_4:->uid=uFemAge1400", "sex_age/male.age0:->uid=uMalAge0000"]);

        // Exported and imported into a fresh store, whose option combos get their own ids: the uids land on the same combos.
        var folder = Directory.CreateTempSubdirectory("yardstick-uids-export-").FullName;
        var paths = new List<string>();
        foreach (var kind in InterchangeKinds.All.Where(k => k is InterchangeKind.OrgUnits or InterchangeKind.Categories or InterchangeKind.CategoryCombos
            or InterchangeKind.CategoryOptionCombos or InterchangeKind.DataElements))
        {
            var path = Path.Combine(folder, kind.Word() + ".csv");
            await Exporter.ExportAsync(db, kind, path);
            paths.Add(path);
        }
        await using var copy = await NewDbAsync();
        (await ImportAsync(copy, [.. paths])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await Exporter.RowsAsync(copy, InterchangeKind.CategoryOptionCombos, default)).ShouldBe(rows);
        (await ImportAsync(copy, File("by-uid.csv", "dataelement,period,orgunit,categoryoptioncombo,value\ndeaths_u5,2023,150502,uFemAgeZero,4\n")))
            .Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await StoredAsync(copy, "150502")).ShouldBe(["female.age0=4"]);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Issue_27_a_note_belongs_to_its_option_combos_value_through_import_export_and_delete()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), Values()])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        const string Header = "dataelement,period,orgunit,categoryoptioncombo,value,comment,source,follow_up\n";

        (await ImportAsync(db, File("noted.csv", Header +
            "deaths_u5,2023,150502,female.age0,6,含外地户籍,直报,是\n" +
            "deaths_u5,2023,150502,male.age0,8,,统计年鉴,\n" +
            "deaths_u5,2023,150502,,,本表经县妇幼所核对,调查,\n"))).Issues.Where(i => i.IsError).ShouldBeEmpty();

        var values = await Exporter.RowsAsync(db, InterchangeKind.DataValues, default);
        var mine = values.Where(r => r[0] == "deaths_u5" && r[2] == "150502").Select(r => string.Join(',', r)).ToList();
        mine.ShouldContain("deaths_u5,2023,150502,female.age0,6,含外地户籍,直报,是");
        mine.ShouldContain("deaths_u5,2023,150502,male.age0,8,,统计年鉴,");
        mine.ShouldContain("deaths_u5,2023,150502,female.age1_4,3,,,", customMessage: "a combo without a note has none");
        mine.ShouldContain("deaths_u5,2023,150502,,,本表经县妇幼所核对,调查,", customMessage: "the element's own note, a row of its own");
        var audit = (await AuditLog.ReadAsync(db)).Where(e => e.Entity == "value_note").ToList();
        audit.Select(e => e.Key).Order(StringComparer.Ordinal)
            .ShouldBe(["deaths_u5/150502/2023", "deaths_u5/150502/2023/female.age0", "deaths_u5/150502/2023/male.age0"]);
        var names = await AuditObjects.NamesAsync(db, audit);
        names[("value_note", "deaths_u5/150502/2023/female.age0")].ShouldBe("5岁以下儿童死亡数 · 女 · 0岁 · 科尔沁区 · 2023年");

        // The export read back into a fresh store: the same notes on the same combos.
        var folder = Directory.CreateTempSubdirectory("yardstick-notes-export-").FullName;
        var paths = new List<string>();
        foreach (var kind in new[] { InterchangeKind.OrgUnits, InterchangeKind.Categories, InterchangeKind.CategoryCombos, InterchangeKind.DataElements, InterchangeKind.DataValues })
        {
            var path = Path.Combine(folder, kind.Word() + ".csv");
            await Exporter.ExportAsync(db, kind, path);
            paths.Add(path);
        }
        await using var copy = await NewDbAsync();
        (await ImportAsync(copy, [.. paths])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await Exporter.RowsAsync(copy, InterchangeKind.DataValues, default)).Select(r => string.Join(',', r)).Order(StringComparer.Ordinal)
            .ShouldBe(values.Select(r => string.Join(',', r)).Order(StringComparer.Ordinal));
        Directory.Delete(folder, recursive: true);

        // A delete row carries its combo: only that value goes, and its note with it; the element's note and the others stay.
        db.ChangeTracker.Clear();
        var deleted = await new Importer(db, Time) { DeleteBlankValues = true }.ImportAsync(
            [File("delete.csv", "dataelement,period,orgunit,categoryoptioncombo,value\ndeaths_u5,2023,150502,female.age0,\n")], "tester");
        deleted.Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await StoredAsync(db, "150502")).ShouldBe(["female.age1_4=3", "male.age0=8"]);
        var notes = await ValueNotes.ReadAsync(db, null, 2023, 2023);
        notes.Values.Select(n => n.Describe()).Order(StringComparer.Ordinal).ShouldBe(["来源: 统计年鉴", "来源: 调查; 本表经县妇幼所核对"]);
        (await AuditLog.ReadAsync(db)).ShouldContain(e => e.Entity == "value_note" && e.Key == "deaths_u5/150502/2023/female.age0" && e.New == null);

        // A delete row without its combo is refused, the element's combos listed.
        db.ChangeTracker.Clear();
        var whole = await new Importer(db, Time) { DeleteBlankValues = true }.ImportAsync(
            [File("delete-all.csv", "dataelement,period,orgunit,value\ndeaths_u5,2023,150502,\n")], "tester");
        whole.Succeeded.ShouldBeFalse();
        whole.Issues.Single(i => i.IsError).Message.ShouldContain("须填写类别选项组合: 组合写作各类别选项代码依次以 \".\" 相连 (male.age0、male.age1_4、female.age0、female.age1_4)");
        (await StoredAsync(db, "150502")).ShouldBe(["female.age1_4=3", "male.age0=8"]);
    }

    [Fact]
    public async Task Issue_27_a_combos_delete_and_an_elements_own_note_are_refused_past_the_lock_date_like_any_write()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, [.. Metadata(), Values()])).Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await ImportAsync(db, File("datasets.csv", "code,name,period_type,elements,assign,due_days,lock_days\nu5_year,5岁以下儿童死亡年报,year,deaths_u5,150502,30,40\n")))
            .Issues.Where(i => i.IsError).ShouldBeEmpty();
        var file = File("late.csv", "dataelement,period,orgunit,categoryoptioncombo,value,comment\ndeaths_u5,2023,150502,female.age0,,\ndeaths_u5,2023,150502,,,补报说明\n");

        db.ChangeTracker.Clear();
        var late = await new Importer(db, Time) { DeleteBlankValues = true }.ImportAsync([file], "tester");

        late.Succeeded.ShouldBeFalse();
        late.Issues.Where(i => i.IsError).Select(i => i.Line).ShouldBe([2, 3]);
        late.Issues.Where(i => i.IsError).ShouldAllBe(i => i.Kind == RefusalKind.Locked);
        (await StoredAsync(db, "150502")).ShouldBe(["female.age0=6", "female.age1_4=3", "male.age0=8"]);
        (await ValueNotes.ReadAsync(db, null, 2023, 2023)).ShouldBeEmpty();

        db.ChangeTracker.Clear();
        var history = await new Importer(db, Time) { DeleteBlankValues = true, IgnoreLockDates = true }.ImportAsync([file], "tester");

        history.Issues.Where(i => i.IsError).ShouldBeEmpty();
        (await StoredAsync(db, "150502")).ShouldBe(["female.age1_4=3", "male.age0=8"]);
        (await ValueNotes.ReadAsync(db, null, 2023, 2023)).Values.Single().Comment.ShouldBe("补报说明");
    }

    private static async Task<long> CountAsync(YardstickDb db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

public sealed class SqliteCategoryStoreTests() : CategoryStoreTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCategoryStoreTests(PostgresFixture server) : CategoryStoreTests(StoreTest.Postgres(server));
