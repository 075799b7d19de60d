using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

/// <summary>A plan: its targets within the user's scope, its key tasks, and what else its document said (plan_items).</summary>
public sealed class DetailModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    public Plan? Plan { get; private set; }
    public IReadOnlyList<(Target Target, string Indicator, string Unit)> Targets { get; private set; } = [];
    public IReadOnlyList<PlanTask> Tasks { get; private set; } = [];
    public IReadOnlyList<(string Kind, int Count)> ItemCounts { get; private set; } = [];

    /// <summary>The items read from the document (first 2,000), in the order they were read.</summary>
    public IReadOnlyList<PlanItem> Items { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    public bool CanPlan => me.CanPlan;

    /// <summary>The document's own targets judged for the user's unit in <see cref="Year"/>.</summary>
    public DocumentTargetsView Documents { get; private set; } = new([], 0, false);
    public int Year { get; private set; }
    public string UnitName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string code, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
        if (Plan is null)
        {
            return NotFound();
        }
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var planId = Plan.Id;
        var targets = await db.Targets.AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.Id).ToListAsync(ct);
        var ids = targets.Select(t => t.OrgUnitId).Distinct().ToList();
        var scope = await me.ScopeAsync(ct);
        var units = (await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct))
            .Where(u => scope is not null && u.IsWithin(scope)).ToDictionary(u => u.Id);
        Targets = [.. targets
            .Where(t => units.ContainsKey(t.OrgUnitId))
            .Select(t => (t, $"{indicators[t.IndicatorId].Name} ({indicators[t.IndicatorId].Unit})", units[t.OrgUnitId].Name))];
        Tasks = await TaskBoard.ListAsync(db, Plan.Code, ct);
        ItemCounts = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT kind, count(*) FROM plan_items WHERE plan_id = {planId} GROUP BY kind ORDER BY kind";
            var counts = new List<(string, int)>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts.Add((PlanItem.NameOfKind(reader.GetString(0)), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
            }
            return (IReadOnlyList<(string, int)>)counts;
        }, ct);
        Items = await PlanItems.ListAsync(db, planId, ct);
        Year = year ?? Math.Clamp(Screens.LatestYear(live, time), Plan.StartYear, Plan.EndYear);
        if (scope is not null)
        {
            UnitName = scope.Name;
            Documents = new(await DocumentTargets.JudgeAsync(db, live, Plan, scope, Year, ct), Year, me.CanWriteTasks);
        }
        return Page();
    }
}
