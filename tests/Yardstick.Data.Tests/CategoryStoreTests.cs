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
