using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Yardstick.Web.Tests;

/// <summary>Issue 28, early warning on the demo: the 预警 page, the dashboard's lights and the API say the same, inside the user's scope.</summary>
public abstract partial class DemoWalkTests
{
    [Fact]
    public async Task Issue_28_the_warning_page_lists_units_most_red_first_and_each_light_matches_the_dashboard_and_the_api()
    {
        using var planner = await app.SignInAsync("planner");

        var page = await planner.GetStringAsync("/Warnings?plan=TL14&year=2023");

        var counts = Regex.Matches(page, @"<tr data-orgunit=""(\d+)"">.*?<td class=""num"">\s*(?:<span class=""light l-red"">)?(\d+)", RegexOptions.Singleline)
            .Select(m => (Unit: m.Groups[1].Value, Red: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        counts.Count.ShouldBeGreaterThan(1);
        counts.Select(c => c.Red).ShouldBeInOrder(SortDirection.Descending);
        var json = await planner.GetStringAsync("/api/plans/TL14/evaluation?orgunit=150500&year=2023&children=true");
        // The stored targets' rows (the document's own targets, with an item, are judged on records and carry no projection).
        var rows = JsonDocument.Parse(json).RootElement.EnumerateArray().Where(r => !r.TryGetProperty("item", out var _)).ToList();
        foreach (var key in new[] { "light", "projected_value", "projected_low", "projected_high", "projected_status" })
        {
            rows.All(r => r.TryGetProperty(key, out var _)).ShouldBeTrue(key);
        }
        foreach (var (unit, red) in counts)
        {
            rows.Count(r => r.GetProperty("orgunit").GetString() == unit && r.GetProperty("light").ValueKind == JsonValueKind.String
                && r.GetProperty("light").GetString() == "red").ShouldBe(red, unit);
        }
        // A light needs a figure: a row without one has none, in the API as on the page.
        rows.Where(r => r.GetProperty("status").GetString() is "no_data" or "incomplete").All(r => r.GetProperty("light").ValueKind == JsonValueKind.Null).ShouldBeTrue();

        var dashboard = await planner.GetStringAsync("/?plan=TL14&year=2023");
        foreach (var row in rows.Where(r => r.GetProperty("orgunit").GetString() == "150500" && r.GetProperty("light").ValueKind == JsonValueKind.String))
        {
            var code = row.GetProperty("indicator").GetString();
            var tr = Regex.Match(dashboard, $@"<tr data-indicator=""{code}"">.*?</tr>", RegexOptions.Singleline).Value;
            tr.ShouldContain($"light l-{row.GetProperty("light").GetString()}", customMessage: code);
        }
    }

    [Fact]
    public async Task Issue_28_a_township_reporter_sees_warnings_only_inside_its_scope()
    {
        using var kerqin = await app.SignInAsync("kerqin");

        var own = await kerqin.GetAsync("/Warnings?plan=TL14&year=2023");
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await own.Content.ReadAsStringAsync()).ShouldNotContain("data-orgunit=\"150500\"");

        var city = await kerqin.GetAsync("/Warnings?plan=TL14&year=2023&orgunit=150500");
        // Refused as every page refuses a unit outside the scope: to the access-denied page.
        city.StatusCode.ShouldBe(HttpStatusCode.Found);
        city.Headers.Location!.ToString().ShouldContain("/Account/Denied");
    }
}
