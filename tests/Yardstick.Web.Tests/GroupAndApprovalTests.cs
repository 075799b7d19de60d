using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Yardstick.Web.Tests;

/// <summary>Issue 27 through the web app: figures restricted to an org-unit group, and approval level by level.</summary>
public abstract class GroupAndApprovalTests(WebApp app)
{
    private const string Imr = "/api/evaluations?indicator=infant_mortality_rate&period=2023";

    [Fact]
    public async Task A_unit_restricted_to_a_group_is_the_sum_over_its_members_inside_the_unit_on_the_api_and_the_pages()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        // The demo's 城乡 set: 城区 = 科尔沁区 + 霍林郭勒市, 农村牧区 = the other six counties.
        var rural = await planner.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.City}&group=rural");
        decimal numerator = 0, denominator = 0;
        foreach (var county in new[] { "150521", "150522", "150523", "150524", "150525", "150526" })
        {
            var own = await planner.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={county}");
            numerator += own.GetProperty("numerator").GetDecimal();
            denominator += own.GetProperty("denominator").GetDecimal();
        }
        rural.GetProperty("group").GetString().ShouldBe("rural");
        rural.GetProperty("numerator").GetDecimal().ShouldBe(numerator);
        rural.GetProperty("denominator").GetDecimal().ShouldBe(denominator);
        var bySet = await planner.GetFromJsonAsync<JsonElement>($"/api/evaluations/groupSets?indicator=infant_mortality_rate&period=2023&orgunit={WebApp.City}&set=城乡");
        bySet.EnumerateArray().Select(r => r.GetProperty("group").GetString()).ShouldBe(["rural", "urban"]);
        bySet.EnumerateArray().Sum(r => r.GetProperty("denominator").GetDecimal())
            .ShouldBe((await planner.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.City}")).GetProperty("denominator").GetDecimal());
        (await planner.GetAsync($"{Imr}&orgunit={WebApp.City}&group=nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A county reporter sees the group only inside its own county: 科尔沁区 is urban, so rural has nothing there.
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var urbanHere = await kerqin.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.Kerqin}&group=urban");
        var kerqinOwn = await kerqin.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.Kerqin}");
        urbanHere.GetProperty("denominator").GetDecimal().ShouldBe(kerqinOwn.GetProperty("denominator").GetDecimal());
        (await kerqin.GetFromJsonAsync<JsonElement>($"{Imr}&orgunit={WebApp.Kerqin}&group=rural")).GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
        (await kerqin.GetAsync($"{Imr}&orgunit={WebApp.City}&group=rural")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var page = await app.SignInAsync("planner");
        var dashboard = await page.GetStringAsync($"/?orgunit={WebApp.City}&group=rural&year=2023");
        dashboard.ShouldContain("通辽市 · 农村牧区");
        dashboard.ShouldContain("id=\"group-note\"");
        // The children judged are the counties with a member: the two urban ones are left out.
        var plan = await planner.GetFromJsonAsync<JsonElement>($"/api/plans/TL14/evaluation?orgunit={WebApp.City}&year=2023&children=true&group=rural");
        plan.EnumerateArray().Select(r => r.GetProperty("orgunit").GetString()).Distinct().Order().ShouldBe(["150500", "150521", "150522", "150523", "150524", "150525", "150526"]);
        plan.EnumerateArray().First(r => r.GetProperty("indicator").GetString() == "infant_mortality_rate" && r.GetProperty("orgunit").GetString() == "150500")
            .GetProperty("denominator").GetDecimal().ShouldBe(denominator);
        var indicator = await page.GetStringAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.City}&year=2023");
        indicator.ShouldContain("按城乡分列");
        indicator.ShouldContain("data-group=\"urban\"");
        var search = await page.GetStringAsync($"/?orgunit={WebApp.City}&q=农村");
        search.ShouldContain("<option value=\"rural\">农村牧区 (城乡)</option>");
    }
}

public sealed class SqliteGroupAndApprovalTests(SqliteWebApp app) : GroupAndApprovalTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresGroupAndApprovalTests(PostgresWebApp app) : GroupAndApprovalTests(app), IClassFixture<PostgresWebApp>;
