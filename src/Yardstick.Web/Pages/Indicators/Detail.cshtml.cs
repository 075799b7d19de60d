using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Indicators;

/// <summary>
/// One indicator at one unit: the trend from the baseline year with the target and the straight path to it, the child
/// units ranked (click to drill down), numerator and denominator beside every rate, small denominators flagged.
/// </summary>
public sealed class DetailModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time, Localization.UiText text) : PageModel
{
    /// <param name="Judged">The child's row of the plan (its baseline — its own when it has one —, expected value and status), if the plan has a target for it.</param>
    public sealed record ChildRow(int Rank, OrgUnit Unit, IndicatorValue Value, Completeness Completeness, PlanEvaluationRow? Judged)
    {
        public TargetStatus? Status => Judged?.Evaluation.Status;
    }

    public Indicator? Indicator { get; private set; }
    public OrgUnit? Unit { get; private set; }

    /// <summary>The org-unit group the figures are restricted to (its members inside the unit, and inside each child); null for the whole unit.</summary>
    public Data.OrgUnits.ChosenGroup? Group { get; private set; }

    /// <summary>The group carried along every link of the page (empty without one).</summary>
    public string GroupQuery => Group is null ? "" : "&group=" + Uri.EscapeDataString(Group.Group.Code);

    /// <summary>The unit as headed: 科尔沁区, or 科尔沁区 · 二级以上公立医院.</summary>
    public string UnitLabel => Unit is null ? "" : Group?.Label(Unit) ?? Unit.Name;
    public IReadOnlyList<OrgUnit> Ancestors { get; private set; } = [];
    public string? PlanCode { get; private set; }
    public int Year { get; private set; }
    public IndicatorValue Current { get; private set; }
    public Completeness Completeness { get; private set; }
    public PlanEvaluationRow? Row { get; private set; }
    public IReadOnlyList<ChildRow> Children { get; private set; } = [];

    /// <summary>Per group set, the indicator over each of its groups under the unit (groups with no member inside it left out).</summary>
    public IReadOnlyList<(Core.Model.OrgUnitGroupSet Set, IReadOnlyList<(Data.OrgUnits.ChosenGroup Group, IndicatorValue Value)> Rows)> Breakdowns { get; private set; } = [];

    /// <summary>
    /// False for a measure not summed over units that no child has (人均预期寿命 is measured for the city, not summed from
    /// counties): the page says so instead of drawing empty bars and ranking every unit "0".
    /// </summary>
    public bool ChildrenHaveValues { get; private set; }
    public object TrendChart { get; private set; } = new { };

    /// <summary>
    /// Said under the trend when the plan's baseline is not the data's value for its year (孕产妇死亡率: the plan's 18.27 for
    /// 2020, the figures' 12.9): the path is drawn from the plan's number, both are on the chart, and this says which is which.
    /// </summary>
    public string? BaselineNote { get; private set; }
    public object ChildrenChart { get; private set; } = new { };

    /// <summary>The children on a map, coloured by their status against the plan's target (or by quantiles without one); null when none has geometry.</summary>
    public MapView? Map { get; private set; }

    /// <summary>Comments, sources and 需核实 marks on the values behind this indicator, at the unit and its children, this year.</summary>
    public IReadOnlyList<(string Unit, string Element, Core.Reporting.ValueNote Note)> Notes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, string? orgunit, string? plan, int? year, string? group, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, ct);
        if (Indicator is null)
        {
            return NotFound();
        }
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var unit = found!;
        Unit = unit;
        if (!string.IsNullOrWhiteSpace(group))
        {
            (Group, _) = await Data.OrgUnits.OrgUnitGroups.FindAsync(db, group.Trim(), ct);
            if (Group is null)
            {
                return NotFound();
            }
        }
        var members = Group?.Members;
        Year = year ?? Screens.DefaultYear(live, time, unit);
        var scope = (await me.RootOfAsync(unit, ct))!;
        // The unit's ancestors by the ids on its path, its children by parent: never the whole tree.
        var lineage = unit.LineageIds.ToArray();
        Ancestors = [.. (await db.OrgUnits.AsNoTracking().Where(a => lineage.Contains(a.Id) && a.Id != unit.Id).ToListAsync(ct))
            .Where(a => a.IsWithin(scope)).OrderBy(a => a.Level)];
        var children = (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == unit.Id).ToListAsync(ct))
            .Where(u => u.IsOpenDuring(Period.OfYear(Year)) && u.Kind.IsArea()).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();

        var plans = await Screens.PlansWithTargetsAsync(db, ct);
        var chosen = plans.FirstOrDefault(p => p.Code == plan) ?? plans.FirstOrDefault();
        PlanCode = chosen?.Code;
        // One engine for this indicator serves the trend, the children and the targets (judged as Evaluations.PlanAsync
        // judges them, a child inheriting its nearest ancestor's target).
        var indicatorId = Indicator.Id;
        var targets = chosen is null ? []
            : await db.Targets.AsNoTracking().Where(t => t.PlanId == chosen.Id && t.IndicatorId == indicatorId).ToListAsync(ct);
        var firstYear = Math.Min(targets.Where(t => t.BaselineYear is not null).Select(t => t.BaselineYear!.Value).DefaultIfEmpty(Year - 4).Min(), Year - 4);
        var indicator = Indicator;
        var shown = Year;
        // With a group, a child without any of its members is left out (it has nothing to rank).
        var (rows, current, completeness, childFigures, trend) = live.Read(engine =>
        {
            children = members is null ? children : [.. children.Where(c => engine.GroupRoots(c.Id, members).Count > 0)];
            return (
                PlanEvaluation.Evaluate(engine, targets, new Dictionary<int, Indicator> { [indicator.Id] = indicator }, [unit, .. children], shown, chosen?.Warnings, members),
                engine.Evaluate(indicator, unit.Id, Period.OfYear(shown), members),
                engine.CompletenessOf(indicator, unit.Id, Period.OfYear(shown), members),
                children.ToDictionary(c => c.Id, c => (Value: engine.Evaluate(indicator, c.Id, Period.OfYear(shown), members), Completeness: engine.CompletenessOf(indicator, c.Id, Period.OfYear(shown), members))),
                Enumerable.Range(firstYear, shown - firstYear + 1).ToDictionary(y => y, y => engine.Evaluate(indicator, unit.Id, Period.OfYear(y), members).Value));
        });
        if (Group is null)
        {
            var sets = await Data.OrgUnits.OrgUnitGroups.SetsAsync(db, ct);
            Breakdowns = live.Read(engine => sets
                .Select(s => (s.Set, (IReadOnlyList<(Data.OrgUnits.ChosenGroup, IndicatorValue)>)[.. s.Groups
                    .Where(g => engine.GroupRoots(unit.Id, g.Members).Count > 0)
                    .Select(g => (g, engine.Evaluate(indicator, unit.Id, Period.OfYear(shown), g.Members)))]))
                .Where(s => s.Item2.Count > 0).ToList());
        }
        Row = rows.FirstOrDefault(r => r.OrgUnit.Id == unit.Id);
        Current = current;
        Completeness = completeness;

        var lowerIsBetter = Indicator.Direction == Direction.Lower;
        var ranked = children.Select(c => (Unit: c, childFigures[c.Id].Value))
            .OrderBy(c => c.Value.Value is null ? 1 : 0)
            .ThenBy(c => lowerIsBetter ? c.Value.Value : -c.Value.Value)
            .ToList();
        var rank = 0;
        decimal? last = null;
        var list = new List<ChildRow>();
        for (var i = 0; i < ranked.Count; i++)
        {
            // Competition ranking: equal values share a rank (1, 2, 2, 4).
            if (ranked[i].Value.Value != last || i == 0)
            {
                rank = i + 1;
            }
            last = ranked[i].Value.Value;
            var judged = rows.FirstOrDefault(r => r.OrgUnit.Id == ranked[i].Unit.Id && r.Indicator.Id == Indicator.Id);
            list.Add(new ChildRow(ranked[i].Value.Value is null ? 0 : rank, ranked[i].Unit, ranked[i].Value,
                childFigures[ranked[i].Unit.Id].Completeness, judged));
        }
        Children = list;
        // A measure not summed over units (人均预期寿命: agg none) that no child has is not theirs to be ranked on; a summed one
        // they have not reported still lists them, 无数据 beside each.
        var measured = Indicator.DataElementCodes.ToList();
        var summed = await db.DataElements.AsNoTracking().AnyAsync(e => measured.Contains(e.Code) && e.OrgUnitAggregation != OrgUnitAggregation.None, ct);
        ChildrenHaveValues = summed || list.Any(c => c.Value.Value is not null);

        var years = Enumerable.Range(firstYear, Year - firstYear + 1).ToList();
        var targetYear = Row?.Target.TargetYear;
        var axisYears = targetYear is { } ty && ty > Year ? [.. years, .. Enumerable.Range(Year + 1, ty - Year)] : years;
        var round = (decimal? v) => v is { } d ? Rounding.ForDisplay(d, Indicator.Decimals) : (decimal?)null;
        var series = new List<object>
        {
            new { name = text["实际值"], type = "line", data = axisYears.Select(y => trend.TryGetValue(y, out var v) ? round(v) : null), symbolSize = 8, itemStyle = new { color = "#2563eb" } },
        };
        if (Row is { Evaluation: { Baseline: { } b, BaselineYear: { } by, TargetValue: { } tv } })
        {
            var ty2 = Row.Target.TargetYear;
            var target = Row.Target;
            series.Add(new
            {
                name = text["应达路径"],
                type = "line",
                lineStyle = new { type = "dashed" },
                symbol = "none",
                itemStyle = new { color = "#94a3b8" },
                // The path is the evaluation's own expected value for each year (flat at the target when the baseline met it).
                data = axisYears.Select(y => y < by || y > ty2 ? null : round(TargetEvaluation.Evaluate(target, y, null, b, by).Expected)),
            });
            // The plan's baseline is a point of its own: the path starts there, and the data's value for that year may differ
            // (another source, a revised figure) — both are shown, neither silently replaces the other.
            series.Add(new
            {
                name = text["规划基期值"],
                type = "scatter",
                symbol = "circle",
                symbolSize = 12,
                itemStyle = new { color = "#fff", borderColor = "#0f766e", borderWidth = 2 },
                data = axisYears.Select(y => y == by ? round(b) : null),
            });
            if (!Row.HasOwnBaseline && trend.TryGetValue(by, out var dataBase) && dataBase is { } db0 && round(db0) != round(b))
            {
                BaselineNote = text.F("规划写明的基期值为 {0} ({1}年), 数据中 {1} 年的值为 {2}: 应达路径按规划基期值计算。", Screens.Number(b, Indicator.Decimals),
                    by, Screens.Number(db0, Indicator.Decimals));
            }
            series.Add(new
            {
                name = text["目标"],
                type = "scatter",
                symbol = "diamond",
                symbolSize = 14,
                itemStyle = new { color = "#b91c1c" },
                data = axisYears.Select(y => y == ty2 ? round(tv) : null),
            });
        }
        // Reference values any plan's document quotes (省定7‰): a flat line across the years, a comparison, not a target.
        var references = (await Data.Documents.DocumentTargets.ReferencesAsync(db, null, ct))[Indicator.Code].ToList();
        foreach (var reference in references)
        {
            var level = reference.AsTarget(Year).Number;
            series.Add(new
            {
                name = reference.AsReference(null).Line,
                type = "line",
                lineStyle = new { type = "dotted" },
                symbol = "none",
                itemStyle = new { color = "#7c3aed" },
                data = axisYears.Select(_ => round(level)),
            });
        }
        TrendChart = new
        {
            tooltip = new { trigger = "axis" },
            legend = new { data = series.Select(s => (string)s.GetType().GetProperty("name")!.GetValue(s)!) },
            grid = new { left = 50, right = 20, top = 40, bottom = 30 },
            xAxis = new { type = "category", data = axisYears.Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            // From zero: a rate drawn from 4.7 makes 4.8 look twice 4.75.
            yAxis = new { type = "value", min = 0, name = Indicator.Unit },
            series,
        };
        ChildrenChart = new
        {
            codes = Children.ToDictionary(c => c.Unit.Name, c => c.Unit.Code),
            tooltip = new { trigger = "axis" },
            grid = new { left = 8, right = 30, top = 10, bottom = 30, containLabel = true },
            xAxis = new { type = "value", min = 0 },
            yAxis = new { type = "category", inverse = true, triggerEvent = true, data = Children.Select(c => c.Unit.Name) },
            series = new[]
            {
                new
                {
                    type = "bar", name = Indicator.Name,
                    data = Children.Select(c => new { value = round(c.Value.Value), itemStyle = new { color = c.Status is { } s ? Screens.Colour(s) : "#94a3b8" } }),
                    label = new { show = true, position = "right" },
                },
            },
        };
        if (ChildrenHaveValues)
        {
            var decimals = Indicator.Decimals;
            Map = await MapView.BuildAsync(db, "children-map", text.F("下级单位地图 ({0}年, 点击下钻)", Year), unit,
                [.. Children.Select(c => (c.Unit, new MapFigure(c.Value.Value, Figure(c), c.Status)))],
                $"?code={Uri.EscapeDataString(Indicator.Code)}&plan={PlanCode}&year={Year}{GroupQuery}&orgunit={{code}}", v => Screens.Number(v, decimals), text, ct);
        }
        var codes = Indicator.DataElementCodes.ToHashSet(StringComparer.Ordinal);
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var noted = Children.Select(c => c.Unit).Prepend(Unit).ToDictionary(u => u.Id, u => u.Name);
        // A note on one option combo's value names the combo after the element (5岁以下儿童死亡数 · 女 · 0岁).
        var combos = (await db.ComboShapesAsync(ct)).Values.SelectMany(s => s.OptionCombos).ToDictionary(o => o.Id, o => o.Name);
        Notes = [.. (await ValueNotes.ReadAsync(db, noted.Keys, Year, Year, ct)).Values.Where(n => elements.ContainsKey(n.ElementId))
            .OrderByDescending(n => n.FollowUp).ThenBy(n => n.Period.StartIndex)
            .Select(n => (noted[n.UnitId], combos.TryGetValue(n.OptionComboId, out var combo) ? $"{elements[n.ElementId]} · {combo}" : elements[n.ElementId], n))];
        return Page();
    }

    /// <summary>A child's tooltip: 12.8 ‰, its status beside it when judged (12.8 ‰ · 进度正常).</summary>
    private string Figure(ChildRow child) =>
        Screens.Number(child.Value.Value, Indicator!.Decimals) + (child.Value.Value is null ? "" : " " + Indicator.Unit)
        + (child.Judged is { } j ? " · " + text[j.StatusText] : "");
}
