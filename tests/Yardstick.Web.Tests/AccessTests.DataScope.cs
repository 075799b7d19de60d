using System.Net;
using System.Net.Http.Json;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 29, point 5: a 处室 account given a read-only data scope reads that subtree's figures — and writes nothing there,
/// approves nothing, reads nothing beyond it; its tasks stay the department's.
/// </summary>
public abstract partial class AccessTests
{
    private async Task<string> AccountIdAsync(string name) => await app.WithDbAsync(async db => await db.WithConnectionAsync(async c =>
    {
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT id FROM users WHERE user_name = '{name}'";
        return (string)(await command.ExecuteScalarAsync())!;
    }, default));

    [Fact]
    public async Task A_department_given_a_data_scope_reads_its_figures_but_enters_approves_and_reads_beyond_nothing()
    {
        const string Figures = "/api/analytics?dimension=dx:live_births&dimension=ou:{0}&dimension=pe:2023";
        using var before = await app.SignInAsync("office3");
        (await before.GetAsync(string.Format(null, Figures, WebApp.Kerqin))).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a 处室 reads no county's figures by itself");

        using var secadmin = await app.SignInAsync("secadmin");
        // Only a 处室's account has one: a reporter reads its own unit's figures.
        var reporter = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = await AccountIdAsync("kerqin"), ["role"] = "reporter", ["orgunit"] = WebApp.Kerqin, ["dataScope"] = WebApp.City });
        reporter.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reporter.Content.ReadAsStringAsync()).ShouldContain("只有处室账号可以另设数据查看范围");
        // Nor does it name another 处室, which holds no figures.
        var office = await AccountIdAsync("office3");
        (await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.ThirdOffice, ["dataScope"] = WebApp.SecondOffice })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var granted = await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
            new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.ThirdOffice, ["dataScope"] = WebApp.Kerqin });
        granted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await granted.Content.ReadAsStringAsync()).ShouldContain("数据查看");
        (await app.WithDbAsync(db => AuditLog.ReadAsync(db))).ShouldContain(e => e.Entity == "user.access" && e.Key == "office3"
            && e.Actor == "secadmin" && e.New!.Contains($"data_scope={WebApp.Kerqin}"));
        // A new scope ends the sessions made under the old one.
        (await before.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        try
        {
            using var reader = await app.SignInAsync("office3");
            // The dashboard opens on the data scope, with its figures.
            var dashboard = await reader.GetStringAsync("/");
            dashboard.ShouldContain("科尔沁区");
            (await reader.GetAsync(string.Format(null, Figures, WebApp.Kerqin))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync(string.Format(null, Figures, WebApp.Dalin))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync($"/api/dataValueSets?orgUnit={WebApp.Dalin}&period=2023")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync($"/Indicators/Detail?code=infant_mortality_rate&orgunit={WebApp.Kerqin}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync($"/Analysis?dx=live_births&ou={WebApp.Kerqin}&pe=2023")).StatusCode.ShouldBe(HttpStatusCode.OK);
            // Beyond it: a sibling county and the city are not its figures.
            (await reader.GetAsync(string.Format(null, Figures, WebApp.Kailu))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reader.GetAsync(string.Format(null, Figures, WebApp.City))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await reader.GetAsync($"/?orgunit={WebApp.Kailu}")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
            (await reader.GetAsync($"/api/plans/TL14/evaluation?orgunit={WebApp.Kailu}&year=2023")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

            // Read-only: no value entered, no report handed in or approved there, by API or by page.
            using var api = app.TokenClient(await app.TokenAsync("office3"));
            (await api.PostAsync("/api/dataValueSets", Json(WebApp.Dalin, "beds_total", "121"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await ValueAsync(WebApp.Dalin, "beds_total")).ShouldNotBe(121m);
            (await api.PostAsJsonAsync("/api/dataSets/epi_monthly/submissions", new { orgUnit = WebApp.Dalin, period = "202312" })).StatusCode
                .ShouldBe(HttpStatusCode.Forbidden);
            (await api.PostAsJsonAsync("/api/dataSets/epi_monthly/approvals", new { orgUnit = WebApp.Dalin, period = "202312", action = "approve" })).StatusCode
                .ShouldBe(HttpStatusCode.Forbidden);
            (await reader.GetAsync($"/Entry?orgunit={WebApp.Dalin}")).Headers.Location!.ToString().ShouldContain("/Account/Denied");
            var form = await WebApp.PostFormAsync(reader, "/Entry", "/Entry",
                new() { ["dataset"] = "TL14", ["orgunit"] = WebApp.Dalin, ["period"] = "2023", ["v[beds_total]"] = "122" });
            form.Headers.Location!.ToString().ShouldContain("/Account/Denied");
            (await ValueAsync(WebApp.Dalin, "beds_total")).ShouldNotBe(122m);
        }
        finally
        {
            (await WebApp.PostFormAsync(secadmin, "/Admin/Users", "/Admin/Users?handler=Grant",
                new() { ["id"] = office, ["role"] = "department", ["orgunit"] = WebApp.ThirdOffice, ["dataScope"] = "" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}
