using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Tasks;
using Yardstick.Data.Reports;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>
/// Issue 29, the steps offices use beside the 督办 loop, on SQLite and on a real PostgreSQL: 转办, 延期申请 granted and refused,
/// 督查核实 before 销号, and the 销号's 评价 — each with who may take it, its history, audit rows and messages, and what 考核 makes of it.
/// </summary>
public abstract class TaskStepTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2024, 3, 1, 2, 0, 0, TimeSpan.Zero))
{
    /// <summary>A city with two counties and three departments, the plan TL14 (one target), and its planner.</summary>
    private async Task<(YardstickDb Db, TaskViewer Planner)> CityAsync()
    {
        var db = await NewDbAsync();
        await ImportCleanAsync(db,
            File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"
                + "150500D1,妇幼科,150500,处室\n150500D2,疾控科,150500,处室\n150500D3,基层科,150500,处室\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"));
        return (db, new TaskViewer("planner", await UnitAsync(db, "150500"), MayAssign: true, MayAct: true));
    }

    private static async Task<OrgUnit> UnitAsync(YardstickDb db, string code) => await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == code);

    private static async Task<TaskViewer> OfficeAsync(YardstickDb db, string code, string name) => new(name, await UnitAsync(db, code), MayAssign: false, MayAct: true);

    private static DateTimeOffset On(int month, int day) => new(2024, month, day, 2, 0, 0, TimeSpan.Zero);

    private static async Task<long> AssignAsync(YardstickDb db, TaskViewer planner, string lead, string[] partners, DateOnly deadline, bool inspection = false)
    {
        var created = await TaskBoard.CreateAsync(db, new NewTask("开展出生缺陷综合防治", "TL14", ["imr"], [lead], partners, deadline, InspectionRequired: inspection),
            planner, On(3, 1));
        created.Succeeded.ShouldBeTrue(created.Refusal?.Message);
        return created.TaskId!.Value;
    }

    private static async Task Ok(Task<TaskOutcome> step) => (await step).Refusal.ShouldBeNull();

    private static async Task<List<string>> MessagesAsync(YardstickDb db, string unitCode, string kind)
    {
        var unit = await UnitAsync(db, unitCode);
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT body FROM messages WHERE recipient_unit_id = {unit.Id} AND kind = '{kind}' ORDER BY id";
            var bodies = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                bodies.Add(reader.GetString(0));
            }
            return bodies;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<AuditLog.Entry>> AuditAsync(YardstickDb db, string entity) =>
        [.. (await AuditLog.SearchAsync(db, new AuditLog.Filter(Entity: entity))).OrderBy(e => e.ChangeSetId)];

    [Fact]
    public async Task Issue_29_the_lead_transfers_a_task_the_new_lead_acknowledges_it_and_the_assigner_is_told()
    {
        var (db, planner) = await CityAsync();
        await using var _ = db;
        var fuyou = await OfficeAsync(db, "150500D1", "fuyou");
        var jikong = await OfficeAsync(db, "150500D2", "jikong");
        var jiceng = await OfficeAsync(db, "150500D3", "jiceng");
        var id = await AssignAsync(db, planner, "150500D1", ["150500D2"], new DateOnly(2024, 6, 30));

        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Transfer, "职责调整", To: "150500D3"), jikong, On(3, 2))).Refusal!.Kind
            .ShouldBe(RefusalKind.Forbidden, "a partner does not hand the lead's task on");
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Transfer, To: "150500D3"), fuyou, On(3, 2))).Refusal!.Message.ShouldBe("转办须写明理由");
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Transfer, "职责调整", To: "150500D1"), fuyou, On(3, 2))).Refusal!.Kind.ShouldBe(RefusalKind.Invalid);
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Transfer, "职责调整", To: "nowhere"), fuyou, On(3, 2))).Refusal!.Kind.ShouldBe(RefusalKind.Invalid);

        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Transfer, "出生缺陷防治已划归基层科", To: "150500D3"), fuyou, On(3, 2)));

        var task = (await TaskBoard.GetAsync(db, id))!;
        task.Stage.ShouldBe(TaskStage.Assigned, "the new lead acknowledges it anew");
        task.Owners.Select(o => (o.Code, o.IsLead)).OrderBy(o => o.Code).ShouldBe([("150500D2", false), ("150500D3", true)]);
        task.LeadNames.ShouldBe("基层科");
        var history = await TaskBoard.UpdatesAsync(db, id);
        history[0].Action.ShouldBe(TaskAction.Transfer);
        (history[0].Actor, history[0].Note).ShouldBe(("fuyou", "[转办给基层科] 出生缺陷防治已划归基层科"));
        (await MessagesAsync(db, "150500D3", "task_transfer")).ShouldHaveSingleItem().ShouldContain("转办给你单位牵头办理, 请签收");
        (await MessagesAsync(db, "150500", "task_transfer")).ShouldHaveSingleItem().ShouldBe("妇幼科已将任务《开展出生缺陷综合防治》转办给基层科: 出生缺陷防治已划归基层科");
        var owners = (await AuditAsync(db, "task.owners")).ShouldHaveSingleItem();
        (owners.Old, owners.New).ShouldBe(("牵头=150500D1;配合=150500D2", "牵头=150500D3;配合=150500D2"));
        (await AuditAsync(db, "task.transfer")).ShouldHaveSingleItem().Old.ShouldBe("assigned");

        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Transfer, "再转", To: "150500D2"), fuyou, On(3, 3))).Refusal!.Kind
            .ShouldBe(RefusalKind.NotFound, "the old lead no longer holds the task");
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Receive), jiceng, On(3, 3)));
        (await TaskBoard.GetAsync(db, id))!.Stage.ShouldBe(TaskStage.Received);
    }

    [Fact]
    public async Task Issue_29_an_extension_is_asked_once_at_a_time_granted_or_refused_and_the_history_keeps_every_date()
    {
        var (db, planner) = await CityAsync();
        await using var _ = db;
        var fuyou = await OfficeAsync(db, "150500D1", "fuyou");
        var id = await AssignAsync(db, planner, "150500D1", [], new DateOnly(2024, 6, 30));
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Receive), fuyou, On(3, 2)));
        TaskActionInput Ask(int month, int day) => new(TaskAction.RequestExtension, "筛查设备到货推迟", Deadline: new DateOnly(2024, month, day));

        (await TaskBoard.ActAsync(db, id, Ask(6, 1), fuyou, On(5, 1))).Refusal!.Message.ShouldBe("延期至的日期应晚于当前完成时限 2024-06-30");
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RequestExtension, Deadline: new DateOnly(2024, 9, 30)), fuyou, On(5, 1))).Refusal!.Message
            .ShouldBe("申请延期须写明理由");
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.GrantExtension), planner, On(5, 1))).Refusal!.Kind.ShouldBe(RefusalKind.Conflict, "nothing asked yet");
        await Ok(TaskBoard.ActAsync(db, id, Ask(9, 30), fuyou, On(5, 1)));
        (await TaskBoard.GetAsync(db, id))!.ExtensionAsked.ShouldBe(new DateOnly(2024, 9, 30));
        (await MessagesAsync(db, "150500", "task_request_extension")).ShouldHaveSingleItem().ShouldContain("延至 2024年9月30日");
        var second = (await TaskBoard.ActAsync(db, id, Ask(10, 31), fuyou, On(5, 2))).Refusal!;
        (second.Kind, second.Message).ShouldBe((RefusalKind.Conflict, "已有一项延期申请 (延至 2024-09-30) 等待交办单位答复, 答复前不能再申请"));
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.GrantExtension), fuyou, On(5, 2))).Refusal!.Kind.ShouldBe(RefusalKind.Forbidden);

        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RefuseExtension), planner, On(5, 3))).Refusal!.Message.ShouldBe("不同意延期须写明理由");
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RefuseExtension, "请先调配现有设备"), planner, On(5, 3)));
        var refused = (await TaskBoard.GetAsync(db, id))!;
        (refused.Deadline, refused.OriginalDeadline, refused.ExtensionAsked).ShouldBe((new DateOnly(2024, 6, 30), (DateOnly?)null, (DateOnly?)null));
        (await MessagesAsync(db, "150500D1", "task_refuse_extension")).ShouldHaveSingleItem().ShouldContain("不同意任务《开展出生缺陷综合防治》延期至 2024年9月30日");

        // Asked again and granted, on a day the first deadline has passed: the light follows the granted one.
        await Ok(TaskBoard.ActAsync(db, id, Ask(8, 31), fuyou, On(6, 20)));
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.GrantExtension), planner, On(6, 21)));
        await Ok(TaskBoard.ActAsync(db, id, Ask(10, 31), fuyou, On(8, 1)));
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.GrantExtension, "最后一次"), planner, On(8, 2)));

        var task = (await TaskBoard.GetAsync(db, id))!;
        (task.Deadline, task.OriginalDeadline, task.ExtensionPending).ShouldBe((new DateOnly(2024, 10, 31), (DateOnly?)new DateOnly(2024, 6, 30), false));
        task.LightOn(new DateOnly(2024, 7, 15)).ShouldBe(TaskLight.None, "granted: not overdue against 2024-06-30");
        task.LightOn(new DateOnly(2024, 11, 1)).ShouldBe(TaskLight.Overdue);
        var days = (await TaskBoard.UpdatesAsync(db, id)).Where(u => u.Day is not null).Reverse().Select(u => (u.Action, u.Day!.Value.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        days.ShouldBe([(TaskAction.RequestExtension, "09-30"), (TaskAction.RefuseExtension, "09-30"), (TaskAction.RequestExtension, "08-31"),
            (TaskAction.GrantExtension, "08-31"), (TaskAction.RequestExtension, "10-31"), (TaskAction.GrantExtension, "10-31")]);
        (await MessagesAsync(db, "150500D1", "task_grant_extension")).Last().ShouldBe("通辽市同意任务《开展出生缺陷综合防治》延期, 完成时限调整为 2024年10月31日。最后一次");
        (await AuditAsync(db, "task.deadline")).Select(e => (e.Old, e.New)).ShouldBe([("2024-06-30", "2024-08-31"), ("2024-08-31", "2024-10-31")]);
        (await AuditAsync(db, "task.original_deadline")).ShouldHaveSingleItem().New.ShouldBe("2024-06-30");
    }

    [Fact]
    public async Task Issue_29_a_task_that_must_be_inspected_closes_only_after_a_verified_inspection_and_its_close_carries_a_rating()
    {
        var (db, planner) = await CityAsync();
        await using var _ = db;
        var fuyou = await OfficeAsync(db, "150500D1", "fuyou");
        var id = await AssignAsync(db, planner, "150500D1", [], new DateOnly(2024, 6, 30), inspection: true);
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Receive), fuyou, On(3, 2)));
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RequestClose, "已完成"), fuyou, On(5, 2)));
        TaskActionInput Inspect(InspectionConclusion conclusion, string findings) =>
            new(TaskAction.Inspect, findings, AttachmentName: "现场照片.jpg", Attachment: [1, 2, 3], Conclusion: conclusion, Day: new DateOnly(2024, 5, 3));

        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意", Rating: 4), planner, On(5, 3))).Refusal!.Kind
            .ShouldBe(RefusalKind.Conflict, "not inspected yet");
        (await TaskBoard.ActAsync(db, id, Inspect(InspectionConclusion.Verified, "自查"), fuyou, On(5, 3))).Refusal!.Kind.ShouldBe(RefusalKind.Forbidden);
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Inspect, "缺结论"), planner, On(5, 3))).Refusal!.Kind.ShouldBe(RefusalKind.Invalid);
        await Ok(TaskBoard.ActAsync(db, id, Inspect(InspectionConclusion.Unverified, "3 家机构未开展筛查"), planner, On(5, 3)));
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意", Rating: 4), planner, On(5, 4))).Refusal!.Message.ShouldContain("须督查核实后才能销号");
        await Ok(TaskBoard.ActAsync(db, id, Inspect(InspectionConclusion.MostlyVerified, "抽查 10 家, 9 家已开展"), planner, On(5, 4)));
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意"), planner, On(5, 5))).Refusal!.Message.ShouldBe("销号须给出办理质量评价 (1–5 分)");
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意", Rating: 6), planner, On(5, 5))).Refusal!.Kind.ShouldBe(RefusalKind.Invalid);
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意销号", Rating: 4), planner, On(5, 5)));

        var task = (await TaskBoard.GetAsync(db, id))!;
        (task.Stage, task.Rating, task.InspectionRequired).ShouldBe((TaskStage.Closed, (int?)4, true));
        var history = await TaskBoard.UpdatesAsync(db, id);
        history[0].Rating.ShouldBe(4);
        history.Where(u => u.Action == TaskAction.Inspect).Select(u => (u.Conclusion, u.Day, u.AttachmentName))
            .ShouldBe([(InspectionConclusion.MostlyVerified, new DateOnly(2024, 5, 3), "现场照片.jpg"), (InspectionConclusion.Unverified, new DateOnly(2024, 5, 3), "现场照片.jpg")]);
        (await MessagesAsync(db, "150500D1", "task_inspect")).First().ShouldContain("结论: 不属实");
        (await MessagesAsync(db, "150500D1", "task_close")).ShouldHaveSingleItem().ShouldContain("办理质量评价 4 分");
        (await AuditAsync(db, "task.close")).ShouldHaveSingleItem().New.ShouldStartWith("closed;评价=4");

        // Reopened and asked to close again: the earlier inspection saw other work, so it must be inspected again.
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Reopen, "复查发现问题"), planner, On(5, 6)));
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RequestClose, "已整改"), fuyou, On(5, 7)));
        (await TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意", Rating: 5), planner, On(5, 8))).Refusal!.Kind.ShouldBe(RefusalKind.Conflict);
        await Ok(TaskBoard.EditAsync(db, id, null, null, planner, On(5, 8), inspectionRequired: false));
        await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意", Rating: 5), planner, On(5, 8)));
        (await AuditAsync(db, "task.inspection_required")).ShouldHaveSingleItem().New.ShouldBe("不须");
    }

    /// <summary>
    /// Two counties each lead one task due 2024-06-30, both asking to move it to 07-31 and both closed on 07-10 rated 4: the
    /// city grants 科尔沁区's extension and refuses 科左中旗's. Closed by its granted deadline, 科尔沁区's task earns 0.8 of the
    /// item's 10 points (on time × 4/5); 科左中旗's, late against the deadline that stood, 0.5 × 4/5 = 0.4.
    /// </summary>
    [Fact]
    public async Task Issue_29_the_scorecard_judges_a_task_by_its_granted_deadline_and_weighs_it_by_its_rating()
    {
        var (db, planner) = await CityAsync();
        await using var _ = db;
        foreach (var (county, grant) in new[] { ("150502", true), ("150521", false) })
        {
            var lead = await OfficeAsync(db, county, "county" + county);
            var id = await AssignAsync(db, planner, county, [], new DateOnly(2024, 6, 30));
            await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Receive), lead, On(3, 2)));
            await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RequestExtension, "汛期影响", Deadline: new DateOnly(2024, 7, 31)), lead, On(6, 20)));
            await Ok(TaskBoard.ActAsync(db, id, grant ? new TaskActionInput(TaskAction.GrantExtension) : new TaskActionInput(TaskAction.RefuseExtension, "不属于不可抗力"),
                planner, On(6, 21)));
            await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.RequestClose, "已完成"), lead, On(7, 8)));
            await Ok(TaskBoard.ActAsync(db, id, new TaskActionInput(TaskAction.Close, "同意", Rating: 4), planner, On(7, 10)));
        }

        var (report, error) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2024,
            [new ScoringItem(ScoringScheme.TaskKey, 10, ScoringRule.Proportional)], new DateOnly(2024, 12, 31));

        error.ShouldBeNull();
        report!.Units.Select(u => (u.OrgUnitName, u.Items.Single().Points)).ShouldBe([("科尔沁区", 8m), ("科尔沁左翼中旗", 4m)]);
    }
}

public sealed class SqliteTaskStepTests() : TaskStepTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTaskStepTests(PostgresFixture server) : TaskStepTests(StoreTest.Postgres(server));
