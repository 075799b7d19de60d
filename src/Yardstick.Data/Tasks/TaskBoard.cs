using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tasks;

/// <summary>A unit a task is assigned to (a commission's department or a unit below), or the unit that assigned it.</summary>
public sealed record TaskOwner(int OrgUnitId, string Code, string Name, string Path, OrgUnitKind Kind, bool IsLead)
{
    public bool IsWithin(OrgUnit scope) => Path.StartsWith(scope.Path, StringComparison.Ordinal);
}

/// <summary>
/// A key task (重点任务) in the 督办 loop: where it came from (a plan's document or a 交办), its owners, stage, deadline and
/// progress. <see cref="Leads"/>, <see cref="Responsible"/> and <see cref="Cooperating"/> are the document's words
/// (牵头领导 / 责任处室 / 配合); <see cref="Owners"/> are the units those words were resolved to, or that a 交办 named.
/// </summary>
/// <param name="ClosedOn">The (Beijing) day it was closed (销号), for the 考核's on-time count; null while open.</param>
/// <param name="PlanCode">The plan it serves; null for a task outside plans (a 批示件's, or another 交办).</param>
/// <param name="No">Its number: within its plan (shown after the plan's code), or whole for a task outside plans or of an instruction (<see cref="Label"/>).</param>
/// <param name="Reason">Why the task exists when the system proposed it: a red light's reason and figures (<see cref="RedLights"/>); null otherwise.</param>
/// <param name="InstructionId">The 批示件 it answers, or null.</param>
/// <param name="InspectionRequired">销号前须督查核实: closed only after a 属实 or 基本属实 inspection since the latest 申请办结.</param>
/// <param name="OriginalDeadline">原定期限: the deadline before the first granted 延期 (then <see cref="Deadline"/> is the granted one); null when none was granted.</param>
/// <param name="ExtensionAsked">The day a pending 延期申请 asks for; null when none waits.</param>
/// <param name="Rating">The quality rating (1–5) of its latest 销号; null when open, or closed before ratings existed.</param>
public sealed record PlanTask(long Id, string? PlanCode, string No, string? Section, string Title, string Leads, string Responsible,
    string Cooperating, TaskStage Stage, DateOnly? Deadline, int Progress, IReadOnlyList<string> IndicatorCodes, IReadOnlyList<TaskOwner> Owners,
    TaskOwner? Assigner, string? CreatedBy, DateOnly? ClosedOn = null, IReadOnlyList<TaskMilestone>? Milestones = null, string? Reason = null,
    TaskSource Source = TaskSource.Plan, long? InstructionId = null,
    bool InspectionRequired = false, DateOnly? OriginalDeadline = null, DateOnly? ExtensionAsked = null, int? Rating = null)
{
    /// <summary>
    /// The number a person reads and cites: TL14-交办3 under a plan; a task of an instruction or outside plans carries its
    /// whole number (批示〔2026〕12号-1, 督办〔2026〕3号), since no plan code can stand before it.
    /// </summary>
    public string Label => PlanCode is null || InstructionId is not null ? No : $"{PlanCode}-{No}";

    /// <summary>The task's key in the audit log: plan/number as it has always been, or the whole number of a task outside plans.</summary>
    public string AuditKey => PlanCode is null ? No : $"{PlanCode}/{No}";

    public bool ExtensionPending => ExtensionAsked is not null;

    public IReadOnlyList<TaskMilestone> Steps => Milestones ?? [];

    /// <summary>The date it answers to next: its first open milestone, or its deadline.</summary>
    public DateOnly? NextDue => TaskLoop.NextDue(Deadline, Steps);

    /// <summary>The milestone <see cref="NextDue"/> is, or null when it is the deadline.</summary>
    public TaskMilestone? NextMilestone => Steps.Where(m => m.DoneOn is null).OrderBy(m => m.Due).FirstOrDefault() is { } m && m.Due == NextDue && m.Due != Deadline ? m : null;

    public TaskLight LightOn(DateOnly today) => TaskLoop.LightOn(Stage, NextDue, today);

    public IReadOnlyList<TaskOwner> LeadOwners => [.. Owners.Where(o => o.IsLead)];

    public IReadOnlyList<TaskOwner> PartnerOwners => [.. Owners.Where(o => !o.IsLead)];

    /// <summary>The lead owners' names, else the document's 责任处室 words, else a dash: who answers for it.</summary>
    public string LeadNames => LeadOwners.Count > 0 ? string.Join("、", LeadOwners.Select(o => o.Name)) : Responsible.Length > 0 ? Responsible : "—";
}

/// <summary>One entry of a task's history: who did what (交办, 签收, 进展, 催办 …), when, the stage and progress after, the note and file.</summary>
/// <param name="Day">The day a 延期 step asked or granted, or the day of a 督查核实; null for other steps.</param>
/// <param name="Conclusion">A 督查核实's conclusion; null for other steps.</param>
/// <param name="Rating">A 销号's quality rating (1–5); null for other steps and older closes.</param>
public sealed record TaskUpdate(long Id, long TaskId, DateTimeOffset At, string Actor, TaskAction Action, TaskStage Stage, int Progress, string Note,
    string? AttachmentName, DateOnly? Day = null, InspectionConclusion? Conclusion = null, int? Rating = null);

/// <summary>
/// Who asks: their name, the root of their org-unit scope, whether their role may assign (plan) and act on tasks. The rules
/// of who sees a task and which side of the loop they are on live here, for pages, API and CLI alike.
/// </summary>
/// <param name="Role">The role's name in Chinese (数据填报), for a refusal that is the role's rather than the unit's.</param>
public sealed record TaskViewer(string Name, OrgUnit? Scope, bool MayAssign, bool MayAct, string? Address = null, string? Role = null)
{
    /// <summary>The sides the viewer's unit plays on <paramref name="task"/> whatever its role: which refusals are the role's.</summary>
    public IReadOnlyList<TaskSide> UnitSidesOn(PlanTask task) => (this with { MayAssign = true, MayAct = true }).SidesOn(task);

    /// <summary>
    /// A task is seen by the units it is assigned to and those above them, and by the unit that assigned it and those above:
    /// a county sees the tasks assigned to it and below, a department its own, the commission everything it handed out.
    /// </summary>
    public bool Sees(PlanTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Scope is { } scope && (task.Owners.Any(o => o.IsWithin(scope)) || task.Assigner?.IsWithin(scope) == true);
    }

    /// <summary>
    /// The assigner side is the assigning unit's or above's planners; a lead or partner is a user of that very unit
    /// (a department's or county's own staff) whose role may act on tasks.
    /// </summary>
    public IReadOnlyList<TaskSide> SidesOn(PlanTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (Scope is not { } scope)
        {
            return [];
        }
        var sides = new List<TaskSide>();
        if (MayAssign && task.Assigner?.IsWithin(scope) == true)
        {
            sides.Add(TaskSide.Assigner);
        }
        if (MayAct && task.Owners.Any(o => o.IsLead && o.OrgUnitId == scope.Id))
        {
            sides.Add(TaskSide.Lead);
        }
        if (MayAct && task.Owners.Any(o => !o.IsLead && o.OrgUnitId == scope.Id))
        {
            sides.Add(TaskSide.Partner);
        }
        return sides;
    }
}

/// <summary>What a task request came to: done (with the task's id), or refused — the refusal's kind says 404, 403, 409 or 400.</summary>
public sealed record TaskOutcome(Refusal? Refusal, long? TaskId = null)
{
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    public static TaskOutcome Done(long id) => new(null, id);

    public static TaskOutcome Invalid(string message) => new(Core.Model.Refusal.Invalid(message));

    public static TaskOutcome Forbidden(string message) => new(Core.Model.Refusal.Forbidden(message));

    public static TaskOutcome NotFound(string message) => new(Core.Model.Refusal.NotFound(message));

    public static TaskOutcome Conflict(string message) => new(Core.Model.Refusal.Conflict(message));
}

/// <summary>
/// A 交办 as asked: title, the plan it serves (blank: outside plans), the indicators (targets) it serves, lead and partner
/// owners by org-unit code, deadline, and the 批示件 it answers (<see cref="Instructions"/>), if any.
/// </summary>
/// <param name="InspectionRequired">销号前须督查核实 (<see cref="PlanTask.InspectionRequired"/>).</param>
public sealed record NewTask(string Title, string? PlanCode, IReadOnlyList<string> IndicatorCodes, IReadOnlyList<string> Leads,
    IReadOnlyList<string> Partners, DateOnly? Deadline, string Note = "", IReadOnlyList<TaskMilestone>? Milestones = null, long? InstructionId = null,
    bool InspectionRequired = false);

/// <summary>
/// An action on a task as asked. Owners and deadline are read only when a draft is handed over (交办); <paramref name="Milestone"/>
/// (a number) only with a progress report or a request to close, as the milestone it completes. <paramref name="Deadline"/> is
/// also the day a 延期申请 asks for; <paramref name="To"/> the unit a 转办 hands the task to (its code); <paramref name="Conclusion"/>
/// and <paramref name="Day"/> a 督查核实's (the day: today when absent); <paramref name="Rating"/> a 销号's quality rating.
/// </summary>
public sealed record TaskActionInput(TaskAction Action, string Note = "", int? Progress = null, string? AttachmentName = null, byte[]? Attachment = null,
    IReadOnlyList<string>? Leads = null, IReadOnlyList<string>? Partners = null, DateOnly? Deadline = null, int? Milestone = null, string? To = null,
    InspectionConclusion? Conclusion = null, int? Rating = null, DateOnly? Day = null);

/// <summary>
/// 督查督办: the key tasks of the plans and their loop (<see cref="TaskLoop"/> owns the rule of who may do what). Every
/// change is one change set — the task's row, its history entry, the audit rows and the messages to the other side —
/// sealed into the audit chain in the same transaction, so a crash leaves either all of it or none.
/// </summary>
public static class TaskBoard
{
    public const long MaxAttachmentBytes = 10 * 1024 * 1024;

    /// <summary>Every task (of one plan): for the demo, the CLI and the rules above; screens ask <see cref="ListForAsync"/>.</summary>
    public static async Task<IReadOnlyList<PlanTask>> ListAsync(YardstickDb db, string? planCode = null, CancellationToken cancellationToken = default) =>
        await QueryAsync(db, planCode is null ? null : new TaskFilter("p.code = @k", planCode), cancellationToken);

    /// <summary>The tasks started from one 批示件, whoever asks.</summary>
    public static async Task<IReadOnlyList<PlanTask>> ListOfInstructionAsync(YardstickDb db, long instructionId, CancellationToken cancellationToken = default) =>
        await QueryAsync(db, new TaskFilter("t.instruction_id = @k", instructionId), cancellationToken);

    /// <summary>The tasks of several 批示件 (a page of the register), read at once.</summary>
    public static async Task<IReadOnlyList<PlanTask>> ListOfInstructionsAsync(YardstickDb db, IReadOnlyList<long> instructionIds, CancellationToken cancellationToken = default) =>
        instructionIds.Count == 0 ? []
            : [.. (await QueryAsync(db, new TaskFilter($"t.instruction_id IN ({string.Join(",", instructionIds.Select(i => i.ToString(CultureInfo.InvariantCulture)))})", null), cancellationToken))];

    /// <summary>The tasks <paramref name="viewer"/> sees, by deadline.</summary>
    public static async Task<IReadOnlyList<PlanTask>> ListForAsync(YardstickDb db, TaskViewer viewer, string? planCode = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return [.. (await ListAsync(db, planCode, cancellationToken)).Where(viewer.Sees)];
    }

    /// <summary>One task with its owners, links and milestones, reading only that task's rows.</summary>
    public static async Task<PlanTask?> GetAsync(YardstickDb db, long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync(db, new TaskFilter("t.id = @k", id), cancellationToken)).SingleOrDefault();

    /// <summary>The task when <paramref name="viewer"/> sees it; null when it does not exist or is outside their scope (both answer 404).</summary>
    public static async Task<PlanTask?> GetForAsync(YardstickDb db, TaskViewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return await GetAsync(db, id, cancellationToken) is { } task && viewer.Sees(task) ? task : null;
    }

    /// <summary>
    /// Which tasks a read covers: a condition on <c>plan_tasks t LEFT JOIN plans p</c> (a task may stand outside plans) with
    /// its one parameter <c>@k</c>, or none. The owners, links, milestones and units are read through the same condition, so
    /// reading one task reads one task's rows.
    /// </summary>
    private sealed record TaskFilter(string Where, object? Value)
    {
        public string Tasks => $"SELECT t.id FROM plan_tasks t LEFT JOIN plans p ON p.id = t.plan_id WHERE {Where}";

        public void Bind(DbCommand command)
        {
            if (Value is not null)
            {
                SchemaMigrator.AddParameter(command, "@k", Value);
            }
        }
    }

    private static async Task<IReadOnlyList<PlanTask>> QueryAsync(YardstickDb db, TaskFilter? filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            var units = await UnitsAsync(connection, filter, cancellationToken);
            var links = await LinksAsync(connection, filter, cancellationToken);
            var owners = await OwnersAsync(connection, filter, cancellationToken);
            var milestones = await MilestonesAsync(connection, filter, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT t.id, p.code AS plan_code, t.no, t.section, t.title, t.leads, t.responsible, t.cooperating, t.status, t.deadline, t.progress,
                       t.assigner_unit_id, t.created_by, t.reason, t.instruction_id, t.warning_key, t.inspection_required, t.original_deadline, t.extension_asked,
                       (SELECT max(u.at) FROM task_updates u WHERE u.task_id = t.id AND u.action = 'close') AS closed_at,
                       (SELECT u.rating FROM task_updates u WHERE u.task_id = t.id AND u.action = 'close' ORDER BY u.id DESC LIMIT 1) AS rating
                FROM plan_tasks t LEFT JOIN plans p ON p.id = t.plan_id
                """ + (filter is null ? "" : " WHERE " + filter.Where) + " ORDER BY coalesce(p.code, ''), t.id";
            filter?.Bind(command);
            var tasks = new List<PlanTask>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new Columns(reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = row.Long("id");
                var stage = TaskWords.ParseStage(row.Text("status"));
                DateOnly? deadline = row.OptionalText("deadline") is { } due ? DateOnly.ParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
                TaskOwner? assigner = row.OptionalInt("assigner_unit_id") is { } unit ? units.GetValueOrDefault(unit) : null;
                var instruction = row.OptionalLong("instruction_id");
                var planCode = row.OptionalText("plan_code");
                tasks.Add(new PlanTask(id, planCode, row.Text("no"), row.OptionalText("section"), row.Text("title"),
                    row.Text("leads"), row.Text("responsible"), row.Text("cooperating"), stage, deadline, row.Int("progress"),
                    links.TryGetValue(id, out var codes) ? codes : [], owners.TryGetValue(id, out var o) ? o : [], assigner,
                    row.OptionalText("created_by"),
                    stage == TaskStage.Closed && row.OptionalText("closed_at") is { } closed
                        ? Yardstick.Core.Model.LocalClock.Day(DateTimeOffset.Parse(closed, CultureInfo.InvariantCulture))
                        : null,
                    milestones.TryGetValue(id, out var m) ? m : [], row.OptionalText("reason"),
                    TaskSources.Of(instruction is not null, row.OptionalText("warning_key") is not null, planCode is not null), instruction,
                    row.Int("inspection_required") != 0, DayOf(row.OptionalText("original_deadline")), DayOf(row.OptionalText("extension_asked")),
                    stage == TaskStage.Closed ? row.OptionalInt("rating") : null));
            }
            return (IReadOnlyList<PlanTask>)tasks;
        }, cancellationToken);
    }

    /// <summary>
    /// The progress a task returns to when a request to close is 退回 or a closed task 重新打开: what was reported before the
    /// last 申请办结 (or 销号), and never 100 — the assigner has just said the work is not finished.
    /// </summary>
    private static async Task<int> ProgressBeforeClosingAsync(YardstickDb db, long taskId, CancellationToken cancellationToken)
    {
        var updates = await UpdatesAsync(db, taskId, cancellationToken); // newest first
        var closing = updates.ToList().FindIndex(u => u.Action is TaskAction.RequestClose or TaskAction.Close);
        var before = closing < 0 ? null : updates.Skip(closing + 1).FirstOrDefault(u => u.Action is not (TaskAction.RequestClose or TaskAction.Close));
        return Math.Min(before?.Progress ?? 0, 99);
    }

    /// <summary>
    /// A row's columns by name, so a reordered or added column in a SELECT cannot shift one field into another. The
    /// ordinals are looked up once per query; SQLite and PostgreSQL answer integers as different CLR types, hence the converts.
    /// </summary>
    private sealed class Columns(DbDataReader reader)
    {
        private readonly Dictionary<string, int> _ordinals = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.Ordinal);

        private int Ordinal(string name) =>
            _ordinals.TryGetValue(name, out var i) ? i : throw new InvalidOperationException($"查询结果没有列 {name}");

        public string Text(string name) => reader.GetString(Ordinal(name));

        public string? OptionalText(string name) => reader.IsDBNull(Ordinal(name)) ? null : reader.GetString(Ordinal(name));

        public long Long(string name) => Convert.ToInt64(reader.GetValue(Ordinal(name)), CultureInfo.InvariantCulture);

        public int Int(string name) => Convert.ToInt32(reader.GetValue(Ordinal(name)), CultureInfo.InvariantCulture);

        public int? OptionalInt(string name) => reader.IsDBNull(Ordinal(name)) ? null : Int(name);

        public long? OptionalLong(string name) => reader.IsDBNull(Ordinal(name)) ? null : Long(name);
    }

    public static async Task<IReadOnlyList<TaskUpdate>> UpdatesAsync(YardstickDb db, long taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, task_id, at, actor, action, status, progress, note, attachment_name, day, conclusion, rating FROM task_updates WHERE task_id = @id ORDER BY id DESC";
            SchemaMigrator.AddParameter(command, "@id", taskId);
            var updates = new List<TaskUpdate>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var row = new Columns(reader);
            while (await reader.ReadAsync(cancellationToken))
            {
                var action = TaskWords.ParseAction(row.Text("action"));
                // History written before the loop stored the old status words: in_progress and done read as stages too.
                var stageWord = row.Text("status") switch { "in_progress" => "received", "done" => "closed", "not_started" => "draft", var w => w };
                var stage = TaskWords.ParseStage(stageWord);
                updates.Add(new TaskUpdate(row.Long("id"), row.Long("task_id"), DateTimeOffset.Parse(row.Text("at"), CultureInfo.InvariantCulture),
                    row.Text("actor"), action, stage, row.Int("progress"), row.Text("note"), row.OptionalText("attachment_name"), DayOf(row.OptionalText("day")),
                    row.OptionalText("conclusion") is { } c ? TaskWords.ParseConclusion(c) : null, row.OptionalInt("rating")));
            }
            return (IReadOnlyList<TaskUpdate>)updates;
        }, cancellationToken);
    }

    public static async Task<(string Name, byte[] Content)?> AttachmentAsync(YardstickDb db, long updateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT attachment_name, attachment FROM task_updates WHERE id = @id AND attachment IS NOT NULL";
            SchemaMigrator.AddParameter(command, "@id", updateId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), (byte[])reader.GetValue(1)) : ((string, byte[])?)null;
        }, cancellationToken);
    }

    /// <summary>
    /// 交办: a planner hands a new task to lead (and partner) owners inside their scope; it starts 待签收 and each owner gets
    /// a message. Returns the new task's id, or the refusal.
    /// </summary>
    public static async Task<TaskOutcome> CreateAsync(YardstickDb db, NewTask input, TaskViewer viewer, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.MayAssign || viewer.Scope is not { } scope)
        {
            return TaskOutcome.Forbidden("只有规划管理人员可以交办任务");
        }
        var title = Text(input.Title);
        if (title.Length is 0 or > InputLimits.TaskTitle)
        {
            return TaskOutcome.Invalid(title.Length == 0 ? "请填写任务名称" : $"任务名称不能超过 {InputLimits.TaskTitle} 字");
        }
        var note = Text(input.Note);
        if (note.Length > InputLimits.Note)
        {
            return TaskOutcome.Invalid($"说明不能超过 {InputLimits.Note} 字");
        }
        var milestones = input.Milestones ?? [];
        if (milestones.Count > InputLimits.MilestonesPerTask)
        {
            return TaskOutcome.Invalid($"一项任务最多 {InputLimits.MilestonesPerTask} 个里程碑 (收到 {milestones.Count:N0} 个)");
        }
        milestones = [.. milestones.Select(m => m with { Title = Text(m.Title) })];
        if (milestones.FirstOrDefault(m => m.Title.Length is 0 or > InputLimits.MilestoneTitle) is { } badStep)
        {
            return TaskOutcome.Invalid(badStep.Title.Length == 0 ? $"第 {badStep.No} 个里程碑须写明事项"
                : $"第 {badStep.No} 个里程碑的事项不能超过 {InputLimits.MilestoneTitle} 字 (收到 {badStep.Title.Length:N0} 字)");
        }
        if (DaysRefusal(input.Deadline, milestones) is { } farOff)
        {
            return TaskOutcome.Invalid(farOff);
        }
        // A plan is an optional link, as indicators are: blank is a task outside plans.
        var planCode = (input.PlanCode ?? "").Trim();
        var plan = planCode.Length == 0 ? null : await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (planCode.Length > 0 && plan is null)
        {
            return TaskOutcome.Invalid($"未知的规划代码 \"{InputLimits.Echo(input.PlanCode)}\"");
        }
        Instruction? instruction = null;
        if (input.InstructionId is { } instructionId)
        {
            instruction = await Instructions.GetForAsync(db, viewer, instructionId, cancellationToken);
            if (instruction is null)
            {
                return TaskOutcome.NotFound($"没有编号为 {instructionId} 的批示件");
            }
            if (!instruction.IsWithin(scope))
            {
                return TaskOutcome.Forbidden($"{instruction.Number}由{instruction.UnitName}登记, 只有该单位及其上级可以据此交办任务");
            }
        }
        var (owners, ownerError) = await OwnersOfAsync(db, scope, input.Leads, input.Partners, cancellationToken);
        if (owners is null)
        {
            return ownerError!;
        }
        var (indicators, indicatorError) = await IndicatorsOfAsync(db, input.IndicatorCodes, cancellationToken);
        if (indicators is null)
        {
            return indicatorError!;
        }
        if (milestones.FirstOrDefault(m => input.Deadline is { } d && m.Due > d) is { } late)
        {
            return TaskOutcome.Invalid($"里程碑“{late.Title}”({late.Due:yyyy-MM-dd}) 晚于完成时限");
        }
        long id = 0;
        await AuditedChange.RunAsync(db, viewer.Name, "督办任务", at, viewer.Address, async (connection, transaction) =>
        {
            var no = await NextNumberAsync(connection, transaction, plan, instruction, scope, at, cancellationToken);
            id = Convert.ToInt64(await AuditedChange.ScalarAsync(connection, transaction, """
                INSERT INTO plan_tasks (plan_id, no, section, title, leads, responsible, cooperating, source, status, deadline, progress, assigner_unit_id, created_by,
                                        instruction_id, inspection_required)
                VALUES (@p, @no, NULL, @title, '', @resp, @coop, @source, @s, @d, 0, @a, @by, @i, @ir)
                RETURNING id
                """, cancellationToken, ("@p", plan?.Id), ("@no", no), ("@title", title), ("@ir", input.InspectionRequired ? 1 : 0),
                ("@resp", string.Join("、", owners.Where(o => o.IsLead).Select(o => o.Name))), ("@coop", string.Join("、", owners.Where(o => !o.IsLead).Select(o => o.Name))),
                ("@source", instruction is null ? "交办" : "批示件"), ("@s", TaskStage.Assigned.Word()), ("@d", Day(input.Deadline)), ("@a", scope.Id), ("@by", viewer.Name),
                ("@i", instruction?.Id)), CultureInfo.InvariantCulture);
            await SetOwnersAsync(connection, transaction, id, owners, cancellationToken);
            foreach (var m in milestones)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "INSERT INTO task_milestones (task_id, no, title, due) VALUES (@id, @no, @t, @d)", cancellationToken,
                    ("@id", id), ("@no", m.No), ("@t", m.Title), ("@d", Day(m.Due)));
            }
            foreach (var code in indicators)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "INSERT INTO task_indicators (task_id, indicator_code) VALUES (@id, @c)", cancellationToken, ("@id", id), ("@c", code));
            }
            await HistoryAsync(connection, transaction, id, at, viewer.Name, TaskAction.Assign, TaskStage.Assigned, 0, note, null, null, cancellationToken);
            var due = input.Deadline is { } d ? $", 完成时限 {d:yyyy年M月d日}" : "";
            var from = instruction is null ? "" : $"落实{instruction.Leader}批示 ({instruction.Number}), ";
            await Inbox.SendAsync(connection, transaction, owners.Select(o => o.OrgUnitId), id, "task_assign",
                $"{scope.Name}交办任务《{title}》({(owners.Count > 1 ? "牵头或配合" : "牵头")}){due}, {from}请签收。", at, null, cancellationToken);
            return [("task.assign", plan is null ? no : $"{plan.Code}/{no}", null,
                $"{title};牵头={string.Join("、", owners.Where(o => o.IsLead).Select(o => o.Code))};配合={string.Join("、", owners.Where(o => !o.IsLead).Select(o => o.Code))};时限={Day(input.Deadline)}"
                + string.Concat(milestones.Select(m => $";里程碑{m.No}={Day(m.Due)} {m.Title}")) + (input.InspectionRequired ? ";销号前须督查核实" : ""))];
        }, cancellationToken);
        return TaskOutcome.Done(id);
    }

    /// <summary>
    /// A new task's number, read under the writers' lock (unique indexes stand behind it): within its 批示件 when it answers one
    /// (批示〔2026〕12号-1, -2 …: the office cites the instruction, whatever plan the task also serves); within its plan as
    /// before (交办N); else in the assigning unit's own yearly sequence (督办〔2026〕3号), the way an office numbers the 督办单
    /// it sends — a task outside plans has no plan code to stand before a bare N.
    /// </summary>
    private static async Task<string> NextNumberAsync(DbConnection connection, DbTransaction transaction, Core.Targets.Plan? plan, Instruction? instruction,
        OrgUnit scope, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (instruction is not null)
        {
            var given = Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction, "SELECT count(*) FROM plan_tasks WHERE instruction_id = @i",
                cancellationToken, ("@i", instruction.Id)), CultureInfo.InvariantCulture);
            return $"{instruction.Number}-{given + 1}";
        }
        if (plan is not null)
        {
            var count = Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction,
                "SELECT count(*) FROM plan_tasks WHERE plan_id = @p AND created_by IS NOT NULL AND warning_key IS NULL AND instruction_id IS NULL",
                cancellationToken, ("@p", plan.Id)), CultureInfo.InvariantCulture);
            return $"交办{count + 1}";
        }
        var year = LocalClock.Day(at).Year;
        var prefix = $"督办〔{year}〕";
        var numbered = Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction,
            "SELECT count(*) FROM plan_tasks WHERE plan_id IS NULL AND instruction_id IS NULL AND assigner_unit_id = @a AND no LIKE @prefix",
            cancellationToken, ("@a", scope.Id), ("@prefix", prefix + "%")), CultureInfo.InvariantCulture);
        return $"{prefix}{numbered + 1}号";
    }

    /// <summary>
    /// Takes one step of the loop for <paramref name="viewer"/>: refused 404 when they do not see the task, 403 when the action
    /// is never theirs on it, 409 when it is theirs but not at this stage, 400 for what the step needs and lacks (a reason to
    /// return, evidence to ask to close, owners to hand a draft over). The other side gets a message.
    /// </summary>
    public static async Task<TaskOutcome> ActAsync(YardstickDb db, long taskId, TaskActionInput input, TaskViewer viewer, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(viewer);
        if (await GetForAsync(db, viewer, taskId, cancellationToken) is not { } task)
        {
            return TaskOutcome.NotFound($"没有编号为 {taskId} 的任务");
        }
        var sides = viewer.SidesOn(task);
        if (TaskLoop.Next(task.Stage, input.Action, sides, task.ExtensionPending) is not { } next)
        {
            bool Takes(IReadOnlyList<TaskSide> them) =>
                Enum.GetValues<TaskStage>().Any(s => TaskLoop.Next(s, input.Action, them) is not null || TaskLoop.Next(s, input.Action, them, extensionPending: true) is not null);
            return Takes(sides)
                ? TaskOutcome.Conflict(input.Action switch
                {
                    TaskAction.RequestExtension when task.ExtensionAsked is { } asked =>
                        $"已有一项延期申请 (延至 {asked:yyyy-MM-dd}) 等待交办单位答复, 答复前不能再申请",
                    TaskAction.GrantExtension or TaskAction.RefuseExtension when !task.ExtensionPending => "这项任务没有待答复的延期申请",
                    _ => $"任务当前为“{task.Stage.Chinese()}”, 不能{input.Action.Chinese()}",
                })
                // A reporter of the lead unit is refused for its role, not for its unit: say the reason that is true.
                : Takes(viewer.UnitSidesOn(task))
                ? TaskOutcome.Forbidden(RoleRefusal(viewer, input.Action.Chinese(), ownerStep: !Takes([TaskSide.Assigner])))
                : TaskOutcome.Forbidden($"您不能对这项任务{input.Action.Chinese()}: {WhoMay(input.Action)}");
        }
        var note = Text(input.Note);
        if (note.Length > InputLimits.Note)
        {
            return TaskOutcome.Invalid($"说明不能超过 {InputLimits.Note} 字");
        }
        if (TaskLoop.NeedsNote(input.Action) && note.Length == 0)
        {
            return TaskOutcome.Invalid(input.Action switch
            {
                TaskAction.Return => "退回须写明理由",
                TaskAction.Reopen => "重新打开须写明理由",
                TaskAction.Urge => "催办须写明催办事项",
                TaskAction.Dismiss => "撤销须写明理由",
                TaskAction.Transfer => "转办须写明理由",
                TaskAction.RequestExtension => "申请延期须写明理由",
                TaskAction.RefuseExtension => "不同意延期须写明理由",
                TaskAction.Inspect => "督查核实须写明核实情况",
                _ => throw new System.Diagnostics.UnreachableException(),
            });
        }
        if (input.Action is TaskAction.Report or TaskAction.RequestClose && note.Length == 0 && input.Attachment is null)
        {
            return TaskOutcome.Invalid(input.Action == TaskAction.RequestClose ? "申请办结须写明办结情况或附上佐证材料" : "请填写进展情况或附上材料");
        }
        if (input.Progress is < 0 or > 100)
        {
            return TaskOutcome.Invalid("进度应在 0 到 100 之间");
        }
        if (input.Attachment is { LongLength: > MaxAttachmentBytes })
        {
            return TaskOutcome.Invalid($"附件不能超过 {MaxAttachmentBytes / 1024 / 1024} MB");
        }
        TaskMilestone? completes = null;
        if (input.Milestone is { } number)
        {
            completes = task.Steps.FirstOrDefault(m => m.No == number);
            if (input.Action is not (TaskAction.Report or TaskAction.RequestClose) || completes is null || completes.DoneOn is not null)
            {
                return TaskOutcome.Invalid(completes is null ? $"没有第 {number} 个里程碑" : completes.DoneOn is not null ? $"里程碑“{completes.Title}”已完成" : "只有报送进展或申请办结时可以标记里程碑完成");
            }
        }
        // A task is finished only with its milestones: 申请办结 may complete the last open one, 销号 finds none open.
        if (input.Action is TaskAction.RequestClose or TaskAction.Close
            && task.Steps.Where(m => m.DoneOn is null && m != completes).ToList() is { Count: > 0 } open)
        {
            var names = string.Join("、", open.Select(m => $"“{m.Title}”({m.Due:yyyy-MM-dd})"));
            return TaskOutcome.Conflict(input.Action == TaskAction.RequestClose
                ? $"还有 {open.Count} 个里程碑未完成: {names}; 请先报送进展并标记完成, 再申请办结"
                : $"还有 {open.Count} 个里程碑未完成: {names}; 不能销号, 请退回牵头单位办理");
        }
        var today = Yardstick.Core.Model.LocalClock.Day(at);
        if (await StepRefusalAsync(db, task, input, today, cancellationToken) is { } refused)
        {
            return refused;
        }
        var owners = task.Owners;
        var deadline = task.Deadline;
        var originalDeadline = task.OriginalDeadline;
        var extensionAsked = task.ExtensionAsked;
        DateOnly? day = null;
        switch (input.Action)
        {
            case TaskAction.Transfer:
                var (handedTo, transferError) = await TransferredOwnersAsync(db, task, viewer, input.To, cancellationToken);
                if (handedTo is null)
                {
                    return transferError!;
                }
                owners = handedTo;
                // The old lead's pending request lapses with it: the new lead asks for itself if it needs more time.
                extensionAsked = null;
                break;
            case TaskAction.RequestExtension:
                extensionAsked = day = input.Deadline;
                break;
            case TaskAction.GrantExtension:
                day = deadline = task.ExtensionAsked;
                originalDeadline ??= task.Deadline;
                extensionAsked = null;
                break;
            case TaskAction.RefuseExtension:
                day = task.ExtensionAsked;
                extensionAsked = null;
                break;
            case TaskAction.Inspect:
                day = input.Day ?? today;
                break;
            case TaskAction.Close:
                extensionAsked = null;
                break;
            default:
                break;
        }
        if (input.Action == TaskAction.Assign)
        {
            if (input.Leads is { Count: > 0 } || input.Partners is { Count: > 0 })
            {
                var (chosen, error) = await OwnersOfAsync(db, viewer.Scope!, input.Leads ?? [], input.Partners ?? [], cancellationToken);
                if (chosen is null)
                {
                    return error!;
                }
                // The same owners chosen again are no change (nothing rewritten, nothing audited).
                owners = OwnerCodes(chosen) == OwnerCodes(task.Owners) ? task.Owners : chosen;
            }
            if (!owners.Any(o => o.IsLead))
            {
                return TaskOutcome.Invalid("交办前请指定牵头单位 (处室或下级单位)");
            }
            if (DaysRefusal(input.Deadline, []) is { } farOff)
            {
                return TaskOutcome.Invalid(farOff);
            }
            deadline = input.Deadline ?? deadline;
        }
        var progress = input.Action switch
        {
            TaskAction.Close => 100,
            TaskAction.Report or TaskAction.RequestClose => input.Progress ?? task.Progress,
            TaskAction.Return or TaskAction.Reopen => await ProgressBeforeClosingAsync(db, taskId, cancellationToken),
            TaskAction.Assign or TaskAction.Receive or TaskAction.Urge or TaskAction.Dismiss or TaskAction.Transfer or TaskAction.RequestExtension
                or TaskAction.GrantExtension or TaskAction.RefuseExtension or TaskAction.Inspect => task.Progress,
            _ => throw new UnreachableException(),
        };
        var attachmentName = input.Attachment is null ? null : Path.GetFileName(Text(input.AttachmentName ?? "材料"));
        var committed = await AuditedChange.RunAsync(db, viewer.Name, "督办任务", at, viewer.Address, async (connection, transaction) =>
        {
            // Decided on the stage as read above: a second assigner closing what the first just returned (or the reverse) loses here.
            if (!await AuditedChange.ClaimAsync(connection, transaction, "plan_tasks", "id = @id", "status", task.Stage.Word(), cancellationToken, ("@id", taskId)))
            {
                return null;
            }
            // Only what this step changes is written: a deadline the assigner moved meanwhile (PATCH) is not put back from the read above.
            if (deadline != task.Deadline
                && !await AuditedChange.ClaimAsync(connection, transaction, "plan_tasks", "id = @id", "deadline", Day(task.Deadline), cancellationToken, ("@id", taskId)))
            {
                return null;
            }
            // A 延期 step is decided on the request read above: a second request, or a grant racing a refusal, loses here.
            if (extensionAsked != task.ExtensionAsked
                && !await AuditedChange.ClaimAsync(connection, transaction, "plan_tasks", "id = @id", "extension_asked", Day(task.ExtensionAsked), cancellationToken, ("@id", taskId)))
            {
                return null;
            }
            // A 转办 is decided on the lead read above: the unit handing it on must still lead it (two 转办s at once: one stands).
            if (input.Action == TaskAction.Transfer
                && !await AuditedChange.ClaimAsync(connection, transaction, "task_owners", "task_id = @id AND org_unit_id = @u", "role", "lead", cancellationToken,
                    ("@id", taskId), ("@u", viewer.Scope!.Id)))
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction,
                "UPDATE plan_tasks SET status = @s, progress = @p" + (deadline != task.Deadline ? ", deadline = @d" : "")
                + (originalDeadline != task.OriginalDeadline ? ", original_deadline = @od" : "") + (extensionAsked != task.ExtensionAsked ? ", extension_asked = @ea" : "")
                + (input.Action == TaskAction.Transfer ? ", responsible = @resp, cooperating = @coop" : "") + " WHERE id = @id", cancellationToken,
                ("@s", next.Word()), ("@p", progress), ("@d", Day(deadline)), ("@od", Day(originalDeadline)), ("@ea", Day(extensionAsked)),
                ("@resp", string.Join("、", owners.Where(o => o.IsLead).Select(o => o.Name))), ("@coop", string.Join("、", owners.Where(o => !o.IsLead).Select(o => o.Name))),
                ("@id", taskId));
            if (!ReferenceEquals(owners, task.Owners))
            {
                await SetOwnersAsync(connection, transaction, taskId, owners, cancellationToken);
            }
            if (completes is not null)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE task_milestones SET done_on = @d WHERE task_id = @id AND no = @no", cancellationToken,
                    ("@d", Day(Yardstick.Core.Model.LocalClock.Day(at))), ("@id", taskId), ("@no", completes.No));
                note = $"[完成里程碑: {completes.Title}] " + note;
            }
            var reason = note;
            if (input.Action == TaskAction.Transfer)
            {
                // The history says where the task went; the messages below carry the reason alone.
                note = $"[转办给{string.Join("、", owners.Where(o => o.IsLead).Select(o => o.Name))}] " + note;
            }
            var rating = input.Action == TaskAction.Close ? input.Rating : null;
            var conclusion = input.Action == TaskAction.Inspect ? input.Conclusion : null;
            await HistoryAsync(connection, transaction, taskId, at, viewer.Name, input.Action, next, progress, note, attachmentName, input.Attachment, cancellationToken,
                day, conclusion, rating);
            var (recipients, words) = MessageOf(input.Action, task, owners, viewer, reason, progress, day, conclusion, rating);
            await Inbox.SendAsync(connection, transaction, recipients, taskId, "task_" + input.Action.Word(), words, at, null, cancellationToken);
            if (input.Action == TaskAction.Transfer && task.Assigner is { } assigner)
            {
                // The assigner hears who holds its task now; the new lead was told above to 签收 it.
                await Inbox.SendAsync(connection, transaction, [assigner.OrgUnitId], taskId, "task_transfer",
                    $"{viewer.Scope?.Name ?? viewer.Name}已将任务《{task.Title}》转办给{string.Join("、", owners.Where(o => o.IsLead).Select(o => o.Name))}: {reason}", at, null, cancellationToken);
            }
            var key = task.AuditKey;
            var facts = (day is { } d ? $";日期={Day(d)}" : "") + (conclusion is { } c ? $";结论={c.Chinese()}" : "") + (rating is { } r ? $";评价={Invariant(r)}" : "");
            var audit = new List<(string, string, string?, string?)>
            {
                ("task." + input.Action.Word(), key, task.Stage.Word(), next.Word() + facts + (note.Length > 0 ? ";" + note : "") + (attachmentName is { } n ? $" [附件 {n}]" : "")),
            };
            if (originalDeadline != task.OriginalDeadline)
            {
                audit.Add(("task.original_deadline", key, Day(task.OriginalDeadline), Day(originalDeadline)));
            }
            if (extensionAsked != task.ExtensionAsked)
            {
                audit.Add(("task.extension_asked", key, Day(task.ExtensionAsked), Day(extensionAsked)));
            }
            if (progress != task.Progress)
            {
                audit.Add(("task.progress", key, Invariant(task.Progress), Invariant(progress)));
            }
            if (deadline != task.Deadline)
            {
                audit.Add(("task.deadline", key, Day(task.Deadline), Day(deadline)));
            }
            if (!ReferenceEquals(owners, task.Owners))
            {
                audit.Add(("task.owners", key, OwnerCodes(task.Owners), OwnerCodes(owners)));
            }
            return audit;
        }, cancellationToken);
        return committed ? TaskOutcome.Done(taskId) : TaskOutcome.Conflict(await MovedAsync(db, taskId, input.Action, cancellationToken));
    }

    /// <summary>
    /// What a step of issue 29 needs beyond the loop's rule, or null: a 转办 a unit to hand to, a 延期申请 a day later than the
    /// deadline, a 督查核实 a conclusion and a day not ahead, a 销号 a rating (and, on a task that must be inspected, a 属实 or
    /// 基本属实 inspection since the latest 申请办结).
    /// </summary>
    private static async Task<TaskOutcome?> StepRefusalAsync(YardstickDb db, PlanTask task, TaskActionInput input, DateOnly today, CancellationToken cancellationToken)
    {
        switch (input.Action)
        {
            case TaskAction.Transfer when string.IsNullOrWhiteSpace(input.To):
                return TaskOutcome.Invalid("转办须选择接收单位");
            case TaskAction.RequestExtension:
                if (input.Deadline is not { } asked)
                {
                    return TaskOutcome.Invalid("申请延期须填写延期至的日期");
                }
                if (InputLimits.DayRefusal(asked, "延期至") is { } farOff)
                {
                    return TaskOutcome.Invalid(farOff);
                }
                var floor = task.Deadline is { } d && d > today ? d : today;
                return asked <= floor ? TaskOutcome.Invalid($"延期至的日期应晚于{(floor == task.Deadline ? "当前完成时限" : "今天")} {floor:yyyy-MM-dd}") : null;
            case TaskAction.Inspect:
                if (input.Conclusion is null)
                {
                    return TaskOutcome.Invalid("督查核实须选择结论: 属实、基本属实或不属实");
                }
                return input.Day is { } seen && (InputLimits.DayRefusal(seen, "核实日期") is { } bad || seen > today)
                    ? TaskOutcome.Invalid(InputLimits.DayRefusal(seen, "核实日期") ?? $"核实日期 {seen:yyyy-MM-dd} 不能晚于今天")
                    : null;
            case TaskAction.Close:
                if (input.Rating is not (>= TaskLoop.LowestRating and <= TaskLoop.HighestRating))
                {
                    return TaskOutcome.Invalid($"销号须给出办理质量评价 ({TaskLoop.LowestRating}–{TaskLoop.HighestRating} 分)");
                }
                if (task.InspectionRequired
                    && !TaskLoop.InspectedSinceCloseRequest((await UpdatesAsync(db, task.Id, cancellationToken)).Select(u => (u.Action, u.Conclusion))))
                {
                    return TaskOutcome.Conflict("这项任务须督查核实后才能销号: 最近一次申请办结之后, 还没有结论为属实或基本属实的督查核实记录");
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The owners after the viewer's unit hands its lead on to <paramref name="code"/>: a unit inside the assigner's scope, not the
    /// viewer's own; the new unit leads (a partner named becomes the lead), the old lead leaves the owners (the history keeps it).
    /// </summary>
    private static async Task<(IReadOnlyList<TaskOwner>? Owners, TaskOutcome? Error)> TransferredOwnersAsync(YardstickDb db, PlanTask task, TaskViewer viewer,
        string? code, CancellationToken cancellationToken)
    {
        var assignerId = task.Assigner?.OrgUnitId;
        var assigner = assignerId is null ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == assignerId, cancellationToken);
        if (assigner is null)
        {
            return (null, TaskOutcome.Conflict("这项任务没有交办单位, 不能转办"));
        }
        var (chosen, error) = await OwnersOfAsync(db, assigner, [code!], [], cancellationToken);
        if (chosen is null)
        {
            return (null, error!.Refusal!.Kind == RefusalKind.Forbidden
                ? TaskOutcome.Invalid($"只能转办给交办单位 ({assigner.Name}) 范围内的单位: {InputLimits.Echo(code)}")
                : error);
        }
        var to = chosen.Single();
        if (to.OrgUnitId == viewer.Scope!.Id)
        {
            return (null, TaskOutcome.Invalid("不能转办给本单位: 请选择另一个单位"));
        }
        if (task.LeadOwners.Any(o => o.OrgUnitId == to.OrgUnitId))
        {
            return (null, TaskOutcome.Invalid($"{to.Name}已是这项任务的牵头单位"));
        }
        return ([to, .. task.Owners.Where(o => o.OrgUnitId != viewer.Scope.Id && o.OrgUnitId != to.OrgUnitId)], null);
    }

    private static async Task<List<string>> IndicatorCodesAsync(DbConnection connection, DbTransaction transaction, long taskId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT indicator_code FROM task_indicators WHERE task_id = @id";
        SchemaMigrator.AddParameter(command, "@id", taskId);
        var codes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes.Add(reader.GetString(0));
        }
        return [.. codes.Order(StringComparer.Ordinal)];
    }

    /// <summary>What the task is now, for the one whose step lost the race: the last step taken, by whom and when.</summary>
    private static async Task<string> MovedAsync(YardstickDb db, long taskId, TaskAction? tried, CancellationToken cancellationToken)
    {
        var task = await GetAsync(db, taskId, cancellationToken);
        var last = (await UpdatesAsync(db, taskId, cancellationToken)).FirstOrDefault();
        var by = last is null ? "" : $"已被 {last.Actor} 于 {Yardstick.Core.Model.LocalClock.Text(last.At)} {last.Action.Chinese()}, ";
        return $"任务《{task?.Title}》{by}当前为“{task?.Stage.Chinese()}”; 您的{(tried is { } t ? t.Chinese() : "修改")}未执行, 请刷新后再看";
    }

    /// <summary>
    /// The assigner changes the deadline or the indicators a task serves (audited; the owners are told of a new deadline), with
    /// the same checks as a 交办. A closed task is read-only (409): the assigner reopens it first (<see cref="TaskAction.Reopen"/>).
    /// </summary>
    public static async Task<TaskOutcome> EditAsync(YardstickDb db, long taskId, DateOnly? deadline, IReadOnlyList<string>? indicatorCodes, TaskViewer viewer,
        DateTimeOffset at, CancellationToken cancellationToken = default, bool? inspectionRequired = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(viewer);
        if (await GetForAsync(db, viewer, taskId, cancellationToken) is not { } task)
        {
            return TaskOutcome.NotFound($"没有编号为 {taskId} 的任务");
        }
        if (!viewer.SidesOn(task).Contains(TaskSide.Assigner))
        {
            return TaskOutcome.Forbidden(viewer.UnitSidesOn(task).Contains(TaskSide.Assigner)
                ? RoleRefusal(viewer, "修改时限和关联指标", ownerStep: false)
                : "只有交办单位可以修改时限和关联指标");
        }
        if (task.Stage == TaskStage.Closed)
        {
            return TaskOutcome.Conflict("任务已办结 (销号), 不能修改时限和关联指标; 如需修改, 请交办单位先重新打开任务并写明理由");
        }
        if (DaysRefusal(deadline, []) is { } farOff)
        {
            return TaskOutcome.Invalid(farOff);
        }
        var indicators = task.IndicatorCodes;
        if (indicatorCodes is not null)
        {
            var (chosen, error) = await IndicatorsOfAsync(db, indicatorCodes, cancellationToken);
            if (chosen is null)
            {
                return error!;
            }
            indicators = chosen;
        }
        var key = task.AuditKey;
        var audit = new List<(string, string, string?, string?)>();
        if (deadline is not null && deadline != task.Deadline)
        {
            audit.Add(("task.deadline", key, Day(task.Deadline), Day(deadline)));
        }
        if (!indicators.Order(StringComparer.Ordinal).SequenceEqual(task.IndicatorCodes.Order(StringComparer.Ordinal)))
        {
            audit.Add(("task.indicators", key, string.Join(";", task.IndicatorCodes), string.Join(";", indicators)));
        }
        var inspected = inspectionRequired ?? task.InspectionRequired;
        if (inspected != task.InspectionRequired)
        {
            audit.Add(("task.inspection_required", key, task.InspectionRequired ? "须督查核实" : "不须", inspected ? "须督查核实" : "不须"));
        }
        if (audit.Count == 0)
        {
            return TaskOutcome.Done(taskId);
        }
        var committed = await AuditedChange.RunAsync(db, viewer.Name, "督办任务", at, viewer.Address, async (connection, transaction) =>
        {
            // Edited on the task as read above: a 销号 that committed since then makes it read-only, and another edit of the
            // deadline or the indicators since then wins (this one is answered 409 rather than undo it unseen).
            if (!await AuditedChange.ClaimAsync(connection, transaction, "plan_tasks", "id = @id", "status", task.Stage.Word(), cancellationToken, ("@id", taskId))
                || !await AuditedChange.ClaimAsync(connection, transaction, "plan_tasks", "id = @id", "deadline", Day(task.Deadline), cancellationToken, ("@id", taskId))
                || !(await IndicatorCodesAsync(connection, transaction, taskId, cancellationToken)).SequenceEqual(task.IndicatorCodes.Order(StringComparer.Ordinal)))
            {
                return null;
            }
            if (deadline is not null)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE plan_tasks SET deadline = @d WHERE id = @id", cancellationToken, ("@d", Day(deadline)), ("@id", taskId));
                if (task.Stage is not (TaskStage.Draft or TaskStage.Closed) && deadline != task.Deadline)
                {
                    await Inbox.SendAsync(connection, transaction, task.Owners.Select(o => o.OrgUnitId), taskId, "task_deadline",
                        $"任务《{task.Title}》的完成时限调整为 {deadline:yyyy年M月d日}。", at, null, cancellationToken);
                }
            }
            if (inspected != task.InspectionRequired)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE plan_tasks SET inspection_required = @ir WHERE id = @id", cancellationToken,
                    ("@ir", inspected ? 1 : 0), ("@id", taskId));
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "DELETE FROM task_indicators WHERE task_id = @id", cancellationToken, ("@id", taskId));
            foreach (var code in indicators)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "INSERT INTO task_indicators (task_id, indicator_code) VALUES (@id, @c)", cancellationToken, ("@id", taskId), ("@c", code));
            }
            return audit;
        }, cancellationToken);
        return committed ? TaskOutcome.Done(taskId) : TaskOutcome.Conflict(await MovedAsync(db, taskId, null, cancellationToken));
    }

    /// <summary>Who is told of a step, and what: the owners of what the assigner does, the assigner of what the owners do.</summary>
    private static (IEnumerable<int> Recipients, string Words) MessageOf(TaskAction action, PlanTask task, IReadOnlyList<TaskOwner> owners, TaskViewer viewer,
        string note, int progress, DateOnly? day, InspectionConclusion? conclusion, int? rating)
    {
        var by = viewer.Scope?.Name ?? viewer.Name;
        var assigner = task.Assigner is { } a ? new[] { a.OrgUnitId } : [];
        var reason = note.Length > 0 ? ": " + note : "";
        return action switch
        {
            TaskAction.Assign => (owners.Select(o => o.OrgUnitId), $"{by}交办任务《{task.Title}》, 请签收。"),
            TaskAction.Urge => (owners.Select(o => o.OrgUnitId), $"{by}催办任务《{task.Title}》{reason}"),
            TaskAction.Return => (owners.Where(o => o.IsLead).Select(o => o.OrgUnitId), $"{by}退回了任务《{task.Title}》的办结申请{reason}"),
            TaskAction.Close => (owners.Select(o => o.OrgUnitId), $"{by}已将任务《{task.Title}》销号办结, 办理质量评价 {rating} 分{(note.Length > 0 ? "。销号意见: " + note : "。")}"),
            TaskAction.Reopen => (owners.Select(o => o.OrgUnitId), $"{by}重新打开了已办结的任务《{task.Title}》, 请继续办理{reason}"),
            TaskAction.Receive => (assigner, $"{by}已签收任务《{task.Title}》。"),
            TaskAction.Report => (assigner, $"{by}报送了任务《{task.Title}》的进展 ({progress}%){reason}"),
            TaskAction.RequestClose => (assigner, $"{by}申请办结任务《{task.Title}》, 请审核销号{reason}"),
            // A draft was never handed to its owners: there is nobody on the other side to tell.
            TaskAction.Dismiss => ([], ""),
            TaskAction.Transfer => (owners.Where(o => o.IsLead).Select(o => o.OrgUnitId), $"{by}将任务《{task.Title}》转办给你单位牵头办理, 请签收{reason}"),
            TaskAction.RequestExtension => (assigner, $"{by}申请将任务《{task.Title}》的完成时限延至 {day:yyyy年M月d日}, 请审批{reason}"),
            TaskAction.GrantExtension => (owners.Select(o => o.OrgUnitId), $"{by}同意任务《{task.Title}》延期, 完成时限调整为 {day:yyyy年M月d日}{(note.Length > 0 ? "。" + note : "。")}"),
            TaskAction.RefuseExtension => (owners.Where(o => o.IsLead).Select(o => o.OrgUnitId), $"{by}不同意任务《{task.Title}》延期至 {day:yyyy年M月d日}, 完成时限不变{reason}"),
            TaskAction.Inspect => (owners.Select(o => o.OrgUnitId), $"{by}对任务《{task.Title}》进行了督查核实 ({day:yyyy年M月d日}), 结论: {conclusion?.Chinese()}{reason}"),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Why a step the viewer's unit could take is refused: its role (<see cref="Access.Roles.TaskActors"/> act for an owner, <see cref="Access.Roles.Planners"/> for the assigner).</summary>
    private static string RoleRefusal(TaskViewer viewer, string step, bool ownerStep) =>
        $"您的角色{(viewer.Role is { Length: > 0 } role ? $" ({role}) " : "")}不能{step}: 督办任务的这一步由"
        + $"{string.Join("、", (ownerStep ? Access.Roles.TaskActors : Access.Roles.Planners).Select(Access.Roles.Chinese))}角色办理";

    private static string WhoMay(TaskAction action) => action switch
    {
        TaskAction.Assign or TaskAction.Urge or TaskAction.Close or TaskAction.Return or TaskAction.Reopen or TaskAction.Dismiss
            or TaskAction.GrantExtension or TaskAction.RefuseExtension or TaskAction.Inspect => "只有交办单位的规划管理人员可以这样做",
        TaskAction.Report => "只有牵头或配合单位可以报送进展",
        TaskAction.Receive or TaskAction.RequestClose or TaskAction.Transfer or TaskAction.RequestExtension => "只有牵头单位可以这样做",
        _ => throw new UnreachableException(),
    };

    /// <summary>Why a deadline or a milestone's day is refused (<see cref="InputLimits.DayRefusal"/>, the same years for every path), or null.</summary>
    private static string? DaysRefusal(DateOnly? deadline, IReadOnlyList<TaskMilestone> milestones) =>
        (deadline is { } d ? InputLimits.DayRefusal(d, "完成时限") : null)
        ?? milestones.Select(m => InputLimits.DayRefusal(m.Due, $"第 {m.No} 个里程碑“{InputLimits.Echo(m.Title)}”的日期")).FirstOrDefault(r => r is not null);

    /// <summary>
    /// The indicators a task serves, by code: trimmed, distinct, at most <see cref="InputLimits.IndicatorsPerTask"/>, each a
    /// stored indicator's — the same check for a 交办 and an edit.
    /// </summary>
    private static async Task<(IReadOnlyList<string>? Codes, TaskOutcome? Error)> IndicatorsOfAsync(YardstickDb db, IReadOnlyList<string>? codes,
        CancellationToken cancellationToken)
    {
        var indicators = (codes ?? []).Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (indicators.Count > InputLimits.IndicatorsPerTask)
        {
            return (null, TaskOutcome.Invalid($"一项任务最多关联 {InputLimits.IndicatorsPerTask} 个指标 (收到 {indicators.Count:N0} 个)"));
        }
        var known = await db.Indicators.AsNoTracking().Where(i => indicators.Contains(i.Code)).Select(i => i.Code).ToListAsync(cancellationToken);
        if (indicators.Except(known, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            return (null, TaskOutcome.Invalid($"未知的指标代码: {InputLimits.Echo(string.Join("、", unknown))}"));
        }
        return (indicators, null);
    }

    /// <summary>Owners by org-unit code, each inside <paramref name="scope"/>; a code named as lead and partner is a lead.</summary>
    private static async Task<(IReadOnlyList<TaskOwner>? Owners, TaskOutcome? Error)> OwnersOfAsync(YardstickDb db, OrgUnit scope, IReadOnlyList<string> leads,
        IReadOnlyList<string> partners, CancellationToken cancellationToken)
    {
        var leadCodes = (leads ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var partnerCodes = (partners ?? []).Select(c => c.Trim()).Where(c => c.Length > 0 && !leadCodes.Contains(c)).Distinct(StringComparer.Ordinal).ToList();
        if (leadCodes.Count == 0)
        {
            return (null, TaskOutcome.Invalid("请指定至少一个牵头单位 (处室或下级单位的代码)"));
        }
        var codes = leadCodes.Concat(partnerCodes).ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToListAsync(cancellationToken);
        if (codes.Except(units.Select(u => u.Code), StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            return (null, TaskOutcome.Invalid($"未知的单位代码: {InputLimits.Echo(string.Join("、", unknown))}"));
        }
        if (units.Where(u => !u.IsWithin(scope)).Select(u => u.Name).ToList() is { Count: > 0 } outside)
        {
            return (null, TaskOutcome.Forbidden($"不能向本单位范围以外交办: {InputLimits.Echo(string.Join("、", outside))}"));
        }
        return ([.. codes.Select(c => units.Single(u => u.Code == c)).Select(u => new TaskOwner(u.Id, u.Code, u.Name, u.Path, u.Kind, leadCodes.Contains(u.Code)))], null);
    }

    private static async Task SetOwnersAsync(DbConnection connection, DbTransaction transaction, long taskId, IReadOnlyList<TaskOwner> owners,
        CancellationToken cancellationToken)
    {
        await AuditedChange.ExecuteAsync(connection, transaction, "DELETE FROM task_owners WHERE task_id = @id", cancellationToken, ("@id", taskId));
        foreach (var owner in owners)
        {
            await AuditedChange.ExecuteAsync(connection, transaction, "INSERT INTO task_owners (task_id, org_unit_id, role) VALUES (@id, @u, @r)", cancellationToken,
                ("@id", taskId), ("@u", owner.OrgUnitId), ("@r", owner.IsLead ? "lead" : "partner"));
        }
    }

    private static Task HistoryAsync(DbConnection connection, DbTransaction transaction, long taskId, DateTimeOffset at, string actor, TaskAction action,
        TaskStage stage, int progress, string note, string? attachmentName, byte[]? attachment, CancellationToken cancellationToken,
        DateOnly? day = null, InspectionConclusion? conclusion = null, int? rating = null) =>
        AuditedChange.ExecuteAsync(connection, transaction, """
            INSERT INTO task_updates (task_id, at, actor, action, status, progress, note, attachment_name, attachment, day, conclusion, rating)
            VALUES (@id, @at, @actor, @action, @s, @p, @note, @an, @a, @day, @c, @r)
            """, cancellationToken, ("@id", taskId), ("@at", at.ToString("O", CultureInfo.InvariantCulture)), ("@actor", actor), ("@action", action.Word()),
            ("@s", stage.Word()), ("@p", progress), ("@note", note), ("@an", attachmentName), ("@a", attachment), ("@day", Day(day)), ("@c", conclusion?.Word()),
            ("@r", rating));

    private static async Task<Dictionary<int, TaskOwner>> UnitsAsync(DbConnection connection, TaskFilter? filter, CancellationToken cancellationToken)
    {
        // Only the units the tasks read name: owners and assigners, a few hundred at most, never the whole province.
        await using var command = connection.CreateCommand();
        command.CommandText = filter is null
            ? """
              SELECT id, code, name, path, kind FROM org_units
              WHERE id IN (SELECT org_unit_id FROM task_owners) OR id IN (SELECT assigner_unit_id FROM plan_tasks WHERE assigner_unit_id IS NOT NULL)
              """
            : $"""
              SELECT id, code, name, path, kind FROM org_units
              WHERE id IN (SELECT org_unit_id FROM task_owners WHERE task_id IN ({filter.Tasks}))
                 OR id IN (SELECT t.assigner_unit_id FROM plan_tasks t LEFT JOIN plans p ON p.id = t.plan_id WHERE {filter.Where})
              """;
        filter?.Bind(command);
        var units = new Dictionary<int, TaskOwner>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = row.Int("id");
            units[id] = new TaskOwner(id, row.Text("code"), row.Text("name"), row.Text("path"), (OrgUnitKind)row.Int("kind"), false);
        }
        return units;
    }

    /// <summary>The rows of a task's table (owners, links, milestones) for the tasks <paramref name="filter"/> covers, all of them without one.</summary>
    private static string OfTasks(string select, TaskFilter? filter, string orderBy) =>
        select + (filter is null ? "" : $" WHERE task_id IN ({filter.Tasks})") + " ORDER BY " + orderBy;

    /// <summary>
    /// Each task's owners with their units, read together: a step committing between this read and the units' (a 转办 hands
    /// the task to another unit) must not leave an owner whose unit was not read.
    /// </summary>
    private static async Task<Dictionary<long, List<TaskOwner>>> OwnersAsync(DbConnection connection, TaskFilter? filter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = OfTasks("SELECT task_id, org_unit_id, role, u.code, u.name, u.path, u.kind FROM task_owners JOIN org_units u ON u.id = org_unit_id",
            filter, "task_id, role, org_unit_id");
        filter?.Bind(command);
        var owners = new Dictionary<long, List<TaskOwner>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = row.Long("task_id");
            if (!owners.TryGetValue(id, out var list))
            {
                owners[id] = list = [];
            }
            var unit = row.Int("org_unit_id");
            list.Add(new TaskOwner(unit, row.Text("code"), row.Text("name"), row.Text("path"), (OrgUnitKind)row.Int("kind"), row.Text("role") == "lead"));
        }
        return owners;
    }

    private static async Task<Dictionary<long, List<TaskMilestone>>> MilestonesAsync(DbConnection connection, TaskFilter? filter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = OfTasks("SELECT task_id, no, title, due, done_on FROM task_milestones", filter, "task_id, no");
        filter?.Bind(command);
        var all = new Dictionary<long, List<TaskMilestone>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = row.Long("task_id");
            if (!all.TryGetValue(id, out var list))
            {
                all[id] = list = [];
            }
            list.Add(new TaskMilestone(row.Int("no"), row.Text("title"), DateOnly.Parse(row.Text("due"), CultureInfo.InvariantCulture),
                row.OptionalText("done_on") is { } done ? DateOnly.Parse(done, CultureInfo.InvariantCulture) : null));
        }
        return all;
    }

    private static async Task<Dictionary<long, List<string>>> LinksAsync(DbConnection connection, TaskFilter? filter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = OfTasks("SELECT task_id, indicator_code FROM task_indicators", filter, "indicator_code");
        filter?.Bind(command);
        var links = new Dictionary<long, List<string>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new Columns(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = row.Long("task_id");
            if (!links.TryGetValue(id, out var list))
            {
                links[id] = list = [];
            }
            list.Add(row.Text("indicator_code"));
        }
        return links;
    }

    private static string Text(string? text) => Core.Text.InputText.Clean(text ?? "");

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? DayOf(string? stored) => stored is null ? null : DateOnly.ParseExact(stored, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string OwnerCodes(IReadOnlyList<TaskOwner> owners) =>
        string.Join(";", owners.OrderBy(o => o.IsLead ? 0 : 1).ThenBy(o => o.Code, StringComparer.Ordinal).Select(o => (o.IsLead ? "牵头=" : "配合=") + o.Code));
}
