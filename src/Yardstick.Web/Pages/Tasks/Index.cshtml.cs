using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Tasks;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Tasks;

/// <summary>
/// The 督办 board: the tasks the user's unit handed out or owns, one column per stage of the loop (待交办 → 已办结),
/// 临期 and 逾期 lit from the deadline; each card opens the task, where the actions that are the user's are offered.
/// </summary>
public sealed class IndexModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<PlanTask> Tasks { get; private set; } = [];
    /// <summary>The plans of the tasks shown, for the filter: the code is the value posted, the name what the user reads.</summary>
    public IReadOnlyList<(string Code, string Name)> Plans { get; private set; } = [];
    public string? Plan { get; private set; }
    /// <summary>The source chosen (规划, 批示件, 预警, 其他), or null for all.</summary>
    public TaskSource? Source { get; private set; }
    public string? Owner { get; private set; }
    public DateOnly Today => Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
    public bool CanAssign => me.CanPlan;

    /// <summary>For each task, the actions waiting on this user (签收, 销号 …): the board's "待我办理" marks.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<TaskAction>> Waiting { get; private set; } = new Dictionary<long, IReadOnlyList<TaskAction>>();

    public async Task OnGetAsync(string? plan, string? owner, string? source, CancellationToken ct)
    {
        var viewer = await me.TaskViewerAsync(ct);
        var all = await TaskBoard.ListForAsync(db, viewer, null, ct);
        var codes = all.Select(t => t.PlanCode).OfType<string>().Distinct().ToList();
        var names = await db.Plans.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        Plans = [.. codes.Select(c => (c, names.GetValueOrDefault(c) ?? c))];
        Plan = string.IsNullOrWhiteSpace(plan) ? null : plan;
        Owner = string.IsNullOrWhiteSpace(owner) ? null : owner.Trim();
        // An unknown source in the address shows every task rather than none: the filter says what it shows.
        Source = TaskSources.TryParse(source, out var from) ? from : null;
        Tasks = [.. all.Where(t => (Plan is null || t.PlanCode == Plan) && (Source is null || t.Source == Source)
                && (Owner is null || t.LeadNames.Contains(Owner, StringComparison.Ordinal) || t.Owners.Any(o => o.Name.Contains(Owner, StringComparison.Ordinal))))
            .OrderBy(t => t.Deadline ?? DateOnly.MaxValue)];
        // Reporting progress is always open to an owner, urging and reopening to the assigner; "waiting on me" means a step
        // only this side can take and the loop waits for. A draft waits on the planners who hand work over, not on a
        // system admin who may also do it; its 撤销 is the other answer to the same 交办, not a second thing waiting.
        var handsOver = me.IsIn(Roles.Planner);
        Waiting = Tasks.ToDictionary(t => t.Id, t => (IReadOnlyList<TaskAction>)[.. TaskLoop.Allowed(t.Stage, viewer.SidesOn(t))
            .Where(a => a is not (TaskAction.Report or TaskAction.Urge or TaskAction.Reopen or TaskAction.Dismiss) && (a != TaskAction.Assign || handsOver))]);
    }
}
