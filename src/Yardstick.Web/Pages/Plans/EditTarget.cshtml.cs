using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

/// <summary>Edits one target through the targets importer, so the form gets the same checks and the same audit as a file.</summary>
[Authorize(Policy = Policies.Plan)]
public sealed class EditTargetModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public Target? Target { get; private set; }
    public string PlanCode { get; private set; } = "";
    public string IndicatorName { get; private set; } = "";
    public string UnitName { get; private set; } = "";
    public List<string> Errors { get; } = [];
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, string? baselineYear, string? baselineValue, string targetYear, string comparator,
        string targetValue, string nature, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }
        var indicator = await db.Indicators.AsNoTracking().FirstAsync(i => i.Id == Target!.IndicatorId, ct);
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == Target!.OrgUnitId, ct);
        var row = new SourceRow(2, new Dictionary<string, string>
        {
            ["plan"] = PlanCode,
            ["indicator"] = indicator.Code,
            ["orgunit"] = unit.Code,
            ["baseline_year"] = baselineYear ?? "",
            ["baseline_value"] = baselineValue ?? "",
            ["target_year"] = targetYear ?? "",
            ["target_value"] = targetValue ?? "",
            ["comparator"] = comparator ?? "",
            ["nature"] = nature ?? "",
        });
        if (targetYear != Target!.TargetYear.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Errors.Add("目标年份不能在这里修改 (它是目标的一部分标识); 请新增目标");
            return Page();
        }
        db.ChangeTracker.Clear();
        var result = await new Importer(db, time) { ClientAddress = me.Address }
            .ImportAsync([new SourceTable("目标表单", InterchangeKind.Targets, [row])], me.Name, $"网页修改目标 {PlanCode}/{indicator.Code}/{unit.Code}", cancellationToken: ct);
        Errors.AddRange(result.Issues.Select(i => i.Message));
        Saved = result.Succeeded;
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        Target = await db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (Target is null)
        {
            return NotFound();
        }
        var target = Target;
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == target.OrgUnitId, ct);
        if (!await me.SeesAsync(unit, ct))
        {
            return Forbid();
        }
        PlanCode = (await db.Plans.AsNoTracking().FirstAsync(p => p.Id == target.PlanId, ct)).Code;
        IndicatorName = (await db.Indicators.AsNoTracking().FirstAsync(i => i.Id == target.IndicatorId, ct)).Name;
        UnitName = unit.Name;
        return null;
    }
}
