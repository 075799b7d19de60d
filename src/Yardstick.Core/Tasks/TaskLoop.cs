using System.Diagnostics;

namespace Yardstick.Core.Tasks;

/// <summary>Where a task is in the 督办 loop. 逾期 / 临期 are not stages: they are read off the deadline (<see cref="TaskLoop.LightOn"/>).</summary>
public enum TaskStage
{
    /// <summary>待交办: read from a document, or proposed when a target's light turned red (<c>Data/Tasks/RedLights</c>); owners proposed, not yet handed over.</summary>
    Draft,

    /// <summary>待签收: handed to its owners, not yet acknowledged by the lead.</summary>
    Assigned,

    /// <summary>办理中: acknowledged (or returned after a request to close); progress is reported.</summary>
    Received,

    /// <summary>待销号: the lead owner asked to close it, with evidence.</summary>
    CloseRequested,

    /// <summary>已办结: the assigner accepted the evidence (销号).</summary>
    Closed,

    /// <summary>已撤销: a draft the assigner decided not to hand over, with a reason (撤销); read-only, never handed over later.</summary>
    Dismissed,
}

/// <summary>A dated step of a task before its deadline (里程碑); done on the day its lead reports it done.</summary>
public sealed record TaskMilestone(int No, string Title, DateOnly Due, DateOnly? DoneOn)
{
    /// <summary>
    /// "2027-03-31 完成方案" (one per line, the date first; 2027/3/31 and 2027年3月31日 too; years as <see cref="Model.InputLimits.DayRefusal"/>
    /// allows) → milestones numbered in order; the bad lines as "第N行: reason" (the first <see cref="Model.InputLimits.IssuesListed"/>, then a count).
    /// </summary>
    public static (IReadOnlyList<TaskMilestone> Milestones, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var milestones = new List<TaskMilestone>();
        var errors = new Model.IssueList();
        var lines = Text.InputText.Normalize(text ?? "").Split('\n');
        for (var k = 0; k < lines.Length; k++)
        {
            var line = lines[k].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var cut = line.IndexOfAny([' ', '\t', ',', '，', '：', ':']);
            if (!Text.InputText.TryParseDay(cut < 0 ? line : line[..cut], out var due))
            {
                errors.Add($"第{k + 1}行: 应以日期开头, 如 2027-03-31 完成方案");
                continue;
            }
            if (Model.InputLimits.DayRefusal(due, "里程碑日期") is { } farOff)
            {
                errors.Add($"第{k + 1}行: {farOff}");
                continue;
            }
            var title = cut < 0 ? "" : line[(cut + 1)..].Trim();
            if (title.Length is 0 or > Model.InputLimits.MilestoneTitle)
            {
                errors.Add($"第{k + 1}行: {(title.Length == 0 ? "日期后应写明里程碑事项" : $"里程碑事项不能超过 {Model.InputLimits.MilestoneTitle} 字")}");
                continue;
            }
            milestones.Add(new TaskMilestone(milestones.Count + 1, title, due, null));
        }
        return (milestones, errors.Listed());
    }
}

/// <summary>What someone does to a task.</summary>
public enum TaskAction
{
    Assign,
    Receive,
    Report,
    Urge,
    RequestClose,
    Close,
    Return,

    /// <summary>重新打开: the assigner takes a closed task back into hand (办理中), with a reason; the only change a closed task takes.</summary>
    Reopen,

    /// <summary>撤销: the assigner decides a draft is not to be handed over (a red light already in hand, a figure being corrected), with a reason.</summary>
    Dismiss,

    /// <summary>转办: the lead hands the task to another unit inside the assigner's scope, with a reason; that unit becomes the lead and 签收s it anew.</summary>
    Transfer,

    /// <summary>延期申请: the lead asks for a later deadline, with a reason; one request at a time.</summary>
    RequestExtension,

    /// <summary>同意延期: the assigner grants the pending request; the deadline becomes the date asked, the first deadline kept as 原定期限.</summary>
    GrantExtension,

    /// <summary>不同意延期: the assigner refuses the pending request, with a reason; the deadline stays.</summary>
    RefuseExtension,

    /// <summary>督查核实: someone of the assigner's side records an inspection — its day, findings, evidence and conclusion.</summary>
    Inspect,
}

/// <summary>What a 督查核实 found: whether the work reported is real.</summary>
public enum InspectionConclusion
{
    /// <summary>属实: the work is as reported.</summary>
    Verified,

    /// <summary>基本属实: as reported in substance, with small gaps the findings name.</summary>
    MostlyVerified,

    /// <summary>不属实: not as reported.</summary>
    Unverified,
}

/// <summary>Whose part of the loop a user plays on a task.</summary>
public enum TaskSide
{
    /// <summary>The unit that hands the task over (交办), urges, accepts or returns it.</summary>
    Assigner,

    /// <summary>The lead owner (牵头): acknowledges, reports, asks to close.</summary>
    Lead,

    /// <summary>A partner owner (配合): reports progress.</summary>
    Partner,
}

/// <summary>The deadline light: 逾期 after it, 临期 within <see cref="TaskLoop.DueSoonDays"/> days of it, for an open task.</summary>
public enum TaskLight
{
    None,
    DueSoon,
    Overdue,
}

/// <summary>
/// The 督办 loop, the one place that says who may do what to a task and where that leads: 交办 (assigner, draft) → 签收
/// (lead) → 进展 (lead or partner, any number) → 催办 (assigner, while open) → 申请办结 (lead) → 销号 or 退回 (assigner).
/// A 退回 sends the task back to 办理中 with the reason. A closed task is read-only: only 重新打开 by the assigner, with a
/// reason, moves it — back to 办理中, the stage it was in before its lead asked to close it. A draft the assigner does not
/// hand over is 撤销 (dismissed) with a reason, and stays so. Beside the main line (issue 29): the lead 转办s a task it has
/// not finished to another unit (待签收 again, for that unit); the lead asks for a later deadline (延期申请) and the
/// assigner grants or refuses it, one request pending at a time; the assigner's side records 督查核实 while the task is
/// being done or waits for 销号, and a task marked 销号前须督查核实 is closed only after a 属实 or 基本属实 record
/// (<see cref="InspectedSinceCloseRequest"/>); a 销号 carries a quality rating (<see cref="NeedsRating"/>).
/// </summary>
public static class TaskLoop
{
    public const int DueSoonDays = 14;

    /// <summary>The lowest and highest quality rating (评价) a 销号 gives: 1 差 … 5 优.</summary>
    public const int LowestRating = 1;

    public const int HighestRating = 5;

    /// <summary>
    /// The stage <paramref name="action"/> leads to when one of <paramref name="sides"/> may take it from <paramref name="stage"/>;
    /// null when nobody of those sides may. <paramref name="extensionPending"/>: a 延期申请 waits for the assigner's answer.
    /// </summary>
    public static TaskStage? Next(TaskStage stage, TaskAction action, IReadOnlyCollection<TaskSide> sides, bool extensionPending = false)
    {
        ArgumentNullException.ThrowIfNull(sides);
        bool As(TaskSide side) => sides.Contains(side);
        TaskStage? To(TaskStage next, bool allowed) => allowed ? next : null;
        return action switch
        {
            TaskAction.Assign => To(TaskStage.Assigned, As(TaskSide.Assigner) && stage == TaskStage.Draft),
            TaskAction.Receive => To(TaskStage.Received, As(TaskSide.Lead) && stage == TaskStage.Assigned),
            TaskAction.Report => To(TaskStage.Received, (As(TaskSide.Lead) || As(TaskSide.Partner)) && stage == TaskStage.Received),
            TaskAction.Urge => To(stage, As(TaskSide.Assigner) && stage is TaskStage.Assigned or TaskStage.Received),
            TaskAction.RequestClose => To(TaskStage.CloseRequested, As(TaskSide.Lead) && stage == TaskStage.Received),
            TaskAction.Close => To(TaskStage.Closed, As(TaskSide.Assigner) && stage == TaskStage.CloseRequested),
            TaskAction.Return => To(TaskStage.Received, As(TaskSide.Assigner) && stage == TaskStage.CloseRequested),
            TaskAction.Reopen => To(TaskStage.Received, As(TaskSide.Assigner) && stage == TaskStage.Closed),
            TaskAction.Dismiss => To(TaskStage.Dismissed, As(TaskSide.Assigner) && stage == TaskStage.Draft),
            // Handed on before it is finished: the new lead acknowledges it as a new 交办.
            TaskAction.Transfer => To(TaskStage.Assigned, As(TaskSide.Lead) && stage is TaskStage.Assigned or TaskStage.Received),
            TaskAction.RequestExtension => To(stage, As(TaskSide.Lead) && stage == TaskStage.Received && !extensionPending),
            TaskAction.GrantExtension or TaskAction.RefuseExtension =>
                To(stage, As(TaskSide.Assigner) && extensionPending && stage is TaskStage.Assigned or TaskStage.Received or TaskStage.CloseRequested),
            TaskAction.Inspect => To(stage, As(TaskSide.Assigner) && stage is TaskStage.Received or TaskStage.CloseRequested),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The actions <paramref name="sides"/> may take now, in the loop's order: what a page offers as buttons.</summary>
    public static IReadOnlyList<TaskAction> Allowed(TaskStage stage, IReadOnlyCollection<TaskSide> sides, bool extensionPending = false) =>
        [.. Enum.GetValues<TaskAction>().Where(a => Next(stage, a, sides, extensionPending) is not null)];

    /// <summary>
    /// Whether a 销号 may follow on a task that must be inspected first: some 督查核实 since the latest 申请办结 found the work
    /// 属实 or 基本属实. An inspection before that request saw other work; a 不属实 one since it does not count.
    /// </summary>
    /// <param name="newestFirst">The task's history, newest first: each step and, for a 督查核实, its conclusion.</param>
    public static bool InspectedSinceCloseRequest(IEnumerable<(TaskAction Action, InspectionConclusion? Conclusion)> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        return newestFirst.TakeWhile(u => u.Action != TaskAction.RequestClose)
            .Any(u => u.Action == TaskAction.Inspect && u.Conclusion is InspectionConclusion.Verified or InspectionConclusion.MostlyVerified);
    }

    /// <summary>
    /// Whether an action needs a quality rating (<see cref="LowestRating"/>–<see cref="HighestRating"/>): a 销号 does, always —
    /// 考核 weighs a closed task by it (<c>Scorecards.TaskCompletion</c>), and a close without one would count as the best.
    /// Tasks closed before ratings existed have none and count in full.
    /// </summary>
    public static bool NeedsRating(TaskAction action) => action == TaskAction.Close;

    /// <summary>The date the task answers to next: its first milestone not done, or its deadline if that comes first or none is left.</summary>
    public static DateOnly? NextDue(DateOnly? deadline, IEnumerable<TaskMilestone> milestones)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        var next = milestones.Where(m => m.DoneOn is null).Select(m => (DateOnly?)m.Due).Min();
        return next is { } n && (deadline is not { } d || n < d) ? n : deadline;
    }

    /// <summary>The light of an open task against the date it answers to next (<see cref="NextDue"/>): a milestone or the deadline.</summary>
    public static TaskLight LightOn(TaskStage stage, DateOnly? deadline, DateOnly today) =>
        stage is TaskStage.Closed or TaskStage.Draft or TaskStage.Dismissed || deadline is not { } d ? TaskLight.None
        : d < today ? TaskLight.Overdue
        : d.DayNumber - today.DayNumber <= DueSoonDays ? TaskLight.DueSoon
        : TaskLight.None;

    /// <summary>Whether an action needs a note: a 催办 says what is urged, a 退回, 重新打开, 撤销, 转办, 延期申请 and a refused extension why, a 督查核实 what it found.</summary>
    public static bool NeedsNote(TaskAction action) => action is TaskAction.Urge or TaskAction.Return or TaskAction.Reopen or TaskAction.Dismiss
        or TaskAction.Transfer or TaskAction.RequestExtension or TaskAction.RefuseExtension or TaskAction.Inspect;
}

/// <summary>The words of the loop: stored (<c>Word</c>), shown (<c>Chinese</c>) and parsed from either.</summary>
public static class TaskWords
{
    public static string Word(this TaskStage stage) => stage switch
    {
        TaskStage.Draft => "draft",
        TaskStage.Assigned => "assigned",
        TaskStage.Received => "received",
        TaskStage.CloseRequested => "close_requested",
        TaskStage.Closed => "closed",
        TaskStage.Dismissed => "dismissed",
        _ => throw new UnreachableException(),
    };

    public static string Chinese(this TaskStage stage) => stage switch
    {
        TaskStage.Draft => "待交办",
        TaskStage.Assigned => "待签收",
        TaskStage.Received => "办理中",
        TaskStage.CloseRequested => "待销号",
        TaskStage.Closed => "已办结",
        TaskStage.Dismissed => "已撤销",
        _ => throw new UnreachableException(),
    };

    public static string Word(this TaskAction action) => action switch
    {
        TaskAction.Assign => "assign",
        TaskAction.Receive => "receive",
        TaskAction.Report => "report",
        TaskAction.Urge => "urge",
        TaskAction.RequestClose => "request_close",
        TaskAction.Close => "close",
        TaskAction.Return => "return",
        TaskAction.Reopen => "reopen",
        TaskAction.Dismiss => "dismiss",
        TaskAction.Transfer => "transfer",
        TaskAction.RequestExtension => "request_extension",
        TaskAction.GrantExtension => "grant_extension",
        TaskAction.RefuseExtension => "refuse_extension",
        TaskAction.Inspect => "inspect",
        _ => throw new UnreachableException(),
    };

    public static string Chinese(this TaskAction action) => action switch
    {
        TaskAction.Assign => "交办",
        TaskAction.Receive => "签收",
        TaskAction.Report => "报送进展",
        TaskAction.Urge => "催办",
        TaskAction.RequestClose => "申请办结",
        TaskAction.Close => "销号",
        TaskAction.Return => "退回",
        TaskAction.Reopen => "重新打开",
        TaskAction.Dismiss => "撤销",
        TaskAction.Transfer => "转办",
        TaskAction.RequestExtension => "申请延期",
        TaskAction.GrantExtension => "同意延期",
        TaskAction.RefuseExtension => "不同意延期",
        TaskAction.Inspect => "督查核实",
        _ => throw new UnreachableException(),
    };

    public static string Word(this InspectionConclusion conclusion) => conclusion switch
    {
        InspectionConclusion.Verified => "verified",
        InspectionConclusion.MostlyVerified => "mostly_verified",
        InspectionConclusion.Unverified => "unverified",
        _ => throw new UnreachableException(),
    };

    public static string Chinese(this InspectionConclusion conclusion) => conclusion switch
    {
        InspectionConclusion.Verified => "属实",
        InspectionConclusion.MostlyVerified => "基本属实",
        InspectionConclusion.Unverified => "不属实",
        _ => throw new UnreachableException(),
    };

    /// <summary>A conclusion as stored (<see cref="Word(InspectionConclusion)"/>); an unknown word is refused.</summary>
    public static InspectionConclusion ParseConclusion(string word) =>
        Enum.GetValues<InspectionConclusion>().Where(c => c.Word() == word).Cast<InspectionConclusion?>().FirstOrDefault()
            ?? throw new FormatException($"未知的督查核实结论 \"{word}\" (存储的值应为 {string.Join("、", Enum.GetValues<InspectionConclusion>().Select(c => c.Word()))} 之一)");

    /// <summary>A conclusion as typed or sent: its word or its Chinese (属实, 基本属实, 不属实).</summary>
    public static bool TryParseConclusion(string? text, out InspectionConclusion conclusion)
    {
        var t = (text ?? "").Trim();
        var found = Enum.GetValues<InspectionConclusion>().Where(c => c.Word() == t || c.Chinese() == t).Cast<InspectionConclusion?>().FirstOrDefault();
        conclusion = found ?? default;
        return found is not null;
    }

    public static string Chinese(this TaskLight light) => light switch
    {
        TaskLight.Overdue => "逾期",
        TaskLight.DueSoon => "临期",
        TaskLight.None => "",
        _ => throw new UnreachableException(),
    };

    /// <summary>A stage as stored (<see cref="Word(TaskStage)"/>); an unknown word is refused, never read as a draft.</summary>
    public static TaskStage ParseStage(string word) =>
        Enum.GetValues<TaskStage>().Where(s => s.Word() == word).Cast<TaskStage?>().FirstOrDefault()
            ?? throw new FormatException($"未知的任务阶段 \"{word}\" (存储的值应为 {string.Join("、", Enum.GetValues<TaskStage>().Select(s => s.Word()))} 之一)");

    /// <summary>An action as stored (<see cref="Word(TaskAction)"/>); an unknown word is refused.</summary>
    public static TaskAction ParseAction(string word) =>
        Enum.GetValues<TaskAction>().Where(a => a.Word() == word).Cast<TaskAction?>().FirstOrDefault()
            ?? throw new FormatException($"未知的任务操作 \"{word}\" (存储的值应为 {string.Join("、", Enum.GetValues<TaskAction>().Select(a => a.Word()))} 之一)");

    public static bool TryParseStage(string? text, out TaskStage stage)
    {
        var t = (text ?? "").Trim();
        var found = Enum.GetValues<TaskStage>().Where(s => s.Word() == t || s.Chinese() == t).Cast<TaskStage?>().FirstOrDefault();
        stage = found ?? default;
        return found is not null;
    }

    public static bool TryParseAction(string? text, out TaskAction action)
    {
        var t = (text ?? "").Trim();
        var found = Enum.GetValues<TaskAction>().Where(a => a.Word() == t || a.Chinese() == t).Cast<TaskAction?>().FirstOrDefault();
        action = found ?? default;
        return found is not null;
    }
}
