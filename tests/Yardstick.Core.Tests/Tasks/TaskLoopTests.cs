using FsCheck.Xunit;
using Yardstick.Core.Model;
using Yardstick.Core.Tasks;

namespace Yardstick.Core.Tests.Tasks;

public class TaskLoopTests
{
    private static readonly TaskSide[] Assigner = [TaskSide.Assigner];
    private static readonly TaskSide[] Lead = [TaskSide.Lead];
    private static readonly TaskSide[] Partner = [TaskSide.Partner];

    [Fact]
    public void The_loop_runs_assign_receive_report_request_return_request_close()
    {
        var stage = TaskStage.Draft;
        TaskStage Step(TaskAction action, TaskSide[] sides) => stage = TaskLoop.Next(stage, action, sides) ?? throw new InvalidOperationException($"{action} refused at {stage}");

        Step(TaskAction.Assign, Assigner).ShouldBe(TaskStage.Assigned);
        Step(TaskAction.Urge, Assigner).ShouldBe(TaskStage.Assigned);
        Step(TaskAction.Receive, Lead).ShouldBe(TaskStage.Received);
        Step(TaskAction.Report, Partner).ShouldBe(TaskStage.Received);
        Step(TaskAction.RequestClose, Lead).ShouldBe(TaskStage.CloseRequested);
        Step(TaskAction.Return, Assigner).ShouldBe(TaskStage.Received);
        Step(TaskAction.RequestClose, Lead).ShouldBe(TaskStage.CloseRequested);
        Step(TaskAction.Close, Assigner).ShouldBe(TaskStage.Closed);
        TaskLoop.Allowed(stage, [TaskSide.Lead, TaskSide.Partner]).ShouldBeEmpty();
    }

    [Fact]
    public void Issue_24_a_closed_task_moves_only_by_the_assigners_reopening_back_to_in_hand()
    {
        TaskLoop.Allowed(TaskStage.Closed, [TaskSide.Assigner, TaskSide.Lead, TaskSide.Partner]).ShouldBe([TaskAction.Reopen]);
        TaskLoop.Next(TaskStage.Closed, TaskAction.Reopen, Lead).ShouldBeNull("the owner does not reopen");
        TaskLoop.Next(TaskStage.Received, TaskAction.Reopen, Assigner).ShouldBeNull("only a closed task is reopened");

        TaskLoop.Next(TaskStage.Closed, TaskAction.Reopen, Assigner).ShouldBe(TaskStage.Received);
        TaskLoop.NeedsNote(TaskAction.Reopen).ShouldBeTrue();
        TaskWords.TryParseAction("reopen", out var word).ShouldBeTrue();
        word.ShouldBe(TaskAction.Reopen);
        TaskAction.Reopen.Chinese().ShouldBe("重新打开");
    }

    [Fact]
    public void Each_step_is_only_its_sides()
    {
        TaskLoop.Next(TaskStage.Assigned, TaskAction.Receive, Partner).ShouldBeNull("a partner does not acknowledge for the lead");
        TaskLoop.Next(TaskStage.Assigned, TaskAction.Receive, Assigner).ShouldBeNull();
        TaskLoop.Next(TaskStage.CloseRequested, TaskAction.Close, Lead).ShouldBeNull("the owner does not close its own task");
        TaskLoop.Next(TaskStage.Received, TaskAction.RequestClose, Partner).ShouldBeNull();
        TaskLoop.Next(TaskStage.Received, TaskAction.Urge, Lead).ShouldBeNull();
        TaskLoop.Next(TaskStage.Assigned, TaskAction.Report, Lead).ShouldBeNull("acknowledge first");
        TaskLoop.Allowed(TaskStage.Received, Lead).ShouldBe([TaskAction.Report, TaskAction.RequestClose, TaskAction.Transfer, TaskAction.RequestExtension]);
        TaskLoop.Allowed(TaskStage.CloseRequested, Assigner).ShouldBe([TaskAction.Close, TaskAction.Return, TaskAction.Inspect]);
    }

    [Fact]
    public void Issue_29_the_lead_transfers_a_task_it_has_not_finished_and_the_new_lead_acknowledges_it_anew()
    {
        TaskLoop.Next(TaskStage.Assigned, TaskAction.Transfer, Lead).ShouldBe(TaskStage.Assigned, "a unit may hand on what it was given before 签收");
        TaskLoop.Next(TaskStage.Received, TaskAction.Transfer, Lead).ShouldBe(TaskStage.Assigned);
        TaskLoop.Next(TaskStage.Received, TaskAction.Transfer, Partner).ShouldBeNull("a partner does not hand the lead's task on");
        TaskLoop.Next(TaskStage.Received, TaskAction.Transfer, Assigner).ShouldBeNull();
        TaskLoop.Next(TaskStage.CloseRequested, TaskAction.Transfer, Lead).ShouldBeNull("asked to close: it is the assigner's now");
        TaskLoop.Next(TaskStage.Closed, TaskAction.Transfer, Lead).ShouldBeNull();
        TaskLoop.NeedsNote(TaskAction.Transfer).ShouldBeTrue();
    }

    [Fact]
    public void Issue_29_one_extension_request_at_a_time_answered_by_the_assigner()
    {
        TaskLoop.Next(TaskStage.Received, TaskAction.RequestExtension, Lead).ShouldBe(TaskStage.Received);
        TaskLoop.Next(TaskStage.Received, TaskAction.RequestExtension, Lead, extensionPending: true).ShouldBeNull("a second request waits for the first's answer");
        TaskLoop.Next(TaskStage.Received, TaskAction.RequestExtension, Partner).ShouldBeNull();
        TaskLoop.Next(TaskStage.Assigned, TaskAction.RequestExtension, Lead).ShouldBeNull("acknowledge first");

        TaskLoop.Next(TaskStage.Received, TaskAction.GrantExtension, Assigner).ShouldBeNull("nothing asked, nothing to grant");
        TaskLoop.Next(TaskStage.Received, TaskAction.GrantExtension, Assigner, extensionPending: true).ShouldBe(TaskStage.Received);
        TaskLoop.Next(TaskStage.CloseRequested, TaskAction.RefuseExtension, Assigner, extensionPending: true).ShouldBe(TaskStage.CloseRequested);
        TaskLoop.Next(TaskStage.Received, TaskAction.GrantExtension, Lead, extensionPending: true).ShouldBeNull("the lead does not grant its own request");
        TaskLoop.Allowed(TaskStage.Received, Assigner, extensionPending: true).ShouldBe([TaskAction.Urge, TaskAction.GrantExtension, TaskAction.RefuseExtension, TaskAction.Inspect]);
        TaskLoop.NeedsNote(TaskAction.RequestExtension).ShouldBeTrue();
        TaskLoop.NeedsNote(TaskAction.RefuseExtension).ShouldBeTrue();
        TaskLoop.NeedsNote(TaskAction.GrantExtension).ShouldBeFalse();
    }

    [Fact]
    public void Issue_29_an_inspection_counts_for_closing_only_when_it_found_the_work_real_since_the_latest_request_to_close()
    {
        TaskLoop.Next(TaskStage.CloseRequested, TaskAction.Inspect, Assigner).ShouldBe(TaskStage.CloseRequested);
        TaskLoop.Next(TaskStage.Received, TaskAction.Inspect, Assigner).ShouldBe(TaskStage.Received);
        TaskLoop.Next(TaskStage.CloseRequested, TaskAction.Inspect, Lead).ShouldBeNull("the lead does not inspect its own work");
        TaskLoop.Next(TaskStage.Closed, TaskAction.Inspect, Assigner).ShouldBeNull();

        (TaskAction, InspectionConclusion?) Inspected(InspectionConclusion c) => (TaskAction.Inspect, c);
        (TaskAction, InspectionConclusion?) Step(TaskAction a) => (a, null);
        TaskLoop.InspectedSinceCloseRequest([Inspected(InspectionConclusion.MostlyVerified), Step(TaskAction.RequestClose), Step(TaskAction.Receive)]).ShouldBeTrue();
        TaskLoop.InspectedSinceCloseRequest([Inspected(InspectionConclusion.Unverified), Step(TaskAction.RequestClose)]).ShouldBeFalse("不属实 does not clear it");
        TaskLoop.InspectedSinceCloseRequest([Step(TaskAction.RequestClose), Inspected(InspectionConclusion.Verified), Step(TaskAction.Receive)])
            .ShouldBeFalse("inspected before the latest request: other work");
        TaskLoop.InspectedSinceCloseRequest([Step(TaskAction.RequestClose), Step(TaskAction.Return), Step(TaskAction.RequestClose)]).ShouldBeFalse();
        TaskLoop.NeedsRating(TaskAction.Close).ShouldBeTrue();
        TaskLoop.NeedsRating(TaskAction.Return).ShouldBeFalse();
        foreach (var c in Enum.GetValues<InspectionConclusion>())
        {
            TaskWords.ParseConclusion(c.Word()).ShouldBe(c);
            TaskWords.TryParseConclusion(c.Chinese(), out var shown).ShouldBeTrue();
            shown.ShouldBe(c);
        }
    }

    [Fact]
    public void Lights_come_from_the_deadline_for_open_tasks_only()
    {
        var today = new DateOnly(2026, 12, 2);
        TaskLoop.LightOn(TaskStage.Received, today.AddDays(-1), today).ShouldBe(TaskLight.Overdue);
        TaskLoop.LightOn(TaskStage.Received, today, today).ShouldBe(TaskLight.DueSoon);
        TaskLoop.LightOn(TaskStage.Assigned, today.AddDays(TaskLoop.DueSoonDays), today).ShouldBe(TaskLight.DueSoon);
        TaskLoop.LightOn(TaskStage.Assigned, today.AddDays(TaskLoop.DueSoonDays + 1), today).ShouldBe(TaskLight.None);
        TaskLoop.LightOn(TaskStage.Closed, today.AddDays(-30), today).ShouldBe(TaskLight.None);
        TaskLoop.LightOn(TaskStage.Draft, today.AddDays(-30), today).ShouldBe(TaskLight.None);
        TaskLoop.LightOn(TaskStage.Received, null, today).ShouldBe(TaskLight.None);
    }

    /// <summary>
    /// Whatever anyone tries in whatever order: a closed task was closed by the assigner after the lead asked; nobody
    /// but the lead moves a task out of 待签收; and the words of every stage and action parse back.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Random_attempts_never_close_a_task_the_lead_did_not_submit(int seed)
    {
        var random = new Random(seed);
        var stage = TaskStage.Draft;
        var submitted = false;
        for (var k = 0; k < 40; k++)
        {
            var action = (TaskAction)random.Next(Enum.GetValues<TaskAction>().Length);
            TaskSide[] sides = [(TaskSide)random.Next(3)];
            if (TaskLoop.Next(stage, action, sides) is not { } next)
            {
                continue;
            }
            if (stage == TaskStage.Assigned && next != TaskStage.Assigned)
            {
                sides.ShouldBe(Lead);
            }
            submitted = action == TaskAction.RequestClose || (submitted && action is not (TaskAction.Return or TaskAction.Reopen));
            if (next == TaskStage.Closed)
            {
                submitted.ShouldBeTrue();
                sides.ShouldBe(Assigner);
            }
            stage = next;
        }
        foreach (var s in Enum.GetValues<TaskStage>())
        {
            TaskWords.TryParseStage(s.Word(), out var w).ShouldBeTrue();
            w.ShouldBe(s);
            TaskWords.TryParseStage(s.Chinese(), out var c).ShouldBeTrue();
            c.ShouldBe(s);
        }
    }

    [Fact]
    public void An_owner_named_in_a_document_is_found_among_the_departments()
    {
        var city = new OrgUnit(1, "C", "某市", OrgUnitKind.City, null);
        OrgUnit[] units =
        [
            new(2, "D1", "卫健三处", OrgUnitKind.Department, city),
            new(3, "D2", "妇幼科", OrgUnitKind.Department, city),
            new(4, "X", "某县", OrgUnitKind.County, city),
        ];
        OwnerNames.Match("卫健三处", units)!.Code.ShouldBe("D1");
        OwnerNames.Match("卫健三处 ", units)!.Code.ShouldBe("D1");
        OwnerNames.Match("市卫健委妇幼科", units)!.Code.ShouldBe("D2");
        OwnerNames.Match("某县", units)!.Code.ShouldBe("X");
        OwnerNames.Match("区疾控中心", units).ShouldBeNull();
        OwnerNames.Match("科", units).ShouldBeNull("one character names nobody");
        OwnerNames.Split("妇幼科、疾控科，爱卫办").ShouldBe(["妇幼科", "疾控科", "爱卫办"]);
    }

    [Fact]
    public void Milestones_are_read_one_per_line_and_the_next_open_one_is_what_the_task_answers_to()
    {
        var (milestones, errors) = TaskMilestone.Parse("2027-01-31 制定实施方案\n2027/3/31 完成摸底\n\n下月 开会\n2027年5月1日\n");
        milestones.Select(m => (m.No, m.Title, m.Due)).ShouldBe([(1, "制定实施方案", new DateOnly(2027, 1, 31)), (2, "完成摸底", new DateOnly(2027, 3, 31))]);
        errors.ShouldBe(["第4行: 应以日期开头, 如 2027-03-31 完成方案", "第5行: 日期后应写明里程碑事项"]);

        var deadline = new DateOnly(2027, 6, 30);
        TaskLoop.NextDue(deadline, milestones).ShouldBe(new DateOnly(2027, 1, 31));
        TaskLoop.NextDue(deadline, [milestones[0] with { DoneOn = new DateOnly(2027, 1, 20) }, milestones[1]]).ShouldBe(new DateOnly(2027, 3, 31));
        TaskLoop.NextDue(deadline, [.. milestones.Select(m => m with { DoneOn = m.Due })]).ShouldBe(deadline);
        TaskLoop.NextDue(null, milestones).ShouldBe(new DateOnly(2027, 1, 31));
    }

    [Fact]
    public void Issue_24_a_milestone_dated_outside_1900_to_2999_is_a_bad_line()
    {
        var (milestones, errors) = TaskMilestone.Parse("2027-01-31 制定实施方案\n0001-01-01 远古事项\n9999/12/31 遥远事项\n");

        milestones.Select(m => m.Title).ShouldBe(["制定实施方案"]);
        errors.ShouldBe(["第2行: 里程碑日期 0001-01-01 超出范围: 年份应在 1900 到 2999 之间", "第3行: 里程碑日期 9999-12-31 超出范围: 年份应在 1900 到 2999 之间"]);
    }
}
