namespace Yardstick.Core.Tasks;

/// <summary>Where a task is in the 督办 loop. 逾期 / 临期 are not stages: they are read off the deadline (<see cref="TaskLoop.LightOn"/>).</summary>
public enum TaskStage
{
    /// <summary>待交办: read from a document, owners proposed, not yet handed over.</summary>
    Draft,

    /// <summary>待签收: handed to its owners, not yet acknowledged by the lead.</summary>
    Assigned,

    /// <summary>办理中: acknowledged (or returned after a request to close); progress is reported.</summary>
    Received,

    /// <summary>待销号: the lead owner asked to close it, with evidence.</summary>
    CloseRequested,

    /// <summary>已办结: the assigner accepted the evidence (销号).</summary>
    Closed,
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
/// A 退回 sends the task back to 办理中 with the reason; nothing moves a closed task.
/// </summary>
public static class TaskLoop
{
    public const int DueSoonDays = 14;

    /// <summary>The stage <paramref name="action"/> leads to when one of <paramref name="sides"/> may take it from <paramref name="stage"/>; null when nobody of those sides may.</summary>
    public static TaskStage? Next(TaskStage stage, TaskAction action, IReadOnlyCollection<TaskSide> sides)
    {
        ArgumentNullException.ThrowIfNull(sides);
        bool As(TaskSide side) => sides.Contains(side);
        return action switch
        {
            TaskAction.Assign when As(TaskSide.Assigner) && stage == TaskStage.Draft => TaskStage.Assigned,
            TaskAction.Receive when As(TaskSide.Lead) && stage == TaskStage.Assigned => TaskStage.Received,
            TaskAction.Report when (As(TaskSide.Lead) || As(TaskSide.Partner)) && stage == TaskStage.Received => TaskStage.Received,
            TaskAction.Urge when As(TaskSide.Assigner) && stage is TaskStage.Assigned or TaskStage.Received => stage,
            TaskAction.RequestClose when As(TaskSide.Lead) && stage == TaskStage.Received => TaskStage.CloseRequested,
            TaskAction.Close when As(TaskSide.Assigner) && stage == TaskStage.CloseRequested => TaskStage.Closed,
            TaskAction.Return when As(TaskSide.Assigner) && stage == TaskStage.CloseRequested => TaskStage.Received,
            _ => null,
        };
    }

    /// <summary>The actions <paramref name="sides"/> may take now, in the loop's order: what a page offers as buttons.</summary>
    public static IReadOnlyList<TaskAction> Allowed(TaskStage stage, IReadOnlyCollection<TaskSide> sides) =>
        [.. Enum.GetValues<TaskAction>().Where(a => Next(stage, a, sides) is not null)];

    public static TaskLight LightOn(TaskStage stage, DateOnly? deadline, DateOnly today) =>
        stage is TaskStage.Closed or TaskStage.Draft || deadline is not { } d ? TaskLight.None
        : d < today ? TaskLight.Overdue
        : d.DayNumber - today.DayNumber <= DueSoonDays ? TaskLight.DueSoon
        : TaskLight.None;

    /// <summary>Whether an action needs a note: a 催办 says what is urged, a 退回 why.</summary>
    public static bool NeedsNote(TaskAction action) => action is TaskAction.Urge or TaskAction.Return;
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
        _ => "closed",
    };

    public static string Chinese(this TaskStage stage) => stage switch
    {
        TaskStage.Draft => "待交办",
        TaskStage.Assigned => "待签收",
        TaskStage.Received => "办理中",
        TaskStage.CloseRequested => "待销号",
        _ => "已办结",
    };

    public static string Word(this TaskAction action) => action switch
    {
        TaskAction.Assign => "assign",
        TaskAction.Receive => "receive",
        TaskAction.Report => "report",
        TaskAction.Urge => "urge",
        TaskAction.RequestClose => "request_close",
        TaskAction.Close => "close",
        _ => "return",
    };

    public static string Chinese(this TaskAction action) => action switch
    {
        TaskAction.Assign => "交办",
        TaskAction.Receive => "签收",
        TaskAction.Report => "报送进展",
        TaskAction.Urge => "催办",
        TaskAction.RequestClose => "申请办结",
        TaskAction.Close => "销号",
        _ => "退回",
    };

    public static string Chinese(this TaskLight light) => light switch
    {
        TaskLight.Overdue => "逾期",
        TaskLight.DueSoon => "临期",
        _ => "",
    };

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
