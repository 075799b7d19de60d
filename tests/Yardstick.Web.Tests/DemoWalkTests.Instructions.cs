using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Yardstick.Web.Tests;

/// <summary>Issue 29, point 1: 领导批示件 and tasks outside plans through the API and the pages, inside each user's scope.</summary>
public abstract partial class DemoWalkTests
{
    [Fact]
    public async Task Issue_29_an_instruction_registered_starts_tasks_outside_plans_filtered_by_source_and_hidden_from_other_counties()
    {
        using var planner = app.TokenClient(await app.TokenAsync("planner"));
        var leader = "王" + Guid.NewGuid().ToString("N")[..6] + " 副主任";

        var registered = await planner.PostAsync("/api/instructions", JsonContent.Create(new
        {
            title = "市政府督查室《关于家庭医生签约服务情况的专报》",
            leader,
            date = "2026-03-01",
            text = "请市卫健委认真研究, 拿出整改措施。",
            due = "2026-04-30",
        }));
        var instruction = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, instruction.ToString());
        var id = instruction.GetProperty("id").GetInt64();
        var number = instruction.GetProperty("number").GetString()!;
        number.ShouldMatch(@"^批示〔2026〕\d+号$");

        var made = await planner.PostAsync("/api/tasks", JsonContent.Create(new { title = "制定家庭医生签约整改措施", instruction = id, leads = new[] { WebApp.ThirdOffice }, deadline = "2026-04-15" }));
        var task = JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement;
        made.StatusCode.ShouldBe(HttpStatusCode.Created, task.ToString());
        task.GetProperty("plan").ValueKind.ShouldBe(JsonValueKind.Null);
        (task.GetProperty("number").GetString(), task.GetProperty("source").GetString(), task.GetProperty("sourceName").GetString(), task.GetProperty("instruction").GetInt64())
            .ShouldBe((number + "-1", "instruction", "批示件", id));
        var kailu = await planner.PostAsync("/api/tasks", JsonContent.Create(new { title = "开鲁县签约服务整改", instruction = id, leads = new[] { WebApp.Kailu } }));
        kailu.StatusCode.ShouldBe(HttpStatusCode.Created, await kailu.Content.ReadAsStringAsync());

        var fromInstructions = JsonDocument.Parse(await planner.GetStringAsync("/api/tasks?source=instruction")).RootElement.EnumerateArray().ToList();
        fromInstructions.Count(t => t.GetProperty("instruction").ValueKind == JsonValueKind.Number && t.GetProperty("instruction").GetInt64() == id).ShouldBe(2);
        fromInstructions.ShouldAllBe(t => t.GetProperty("source").GetString() == "instruction");
        (await planner.GetStringAsync("/api/tasks?source=plan")).ShouldNotContain(number);
        var bogus = await planner.GetAsync("/api/tasks?source=leader");
        bogus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bogus.Content.ReadAsStringAsync()).ShouldContain("无法识别的任务来源");
        var one = JsonDocument.Parse(await planner.GetStringAsync($"/api/instructions/{id}")).RootElement;
        (one.GetProperty("total").GetInt32(), one.GetProperty("closed").GetInt32(), one.GetProperty("tasks").GetArrayLength()).ShouldBe((2, 0, 2));
        var listed = JsonDocument.Parse(await planner.GetStringAsync("/api/instructions?q=" + Uri.EscapeDataString(leader))).RootElement;
        listed.GetProperty("instructions").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldBe([id]);

        // Refused in Chinese, naming the field; a viewer may read but not register.
        var noLeader = await planner.PostAsync("/api/instructions", JsonContent.Create(new { title = "来文", date = "2026-03-01", text = "批示" }));
        noLeader.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await noLeader.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().ShouldBe("leader");
        using var viewer = app.TokenClient(await app.TokenAsync("viewer"));
        (await viewer.PostAsync("/api/instructions", JsonContent.Create(new { title = "来文", leader = "李四 主任", date = "2026-03-01", text = "批示" }))).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetStringAsync($"/api/instructions/{id}")).ShouldContain(number);

        // 科尔沁区 and its township 大林镇 own none of its tasks: neither page nor API shows it to them.
        foreach (var user in new[] { "kerqin", "dalin" })
        {
            using var api = app.TokenClient(await app.TokenAsync(user));
            (await api.GetAsync($"/api/instructions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, user);
            (await api.GetStringAsync("/api/instructions")).ShouldNotContain(leader);
            (await api.GetStringAsync("/api/tasks?source=instruction")).ShouldNotContain(number);
            using var browser = await app.SignInAsync(user);
            (await browser.GetAsync($"/Instructions/Detail?id={id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, user);
            (await browser.GetStringAsync("/Instructions")).ShouldNotContain(leader);
        }

        // 卫健三处 owns one task: it sees the instruction, and only its own task under it.
        using var office = await app.SignInAsync("office3");
        var page = await office.GetStringAsync($"/Instructions/Detail?id={id}");
        page.ShouldContain(leader);
        Regex.Matches(page, "<tr data-task=").Count.ShouldBe(1);
        page.ShouldContain(number + "-1");
        (await office.GetStringAsync("/Tasks?source=instruction")).ShouldContain(number + "-1");
        (await office.GetStringAsync("/Tasks?source=plan")).ShouldNotContain(number + "-1");
    }
}
