using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Instructions;

/// <summary>
/// The register of 领导批示件 the user sees, newest first and a page at a time, searched by number, leader or words, each
/// with how far its tasks have come (closed of all, overdue).
/// </summary>
public sealed class IndexModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public InstructionPage Found { get; private set; } = new([], 0, 1, Data.Tasks.Instructions.PageSize);
    public string? Search { get; private set; }
    public bool CanRegister => me.CanPlan;

    public async Task OnGetAsync(string? q, int? page, CancellationToken ct)
    {
        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Found = await Data.Tasks.Instructions.PageForAsync(db, await me.TaskViewerAsync(ct), Search, page ?? 1, LocalClock.Today(time), ct);
    }

    public string Query(int page) => (Search is null ? "" : "q=" + Uri.EscapeDataString(Search) + "&") + "page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
