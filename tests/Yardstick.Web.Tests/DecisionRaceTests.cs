using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Core.Model;
using Yardstick.Core.Tasks;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 24: two people taking the same decision at the same moment. For each kind of decision, 50 pairs of requests are
/// sent at once by two accounts that may both take it: exactly one of each pair succeeds, the other is answered 409 with
/// what the thing is now; the stored state is the one the last audit row says, and the messages sent match the state.
/// Run on SQLite and PostgreSQL.
/// </summary>
public abstract partial class DecisionRaceTests(WebApp app) : IAsyncLifetime
{
    private const int Pairs = 50;

    private static readonly string[] Townships = [WebApp.Dalin, WebApp.Qianjia];

    /// <summary>50 reports per data set: two townships × 25 months, 2019-01 … 2021-01.</summary>
    private static readonly (string Unit, string Month)[] Reports =
        [.. Enumerable.Range(0, Pairs).Select(k => (Townships[k % 2], new DateOnly(2019, 1, 1).AddMonths(k / 2).ToString("yyyyMM", CultureInfo.InvariantCulture)))];

    public async Task InitializeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        // Made once per app (the tests of the class share it): a second city planner, so that two people are on the assigning
        // side of every task and 考核, and one monthly data set per report race over the same 50 township-months.
        if (db.DataSets.Any(d => d.Code == "racea"))
        {
            return;
        }
        (await UserAccounts.CreateAsync(scope.ServiceProvider, db, "planner2", Roles.Planner, WebApp.City, WebApp.Password, mustChangePassword: false,
            DateTimeOffset.UtcNow)).ShouldBeEmpty();
        (await UserAccounts.CreateAsync(scope.ServiceProvider, db, "cityreview2", Roles.Reviewer, WebApp.City, WebApp.Password, mustChangePassword: false,
            DateTimeOffset.UtcNow)).ShouldBeEmpty();
        var sets = string.Concat(new[] { "a", "b" }.Select(k => $"race{k},竞态月报{k},month,live_births,level:4,366,0\n"))
            + "racec,竞态月报c,month,infant_deaths,level:4,366,0\n";
        var values = string.Concat(Reports.Select((r, k) => $"live_births,{r.Month},{r.Unit},{100 + k}\ninfant_deaths,{r.Month},{r.Unit},1\n"));
        var (tables, issues) = SourceTable.Read("race.csv", System.Text.Encoding.UTF8.GetBytes("code,name,period_type,elements,assign,due_days,lock_days\n" + sets));
        issues.ShouldBeEmpty();
        var (valueTables, valueIssues) = SourceTable.Read("values.csv", System.Text.Encoding.UTF8.GetBytes("dataelement,period,orgunit,value\n" + values));
        valueIssues.ShouldBeEmpty();
        var result = await new Importer(db, TimeProvider.System).ImportAsync([.. tables, .. valueTables], "test", "race.csv");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Set(string kind) => $"race{kind}";

    /// <summary>Sends every pair's two requests at the same moment, ten pairs at a time; returns each pair's two status codes.</summary>
    private static async Task<List<(HttpStatusCode First, HttpStatusCode Second, string Bodies)>> RaceAsync(int count,
        Func<int, Task<HttpResponseMessage>> first, Func<int, Task<HttpResponseMessage>> second)
    {
        var outcomes = new (HttpStatusCode, HttpStatusCode, string)[count];
        using var gate = new SemaphoreSlim(10);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async k =>
        {
            await gate.WaitAsync();
            try
            {
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var a = Task.Run(async () => { await start.Task; return await PatientAsync(() => first(k)); });
                var b = Task.Run(async () => { await start.Task; return await PatientAsync(() => second(k)); });
                start.SetResult();
                var (ra, rb) = (await a, await b);
                outcomes[k] = (ra.StatusCode, rb.StatusCode, await ra.Content.ReadAsStringAsync() + " ‖ " + await rb.Content.ReadAsStringAsync());
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. outcomes];
    }

    /// <summary>
    /// Sends again after a 503 (the store was busy past the writers' wait: nothing was done, Retry-After says to try again), as
    /// a client should; on a loaded 2-core machine fifty writers queue past the wait. The race is decided on the retry.
    /// </summary>
    private static async Task<HttpResponseMessage> PatientAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }

    private static void ExactlyOneWins(IEnumerable<(HttpStatusCode First, HttpStatusCode Second, string Bodies)> outcomes)
    {
        foreach (var (first, second, bodies) in outcomes)
        {
            string.Join(",", new[] { (int)first, (int)second }.Order()).ShouldBe("200,409", bodies);
        }
    }

    private Task<HttpResponseMessage> DecideAsync(HttpClient client, string set, int k, string action, string? reason = null) =>
        client.PostAsJsonAsync($"/api/dataSets/{Set(set)}/approvals", new { orgUnit = Reports[k].Unit, period = Reports[k].Month, action, reason });

    private async Task SubmitAllAsync(string set)
    {
        var reporters = new Dictionary<string, HttpClient>
        {
            [WebApp.Dalin] = app.TokenClient(await app.TokenAsync("dalin")),
            [WebApp.Qianjia] = app.TokenClient(await app.TokenAsync("qianjia")),
        };
        foreach (var (unit, month) in Reports)
        {
            var response = await reporters[unit].PostAsJsonAsync($"/api/dataSets/{Set(set)}/submissions", new { orgUnit = unit, period = month });
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Each report's state, the new value of its audit rows (oldest first) and the return messages its unit got for it.</summary>
    private async Task<List<(string State, List<string> Audit, int Returned)>> ReportsAsync(string set)
    {
        var status = new List<(string, List<string>, int)>();
        var reviewer = app.TokenClient(await app.TokenAsync("cityreview"));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var bodies = await MessageBodiesAsync(db, "form_returned");
        foreach (var (unit, month) in Reports)
        {
            var json = await reviewer.GetFromJsonAsync<JsonElement>($"/api/dataSets/{Set(set)}/status?orgUnit={unit}&period={month}");
            var audit = (await AuditAsync(db, $"{Set(set)}|{unit}|{month}", "data_set_report")).Select(e => e.New ?? "").ToList();
            Period.TryParse(month, out var period).ShouldBeTrue();
            var name = db.OrgUnits.Single(u => u.Code == unit).Name;
            status.Add((json[0].GetProperty("state").GetString()!, audit, bodies.Count(b => b.Contains($"{name}{period.ToChinese()}的竞态月报{set}:", StringComparison.Ordinal))));
        }
        return status;
    }

    /// <summary>The audit rows of exactly this key (the log's key filter also finds longer keys that start with it), oldest first.</summary>
    private static async Task<List<AuditLog.Entry>> AuditAsync(YardstickDb db, string key, string? entity = null) =>
        [.. (await AuditLog.SearchAsync(db, new AuditLog.Filter(Entity: entity, Key: key))).Where(e => e.Key == key).OrderBy(e => e.Id)];

    private static async Task<decimal?> StoredAsync(YardstickDb db, string element, string unit, string month)
    {
        Period.TryParse(month, out var period).ShouldBeTrue();
        var unitId = db.OrgUnits.Single(u => u.Code == unit).Id;
        var elementId = db.DataElements.Single(e => e.Code == element).Id;
        await db.Database.OpenConnectionAsync();
        await foreach (var v in DataValueStore.ReadAsync(db, [elementId], period.Year, period.Year, default, [unitId]))
        {
            if (v.Period == period)
            {
                return v.Value;
            }
        }
        return null;
    }

    private static async Task<List<string>> MessageBodiesAsync(YardstickDb db, string kind)
    {
        var bodies = new List<string>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT body FROM messages WHERE kind = '{kind}'";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            bodies.Add(reader.GetString(0));
        }
        return bodies;
    }

    [Fact]
    public async Task Approve_and_return_at_once_one_wins_and_the_unit_hears_only_of_what_stands()
    {
        await SubmitAllAsync("a");
        var city = app.TokenClient(await app.TokenAsync("cityreview"));
        var county = app.TokenClient(await app.TokenAsync("kerqinreview"));

        ExactlyOneWins(await RaceAsync(Pairs, k => DecideAsync(city, "a", k, "approve"), k => DecideAsync(county, "a", k, "return", "竞态退回")));

        foreach (var (state, audit, returned) in await ReportsAsync("a"))
        {
            audit.Count.ShouldBe(2, string.Join(" / ", audit));
            state.ShouldBeOneOf("approved", "returned");
            audit[^1].ShouldStartWith(state == "approved" ? "已审核" : "已退回");
            returned.ShouldBe(state == "returned" ? 1 : 0);
        }
    }

    [Fact]
    public async Task Two_reviewers_approving_at_once_make_one_approval_and_two_unapproving_one_reopening()
    {
        await SubmitAllAsync("b");
        var city = app.TokenClient(await app.TokenAsync("cityreview"));
        var county = app.TokenClient(await app.TokenAsync("cityreview2"));

        ExactlyOneWins(await RaceAsync(Pairs, k => DecideAsync(city, "b", k, "approve"), k => DecideAsync(county, "b", k, "approve")));
        foreach (var (state, audit, _) in await ReportsAsync("b"))
        {
            state.ShouldBe("approved");
            audit.Count.ShouldBe(2, string.Join(" / ", audit));
        }

        ExactlyOneWins(await RaceAsync(Pairs, k => DecideAsync(city, "b", k, "unapprove"), k => DecideAsync(county, "b", k, "unapprove")));
        foreach (var (state, audit, _) in await ReportsAsync("b"))
        {
            state.ShouldBe("saved");
            audit.Count.ShouldBe(3, string.Join(" / ", audit));
            audit[^1].ShouldStartWith("取消审核");
        }
    }

    [Fact]
    public async Task Closing_and_returning_a_task_at_once_leave_it_as_the_one_step_that_was_taken()
    {
        var planner = app.TokenClient(await app.TokenAsync("planner"));
        var planner2 = app.TokenClient(await app.TokenAsync("planner2"));
        var office = app.TokenClient(await app.TokenAsync("office3"));
        var ids = new List<long>();
        for (var k = 0; k < Pairs; k++)
        {
            var created = await planner.PostAsJsonAsync("/api/tasks", new { title = $"竞态任务-{k}", plan = "TL14", leads = new[] { WebApp.ThirdOffice }, deadline = "2027-06-30" });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            (await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "request_close", note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            ids.Add(id);
        }

        ExactlyOneWins(await RaceAsync(Pairs,
            k => planner.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "close", rating = 5 }),
            k => planner2.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "return", note = "竞态退回" })));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var closed = await MessageBodiesAsync(db, "task_close");
        var returned = await MessageBodiesAsync(db, "task_return");
        foreach (var id in ids)
        {
            var task = (await Data.Tasks.TaskBoard.GetAsync(db, id))!;
            var steps = (await AuditAsync(db, $"TL14/{task.No}")).Where(e => e.Entity is "task.close" or "task.return").ToList();
            steps.Count.ShouldBe(1, task.Title);
            var stage = task.Stage.Word();
            steps[0].New!.ShouldStartWith(stage);
            stage.ShouldBe(steps[0].Entity == "task.close" ? "closed" : "received");
            closed.Count(b => b.Contains($"《{task.Title}》", StringComparison.Ordinal)).ShouldBe(stage == "closed" ? 1 : 0);
            returned.Count(b => b.Contains($"《{task.Title}》", StringComparison.Ordinal)).ShouldBe(stage == "closed" ? 0 : 1);
        }
    }

    [Fact]
    public async Task Two_planners_publishing_at_once_publish_once_and_two_answering_an_appeal_answer_once()
    {
        var planner = app.TokenClient(await app.TokenAsync("planner"));
        var planner2 = app.TokenClient(await app.TokenAsync("planner2"));
        // 50 assessments: the city and 科尔沁区, each for 25 years.
        var assessed = Enumerable.Range(0, Pairs).Select(k => (Unit: k % 2 == 0 ? WebApp.City : WebApp.Kerqin, Year: 1990 + k / 2)).ToList();
        Task<HttpResponseMessage> Publish(HttpClient client, int k) =>
            client.PostAsJsonAsync($"/api/plans/TL14/assessment?orgunit={assessed[k].Unit}&year={assessed[k].Year}", new { action = "publish", appealDays = 7 });

        ExactlyOneWins(await RaceAsync(Pairs, k => Publish(planner, k), k => Publish(planner2, k)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
            var published = await MessageBodiesAsync(db, "assessment_published");
            foreach (var (unit, year) in assessed)
            {
                (await AuditAsync(db, $"TL14/{unit}/{year}", "assessment")).Count.ShouldBe(1);
                var assessing = db.OrgUnits.Single(u => u.Code == unit);
                var table = (await Data.Reports.Assessments.GetAsync(db, db.Plans.Single(p => p.Code == "TL14").Id, assessing.Id, year))!.Published;
                published.Count(b => b.StartsWith($"{assessing.Name}{year}年考核结果", StringComparison.Ordinal)).ShouldBe(table.Lines.Count);
            }
        }

        // 50 appeals of 科尔沁区 against the city's 1990 table, each answered by two planners at once.
        var county = app.TokenClient(await app.TokenAsync("kerqin"));
        var appeals = new List<long>();
        for (var k = 0; k < Pairs; k++)
        {
            var filed = await county.PostAsJsonAsync($"/api/plans/TL14/assessment?orgunit={WebApp.City}&year=1990", new { action = "appeal", text = $"申诉{k}" });
            filed.StatusCode.ShouldBe(HttpStatusCode.OK, await filed.Content.ReadAsStringAsync());
            appeals.Add((await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appeals").EnumerateArray().Last().GetProperty("id").GetInt64());
        }
        Task<HttpResponseMessage> Answer(HttpClient client, int k, bool accepted) =>
            client.PostAsJsonAsync($"/api/plans/TL14/assessment?orgunit={WebApp.City}&year=1990", new { action = "answer", appeal = appeals[k], accepted, text = accepted ? "采纳" : "不予采纳" });

        ExactlyOneWins(await RaceAsync(Pairs, k => Answer(planner, k, true), k => Answer(planner2, k, false)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
            var replies = await MessageBodiesAsync(db, "assessment_reply");
            var now = await planner.GetFromJsonAsync<JsonElement>($"/api/plans/TL14/scorecard?orgunit={WebApp.City}&year=1990");
            now.GetProperty("state").GetString().ShouldBe("published");
            var city = db.OrgUnits.Single(u => u.Code == WebApp.City).Id;
            var plan = db.Plans.Single(p => p.Code == "TL14").Id;
            var assessment = (await Data.Reports.Assessments.GetAsync(db, plan, city, 1990))!;
            var stored = assessment.Appeals.ToDictionary(a => a.Id);
            foreach (var id in appeals)
            {
                var audit = await AuditAsync(db, $"{assessment.Id}/{id}", "assessment_appeal");
                audit.Count.ShouldBe(1);
                audit[0].New!.ShouldStartWith(stored[id].StateChinese);
            }
            replies.Count(b => b.StartsWith("1990年考核申诉已采纳", StringComparison.Ordinal)).ShouldBe(stored.Values.Count(a => a.State == "accepted"));
            replies.Count(b => b.StartsWith("1990年考核申诉未采纳", StringComparison.Ordinal)).ShouldBe(stored.Values.Count(a => a.State == "rejected"));
            stored.Values.Count(a => a.State is "accepted" or "rejected").ShouldBe(Pairs);
        }
    }

    /// <summary>
    /// A reporter saving a figure while a colleague presses 上报 on the same form: the figure is either saved before the
    /// submission (and is what the reviewer sees) or refused as 等待审核 — never written into a form already submitted.
    /// </summary>
    [Fact]
    public async Task A_value_saved_while_its_form_is_submitted_is_saved_before_the_submission_or_refused()
    {
        var reporters = new Dictionary<string, HttpClient>
        {
            [WebApp.Dalin] = app.TokenClient(await app.TokenAsync("dalin")),
            [WebApp.Qianjia] = app.TokenClient(await app.TokenAsync("qianjia")),
        };
        var outcomes = await RaceAsync(Pairs,
            k => reporters[Reports[k].Unit].PostAsJsonAsync("/api/dataValueSets",
                new { dataValues = new[] { new { dataElement = "infant_deaths", period = Reports[k].Month, orgUnit = Reports[k].Unit, value = "7" } } }),
            k => reporters[Reports[k].Unit].PostAsJsonAsync($"/api/dataSets/{Set("c")}/submissions", new { orgUnit = Reports[k].Unit, period = Reports[k].Month }));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        for (var k = 0; k < Pairs; k++)
        {
            var (unit, month) = Reports[k];
            var (saved, submitted, bodies) = outcomes[k];
            submitted.ShouldBe(HttpStatusCode.OK, bodies);
            saved.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Conflict], bodies);
            // The fixture's import wrote the 1; this race's save writes the 7.
            var valueAudit = (await AuditAsync(db, $"infant_deaths/{unit}/{month}", "data_value")).Where(e => e.New?.StartsWith('7') == true).ToList();
            var submission = (await AuditAsync(db, $"{Set("c")}|{unit}|{month}", "data_set_report")).Single();
            var stored = await StoredAsync(db, "infant_deaths", unit, month);
            if (saved == HttpStatusCode.OK)
            {
                valueAudit.Single().Id.ShouldBeLessThan(submission.Id, "a saved figure is written before the form is submitted, never after");
                stored.ShouldBe(7m);
            }
            else
            {
                valueAudit.ShouldBeEmpty();
                stored.ShouldBe(1m);
            }
        }
    }

    /// <summary>
    /// The assigner's colleague moves a task's deadline while the assigner closes it (销号): the close stands, and the new
    /// deadline is either in place before it (audited first) or refused — a closed task's deadline never moves afterwards.
    /// </summary>
    [Fact]
    public async Task A_deadline_moved_while_the_task_is_closed_moves_before_the_close_or_is_refused()
    {
        var planner = app.TokenClient(await app.TokenAsync("planner"));
        var planner2 = app.TokenClient(await app.TokenAsync("planner2"));
        var office = app.TokenClient(await app.TokenAsync("office3"));
        var ids = new List<long>();
        for (var k = 0; k < Pairs; k++)
        {
            var created = await planner.PostAsJsonAsync("/api/tasks", new { title = $"时限竞态-{k}", plan = "TL14", leads = new[] { WebApp.ThirdOffice }, deadline = "2027-06-30" });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            (await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "request_close", note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            ids.Add(id);
        }

        var outcomes = await RaceAsync(Pairs,
            k => planner.PatchAsJsonAsync($"/api/tasks/{ids[k]}", new { deadline = "2027-12-31" }),
            k => planner2.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "close", rating = 5 }));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        for (var k = 0; k < Pairs; k++)
        {
            var (moved, closed, bodies) = outcomes[k];
            closed.ShouldBe(HttpStatusCode.OK, bodies);
            moved.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.Conflict], bodies);
            var task = (await Data.Tasks.TaskBoard.GetAsync(db, ids[k]))!;
            task.Stage.ShouldBe(TaskStage.Closed);
            var audit = await AuditAsync(db, $"TL14/{task.No}");
            var close = audit.Single(e => e.Entity == "task.close");
            var deadlineMoves = audit.Where(e => e.Entity == "task.deadline").ToList();
            if (moved == HttpStatusCode.OK)
            {
                deadlineMoves.Single().Id.ShouldBeLessThan(close.Id, bodies);
                task.Deadline.ShouldBe(new DateOnly(2027, 12, 31));
            }
            else
            {
                deadlineMoves.ShouldBeEmpty();
                task.Deadline.ShouldBe(new DateOnly(2027, 6, 30));
            }
        }
    }

    /// <summary>
    /// Issue 28: one planner's favourite renamed in one tab and deleted in another at the same moment, both on the version the
    /// list showed: one step is taken, the other refused (409, or 404 when the delete came first); a deleted favourite is gone,
    /// a renamed one carries the new name.
    /// </summary>
    [Fact]
    public async Task A_favourite_renamed_and_deleted_at_once_is_one_or_the_other()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var tag = Guid.NewGuid().ToString("N")[..6];
        var saved = new List<(long Id, int Version)>();
        for (var k = 0; k < Pairs; k++)
        {
            using var created = await planner.PostAsJsonAsync("/api/analytics/favorites",
                new { name = $"竞态{tag}-{k}", shared = false, selection = new { data = new[] { "live_births" }, units = WebApp.City, periods = "2023" } });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
            saved.Add((json.GetProperty("id").GetInt64(), json.GetProperty("version").GetInt32()));
        }

        var outcomes = await RaceAsync(Pairs,
            k => planner.PatchAsJsonAsync($"/api/analytics/favorites/{saved[k].Id}", new { name = $"改名{tag}-{k}", version = saved[k].Version }),
            k => planner.DeleteAsync($"/api/analytics/favorites/{saved[k].Id}?version={saved[k].Version}"));

        var list = JsonDocument.Parse(await planner.GetStringAsync("/api/analytics/favorites")).RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetInt64(), f => f.GetProperty("name").GetString());
        for (var k = 0; k < Pairs; k++)
        {
            var (renamed, deleted, bodies) = outcomes[k];
            // The loser is told the version moved (409), or, when the delete came first, that there is no such favourite (404).
            $"{(int)renamed},{(int)deleted}".ShouldBeOneOf(["200,409", "409,204", "404,204"], bodies);
            if (renamed == HttpStatusCode.OK)
            {
                list[saved[k].Id].ShouldBe($"改名{tag}-{k}");
            }
            else
            {
                list.ShouldNotContainKey(saved[k].Id);
            }
        }
    }

    /// <summary>
    /// Two department users open the same document target's page; the first records 达成, the second (still looking at the
    /// empty page) records 未达成: the second is told what was recorded meanwhile and nothing of theirs replaces it.
    /// </summary>
    [Fact]
    public async Task A_result_form_drawn_before_someone_else_recorded_does_not_replace_their_result()
    {
        var item = await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.SingleAsync(p => p.Code == "CZ2021");
            return (await Data.Documents.DocumentTargets.OpenItemsAsync(db, plan)).Last(i => i.Kind == "annex").Id;
        });
        var page = $"/Plans/Result?item={item}&orgunit={WebApp.City}&year=2019";
        using var first = await app.SignInAsync("dept");
        using var second = await app.SignInAsync("planner");
        var firstForm = await first.GetStringAsync(page);
        var secondForm = await second.GetStringAsync(page);
        secondForm.ShouldContain("name=\"seen\" value=\"0\"");

        Dictionary<string, string> Fields(string form, string outcome, string note) => new()
        {
            ["__RequestVerificationToken"] = AntiForgeryToken.From(form),
            ["seen"] = System.Text.RegularExpressions.Regex.Match(form, "name=\"seen\" value=\"(\\d+)\"").Groups[1].Value,
            ["outcome"] = outcome,
            ["note"] = note,
        };
        (await first.PostAsync(page, new FormUrlEncodedContent(Fields(firstForm, "achieved", "先登记")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var late = await second.PostAsync(page, new FormUrlEncodedContent(Fields(secondForm, "not_achieved", "后登记")));
        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await late.Content.ReadAsStringAsync();
        answer.ShouldContain("已被 dept");
        answer.ShouldContain("您的登记未保存");

        var history = await app.WithDbAsync(async db => await Data.Documents.DocumentTargets.HistoryAsync(db, item,
            (await db.OrgUnits.SingleAsync(u => u.Code == WebApp.City)).Id));
        history.Where(r => r.Year == 2019).Select(r => r.Note).ShouldBe(["先登记"]);

        // Drawn again, the form carries what is there now and records over it.
        var fresh = await second.GetStringAsync(page);
        (await second.PostAsync(page, new FormUrlEncodedContent(Fields(fresh, "not_achieved", "复核后改登")))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

public sealed class SqliteDecisionRaceTests(SqliteWebApp app) : DecisionRaceTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresDecisionRaceTests(PostgresWebApp app) : DecisionRaceTests(app), IClassFixture<PostgresWebApp>;
