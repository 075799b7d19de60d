using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Yardstick.Web.Tests;

/// <summary>
/// Unit pickers walk the tree (ancestors, the unit, its children) or search it, inside the user's scope: a province's
/// 21,000 units never land in one page. The API's unit list comes a page at a time.
/// </summary>
public abstract partial class PickerTests(WebApp app)
{
    /// <summary>The unit codes the page's unit picker offers.</summary>
    private static List<string> Options(string page)
    {
        var start = page.IndexOf("<select name=\"orgunit\"", StringComparison.Ordinal);
        var select = page[start..page.IndexOf("</select>", start, StringComparison.Ordinal)];
        return [.. OptionPattern().Matches(select).Select(m => m.Groups[1].Value)];
    }

    [Fact]
    public async Task The_dashboard_offers_the_unit_its_parent_and_its_children_not_the_whole_tree()
    {
        using var planner = await app.SignInAsync("planner");

        var city = Options(await planner.GetStringAsync($"/?orgunit={WebApp.City}"));
        var county = Options(await planner.GetStringAsync($"/?orgunit={WebApp.Kerqin}"));

        city.ShouldContain(WebApp.City);
        city.ShouldContain(WebApp.Kerqin);
        city.ShouldNotContain(WebApp.Dalin);            // a grandchild: one click further down
        // The county's children: its townships and the demo's hospitals and 妇幼 centre directly under it.
        county.ShouldBe([WebApp.City, WebApp.Kerqin, WebApp.Dalin, WebApp.Qianjia, "150502H01", "150502H02", "150502H03", "150502H04"]);
    }

    [Fact]
    public async Task A_search_finds_units_by_name_inside_the_scope_only()
    {
        using var planner = await app.SignInAsync("planner");
        using var dalin = await app.SignInAsync("dalin");

        Options(await planner.GetStringAsync($"/?orgunit={WebApp.City}&q=钱家")).ShouldContain(WebApp.Qianjia);
        Options(await dalin.GetStringAsync("/Entry?q=钱家")).ShouldBe([WebApp.Dalin]);
    }

    [Fact]
    public async Task The_unit_list_of_the_API_comes_in_pages_with_the_total()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));

        var first = await planner.GetAsync("/api/orgUnits?pageSize=3");
        var total = int.Parse(first.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var page1 = (await first.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();
        var page2 = (await planner.GetFromJsonAsync<JsonElement>("/api/orgUnits?pageSize=3&page=2")).EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();
        var found = (await planner.GetFromJsonAsync<JsonElement>("/api/orgUnits?q=大林")).EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();

        total.ShouldBe(25);                              // the demo's city, 8 counties, 7 departments, 7 facilities, and the two test townships
        page1.Count.ShouldBe(3);
        page1[0].ShouldBe(WebApp.City);
        page2.ShouldNotContain(page1[0]);
        found.ShouldBe([WebApp.Dalin]);
    }

    [GeneratedRegex("<option value=\"([^\"]+)\"")]
    private static partial Regex OptionPattern();
}

public sealed class SqlitePickerTests(SqliteWebApp app) : PickerTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresPickerTests(PostgresWebApp app) : PickerTests(app), IClassFixture<PostgresWebApp>;
