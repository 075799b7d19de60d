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
/// hand over is 撤销 (dismissed) with a reason, and stays so.
/// </summary>
public static class TaskLoop
{
    public const int DueSoonDays = 14;

    /// <summary>The stage <paramref name="action"/> leads to when one of <paramref name="sides"/> may take it from <paramref name="stage"/>; null when nobody of those sides may.</summary>
    public static TaskStage? Next(TaskStage stage, TaskAction action, IReadOnlyCollection<TaskSide> sides)
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
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The actions <paramref name="sides"/> may take now, in the loop's order: what a page offers as buttons.</summary>
    public static IReadOnlyList<TaskAction> Allowed(TaskStage stage, IReadOnlyCollection<TaskSide> sides) =>
        [.. Enum.GetValues<TaskAction>().Where(a => Next(stage, a, sides) is not null)];

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

    /// <summary>Whether an action needs a note: a 催办 says what is urged, a 退回, a 重新打开 and a 撤销 why.</summary>
    public static bool NeedsNote(TaskAction action) => action is TaskAction.Urge or TaskAction.Return or TaskAction.Reopen or TaskAction.Dismiss;
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
        _ => throw new UnreachableException(),
    };

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
