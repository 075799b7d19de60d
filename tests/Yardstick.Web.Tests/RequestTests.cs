using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 24, points 3 and 5: only an explicit blank deletes (a short row, a form post that leaves fields out, a dry run of
/// a blank nothing is stored under), and HTTP as clients expect it (cross-site cookie writes, content types, 400 / 409 /
/// 413, Chinese reasons, bounded answers). 科尔沁区's 妇幼健康月报 (six fields) in months of 2025, one month per test.
/// </summary>
public abstract class RequestTests(WebApp app)
{
    private const string Set = "mch_monthly";

    /// <summary>The form's six fields and the values stored before each test (deaths below births, screened below deliveries).</summary>
    private static readonly (string Element, string Value)[] Six =
        [("live_births", "600"), ("infant_deaths", "3"), ("under5_deaths", "4"), ("maternal_deaths", "1"), ("deliveries", "590"), ("prenatal_screened", "500")];

    private const string DhisHeader = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup";

    private async Task StoreSixAsync(string period)
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var values = Six.Select(f => new { dataElement = f.Element, value = f.Value });
        var response = await kerqin.PostAsJsonAsync("/api/dataValueSets", new { period, orgUnit = WebApp.Kerqin, dataValues = values });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private Task<Dictionary<string, decimal>> StoredAsync(string period) => app.WithDbAsync(async db =>
    {
        Core.Model.Period.TryParse(period, out var p).ShouldBeTrue();
        var unit = await db.OrgUnits.Where(u => u.Code == WebApp.Kerqin).Select(u => u.Id).SingleAsync();
        var codes = await db.DataElements.ToDictionaryAsync(e => e.Id, e => e.Code);
        var found = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync();
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, null, p.Year, p.Year, default, [unit]))
            {
                if (v.Period == p)
                {
                    found[codes[v.DataElementId]] = v.Value;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return found;
    });

    private static StringContent Body(string text, string type) => new(text, Encoding.UTF8, type);

    /// <summary>The fields the entry form would post: its inputs with their values (checkboxes left out: none is ticked).</summary>
    private static Dictionary<string, string> FormFields(string page)
    {
        var form = Regex.Match(page, "<form method=\"post\" id=\"entry-form\">(.*?)</form>", RegexOptions.Singleline).Groups[1].Value;
        form.ShouldNotBeEmpty();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in Regex.Matches(form, "<input([^>]*)>"))
        {
            var attributes = input.Groups[1].Value;
            if (attributes.Contains("type=\"checkbox\"", StringComparison.Ordinal) || Regex.Match(attributes, "name=\"([^\"]+)\"") is not { Success: true } name)
            {
                continue;
            }
            fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = WebUtility.HtmlDecode(Regex.Match(attributes, "value=\"([^\"]*)\"").Groups[1].Value);
        }
        return fields;
    }

    [Fact]
    public async Task Issue_24_a_csv_row_without_its_value_column_is_refused_naming_its_line_and_deletes_nothing()
    {
        await StoreSixAsync("202501");
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));

        var response = await kerqin.PostAsync("/api/dataValueSets", Body($"{DhisHeader}\nlive_births,202501,{WebApp.Kerqin}\n", "text/csv"));

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        var conflict = JsonDocument.Parse(text).RootElement.GetProperty("conflicts")[0];
        conflict.GetProperty("line").GetInt32().ShouldBe(2);
        conflict.GetProperty("message").GetString()!.ShouldContain("缺少");
        (await StoredAsync("202501"))["live_births"].ShouldBe(600m);
    }

    [Fact]
    public async Task Issue_24_a_form_post_carrying_one_field_of_six_deletes_nothing()
    {
        await StoreSixAsync("202502");
        using var kerqin = await app.SignInAsync("kerqin");
        var page = $"/Entry?dataset={Set}&orgunit={WebApp.Kerqin}&period=202502";

        var saved = await WebApp.PostFormAsync(kerqin, page, "/Entry", new()
        {
            ["dataset"] = Set,
            ["orgunit"] = WebApp.Kerqin,
            ["period"] = "202502",
            ["v[live_births]"] = "700",
        });

        var text = await saved.Content.ReadAsStringAsync();
        Regex.Match(text, "id=\"saved\">([^<]*)<").Groups[1].Value.ShouldBe("已保存 1 项。");
        var stored = await StoredAsync("202502");
        stored.Count.ShouldBe(6);
        stored["live_births"].ShouldBe(700m);
    }

    [Fact]
    public async Task Issue_24_the_form_lists_the_fields_it_will_delete_and_deletes_them_only_when_confirmed()
    {
        await StoreSixAsync("202503");
        using var kerqin = await app.SignInAsync("kerqin");
        var page = await kerqin.GetStringAsync($"/Entry?dataset={Set}&orgunit={WebApp.Kerqin}&period=202503");
        var fields = FormFields(page);
        fields["v[infant_deaths]"] = "";
        fields["v[deliveries]"] = "580";

        var asked = await kerqin.PostAsync("/Entry", new FormUrlEncodedContent(fields));

        var question = await asked.Content.ReadAsStringAsync();
        asked.StatusCode.ShouldBe(HttpStatusCode.OK, question);
        var listed = Regex.Match(question, "<div[^>]*id=\"confirm-delete\".*?</div>", RegexOptions.Singleline).Value;
        listed.ShouldContain("婴儿死亡数");
        listed.ShouldNotContain("活产数");
        listed.ShouldNotContain("产妇数");
        (await StoredAsync("202503")).Count.ShouldBe(6, "nothing is deleted or saved before the confirmation");

        var confirmed = FormFields(question);
        confirmed["confirm"] = "delete";
        var done = await (await kerqin.PostAsync("/Entry", new FormUrlEncodedContent(confirmed))).Content.ReadAsStringAsync();

        done.ShouldContain("已保存 1 项, 删除 1 项");
        var stored = await StoredAsync("202503");
        stored.ContainsKey("infant_deaths").ShouldBeFalse();
        (stored.Count, stored["deliveries"]).ShouldBe((5, 580m));
    }

    [Fact]
    public async Task Issue_24_a_dry_run_counts_only_what_would_change()
    {
        await StoreSixAsync("202504");
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));

        var response = await kerqin.PostAsJsonAsync("/api/dataValueSets?dryRun=true", new
        {
            period = "202504",
            orgUnit = WebApp.Kerqin,
            dataValues = new[]
            {
                new { dataElement = "live_births", value = "600" },
                new { dataElement = "infant_deaths", value = "" },
                new { dataElement = "live_births", value = "" },
            }.Select((v, i) => new { v.dataElement, period = i == 2 ? "202505" : "202504", v.value }),
        });

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        var count = answer.GetProperty("importCount");
        (count.GetProperty("imported").GetInt32(), count.GetProperty("updated").GetInt32(), count.GetProperty("deleted").GetInt32())
            .ShouldBe((0, 0, 1), "600 is unchanged; 202505's blank has nothing to delete");
        answer.GetProperty("deleted").GetInt32().ShouldBe(1);
        (await StoredAsync("202504")).Count.ShouldBe(6);
    }

    [Fact]
    public async Task Issue_24_a_value_that_is_a_list_an_object_or_a_truth_value_is_refused_and_deletes_nothing()
    {
        await StoreSixAsync("202509");
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));

        foreach (var value in new[] { "[1]", "{}", "true" })
        {
            var body = $$"""{"period":"202509","orgUnit":"{{WebApp.Kerqin}}","dataValues":[{"dataElement":"live_births","value":{{value}}}]}""";
            var response = await kerqin.PostAsync("/api/dataValueSets", new StringContent(body, Encoding.UTF8, "application/json"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, value);
            (await response.Content.ReadAsStringAsync()).ShouldContain("value 应为数字或字符串");
        }

        (await StoredAsync("202509"))["live_births"].ShouldBe(600m);
    }

    [Fact]
    public async Task Issue_24_an_unknown_code_of_any_length_is_echoed_at_most_300_characters()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var huge = new string('1', 100_000);

        var answers = new[]
        {
            await kerqin.PostAsJsonAsync($"/api/dataSets/{Set}/submissions", new { orgUnit = huge, period = "202509" }),
            await kerqin.PostAsJsonAsync($"/api/dataSets/{Set}/submissions", new { orgUnit = WebApp.Kerqin, period = huge }),
            await kerqin.PostAsJsonAsync($"/api/dataSets/{Set}/approvals", new { orgUnit = WebApp.Kerqin, period = "202509", action = huge }),
            await kerqin.GetAsync($"/api/plans/{new string('X', 6000)}/scorecard"),
        };

        foreach (var answer in answers)
        {
            (await answer.Content.ReadAsStringAsync()).Length.ShouldBeLessThan(1_500, answer.RequestMessage!.RequestUri!.AbsolutePath[..Math.Min(60, answer.RequestMessage.RequestUri.AbsolutePath.Length)]);
        }
    }

    [Fact]
    public async Task Issue_24_a_cookie_write_from_another_site_is_refused_and_a_token_write_is_not()
    {
        using var cookie = await app.SignInAsync("kerqin");
        HttpRequestMessage Post(string? origin = null, string? referer = null, string? csrf = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/dataValueSets")
            {
                Content = Body($$"""{"dataValues":[{"dataElement":"beds_total","period":"2025","orgUnit":"{{WebApp.Kerqin}}","value":"5100"}]}""", "application/json"),
            };
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            if (referer is not null)
            {
                request.Headers.Referrer = new Uri(referer);
            }
            if (csrf is not null)
            {
                request.Headers.Add("RequestVerificationToken", csrf);
            }
            return request;
        }

        var evil = await cookie.SendAsync(Post(origin: "http://evil.example"));
        var bare = await cookie.SendAsync(Post());
        var evilReferer = await cookie.SendAsync(Post(referer: "http://evil.example/page"));

        evil.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await evil.Content.ReadAsStringAsync()).ShouldContain("跨站");
        bare.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        evilReferer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var own = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        (await cookie.SendAsync(Post(origin: own))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cookie.SendAsync(Post(referer: own + "/Entry"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = AntiForgeryToken.From(await cookie.GetStringAsync("/Entry"));
        (await cookie.SendAsync(Post(csrf: token))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var bearer = app.TokenClient(await app.TokenAsync("kerqin"));
        var tokenWrite = await bearer.SendAsync(Post(origin: "http://evil.example"));
        tokenWrite.StatusCode.ShouldBe(HttpStatusCode.OK, await tokenWrite.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Issue_24_a_body_needs_a_content_type_and_every_type_the_handler_reads_is_routed_to_it()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var json = $$"""{"dataValues":[{"dataElement":"beds_total","period":"2024","orgUnit":"{{WebApp.Kerqin}}","value":"5200"}]}""";

        var untyped = await kerqin.PostAsync("/api/dataValueSets", new ByteArrayContent(Encoding.UTF8.GetBytes(json)));

        untyped.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await untyped.Content.ReadAsStringAsync()).ShouldContain("Content-Type");
        (await kerqin.PostAsync("/api/tasks/1/actions", new ByteArrayContent("""{"action":"receive"}"""u8.ToArray()))).StatusCode
            .ShouldBe(HttpStatusCode.UnsupportedMediaType, "every API body, not only values");
        var csv = $"dataelement,period,orgunit,value\nbeds_total,2024,{WebApp.Kerqin},5201\n";
        var adx = $"""<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="{WebApp.Kerqin}" period="2024-01-01/P1Y"><dataValue dataElement="beds_total" value="5202"/></group></adx>""";
        foreach (var (type, body) in new[] { ("application/csv", csv), ("text/csv", csv), ("application/json", json), ("text/json", json), ("application/xml", adx), ("text/xml", adx), ("application/adx+xml", adx) })
        {
            var response = await kerqin.PostAsync("/api/dataValueSets", Body(body, type));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{type}: {await response.Content.ReadAsStringAsync()}");
        }
        (await kerqin.PostAsync("/api/dataValueSets", Body(json, "application/pdf"))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Issue_24_bad_input_is_400_in_chinese_naming_the_field_and_value()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));

        var range = await kerqin.PostAsync("/api/dataValueSets", Body($$"""{"dataValues":[{"dataElement":"beds_total","period":"2024","orgUnit":"{{WebApp.Kerqin}}","value":"10000000000000000000"}]}""", "application/json"));
        var malformed = await kerqin.PostAsync("/api/dataValueSets", Body("""{"dataValues":[{"dataElement":""", "application/json"));
        var empty = await kerqin.PostAsync("/api/dataValueSets", Body("", "application/json"));
        var dtd = await kerqin.PostAsync("/api/dataValueSets", Body("""
            <?xml version="1.0"?><!DOCTYPE adx [<!ENTITY a "aaaaaaaaaa">]>
            <adx><group orgUnit="150502" period="2024-01-01/P1Y"><dataValue dataElement="beds_total" value="&a;"/></group></adx>
            """, "application/adx+xml"));
        var boundJson = await kerqin.PostAsync($"/api/dataSets/{Set}/submissions", Body("""{"orgUnit": """, "application/json"));

        range.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await range.Content.ReadAsStringAsync()).ShouldContain("超出合理范围");
        foreach (var (answer, words) in new[] { (malformed, "不是合法的 JSON"), (empty, "为空"), (dtd, "不允许 DTD"), (boundJson, "不是合法的 JSON") })
        {
            var text = await answer.Content.ReadAsStringAsync();
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            text.ShouldContain(words);
            text.ShouldNotContain("The input");
            text.ShouldNotContain("For security reasons");
            text.ShouldNotContain("Failed to read");
            text.ShouldNotContain("\"请求有误\"");
        }
        (await (await kerqin.PostAsync($"/api/dataValueSets?dryRun=maybe", Body("{}", "application/json"))).Content.ReadAsStringAsync())
            .ShouldContain("dryRun");
    }

    [Fact]
    public async Task Issue_24_a_wrongly_typed_json_field_is_named_without_the_parsers_english()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        const string task = $$"""{"title":"类型错误的任务","plan":"CZ2021","leads":["{{WebApp.ThirdOffice}}"]""";

        var answers = new[]
        {
            (await planner.PostAsync("/api/tasks", Body(task + ""","deadline":5}""", "application/json")), "deadline", "完成时限"),
            (await planner.PostAsync("/api/tasks", Body(task + ""","milestones":[{"title":"第一步","due":20990101}]}""", "application/json")), "milestones[0].due", "日期"),
            (await planner.PostAsync("/api/tasks/1/actions", Body("""{"action":"report","progress":"abc"}""", "application/json")), "progress", "进度"),
            (await planner.PostAsync($"/api/plans/TL14/assessment?orgunit={WebApp.City}&year=2022", Body("""{"action":"publish","appealDays":"七天"}""", "application/json")),
                "appealDays", "申诉期"),
        };

        foreach (var (answer, field, chinese) in answers)
        {
            var text = await answer.Content.ReadAsStringAsync();
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            text.ShouldContain(field);
            text.ShouldContain(chinese);
            text.ShouldNotContain("could not be converted");
            text.ShouldNotContain("Path:");
        }
    }

    [Fact]
    public async Task Issue_24_a_reporter_refused_a_task_step_is_told_its_role_and_a_unit_not_leading_is_told_its_unit()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var created = await planner.PostAsJsonAsync("/api/tasks", new { title = "县区牵头的任务", plan = "CZ2021", leads = new[] { WebApp.Kerqin }, deadline = "2099-06-30" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        using var reporter = app.TokenClient(await app.TokenAsync("kerqin"));
        using var department = app.TokenClient(await app.TokenAsync("dept"));

        var byRole = await reporter.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "receive" });
        var byUnit = await department.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "receive" });

        var role = await byRole.Content.ReadAsStringAsync();
        byRole.StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
        role.ShouldContain("数据填报");
        role.ShouldContain("角色");
        role.ShouldNotContain("只有牵头单位");
        var unit = await byUnit.Content.ReadAsStringAsync();
        byUnit.StatusCode.ShouldBe(HttpStatusCode.Forbidden, unit);
        unit.ShouldContain("牵头单位");
        unit.ShouldNotContain("角色");
    }

    [Fact]
    public async Task Issue_24_a_scheme_put_without_a_content_type_is_415_and_its_errors_are_problem_details()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        const string scheme = "/api/plans/TL14/scheme?orgunit=" + WebApp.City + "&year=2024";

        var untyped = await planner.PutAsync(scheme, new ByteArrayContent(Encoding.UTF8.GetBytes("indicator,weight,rule\ninfant_mortality_rate,50,达标得满分\n")));
        var form = await planner.PutAsync(scheme, Body("indicator,weight,rule\ninfant_mortality_rate,50,达标得满分\n", "application/x-www-form-urlencoded"));
        var bad = await planner.PutAsync(scheme, Body("indicator,weight,rule\ninfant_mortality_rate,很多,达标得满分\n", "text/csv"));

        untyped.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, await untyped.Content.ReadAsStringAsync());
        untyped.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        form.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, await form.Content.ReadAsStringAsync());
        (await form.Content.ReadAsStringAsync()).ShouldContain("text/csv");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("title").GetString().ShouldBe("请求有误");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("第2行: 权重无效");
        problem.GetProperty("errors")[0].GetString()!.ShouldStartWith("第2行: 权重无效");
    }

    [Fact]
    public async Task Issue_24_a_huge_query_string_is_answered_414_in_chinese()
    {
        using var token = app.TokenClient(await app.TokenAsync("kerqin"));
        using var cookie = await app.SignInAsync("kerqin");
        var huge = new string('x', 60_000);

        var api = await token.GetAsync("/api/tasks?plan=" + huge);
        var page = await cookie.GetAsync("/Tasks?plan=" + huge);

        api.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.Content.ReadAsStringAsync()).ShouldContain("地址过长");
        page.StatusCode.ShouldBe(HttpStatusCode.RequestUriTooLong);
        (await page.Content.ReadAsStringAsync()).ShouldContain("地址过长");
        (await token.GetAsync("/api/tasks?plan=" + new string('x', 4_000))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Issue_24_a_forged_host_with_a_matching_origin_is_not_this_site()
    {
        using var cookie = await app.SignInAsync("kerqin");
        HttpRequestMessage Post(string header, string from)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/dataValueSets")
            {
                Content = Body($$"""{"dataValues":[{"dataElement":"beds_total","period":"2023","orgUnit":"{{WebApp.Kerqin}}","value":"5300"}]}""", "application/json"),
            };
            request.Headers.Host = "evil.example";
            request.Headers.Add(header, from);
            return request;
        }

        var origin = await cookie.SendAsync(Post("Origin", "http://evil.example"));
        var referer = await cookie.SendAsync(Post("Referer", "http://evil.example/Entry"));

        origin.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await origin.Content.ReadAsStringAsync());
        (await origin.Content.ReadAsStringAsync()).ShouldContain("跨站");
        referer.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await referer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Issue_24_a_sign_in_post_over_the_size_limit_is_413()
    {
        using var client = app.Client();
        var token = AntiForgeryToken.From(await client.GetStringAsync("/Account/Login"));
        var body = new byte[40 * 1024 * 1024];
        Array.Fill(body, (byte)'a');
        Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&userName=").CopyTo(body, 0);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/x-www-form-urlencoded") } },
        };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);
        var streamed = await ChunkedStatusAsync("/Account/Login", body.AsMemory(0, 31 * 1024 * 1024));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).ShouldContain("过大");
        streamed.ShouldStartWith("HTTP/1.1 413", customMessage: "a chunked body, measured while it is read");
    }

    /// <summary>
    /// Posts a chunked form body on a raw connection and returns the answer's first bytes: the server answers (and closes)
    /// before the body is all sent, which HttpClient reports as a broken pipe rather than the answer.
    /// </summary>
    private async Task<string> ChunkedStatusAsync(string path, ReadOnlyMemory<byte> body)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"));
        try
        {
            for (var at = 0; at < body.Length; at += 1 << 20)
            {
                var part = body.Slice(at, Math.Min(1 << 20, body.Length - at));
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{part.Length:X}\r\n"));
                await stream.WriteAsync(part);
                await stream.WriteAsync("\r\n"u8.ToArray());
            }
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
        }
        var answer = new byte[256];
        var read = await stream.ReadAsync(answer);
        return Encoding.ASCII.GetString(answer, 0, read);
    }

    [Fact]
    public async Task Issue_24_an_answer_lists_at_most_a_hundred_conflicts_and_counts_the_rest()
    {
        using var kerqin = app.TokenClient(await app.TokenAsync("kerqin"));
        var rows = string.Concat(Enumerable.Range(1, 150).Select(i => $"no_such_element_{i},2024,{WebApp.Kerqin},{i}\n"));

        var response = await kerqin.PostAsync("/api/dataValueSets?dryRun=true", Body("dataelement,period,orgunit,value\n" + rows, "text/csv"));

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer.GetProperty("conflicts").GetArrayLength().ShouldBe(100);
        answer.GetProperty("conflictsNotListed").GetInt32().ShouldBe(50);
        answer.GetProperty("description").GetString()!.ShouldContain("另有 50 项");
    }
}

public sealed class SqliteRequestTests(SqliteWebApp app) : RequestTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresRequestTests(PostgresWebApp app) : RequestTests(app), IClassFixture<PostgresWebApp>;
