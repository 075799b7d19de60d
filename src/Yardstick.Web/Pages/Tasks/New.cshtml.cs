using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Tasks;

/// <summary>
/// 交办: a planner hands a new task to the commission's departments or the units below — title, the plan it serves (or
/// none), the 批示件 it answers (opened from the instruction's page), the targets it serves, lead and partner owners, deadline. The owners offered are the user's unit's own departments and children
/// (a task goes one level down; the unit below hands it on).
/// </summary>
public sealed class NewModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<Plan> Plans { get; private set; } = [];
    public IReadOnlyList<OrgUnit> Owners { get; private set; } = [];
    public IReadOnlyDictionary<string, string> IndicatorNames { get; private set; } = new Dictionary<string, string>();
    public string? Error { get; private set; }
    public NewTask Input { get; private set; } = new("", "", [], [], [], null);
    /// <summary>The 批示件 the new task answers, when the form was opened from one.</summary>
    public Instruction? Instruction { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? plan, long? instruction, CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        Input = Input with { PlanCode = plan ?? "", InstructionId = instruction };
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        // The instruction's own date is the task's first guess at a deadline; the clerk may shorten it.
        Input = Input with { Deadline = Instruction?.Due };
        return Page();
    }

    public string MilestoneText { get; private set; } = "";

    public async Task<IActionResult> OnPostAsync(string? title, string? plan, string[]? leads, string[]? partners, string? deadline, string[]? indicators,
        string? note, string? milestones, long? instruction, CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        var (due, badDay) = InputLimits.Day(deadline, "完成时限");
        var (steps, errors) = Core.Tasks.TaskMilestone.Parse(milestones);
        MilestoneText = milestones ?? "";
        Input = new NewTask(title ?? "", plan ?? "", indicators ?? [], leads ?? [], partners ?? [], due, note ?? "", steps, instruction);
        if (badDay is not null || errors.Count > 0)
        {
            Error = badDay ?? "里程碑 " + string.Join("; ", errors);
            await LoadAsync(ct);
            return Page();
        }
        var outcome = await TaskBoard.CreateAsync(db, Input, await me.TaskViewerAsync(ct), time.GetUtcNow(), ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage("Detail", new { id = outcome.TaskId });
        }
        Error = outcome.Refusal.Message;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Loads the choices; false when the instruction asked for is not one the user sees.</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Input.InstructionId is { } id && (Instruction = await Data.Tasks.Instructions.GetForAsync(db, await me.TaskViewerAsync(ct), id, ct)) is null)
        {
            return false;
        }
        Plans = await db.Plans.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);
        if (await me.ScopeAsync(ct) is { } scope)
        {
            var scopeId = scope.Id;
            Owners = [.. (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == scopeId && u.ClosedOn == null).ToListAsync(ct))
                .OrderBy(u => u.Kind == OrgUnitKind.Department ? 0 : 1).ThenBy(u => u.Code, StringComparer.Ordinal)];
        }
        IndicatorNames = (await db.Indicators.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct)).ToDictionary(i => i.Code, i => i.Name);
        return true;
    }
}
