using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Access;

namespace Yardstick.Web.Tests;

/// <summary>Issue 29's decisions raced: 延期 granted and refused at once, two 延期申请 at once, two 转办 at once.</summary>
public abstract partial class DecisionRaceTests
{
    /// <summary>A second account of the lead department (基层科), so two people of the lead's side can act at once.</summary>
    private async Task<HttpClient> SecondLeadAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        if (!db.OrgUnits.Any(u => u.Code == WebApp.ThirdOffice))
        {
            throw new InvalidOperationException("the shared app has no 150500D3");
        }
        // Made once per app; a second test of the class finds it there (the answer then names the duplicate, which is fine).
        await UserAccounts.CreateAsync(scope.ServiceProvider, db, "office3b", Roles.Department, WebApp.ThirdOffice, WebApp.Password, mustChangePassword: false,
            DateTimeOffset.UtcNow);
        return app.TokenClient(await app.TokenAsync("office3b"));
    }

    /// <summary>50 tasks handed to 基层科 and acknowledged, deadline 2027-06-30; <paramref name="then"/> runs on each as its lead.</summary>
    private async Task<List<long>> ReceivedTasksAsync(string title, HttpClient planner, HttpClient lead, Func<long, Task>? then = null)
    {
        var ids = new List<long>();
        for (var k = 0; k < Pairs; k++)
        {
            var created = await planner.PostAsJsonAsync("/api/tasks", new { title = $"{title}-{k}", plan = "TL14", leads = new[] { WebApp.ThirdOffice }, deadline = "2027-06-30" });
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            (await lead.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "receive" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            if (then is not null)
            {
                await then(id);
            }
            ids.Add(id);
        }
        return ids;
    }

    [Fact]
    public async Task Issue_29_granting_and_refusing_an_extension_at_once_leave_the_deadline_as_the_one_answer_given()
    {
        var planner = app.TokenClient(await app.TokenAsync("planner"));
        var planner2 = app.TokenClient(await app.TokenAsync("planner2"));
        var office = app.TokenClient(await app.TokenAsync("office3"));
        var ids = await ReceivedTasksAsync("延期竞态", planner, office, async id =>
            (await office.PostAsJsonAsync($"/api/tasks/{id}/actions", new { action = "request_extension", deadline = "2027-09-30", reason = "设备推迟" }))
                .StatusCode.ShouldBe(HttpStatusCode.OK));

        ExactlyOneWins(await RaceAsync(Pairs,
            k => planner.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "grant_extension" }),
            k => planner2.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "refuse_extension", reason = "竞态不同意" })));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var granted = await MessageBodiesAsync(db, "task_grant_extension");
        var refused = await MessageBodiesAsync(db, "task_refuse_extension");
        foreach (var id in ids)
        {
            var task = (await Data.Tasks.TaskBoard.GetAsync(db, id))!;
            var steps = (await AuditAsync(db, $"TL14/{task.No}")).Where(e => e.Entity is "task.grant_extension" or "task.refuse_extension").ToList();
            steps.Count.ShouldBe(1, task.Title);
            var wasGranted = steps[0].Entity == "task.grant_extension";
            task.ExtensionPending.ShouldBeFalse();
            (task.Deadline, task.OriginalDeadline).ShouldBe(wasGranted
                ? (new DateOnly(2027, 9, 30), new DateOnly(2027, 6, 30))
                : (new DateOnly(2027, 6, 30), (DateOnly?)null));
            granted.Count(b => b.Contains($"《{task.Title}》", StringComparison.Ordinal)).ShouldBe(wasGranted ? 1 : 0);
            refused.Count(b => b.Contains($"《{task.Title}》", StringComparison.Ordinal)).ShouldBe(wasGranted ? 0 : 1);
        }
    }

    [Fact]
    public async Task Issue_29_two_extension_requests_at_once_make_one_request()
    {
        var planner = app.TokenClient(await app.TokenAsync("planner"));
        var office = app.TokenClient(await app.TokenAsync("office3"));
        var colleague = await SecondLeadAsync();
        var ids = await ReceivedTasksAsync("申请竞态", planner, office);

        ExactlyOneWins(await RaceAsync(Pairs,
            k => office.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "request_extension", deadline = "2027-09-30", reason = "甲" }),
            k => colleague.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "request_extension", deadline = "2027-12-31", reason = "乙" })));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var asked = await MessageBodiesAsync(db, "task_request_extension");
        foreach (var id in ids)
        {
            var task = (await Data.Tasks.TaskBoard.GetAsync(db, id))!;
            var step = (await AuditAsync(db, $"TL14/{task.No}")).Where(e => e.Entity == "task.request_extension").ShouldHaveSingleItem();
            task.ExtensionAsked.ShouldBe(step.New!.Contains("2027-09-30", StringComparison.Ordinal) ? new DateOnly(2027, 9, 30) : new DateOnly(2027, 12, 31));
            asked.Count(b => b.Contains($"《{task.Title}》", StringComparison.Ordinal)).ShouldBe(1);
        }
    }

    /// <summary>Two people of the lead hand the same task on at once: one 转办 stands; the other is told it moved (409), or, read after, no longer sees it (404).</summary>
    [Fact]
    public async Task Issue_29_two_transfers_at_once_hand_the_task_on_once()
    {
        var planner = app.TokenClient(await app.TokenAsync("planner"));
        var office = app.TokenClient(await app.TokenAsync("office3"));
        var colleague = await SecondLeadAsync();
        var ids = await ReceivedTasksAsync("转办竞态", planner, office);

        var outcomes = await RaceAsync(Pairs,
            k => office.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "transfer", to = WebApp.SecondOffice, reason = "甲" }),
            k => colleague.PostAsJsonAsync($"/api/tasks/{ids[k]}/actions", new { action = "transfer", to = WebApp.SecondOffice, reason = "乙" }));

        foreach (var (first, second, bodies) in outcomes)
        {
            new[] { first, second }.Count(s => s == HttpStatusCode.OK).ShouldBe(1, bodies);
            new[] { first, second }.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict || s == HttpStatusCode.NotFound, bodies);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var told = await MessageBodiesAsync(db, "task_transfer");
        foreach (var id in ids)
        {
            var task = (await Data.Tasks.TaskBoard.GetAsync(db, id))!;
            (await AuditAsync(db, $"TL14/{task.No}")).Count(e => e.Entity == "task.transfer").ShouldBe(1);
            task.Owners.ShouldHaveSingleItem().Code.ShouldBe(WebApp.SecondOffice);
            told.Count(b => b.Contains($"《{task.Title}》", StringComparison.Ordinal)).ShouldBe(2, "the new lead and the assigner, once each");
        }
    }
}
