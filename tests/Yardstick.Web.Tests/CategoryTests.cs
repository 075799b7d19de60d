using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Yardstick.Data.Interchange;

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
}

public sealed class SqliteCategoryTests(SqliteWebApp app) : CategoryTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresCategoryTests(PostgresWebApp app) : CategoryTests(app), IClassFixture<PostgresWebApp>;
