using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Warnings;

/// <summary>
/// 预警 (issue 28): a plan's targets with a red or yellow light for a unit of the user's scope and each of its children,
/// the unit with the most red lights first — where to look this week. The light and projection are the dashboard's
/// (<see cref="Outlook"/>), read from the live engine.
/// </summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<Plan> Plans { get; private set; } = [];
    public UnitPicker Picker { get; private set; } = new([], null, null);
    public string? PlanCode { get; private set; }
    public string PlanName { get; private set; } = "";
    public OrgUnit? Unit { get; private set; }
    public int Year { get; private set; }
    public string? Error { get; private set; }

    /// <summary>Per unit (the one asked and its children), its red and yellow rows, red first; units with most red first.</summary>
    public IReadOnlyList<UnitWarnings> Units { get; private set; } = [];

    /// <summary>The 督办 draft of each row still red, by (indicator id, unit id): made once when the light turned red (<see cref="Data.Tasks.RedLights"/>).</summary>
    public IReadOnlyDictionary<(int Indicator, int Unit), (long TaskId, Core.Tasks.TaskStage Stage)> Drafts { get; private set; } =
        new Dictionary<(int Indicator, int Unit), (long TaskId, Core.Tasks.TaskStage Stage)>();

    public sealed record UnitWarnings(OrgUnit Unit, IReadOnlyList<PlanEvaluationRow> Rows, int Red, int Yellow, int Green, int Unlit);

    public async Task<IActionResult> OnGetAsync(string? plan, string? orgunit, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Plans = await Screens.PlansWithTargetsAsync(db, ct);
        var chosen = Plans.FirstOrDefault(p => p.Code == plan) ?? Plans.FirstOrDefault();
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var unit = found!;
        Unit = unit;
        Year = year ?? Screens.DefaultYear(live, time, unit, chosen);
        Picker = new UnitPicker(await me.PickerAsync(unit, Request.Query["q"], ct), unit, Request.Query["q"]);
        if (chosen is null)
        {
            Error = "还没有含目标的规划。请在“规划”中上传规划文件。";
            return Page();
        }
        PlanCode = chosen.Code;
        PlanName = chosen.Name;
        var (rows, error) = await Evaluations.PlanAsync(db, live, chosen.Code, unit.Code, Year, children: true, ct);
        if (rows is null)
        {
            Error = error;
            return Page();
        }
        Drafts = await Data.Tasks.RedLights.DraftsOfAsync(db, chosen.Code, ct);
        Units = [.. rows.GroupBy(r => r.OrgUnit.Id)
            .Select(g => new UnitWarnings(g.First().OrgUnit,
                [.. g.Where(r => r.Light is Light.Red or Light.Yellow).OrderBy(r => r.Light == Light.Red ? 0 : 1).ThenBy(r => r.Indicator.Name, StringComparer.Ordinal)],
                g.Count(r => r.Light == Light.Red), g.Count(r => r.Light == Light.Yellow), g.Count(r => r.Light == Light.Green), g.Count(r => r.Light is null)))
            .OrderByDescending(u => u.Red).ThenByDescending(u => u.Yellow).ThenBy(u => u.Unit.Id == unit.Id ? 0 : 1).ThenBy(u => u.Unit.Code, StringComparer.Ordinal)];
        return Page();
    }
}
