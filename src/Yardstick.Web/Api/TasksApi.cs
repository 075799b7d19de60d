using Microsoft.AspNetCore.Http.HttpResults;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Core.Tasks;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>督办 tasks: the board, one task with its history, 交办, the loop's steps (签收, 报送进展, 催办, 申请办结, 销号, 退回) and edits by the assigner.</summary>
public static class TasksApi
{
    public static void MapTasksApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/tasks", async Task<Results<Ok<TaskAnswer[]>, Refused>> (string? plan, string? source, CurrentUser user, YardstickDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            if (!TaskSources.TryParse(source, out var from))
            {
                return Refuse(Refusal.Invalid($"无法识别的任务来源 \"{InputLimits.Echo(source)}\" (应为 plan 规划、instruction 批示件、warning 预警 或 other 其他)", "source"));
            }
            var today = LocalClock.Today(time);
            var viewer = await user.TaskViewerAsync(ct);
            return TypedResults.Ok((await TaskBoard.ListForAsync(db, viewer, plan, ct)).Where(t => from is null || t.Source == from).Select(t => TaskJson(t, today, viewer)).ToArray());
        }).WithName("ListTasks").Refuses(RefusalKind.Invalid).WithSummary("重点任务 (督办): 本人机构范围内交办或承办的任务; source 按来源筛选 (plan 规划、instruction 批示件、warning 预警、other 其他)");

        api.MapGet("/tasks/{id:long}", async Task<Results<Ok<TaskAnswer>, Refused>> (long id, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var viewer = await user.TaskViewerAsync(ct);
            return await TaskBoard.GetForAsync(db, viewer, id, ct) is { } task
                ? TypedResults.Ok(TaskJson(task, LocalClock.Today(time), viewer, await TaskBoard.UpdatesAsync(db, id, ct)))
                : Refuse(Refusal.NotFound($"没有编号为 {id} 的任务"));
        }).WithName("GetTask").Refuses(RefusalKind.NotFound).WithSummary("一项任务及其办理记录");

        api.MapPost("/tasks", async Task<Results<Created<TaskAnswer>, Refused>> (TaskCreate body, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var (deadline, badDay) = InputLimits.Day(body.Deadline, Deadline);
            if (badDay is not null)
            {
                return Refuse(Refusal.Invalid(badDay, "deadline"));
            }
            var milestones = new List<TaskMilestone>();
            foreach (var m in body.Milestones ?? [])
            {
                var field = $"里程碑“{InputLimits.Echo(m.Title)}”的日期 (due)";
                var (due, badDue) = InputLimits.Day(m.Due, field);
                if (due is null)
                {
                    return Refuse(Refusal.Invalid(badDue ?? $"请填写{field}", $"milestones[{milestones.Count}].due"));
                }
                milestones.Add(new TaskMilestone(milestones.Count + 1, m.Title ?? "", due.Value, null));
            }
            if (milestones.FirstOrDefault(m => m.Title.Trim().Length == 0) is not null)
            {
                return Refuse(Refusal.Invalid("里程碑须写明事项", "milestones"));
            }
            var viewer = await user.TaskViewerAsync(ct);
            var outcome = await TaskBoard.CreateAsync(db, new NewTask(body.Title ?? "", body.Plan, body.Indicators ?? [], body.Leads ?? [], body.Partners ?? [],
                deadline, body.Note ?? "", milestones, body.Instruction), viewer, time.GetUtcNow(), ct);
            if (!outcome.Succeeded)
            {
                return Refuse(outcome.Refusal);
            }
            var task = await TaskBoard.GetAsync(db, outcome.TaskId!.Value, ct);
            return TypedResults.Created($"/api/tasks/{task!.Id}", TaskJson(task, LocalClock.Today(time), viewer));
        }).WithName("CreateTask").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("交办任务: title, plan (可省略: 不属于任何规划), instruction (批示件编号 id, 可选), indicators, leads, partners (机构或处室代码), deadline");

        api.MapPost("/tasks/{id:long}/actions", async Task<Results<Ok<TaskAnswer>, Refused>> (long id, TaskActionBody body, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (!TaskWords.TryParseAction(body.Action, out var action))
            {
                return Refuse(Refusal.Invalid($"无法识别的操作 \"{InputLimits.Echo(body.Action)}\" (应为 assign、receive、report、urge、request_close、close、return 或 reopen)", "action"));
            }
            var (deadline, badDay) = InputLimits.Day(body.Deadline, Deadline);
            if (badDay is not null)
            {
                return Refuse(Refusal.Invalid(badDay, "deadline"));
            }
            var viewer = await user.TaskViewerAsync(ct);
            var outcome = await TaskBoard.ActAsync(db, id, new TaskActionInput(action, body.Note ?? "", body.Progress, Leads: body.Leads, Partners: body.Partners,
                Deadline: deadline, Milestone: body.Milestone), viewer, time.GetUtcNow(), ct);
            if (!outcome.Succeeded)
            {
                return Refuse(outcome.Refusal);
            }
            var task = await TaskBoard.GetAsync(db, id, ct);
            return TypedResults.Ok(TaskJson(task!, LocalClock.Today(time), viewer));
        }).WithName("ActOnTask").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("办理任务: receive 签收, report 报送进展, urge 催办, request_close 申请办结, close 销号, return 退回, reopen 重新打开 (已办结的任务, 须写明理由), assign 交办草稿");

        api.MapPatch("/tasks/{id:long}", async Task<Results<Ok<TaskAnswer>, Refused>> (long id, TaskPatch patch, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var (deadline, badDay) = InputLimits.Day(patch.Deadline, Deadline);
            if (badDay is not null)
            {
                return Refuse(Refusal.Invalid(badDay, "deadline"));
            }
            var viewer = await user.TaskViewerAsync(ct);
            var outcome = await TaskBoard.EditAsync(db, id, deadline, patch.Indicators, viewer, time.GetUtcNow(), ct);
            if (!outcome.Succeeded)
            {
                return Refuse(outcome.Refusal);
            }
            var task = await TaskBoard.GetAsync(db, id, ct);
            return TypedResults.Ok(TaskJson(task!, LocalClock.Today(time), viewer));
        }).WithName("EditTask").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("交办单位修改任务时限、关联指标 (已办结的任务须先重新打开: 409)");

    }

    private static TaskAnswer TaskJson(PlanTask t, DateOnly today, TaskViewer viewer, IReadOnlyList<TaskUpdate>? history = null) => new(
        t.Id, t.PlanCode, t.No, t.Section, t.Title, t.Leads, t.Responsible, t.Stage.Word(), t.Stage.Chinese(), t.LightOn(today).Chinese(), Day(t.Deadline),
        t.Progress, t.IndicatorCodes,
        [.. t.Steps.Select(m => new TaskMilestoneAnswer(m.No, m.Title, Day(m.Due)!, Day(m.DoneOn)))],
        Day(t.NextDue), t.Assigner?.Code,
        [.. t.Owners.Select(o => new TaskOwnerAnswer(o.Code, o.Name, o.IsLead ? "lead" : "partner"))],
        [.. TaskLoop.Allowed(t.Stage, viewer.SidesOn(t)).Select(a => a.Word())],
        history is null ? null : [.. history.Select(u => new TaskStepAnswer(LocalClock.Text(u.At), u.Actor, u.Action.Word(), u.Stage.Word(), u.Progress, u.Note, u.AttachmentName))],
        t.Reason, t.Label, t.Source.Word(), t.Source.Chinese(), t.InstructionId);

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The deadline as a refusal names it: the screens' word and the body's field.</summary>
    private static readonly string Deadline = ApiFields.Name("deadline");
}

/// <summary>The body of <c>POST /api/tasks</c> (交办): owners are org-unit codes, a commission's departments included.</summary>
public sealed record TaskCreate(string? Title, string? Plan, IReadOnlyList<string>? Indicators, IReadOnlyList<string>? Leads, IReadOnlyList<string>? Partners,
    string? Deadline, string? Note, IReadOnlyList<MilestoneBody>? Milestones = null, long? Instruction = null);

/// <summary>A milestone of a new task: what, and by when (YYYY-MM-DD).</summary>
public sealed record MilestoneBody(string? Title, string? Due);

/// <summary>The body of <c>POST /api/tasks/{id}/actions</c>; leads, partners and deadline are read only to hand a draft over.</summary>
public sealed record TaskActionBody(string? Action, string? Note, int? Progress, IReadOnlyList<string>? Leads, IReadOnlyList<string>? Partners, string? Deadline,
    int? Milestone = null);

/// <summary>The body of <c>PATCH /api/tasks/{id}</c> (the assigner's edit); absent fields stay as they are.</summary>
public sealed record TaskPatch(string? Deadline, IReadOnlyList<string>? Indicators);

/// <summary>
/// A task as the API answers it: stage as stored (assigned …) and in Chinese, its light (逾期, 临期 or empty) on the
/// commission's today, dates YYYY-MM-DD, the actions the caller may take now, its history (one task read by id only), and
/// why the system proposed it (a red light's reason and figures, <see cref="RedLights"/>) or null. <c>plan</c> is null for a
/// task outside plans; <c>number</c> is the number people cite (TL14-交办3, 批示〔2026〕12号-1), <c>source</c> where it came
/// from (plan, instruction, warning, other) and <c>instruction</c> the 批示件's id.
/// </summary>
public sealed record TaskAnswer(long Id, string? Plan, string No, string? Section, string Title, string Leads, string Responsible, string Stage, string StageName,
    string Light, string? Deadline, int Progress, IReadOnlyList<string> Indicators, IReadOnlyList<TaskMilestoneAnswer> Milestones, string? NextDue,
    string? Assigner, IReadOnlyList<TaskOwnerAnswer> Owners, IReadOnlyList<string> Actions, IReadOnlyList<TaskStepAnswer>? History, string? Reason = null,
    string Number = "", string Source = "plan", string SourceName = "规划", long? Instruction = null);

/// <summary>A milestone of a task: what, by when, and the day it was done.</summary>
public sealed record TaskMilestoneAnswer(int No, string Title, string Due, string? DoneOn);

/// <summary>An owner of a task: its unit or department, lead or partner.</summary>
public sealed record TaskOwnerAnswer(string Code, string Name, string Role);

/// <summary>One step of a task's history: when (Beijing time), who, the action and the stage it led to, as stored.</summary>
public sealed record TaskStepAnswer(string At, string Actor, string Action, string Stage, int Progress, string Note, string? Attachment);
