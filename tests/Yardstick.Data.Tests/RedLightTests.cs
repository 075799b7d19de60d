using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Tasks;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>
/// A draft 督办 task when a target turns red (issue 28, item 3), on SQLite and on a real PostgreSQL; the clock at 2024-03-01 in
/// Beijing: the last ended year, and the plan's default year, is 2023.
/// </summary>
public abstract class RedLightTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero))
{
    /// <summary>科尔沁区's 2023 infant deaths: 4 of 4,000 births is 1‰ (met, green); 30 is 7.5‰, worse than the plan's 5.34 baseline (red).</summary>
    private string Deaths(int kerqin) => File($"deaths{kerqin}.csv",
        $"dataelement,period,orgunit,value\nlive_births,2023,150502,4000\ninfant_deaths,2023,150502,{kerqin}\nlive_births,2023,150521,3420\ninfant_deaths,2023,150521,1\n");

    private async Task<DatabaseLocation> SetUpAsync()
    {
        var location = await NewLocationAsync();
        await using var db = location.Open();
        await SchemaMigrator.MigrateAsync(db);
        await ImportCleanAsync(db,
            File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"),
            Deaths(4));
        return location;
    }

    private static async Task<List<PlanTask>> DraftsAsync(YardstickDb db) =>
        [.. (await TaskBoard.ListAsync(db, "TL14")).Where(t => t.Reason is not null)];

    [Fact]
    public async Task A_target_turning_red_makes_one_draft_even_from_two_instances_at_once_and_a_dismissed_one_returns_only_after_the_light_left_red()
    {
        var location = await SetUpAsync();
        await using var db = location.Open();
        (await RedLights.DraftAsync(db, EngineLoader.OneShot, Time)).ShouldBe(0, "every light green: nothing to draft");

        await ImportCleanAsync(db, Deaths(30));
        await using var first = location.Open();
        await using var second = location.Open();
        var stored = await Task.WhenAll(RedLights.DraftAsync(first, EngineLoader.OneShot, Time), RedLights.DraftAsync(second, EngineLoader.OneShot, Time));

        stored.Sum().ShouldBe(1, "two instances noticing the same red light store one draft");
        (await RedLights.DraftAsync(db, EngineLoader.OneShot, Time)).ShouldBe(0, "a second run finds the episode's draft");
        var draft = (await DraftsAsync(db)).ShouldHaveSingleItem();
        draft.Stage.ShouldBe(TaskStage.Draft);
        draft.No.ShouldBe("预警1");
        draft.Title.ShouldBe("科尔沁区“婴儿死亡率”亮红灯: 研究督办");
        draft.IndicatorCodes.ShouldBe(["imr"]);
        draft.Assigner!.Code.ShouldBe("150500", "assigned by the unit the plan's target was set for");
        draft.LeadOwners.ShouldHaveSingleItem().Code.ShouldBe("150502");
        draft.Reason.ShouldBe("红灯原因: 较基期恶化。科尔沁区 2023年婴儿死亡率 7.5‰, 目标≤5 (2025年), 基期 5.34‰ (2020年); 较基期恶化; "
            + "预计2025年 9.41‰, 预计难以达标; 完成进度 -635.3%, 落后序时进度 695.3 个百分点。");
        (await Inbox.ListAsync(db, draft.Assigner.OrgUnitId)).ShouldContain(m => m.Kind == "task_draft" && m.TaskId == draft.Id);
        (await AuditLog.ReadAsync(db)).ShouldContain(a => a.Entity == "task.draft" && a.Key == "TL14/预警1");

        // The planner dismisses it with a reason: audited; a second dismissal (a stale page, another planner) is refused 409.
        var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var planner = new TaskViewer("planner", city, MayAssign: true, MayAct: true);
        var county = new TaskViewer("kerqin", await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150502"), MayAssign: true, MayAct: true);
        (await TaskBoard.ActAsync(db, draft.Id, new TaskActionInput(TaskAction.Dismiss), planner, Time.GetUtcNow())).Refusal!.Kind.ShouldBe(RefusalKind.Invalid);
        (await TaskBoard.ActAsync(db, draft.Id, new TaskActionInput(TaskAction.Dismiss, "区里已在整改"), county, Time.GetUtcNow())).Refusal!.Kind
            .ShouldBe(RefusalKind.Forbidden, "the proposed owner does not decide its own draft");
        var dismissed = await Task.WhenAll(
            TaskBoard.ActAsync(first, draft.Id, new TaskActionInput(TaskAction.Dismiss, "数据待核实"), planner, Time.GetUtcNow()),
            TaskBoard.ActAsync(second, draft.Id, new TaskActionInput(TaskAction.Dismiss, "已在督办中"), planner with { Name = "planner2" }, Time.GetUtcNow()));
        dismissed.Count(d => d.Succeeded).ShouldBe(1);
        dismissed.Single(d => !d.Succeeded).Refusal!.Kind.ShouldBe(RefusalKind.Conflict);
        (await TaskBoard.ActAsync(db, draft.Id, new TaskActionInput(TaskAction.Dismiss, "再撤销一次"), planner, Time.GetUtcNow())).Refusal!.Kind.ShouldBe(RefusalKind.Conflict);
        (await TaskBoard.ActAsync(db, draft.Id, new TaskActionInput(TaskAction.Assign, Leads: ["150502"]), planner, Time.GetUtcNow())).Refusal!.Kind
            .ShouldBe(RefusalKind.Conflict, "a dismissed draft is not handed over later");
        (await TaskBoard.GetAsync(db, draft.Id))!.Stage.ShouldBe(TaskStage.Dismissed);
        (await AuditLog.ReadAsync(db)).Where(a => a.Entity == "task.dismiss").ShouldHaveSingleItem().Old.ShouldBe("draft");

        // Still red: the dismissed draft is not made again. Green, then red again: a new episode, a new draft.
        (await RedLights.DraftAsync(db, EngineLoader.OneShot, Time)).ShouldBe(0);
        await ImportCleanAsync(db, Deaths(4));
        (await RedLights.DraftAsync(db, EngineLoader.OneShot, Time)).ShouldBe(0);
        await ImportCleanAsync(db, Deaths(30));
        (await RedLights.DraftAsync(db, EngineLoader.OneShot, Time)).ShouldBe(1);
        var drafts = await DraftsAsync(db);
        drafts.Select(d => (d.No, d.Stage)).ShouldBe([("预警1", TaskStage.Dismissed), ("预警2", TaskStage.Draft)]);

        // The planner hands the new one over through the loop: it becomes a normal task, 待签收 by 科尔沁区.
        var handed = await TaskBoard.ActAsync(db, drafts[1].Id, new TaskActionInput(TaskAction.Assign, "请制定整改方案", Deadline: new DateOnly(2024, 6, 30)),
            planner, Time.GetUtcNow());
        handed.Succeeded.ShouldBeTrue(handed.Refusal?.Message);
        (await TaskBoard.GetAsync(db, drafts[1].Id))!.Stage.ShouldBe(TaskStage.Assigned);
        (await RedLights.DraftsOfAsync(db, "TL14")).Values.ShouldHaveSingleItem().ShouldBe((drafts[1].Id, TaskStage.Assigned));
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }
}

public sealed class SqliteRedLightTests() : RedLightTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRedLightTests(PostgresFixture server) : RedLightTests(StoreTest.Postgres(server));
