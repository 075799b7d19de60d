using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// A return by sex and age group (issue 27) posted through DHIS2's dataValueSets: each value is in its element's total, its
/// option's formula and its combo's at once, on the instance's live engine; a combo the element lacks is refused.
/// </summary>
public abstract class CategoryTests(WebApp app)
{
    private const string Year = "2061";

    /// <summary>Categories, a combo, an element split by it and indicators over its total, an option and one combo.</summary>
    private async Task AddMetadataAsync()
    {
        var folder = Directory.CreateTempSubdirectory("yardstick-cats-web-").FullName;
        string File(string name, string content)
        {
            var path = Path.Combine(folder, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }
        var files = new[]
        {
            File("categories.csv", "code,name,options\nsex_u5,性别,male:男;female:女\nage_u5,年龄组,age0:0岁;age1_4:1–4岁\n"),
            File("categorycombos.csv", "code,name,categories\nsex_age_u5,性别年龄,sex_u5;age_u5\n"),
            File("categoryoptioncombos.csv", "category_combo,code,uid\nsex_age_u5,age0.male,uWebMale000\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time,category_combo\ndeaths_u5_web,5岁以下儿童死亡数,count,sum,sum,sex_age_u5\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\n" +
                "u5_deaths_web,5岁以下儿童死亡数,#{deaths_u5_web},,1,人,lower,0\n" +
                "u5_girls_web,5岁以下女童死亡数,#{deaths_u5_web.female},,1,人,lower,0\n" +
                "infant_girls_web,女婴死亡数,#{deaths_u5_web.female.age0},,1,人,lower,0\n"),
        };
        var result = await app.WithDbAsync(db => new Importer(db, TimeProvider.System).ImportAsync(files, "tester"));
        result.Issues.Where(i => i.IsError).ShouldBeEmpty();
        Directory.Delete(folder, recursive: true);
    }

    private static StringContent Json(params (string Combo, int Value)[] values) => new(JsonSerializer.Serialize(new
    {
        period = Year,
        orgUnit = WebApp.Dalin,
        dataValues = values.Select(v => new { dataElement = "deaths_u5_web", categoryOptionCombo = v.Combo, value = v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
    }), Encoding.UTF8, "application/json");

    private static async Task<decimal?> FigureAsync(HttpClient client, string indicator, string unit)
    {
        var response = await client.GetAsync($"/api/evaluations?indicator={indicator}&orgunit={unit}&period={Year}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var value = json.RootElement.GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();
    }

    [Fact]
    public async Task A_disaggregated_value_posted_through_dataValueSets_is_in_the_total_and_its_options_formula_at_once()
    {
        await AddMetadataAsync();
        using var reporter = app.TokenClient(await app.TokenAsync("kerqin"));

        var posted = await reporter.PostAsync("/api/dataValueSets", Json(("female.age0", 3), ("male.age0", 2), ("female.age1_4", 4)));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());

        // The township's own figures and its county's, read straight after the write.
        foreach (var unit in new[] { WebApp.Dalin, WebApp.Kerqin })
        {
            (await FigureAsync(reporter, "u5_deaths_web", unit)).ShouldBe(9m);
            (await FigureAsync(reporter, "u5_girls_web", unit)).ShouldBe(7m);
            (await FigureAsync(reporter, "infant_girls_web", unit)).ShouldBe(3m);
        }

        // One combo changed: the total, its option and its combo move together.
        (await reporter.PostAsync("/api/dataValueSets", Json(("female.age0", 5)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FigureAsync(reporter, "u5_deaths_web", WebApp.Kerqin)).ShouldBe(11m);
        (await FigureAsync(reporter, "u5_girls_web", WebApp.Kerqin)).ShouldBe(9m);
        (await FigureAsync(reporter, "infant_girls_web", WebApp.Kerqin)).ShouldBe(5m);

        // Read back as DHIS2 writes it: each value with its combo.
        var read = await reporter.GetFromJsonAsync<JsonElement>($"/api/dataValueSets?orgUnit={WebApp.Dalin}&period={Year}");
        read.GetProperty("dataValues").EnumerateArray().Where(v => v.GetProperty("dataElement").GetString() == "deaths_u5_web")
            .Select(v => $"{v.GetProperty("categoryOptionCombo").GetString()}={v.GetProperty("value").GetString()}").Order()
            .ShouldBe(["female.age0=5", "female.age1_4=4", "male.age0=2"]);
    }

    [Fact]
    public async Task A_combo_the_element_lacks_is_refused_with_its_place_and_nothing_moves()
    {
        await AddMetadataAsync();
        using var reporter = app.TokenClient(await app.TokenAsync("kerqin"));
        var before = await FigureAsync(reporter, "u5_deaths_web", WebApp.Kerqin);

        var refused = await reporter.PostAsync("/api/dataValueSets", Json(("male.age1_4", 1), ("female.age99", 1)));

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var answer = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var conflict = answer.GetProperty("conflicts")[0];
        conflict.GetProperty("value").GetString()!.ShouldContain("未知的类别选项组合 \"female.age99\"");
        conflict.GetProperty("line").GetInt32().ShouldBe(2, "the second value of the set");
        (await FigureAsync(reporter, "u5_deaths_web", WebApp.Kerqin)).ShouldBe(before);
    }

    [Fact]
    public async Task Issue_27_delete_takes_one_option_combo_by_co_and_refuses_without_it_or_outside_the_callers_scope()
    {
        const string year = "2063";
        await AddMetadataAsync();
        using var qianjia = app.TokenClient(await app.TokenAsync("qianjia"));
        using var dalin = app.TokenClient(await app.TokenAsync("dalin"));
        // DHIS2's CSV, one combo named by the uid the metadata gave it.
        var posted = await qianjia.PostAsync("/api/dataValueSets", new StringContent(
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n" +
            $"deaths_u5_web,{year},{WebApp.Qianjia},female.age0,,3\n" +
            $"deaths_u5_web,{year},{WebApp.Qianjia},female.age1_4,,4\n" +
            $"deaths_u5_web,{year},{WebApp.Qianjia},uWebMale000,HllvX50cXC0,2\n",
            Encoding.UTF8, "text/csv"));
        posted.StatusCode.ShouldBe(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync());
        (await StoredAsync(2063, WebApp.Qianjia)).Keys.Order().ShouldBe(["female.age0", "female.age1_4", "male.age0"]);
        var address = $"/api/dataValues?de=deaths_u5_web&pe={year}&ou={WebApp.Qianjia}";

        var without = await qianjia.DeleteAsync(address);
        var outside = await dalin.DeleteAsync(address + "&co=female.age0");
        var foreign = await qianjia.DeleteAsync(address + "&co=female.age99");

        without.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refusal = await without.Content.ReadAsStringAsync();
        refusal.ShouldContain("须填写类别选项组合");
        refusal.ShouldContain("female.age1_4");
        outside.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StoredAsync(2063, WebApp.Qianjia)).Count.ShouldBe(3, "nothing deleted by a refused call");

        (await qianjia.DeleteAsync(address + "&co=female.age0")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await qianjia.DeleteAsync(address + "&co=uWebMale000")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await qianjia.DeleteAsync(address + "&co=female.age0")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await StoredAsync(2063, WebApp.Qianjia)).ShouldBe(new Dictionary<string, decimal> { ["female.age1_4"] = 4 });
        var audited = await app.WithDbAsync(db => AuditLog.ReadAsync(db));
        audited.ShouldContain(e => e.Key == $"deaths_u5_web/{WebApp.Qianjia}/{year}/female.age0" && e.Old == "3" && e.New == null);
        audited.ShouldContain(e => e.Key == $"deaths_u5_web/{WebApp.Qianjia}/{year}/male.age0" && e.Old == "2" && e.New == null);
    }

    /// <summary>The stored values of the element at the township in a year, by option combo code.</summary>
    private Task<Dictionary<string, decimal>> StoredAsync(int year, string township = WebApp.Dalin) => app.WithDbAsync(async db =>
    {
        var unit = db.OrgUnits.Single(u => u.Code == township).Id;
        var element = db.DataElements.Single(e => e.Code == "deaths_u5_web");
        var shape = (await db.ComboShapesAsync())[element.CategoryComboId!.Value];
        var stored = new Dictionary<string, decimal>();
        await db.Database.OpenConnectionAsync();
        await foreach (var v in Data.Values.DataValueStore.ReadAsync(db, [element.Id], year, year, default, [unit]))
        {
            stored[shape.ById(v.OptionComboId)!.Code] = v.Value;
        }
        await db.Database.CloseConnectionAsync();
        return stored;
    });

    [Fact]
    public async Task The_entry_form_draws_a_disaggregated_element_as_a_grid_and_saves_each_combo_under_the_forms_rules()
    {
        const string year = "2062";
        await AddMetadataAsync();
        var code = "u5grid" + Guid.NewGuid().ToString("N")[..6];
        var imported = await app.WithDbAsync(async db =>
        {
            var (tables, issues) = SourceTable.Read("datasets.csv", Encoding.UTF8.GetBytes(
                $"code,name,period_type,elements,assign,due_days,lock_days\n{code},5岁以下儿童死亡年报,year,deaths_u5_web;live_births,level:4,40,0\n"));
            issues.ShouldBeEmpty();
            return await new Importer(db, TimeProvider.System).ImportAsync(tables, "test", "datasets.csv");
        });
        imported.Succeeded.ShouldBeTrue(string.Join("; ", imported.Issues));
        using var dalin = await app.SignInAsync("dalin");
        var address = $"/Entry?dataset={code}&orgunit={WebApp.Dalin}&period={year}";

        // The grid: rows 男/女, columns 0岁/1–4岁, one input per combo, and the element without categories as before.
        var form = await dalin.GetStringAsync(address);
        form.ShouldContain("data-combo-grid=\"deaths_u5_web\"");
        foreach (var combo in new[] { "male.age0", "male.age1_4", "female.age0", "female.age1_4" })
        {
            form.ShouldContain($"name=\"v[deaths_u5_web.{combo}]\"");
        }
        form.ShouldContain("name=\"v[live_births]\"");

        Dictionary<string, string> Fields(params (string Field, string Value, string Shown)[] cells)
        {
            var fields = new Dictionary<string, string> { ["dataset"] = code, ["orgunit"] = WebApp.Dalin, ["period"] = year };
            foreach (var (field, value, shown) in cells)
            {
                fields[$"v[{field}]"] = value;
                fields[$"shown[{field}]"] = shown;
            }
            return fields;
        }

        var saved = await WebApp.PostFormAsync(dalin, address, "/Entry", Fields(("deaths_u5_web.male.age0", "2", ""), ("deaths_u5_web.male.age1_4", "1", ""),
            ("deaths_u5_web.female.age0", "3", ""), ("deaths_u5_web.female.age1_4", "4", ""), ("live_births", "500", "")));
        var page = await saved.Content.ReadAsStringAsync();
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain("已保存 5 项");
        (await StoredAsync(2062)).OrderBy(x => x.Key).ShouldBe(new Dictionary<string, decimal>
        {
            ["female.age0"] = 3,
            ["female.age1_4"] = 4,
            ["male.age0"] = 2,
            ["male.age1_4"] = 1,
        }.OrderBy(x => x.Key));
        // The totals drawn with the saved values: rows 3 and 7, columns 5 and 5, the whole 10.
        page.ShouldContain("<output data-row-total=\"0\">3</output>");
        page.ShouldContain("<output data-row-total=\"1\">7</output>");
        page.ShouldContain("<output data-col-total=\"0\">5</output>");
        page.ShouldContain("<output data-grand-total>10</output>");

        // The engine's element total, its option and one combo, straight after the save.
        using var reader = app.TokenClient(await app.TokenAsync("dalin"));
        async Task<decimal?> Figure(string indicator)
        {
            var response = await reader.GetFromJsonAsync<JsonElement>($"/api/evaluations?indicator={indicator}&orgunit={WebApp.Dalin}&period={year}");
            return response.GetProperty("value").ValueKind == JsonValueKind.Null ? null : response.GetProperty("value").GetDecimal();
        }
        (await Figure("u5_deaths_web")).ShouldBe(10m);
        (await Figure("u5_girls_web")).ShouldBe(7m);
        (await Figure("infant_girls_web")).ShouldBe(3m);

        // A value outside the element's range (a count is never negative) is refused at its cell, and nothing is saved.
        var refused = await WebApp.PostFormAsync(dalin, address, "/Entry", Fields(("deaths_u5_web.male.age0", "5", "2"), ("deaths_u5_web.female.age0", "-1", "3")));
        var refusal = await refused.Content.ReadAsStringAsync();
        refusal.ShouldContain("未保存任何数据");
        refusal.ShouldContain("data-field=\"deaths_u5_web.female.age0\"");
        (await StoredAsync(2062))["male.age0"].ShouldBe(2m);

        // Only an explicit blank deletes: a cell left out of the post stays, a cell cleared is listed, then deleted on confirmation.
        var listed = await WebApp.PostFormAsync(dalin, address, "/Entry", Fields(("deaths_u5_web.female.age1_4", "", "4")));
        (await listed.Content.ReadAsStringAsync()).ShouldContain("data-delete=\"deaths_u5_web.female.age1_4\"");
        (await StoredAsync(2062)).Count.ShouldBe(4);
        var confirm = Fields(("deaths_u5_web.female.age1_4", "", "4"));
        confirm["confirm"] = "delete";
        (await (await WebApp.PostFormAsync(dalin, address, "/Entry", confirm)).Content.ReadAsStringAsync()).ShouldContain("删除 1 项");
        (await StoredAsync(2062)).Keys.Order().ShouldBe(["female.age0", "male.age0", "male.age1_4"]);
        (await Figure("u5_deaths_web")).ShouldBe(6m);

        // Each combo's change is in the audit log under the element, with its combo.
        var audited = await app.WithDbAsync(db => AuditLog.ReadAsync(db));
        var mine = audited.Where(e => e.Actor == "dalin" && e.Key.StartsWith("deaths_u5_web/", StringComparison.Ordinal)).ToList();
        mine.Count.ShouldBe(5, string.Join("; ", mine.Select(e => $"{e.Key} {e.Old}→{e.New}")));
        mine.ShouldContain(e => e.Key.Contains("female.age1_4", StringComparison.Ordinal) && e.Old == "4" && e.New == null);
    }
}

public sealed class SqliteCategoryTests(SqliteWebApp app) : CategoryTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresCategoryTests(PostgresWebApp app) : CategoryTests(app), IClassFixture<PostgresWebApp>;
