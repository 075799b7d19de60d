using Yardstick.Core.Targets;

namespace Yardstick.Core.Scorecards;

/// <summary>
/// The 考核 item for key tasks (重点任务完成情况): of a unit's tasks due in the year (by the day assessed), or closed in it, the
/// share done — closed by its deadline counts 1, closed late <see cref="LateCredit"/>, still open past its deadline 0, each
/// closed task's credit then weighed by the quality the assigner rated at 销号 (<see cref="Credit"/>). The deadline is
/// the task's current one: a granted 延期 moves it. Tasks not yet due and open are not counted. Judged like a target of 100%: all on time is 已达标, anything less 进度滞后;
/// no task counted is 无数据 (no points, and the item's weight goes to the others when no unit has any).
/// </summary>
public static class TaskCompletion
{
    public const decimal LateCredit = 0.5m;

    /// <summary>
    /// What one closed task earns, the one rule: 1 on time, <see cref="LateCredit"/> late, times its 销号 rating over
    /// <see cref="Tasks.TaskLoop.HighestRating"/> (a 4 on time earns 0.8); a task closed before ratings existed has none and
    /// keeps its full credit.
    /// </summary>
    public static decimal Credit(DateOnly? deadline, DateOnly closedOn, int? rating) =>
        (deadline is not { } due || closedOn <= due ? 1 : LateCredit) * (rating is { } r ? (decimal)r / Tasks.TaskLoop.HighestRating : 1);

    public static TargetEvaluation Judge(IEnumerable<(DateOnly? Deadline, DateOnly? ClosedOn, int? Rating)> tasks, int year, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var end = new DateOnly(year, 12, 31) < today ? new DateOnly(year, 12, 31) : today;
        var credits = new List<decimal>();
        foreach (var (deadline, closedOn, rating) in tasks)
        {
            var dueInYear = deadline is { } d && d.Year == year && d <= end;
            var closedInYear = closedOn is { } c && c.Year == year && c <= end;
            if (!dueInYear && !closedInYear)
            {
                continue;
            }
            credits.Add(closedOn is { } closed && closed <= end ? Credit(deadline, closed, rating) : 0);
        }
        if (credits.Count == 0)
        {
            return new TargetEvaluation(year, null, null, 0, 100, null, 100, null, TargetStatus.NoData);
        }
        var share = Math.Round(credits.Sum() * 100 / credits.Count, 4);
        return new TargetEvaluation(year, share, null, 0, 100, null, 100, share, share >= 100 ? TargetStatus.Achieved : TargetStatus.Lagging);
    }
}
