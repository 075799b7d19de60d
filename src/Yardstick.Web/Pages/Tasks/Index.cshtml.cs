using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Tasks;

/// <summary>The 督办 board: key tasks by state (未开始 / 推进中 / 已完成 / 逾期), 临期 highlighted, moved with one click.</summary>
public sealed class IndexModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<PlanTask> Tasks { get; private set; } = [];
    public IReadOnlyList<string> PlanCodes { get; private set; } = [];
    public string? Plan { get; private set; }
    public string? Dept { get; private set; }
    public string? Error { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    public bool CanWrite => me.CanWriteTasks;

    public async Task OnGetAsync(string? plan, string? dept, CancellationToken ct) => await LoadAsync(plan, dept, ct);

    public async Task<IActionResult> OnPostMoveAsync(long id, string status, string? plan, CancellationToken ct)
    {
        if (!me.CanWriteTasks)
        {
            return Forbid();
        }
        if (!KeyTaskStatuses.TryParse(status, out var s))
        {
            return BadRequest();
        }
        Error = await TaskBoard.ChangeAsync(db, id, new TaskChange(s), me.Name, me.Address, time.GetUtcNow(), ct);
        if (Error is not null)
        {
            await LoadAsync(plan, null, ct);
            return Page();
        }
        return RedirectToPage(new { plan });
    }

    private async Task LoadAsync(string? plan, string? dept, CancellationToken ct)
    {
        var all = await TaskBoard.ListAsync(db, null, ct);
        PlanCodes = [.. all.Select(t => t.PlanCode).Distinct()];
        Plan = string.IsNullOrWhiteSpace(plan) ? null : plan;
        Dept = string.IsNullOrWhiteSpace(dept) ? null : dept.Trim();
        Tasks = [.. all.Where(t => (Plan is null || t.PlanCode == Plan) && (Dept is null || t.Responsible.Contains(Dept, StringComparison.Ordinal)))
            .OrderBy(t => t.Deadline ?? DateOnly.MaxValue)];
    }
}
