using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

public sealed class IndexModel(YardstickDb db, CurrentUser me) : PageModel
{
    public IReadOnlyList<(Plan Plan, int Targets, int Tasks)> Plans { get; private set; } = [];
    public bool CanPlan => me.CanPlan;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        var targets = await db.Targets.AsNoTracking().GroupBy(t => t.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var tasks = await TaskBoard.ListForAsync(db, await me.TaskViewerAsync(ct), null, ct);
        Plans = [.. plans.Select(p => (p, targets.FirstOrDefault(t => t.Key == p.Id)?.Count ?? 0, tasks.Count(t => t.PlanCode == p.Code)))];
    }
}
