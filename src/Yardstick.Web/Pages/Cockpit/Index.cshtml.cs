using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Core.Targets;
using Yardstick.Core.Tasks;
using Yardstick.Data;
using Yardstick.Data.Reporting;
using Yardstick.Data.Reports;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Cockpit;

/// <summary>
/// 领导驾驶舱 (issue 28, item 4): one read-only screen for a leader — the plan's targets for a unit of the user's scope with
/// their lights (red first), its children's lights, overdue 督办 tasks, this month's reporting completeness and the latest
/// published 考核 ranking — all asked live of the engine and the store as the other pages ask them, for a wall screen
/// (1920×1080), a phone, and one A4 landscape page. No menu, no form: a viewer reads it; every figure links to the page
/// where it can be acted on.
/// </summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time, Localization.UiText text) : PageModel
{
    /// <summary>How many targets, tasks and ranking lines the screen lists: what fits one A4 landscape page beside the rest.</summary>
    public const int TargetsShown = 14, TasksShown = 6, RanksShown = 10;

    public Plan? Plan { get; private set; }
    public OrgUnit? Unit { get; private set; }
    public int Year { get; private set; }
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The unit's own targets, red first, then yellow, green and those not judged; within a light, 约束性 before 预期性.</summary>
    public IReadOnlyList<PlanEvaluationRow> Targets { get; private set; } = [];

    /// <summary>Per child: its red, yellow and green lights, most red first (where the map will colour them).</summary>
    public IReadOnlyList<(OrgUnit Unit, int Red, int Yellow, int Green)> Children { get; private set; } = [];

    /// <summary>The children on a map, classed by their red lights; null when none has a boundary (the bars stand in).</summary>
    public MapView? Map { get; private set; }

    /// <summary>Open 督办 tasks past the date they answer to (a milestone or the deadline), inside the unit, longest overdue first.</summary>
    public IReadOnlyList<PlanTask> Overdue { get; private set; } = [];

    /// <summary>Each data set's completeness for the period reported this month (the last one ended), for the unit's subtree.</summary>
    public IReadOnlyList<(DataSet Set, Period Period, Completeness Completeness)> Reporting { get; private set; } = [];

    /// <summary>The newest published 考核 of the unit's children; else the unit's own line in its nearest ancestor's.</summary>
    public Assessment? Ranking { get; private set; }

    /// <summary>Whether <see cref="Ranking"/> is an ancestor's 考核, of which only the unit's own line is shown (the others are outside its scope).</summary>
    public bool RankingIsAncestors { get; private set; }

    public string? RankingBy { get; private set; }

    public int Count(Light light) => Targets.Count(r => r.Light == light);

    /// <summary>When the page was drawn, Beijing time: a wall screen says how fresh it is.</summary>
    public string Drawn => LocalClock.Text(time.GetUtcNow());

    /// <summary>The children's lights as a stacked bar (red, yellow, green in the lights' colours), a bar opening that child's cockpit.</summary>
    public object ChildrenChart => new
    {
        codes = Children.ToDictionary(c => c.Unit.Name, c => c.Unit.Code),
        tooltip = new { trigger = "axis" },
        legend = new { data = new[] { text["红灯"], text["黄灯"], text["绿灯"] }, top = 0 },
        grid = new { left = 8, right = 16, top = 28, bottom = 8, containLabel = true },
        xAxis = new { type = "value", minInterval = 1 },
        yAxis = new { type = "category", inverse = true, triggerEvent = true, data = Children.Select(c => c.Unit.Name) },
        series = new object[]
        {
            new { name = text["红灯"], type = "bar", stack = "n", data = Children.Select(c => c.Red), itemStyle = new { color = Screens.Colour(Light.Red) } },
            new { name = text["黄灯"], type = "bar", stack = "n", data = Children.Select(c => c.Yellow), itemStyle = new { color = Screens.Colour(Light.Yellow) } },
            new { name = text["绿灯"], type = "bar", stack = "n", data = Children.Select(c => c.Green), itemStyle = new { color = Screens.Colour(Light.Green) } },
        },
    };

    public async Task<IActionResult> OnGetAsync(string? plan, string? orgunit, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var unit = Unit = found!;
        Today = LocalClock.Today(time);
        var plans = await Screens.PlansWithTargetsAsync(db, ct);
        Plan = plans.FirstOrDefault(p => p.Code == plan) ?? plans.FirstOrDefault();
        Year = year ?? Screens.DefaultYear(live, time, unit, Plan);
        await ReportingAsync(unit, ct);
        Overdue = [.. (await TaskBoard.ListForAsync(db, new TaskViewer(me.Name, unit, false, false), null, ct))
            .Where(t => t.LightOn(Today) == TaskLight.Overdue).OrderBy(t => t.NextDue)];
        if (Plan is null)
        {
            Error = "还没有含目标的规划。请在“规划”中上传规划文件。";
            return Page();
        }
        var (rows, error) = await Evaluations.PlanAsync(db, live, Plan.Code, unit.Code, Year, children: true, ct);
        if (rows is null)
        {
            Error = error;
            return Page();
        }
        Targets = [.. rows.Where(r => r.OrgUnit.Id == unit.Id)
            .OrderBy(r => r.Light switch { Light.Red => 0, Light.Yellow => 1, Light.Green => 2, _ => 3 })
            .ThenBy(r => r.Target.Nature == TargetNature.Binding ? 0 : 1)];
        Children = [.. rows.Where(r => r.OrgUnit.Id != unit.Id).GroupBy(r => r.OrgUnit.Id)
            .Select(g => (g.First().OrgUnit, g.Count(r => r.Light == Light.Red), g.Count(r => r.Light == Light.Yellow), g.Count(r => r.Light == Light.Green)))
            .OrderByDescending(c => c.Item2).ThenByDescending(c => c.Item3).ThenBy(c => c.OrgUnit.Code, StringComparer.Ordinal)];
        Map = await MapView.BuildAsync(db, "cockpit-children-map", text.F("各单位红灯数 ({0}年, 点击查看该单位)", Year), unit,
            [.. Children.Select(c => (c.Unit, new MapFigure(c.Red, text.F("红灯 {0} 项, 黄灯 {1} 项, 绿灯 {2} 项", c.Red, c.Yellow, c.Green))))],
            $"/Cockpit?plan={Uri.EscapeDataString(Plan.Code)}&year={Year}&orgunit={{code}}", v => Screens.Count(v), text, ct);
        await RankingAsync(Plan, unit, ct);
        return Page();
    }

    /// <summary>
    /// The period each data set is being reported for this month: the last one that has ended (November's monthly form in
    /// December, the third quarter's in October); counted over the unit's subtree as the 报送完整性 page counts it.
    /// </summary>
    private async Task ReportingAsync(OrgUnit unit, CancellationToken ct)
    {
        var list = new List<(DataSet, Period, Completeness)>();
        foreach (var set in await ReportingCycle.ListAsync(db, ct))
        {
            if (new[] { Today.Year - 1, Today.Year }.SelectMany(y => Period.InYear(set.PeriodType, y)).LastOrDefault(p => p.End < Today) is not { IsValid: true } period)
            {
                continue;
            }
            var completeness = await Completeness.OfAsync(db, set, unit, period, Today, ct);
            if (completeness.Expected > 0)
            {
                list.Add((set, period, completeness));
            }
        }
        Reporting = list;
    }

    private async Task RankingAsync(Plan plan, OrgUnit unit, CancellationToken ct)
    {
        Ranking = await Assessments.LatestAsync(db, plan.Id, unit.Id, ct);
        RankingBy = unit.Name;
        if (Ranking is not null)
        {
            return;
        }
        // No 考核 of its own children: where the unit itself was ranked, nearest assessing unit first — its own line only.
        var ancestors = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Where(id => id != unit.Id).Reverse().ToList();
        foreach (var id in ancestors)
        {
            if (await Assessments.LatestAsync(db, plan.Id, id, ct) is { } theirs && theirs.Table.Lines.Any(l => l.Code == unit.Code))
            {
                Ranking = theirs;
                RankingIsAncestors = true;
                RankingBy = (await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == id, ct)).Name;
                return;
            }
        }
    }
}
