using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Tasks;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>领导批示件 and tasks outside plans (issue 29, point 1), on SQLite and on a real PostgreSQL; the clock at 2026-03-02 09:00 in Beijing.</summary>
public abstract class InstructionTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero))
{
    /// <summary>A city with two counties, each with a township, and the city's 办公室 (a department).</summary>
    private async Task<DatabaseLocation> SetUpAsync()
    {
        var location = await NewLocationAsync();
        await using var db = location.Open();
        await SchemaMigrator.MigrateAsync(db);
        await ImportCleanAsync(db, File("orgunits.csv", """
            code,name,parent,level
            150500,通辽市,,市
            150500D1,办公室,150500,处室
            150502,科尔沁区,150500,县
            150502101,大林镇,150502,乡镇
            150521,科尔沁左翼中旗,150500,旗
            150521101,保康镇,150521,乡镇

            """));
        return location;
    }

    private static async Task<TaskViewer> ViewerAsync(YardstickDb db, string code, bool assigns, string name) =>
        new(name, await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == code), MayAssign: assigns, MayAct: true);

    private NewInstruction Instruction(string? number = null) =>
        new("市政府办公室《关于基层医疗卫生服务能力的报告》", "张三 主任", new DateOnly(2026, 3, 1), "请卫健委牵头, 一个月内拿出整改方案。", new DateOnly(2026, 4, 1), number);

    [Fact]
    public async Task Two_clerks_registering_at_once_get_two_numbers_and_a_number_given_twice_is_refused_the_second_time()
    {
        var location = await SetUpAsync();
        await using var db = location.Open();
        var city = await ViewerAsync(db, "150500", true, "clerk1");
        await using var first = location.Open();
        await using var second = location.Open();

        var both = await Task.WhenAll(
            Instructions.RegisterAsync(first, Instruction(), city, Time.GetUtcNow()),
            Instructions.RegisterAsync(second, Instruction(), city with { Name = "clerk2" }, Time.GetUtcNow()));

        both.Select(b => b.Refusal).ShouldAllBe(r => r == null);
        both.Select(b => b.Instruction!.Number.ToString()).Order(StringComparer.Ordinal).ShouldBe(["批示〔2026〕1号", "批示〔2026〕2号"]);
        var given = await Task.WhenAll(
            Instructions.RegisterAsync(first, Instruction("批示〔2026〕12号"), city, Time.GetUtcNow()),
            Instructions.RegisterAsync(second, Instruction("12"), city, Time.GetUtcNow()));
        given.Count(g => g.Refusal is null).ShouldBe(1);
        var refused = given.Single(g => g.Refusal is not null).Refusal!;
        refused.Kind.ShouldBe(RefusalKind.Conflict);
        refused.Message.ShouldContain("批示〔2026〕12号");
        (await Instructions.RegisterAsync(db, Instruction(), city, Time.GetUtcNow())).Instruction!.Number.ToString().ShouldBe("批示〔2026〕13号");
        // Another unit's numbers are its own: 科尔沁区 starts at 1.
        (await Instructions.RegisterAsync(db, Instruction(), await ViewerAsync(db, "150502", true, "kerqin"), Time.GetUtcNow())).Instruction!.Number.Seq.ShouldBe(1);
        (await Instructions.RegisterAsync(db, Instruction("第十二号"), city, Time.GetUtcNow())).Refusal!.Field.ShouldBe("number");
        (await Instructions.RegisterAsync(db, Instruction(), await ViewerAsync(db, "150500", false, "viewer"), Time.GetUtcNow())).Refusal!.Kind.ShouldBe(RefusalKind.Forbidden);
        (await AuditLog.ReadAsync(db)).Count(a => a.Entity == "instruction.register").ShouldBe(5);
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_task_of_an_instruction_and_one_outside_plans_go_through_the_whole_loop_to_closing_numbered_without_a_plan()
    {
        var location = await SetUpAsync();
        await using var db = location.Open();
        var city = await ViewerAsync(db, "150500", true, "planner");
        var office = await ViewerAsync(db, "150500D1", false, "office");
        var (instruction, _) = await Instructions.RegisterAsync(db, Instruction(), city, Time.GetUtcNow());

        var made = await TaskBoard.CreateAsync(db, new NewTask("制定基层能力整改方案", null, [], ["150500D1"], ["150502"], new DateOnly(2026, 3, 31),
            InstructionId: instruction!.Id), city, Time.GetUtcNow());
        var second = await TaskBoard.CreateAsync(db, new NewTask("督查整改落实", "", [], ["150502"], [], new DateOnly(2026, 4, 30), InstructionId: instruction.Id),
            city, Time.GetUtcNow());
        var plain = await TaskBoard.CreateAsync(db, new NewTask("迎接省级督查", "", [], ["150521"], [], new DateOnly(2026, 5, 31)), city, Time.GetUtcNow());

        made.Succeeded.ShouldBeTrue(made.Refusal?.Message);
        var task = (await TaskBoard.GetAsync(db, made.TaskId!.Value))!;
        (task.PlanCode, task.Label, task.Source, task.InstructionId).ShouldBe((null, "批示〔2026〕1号-1", TaskSource.Instruction, instruction.Id));
        (await TaskBoard.GetAsync(db, second.TaskId!.Value))!.Label.ShouldBe("批示〔2026〕1号-2");
        var other = (await TaskBoard.GetAsync(db, plain.TaskId!.Value))!;
        (other.Label, other.Source).ShouldBe(("督办〔2026〕1号", TaskSource.Other));
        (await Inbox.ListAsync(db, office.Scope!.Id)).ShouldHaveSingleItem().Body.ShouldContain("批示〔2026〕1号");

        foreach (var (viewer, step) in new[]
        {
            (office, new TaskActionInput(TaskAction.Receive)),
            (office, new TaskActionInput(TaskAction.Report, "已起草方案", 60)),
            (city, new TaskActionInput(TaskAction.Urge, "请本周内报送")),
            (office, new TaskActionInput(TaskAction.RequestClose, "方案已印发", 100)),
            (city, new TaskActionInput(TaskAction.Close, "同意销号", Rating: 4)),
        })
        {
            var done = await TaskBoard.ActAsync(db, task.Id, step, viewer, Time.GetUtcNow());
            done.Succeeded.ShouldBeTrue($"{step.Action}: {done.Refusal?.Message}");
        }

        (await TaskBoard.GetAsync(db, task.Id))!.Stage.ShouldBe(TaskStage.Closed);
        var audit = await AuditLog.ReadAsync(db);
        audit.Where(a => a.Key == "批示〔2026〕1号-1").Select(a => a.Entity).Distinct().ShouldBe(
            ["task.assign", "task.receive", "task.report", "task.progress", "task.urge", "task.request_close", "task.close"], ignoreOrder: true);
        audit.ShouldContain(a => a.Entity == "task.assign" && a.Key == "督办〔2026〕1号");
        var page = await Instructions.PageForAsync(db, city, null, 1, LocalClock.Today(Time));
        page.Items.ShouldHaveSingleItem().Progress.ShouldBe(new InstructionProgress(Closed: 1, Total: 2, Overdue: 0));
        var later = await Instructions.PageForAsync(db, city, null, 1, new DateOnly(2026, 5, 1));
        later.Items.Single().Progress.Overdue.ShouldBe(1, "督查整改落实 was due 2026-04-30");
        (await TaskBoard.ListAsync(db)).Select(t => t.Source).ShouldBe([TaskSource.Instruction, TaskSource.Instruction, TaskSource.Other], ignoreOrder: true);

        // The 通报 names overdue tasks by source: a plan's 通报 names the plan's tasks unless asked for 批示件 or 其他.
        await ImportCleanAsync(db,
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"));
        async Task<IEnumerable<string>> NamedAsync(TaskSource? source, DateOnly day) =>
            (await Yardstick.Data.Reports.NoticeReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2025, day, taskSource: source)).Notice!.Overdue.Select(o => o.Title);
        (await NamedAsync(TaskSource.Instruction, new DateOnly(2026, 6, 1))).ShouldBe(["督查整改落实"]);
        (await NamedAsync(TaskSource.Other, new DateOnly(2026, 6, 1))).ShouldBe(["迎接省级督查"]);
        (await NamedAsync(null, new DateOnly(2026, 6, 1))).ShouldBeEmpty("the plan has no task of its own");
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_township_sees_no_other_countys_instruction_and_a_county_sees_one_only_through_a_task_it_owns()
    {
        var location = await SetUpAsync();
        await using var db = location.Open();
        var kerqin = await ViewerAsync(db, "150502", true, "kerqin");
        var (own, _) = await Instructions.RegisterAsync(db, Instruction(), kerqin, Time.GetUtcNow());
        var city = await ViewerAsync(db, "150500", true, "planner");
        var (cityWide, _) = await Instructions.RegisterAsync(db, Instruction() with { Subject = "全市基层能力提升" }, city, Time.GetUtcNow());
        (await TaskBoard.CreateAsync(db, new NewTask("大林镇卫生院整改", null, [], ["150502101"], [], null, InstructionId: own!.Id), kerqin, Time.GetUtcNow()))
            .Succeeded.ShouldBeTrue();
        (await TaskBoard.CreateAsync(db, new NewTask("科左中旗整改", null, [], ["150521"], [], null, InstructionId: cityWide!.Id), city, Time.GetUtcNow()))
            .Succeeded.ShouldBeTrue();

        var dalin = await ViewerAsync(db, "150502101", false, "dalin");
        var baokang = await ViewerAsync(db, "150521101", false, "baokang");
        var zhongqi = await ViewerAsync(db, "150521", true, "zhongqi");

        (await Instructions.GetForAsync(db, dalin, own.Id)).ShouldNotBeNull("大林镇 owns a task of it");
        (await Instructions.GetForAsync(db, baokang, own.Id)).ShouldBeNull("保康镇 is in another county");
        (await Instructions.PageForAsync(db, baokang, null, 1, LocalClock.Today(Time))).Total.ShouldBe(0);
        (await Instructions.GetForAsync(db, zhongqi, own.Id)).ShouldBeNull();
        (await Instructions.PageForAsync(db, zhongqi, null, 1, LocalClock.Today(Time))).Items.Select(i => i.Instruction.Id).ShouldBe([cityWide.Id]);
        (await Instructions.PageForAsync(db, city, null, 1, LocalClock.Today(Time))).Total.ShouldBe(2);
        (await Instructions.PageForAsync(db, city, "全市", 1, LocalClock.Today(Time))).Items.Select(i => i.Instruction.Id).ShouldBe([cityWide.Id]);
        (await Instructions.PageForAsync(db, city, "批示〔2026〕1号", 1, LocalClock.Today(Time))).Total.ShouldBe(2, "each unit's first");
        (await TaskBoard.CreateAsync(db, new NewTask("越权交办", null, [], ["150521"], [], null, InstructionId: own.Id), zhongqi, Time.GetUtcNow())).Refusal!.Kind
            .ShouldBe(RefusalKind.NotFound);
    }

    [Fact]
    public async Task A_store_before_instructions_keeps_its_tasks_with_their_history_owners_and_messages()
    {
        var location = await NewLocationAsync();
        await using var db = location.Open();
        await SchemaMigrator.MigrateAsync(db, toVersion: 24);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO org_units (id, code, name, path, level, kind) VALUES (1, '150500', '通辽市', '/1/', 1, 3)");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO plans (id, code, name, base_year, start_year, end_year) VALUES (1, 'A', '规划', 2020, 2021, 2025)");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO plan_tasks (id, plan_id, no, section, title, leads, responsible, cooperating, source, status, created_by, assigner_unit_id)
            VALUES (7, 1, '交办1', NULL, '旧任务', '', '', '', '交办', 'assigned', 'planner', 1)
            """);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO task_owners (task_id, org_unit_id, role) VALUES (7, 1, 'lead')");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO task_updates (task_id, at, actor, status, progress, note, action) VALUES (7, '2025-01-01T00:00:00Z', 'planner', 'assigned', 0, '', 'assign')");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO messages (recipient_unit_id, task_id, kind, body, created_at) VALUES (1, 7, 'task_assign', '交办', '2025-01-01T00:00:00Z')");

        await SchemaMigrator.MigrateAsync(db);

        var task = (await TaskBoard.GetAsync(db, 7))!;
        (task.Label, task.Source, task.Owners.Single().Code).ShouldBe(("A-交办1", TaskSource.Plan, "150500"));
        (await TaskBoard.UpdatesAsync(db, 7)).ShouldHaveSingleItem();
        await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO task_owners (task_id, org_unit_id, role) VALUES (99, 1, 'lead')"));
    }
}

public sealed class SqliteInstructionTests() : InstructionTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresInstructionTests(PostgresFixture server) : InstructionTests(StoreTest.Postgres(server));
