using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Targets;

/// <summary>One target of a plan judged for one org unit and year, with the indicator value behind it.</summary>
/// <param name="Value">The unit's own (pooled) value; for a target held by every unit of a tier it is shown for information only.</param>
/// <param name="EachUnit">For a target every unit of a tier must meet: how many do, and the worst; null otherwise.</param>
public sealed record PlanEvaluationRow(
    Target Target,
    Indicator Indicator,
    OrgUnit OrgUnit,
    TargetEvaluation Evaluation,
    IndicatorValue Value,
    Completeness Completeness,
    bool IsInherited,
    EachUnitResult? EachUnit = null)
{
    /// <summary>
    /// The target was inherited and is measured from this unit's own value in the baseline year (a banner against its own
    /// 2020), not the plan's baseline: every screen then shows that baseline and this year's expected value in the row.
    /// </summary>
    public bool HasOwnBaseline { get; init; }

    /// <summary>The target year's value as the years observed point to it (<see cref="Outlook.Project"/>); null when it cannot be projected.</summary>
    public Projection? Projection { get; init; }

    /// <summary>The 预警 light (<see cref="Outlook.LightOf"/>); null for a row that is not judged.</summary>
    public Light? Light { get; init; }

    /// <summary>
    /// The status as every screen, report, CLI table and API answer writes it: the status's word, except for a target every
    /// unit of a tier must meet with no figure from that tier, which names the tier and shows the pooled value it was not
    /// judged on — "乡镇街道苏木无数据 (合计值 98.59)" —, and a level target missed without a baseline, which says why it is
    /// not called lagging: "未达目标值 (无基期值, 不判进度)". 无数据 alone is written only when the unit has no figure.
    /// </summary>
    public string StatusText => Evaluation.Status == TargetStatus.NoUnitData && EachUnit is { } each
        ? $"{each.Kind.Chinese()}无数据 (合计值 {(Value.Value is { } v ? Rounding.Plain(Rounding.ForDisplay(v, Indicator.Decimals)) : "—")})"
        : Evaluation.Status == TargetStatus.NotMet ? NotMetText
        : Evaluation.Status.Chinese();

    /// <summary>The row's words for <see cref="TargetStatus.NotMet"/>: judged against the target value only, and why.</summary>
    public const string NotMetText = "未达目标值 (无基期值, 不判进度)";
}

/// <summary>
/// A target held by every unit of a tier (以乡镇为单位…≥95%), judged under one unit: the units of that tier in its subtree,
/// how many meet the target, how many have no value, and the one furthest from it.
/// </summary>
/// <param name="Partial">Units of the tier whose figure covers part of the year: not judged, like those without one.</param>
public sealed record EachUnitResult(OrgUnitKind Kind, int Met, int Total, int WithoutData, OrgUnit? Worst, decimal? WorstValue, int Partial = 0)
{
    public decimal? SharePct => Total == 0 ? null : Met * 100m / Total;

    /// <summary>"以乡镇街道苏木为单位: 达标 12/14 个, 最差 某镇 88" — the words under the value on screens and in the table.</summary>
    public string Chinese(Func<decimal?, string> show, decimal? pooled)
    {
        ArgumentNullException.ThrowIfNull(show);
        if (Total == 0)
        {
            return $"以{Kind.Chinese()}为单位: 机构树中本单位之下没有这一层级的单位, 无法逐个评价; 合计值 {show(pooled)} 仅供参考";
        }
        var text = $"以{Kind.Chinese()}为单位: 达标 {Met}/{Total} 个";
        if (WithoutData > 0)
        {
            text += $", 无数据 {WithoutData} 个";
        }
        if (Partial > 0)
        {
            text += $", 数据不完整 {Partial} 个";
        }
        // The row's figure is the worst unit's (the one judged): said in so many words, beside the pooled value, so that it
        // is not taken for the unit's own total (which the indicator's page shows).
        return Worst is { } w ? text + $"; 现值为最差的{w.Name} {show(WorstValue)}, 合计值 {show(pooled)}" : text;
    }
}

/// <summary>
/// Judges a plan's targets for an org unit (and, if asked, each of its children). A value built from fewer units or
/// sub-periods than owed (<see cref="Completeness.IsPartial"/>) is not judged: its status is <see cref="TargetStatus.Incomplete"/>. A unit without its own
/// target for an indicator inherits the nearest ancestor's; its baseline is then its own value in the
/// baseline year when the data hold one (a banner measured against its own 2020), else the ancestor's.
/// Status <see cref="TargetStatus.NoData"/> means the unit has no figure for the year, nothing else: a figure that cannot
/// be judged says why (<see cref="TargetStatus.NoBaseline"/>, <see cref="TargetStatus.NoUnitData"/>, <see cref="TargetStatus.Incomplete"/>).
/// </summary>
public static class PlanEvaluation
{
    /// <param name="warnings">The plan's 预警 thresholds (<see cref="WarningThresholds.Default"/> when the plan sets none).</param>
    /// <param name="members">The members of an org-unit group: every figure is then the group's part of the unit (<c>IndicatorEngine.Groups</c>).</param>
    /// <param name="approved">只统计已审核数据: values read only from reports approved at a level (<see cref="ApprovedValues"/>).</param>
    public static IReadOnlyList<PlanEvaluationRow> Evaluate(
        IndicatorEngine engine,
        IReadOnlyList<Target> targets,
        IReadOnlyDictionary<int, Indicator> indicators,
        IReadOnlyList<OrgUnit> units,
        int year,
        WarningThresholds? warnings = null,
        IReadOnlySet<int>? members = null,
        ApprovedValues? approved = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        warnings ??= WarningThresholds.Default;
        var rows = new List<PlanEvaluationRow>();
        var byIndicator = targets.GroupBy(t => t.IndicatorId).ToList();
        var period = Period.OfYear(year);
        foreach (var unit in units)
        {
            var lineage = Lineage(unit);
            foreach (var group in byIndicator.OrderBy(g => g.Min(t => t.Id)))
            {
                var owner = lineage.FirstOrDefault(id => group.Any(t => t.OrgUnitId == id));
                if (owner == 0 || !indicators.TryGetValue(group.Key, out var indicator))
                {
                    continue;
                }
                var value = engine.Evaluate(indicator, unit.Id, period, members, approved);
                var completeness = engine.CompletenessOf(indicator, unit.Id, period, members);
                foreach (var target in group.Where(t => t.OrgUnitId == owner).OrderBy(t => t.Id))
                {
                    var inherited = owner != unit.Id;
                    decimal? ownBaseline = inherited && target.BaselineYear is { } by
                        ? engine.Evaluate(indicator, unit.Id, Period.OfYear(by), members, approved).Value
                        : null;
                    if (target.EachUnit is { } tier && unit.Kind < tier)
                    {
                        var (each, judged) = EachUnitOf(engine, target, indicator, unit, tier, year, ownBaseline, members, approved);
                        if (judged.Status == TargetStatus.NoData && value.Value is not null)
                        {
                            // No unit of the tier has a figure, but this unit has its pooled one. It is not judged on it:
                            // glossary §1 says a parent passes only if every unit of the tier does, and a pooled 98.59 can
                            // hide a township at 80 — so the row says which figures are missing, beside the pooled value.
                            judged = judged with { Status = TargetStatus.NoUnitData, ProgressPct = null };
                        }
                        rows.Add(new PlanEvaluationRow(target, indicator, unit, judged, value, completeness, inherited, each) { HasOwnBaseline = ownBaseline is not null });
                        continue;
                    }
                    var evaluation = TargetEvaluation.Evaluate(target, year, value.Value, ownBaseline, countsFromZero: indicator.IsCount);
                    if (completeness.IsPartial && evaluation.Status.IsJudged())
                    {
                        // A partial year is not judged as if it were whole: its value stands, unjudged, with its coverage.
                        evaluation = evaluation with { Status = TargetStatus.Incomplete, ProgressPct = null };
                    }
                    var row = new PlanEvaluationRow(target, indicator, unit, evaluation, value, completeness, inherited) { HasOwnBaseline = ownBaseline is not null };
                    var projection = evaluation.Status.IsJudged() ? Project(engine, row, year, members, approved) : null;
                    rows.Add(row with { Projection = projection, Light = Outlook.LightOf(row, projection, warnings) });
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// Judges a target every unit of <paramref name="tier"/> under <paramref name="unit"/> must meet: the parent passes only if
    /// all of them do. It is judged on the worst unit's value (the lowest for a target to reach or exceed, the highest for a
    /// ceiling, else the first that misses), so a parent is on track only when its worst unit is; a unit without a value
    /// cannot be shown to pass, and leaves the parent 数据不完整 when every unit with a value passes.
    /// </summary>
    private static (EachUnitResult Each, TargetEvaluation Evaluation) EachUnitOf(IndicatorEngine engine, Target target, Indicator indicator, OrgUnit unit,
        OrgUnitKind tier, int year, decimal? ownBaseline, IReadOnlySet<int>? group, ApprovedValues? approved)
    {
        var period = Period.OfYear(year);
        // A unit whose figure covers part of the year is not judged on it, as no unit is (its status would be 数据不完整).
        var judged = engine.Units
            .Where(u => u.Kind == tier && u.IsWithin(unit) && u.IsOpenDuring(period) && (group is null || engine.GroupRoots(u.Id, group).Count > 0))
            .Select(u => (Unit: u, Value: engine.Evaluate(indicator, u.Id, period, group, approved).Value, Partial: engine.CompletenessOf(indicator, u.Id, period, group).IsPartial))
            .Select(x => (x.Unit, x.Value, x.Partial, Met: x.Value is { } v && !x.Partial && TargetEvaluation.Evaluate(target, year, v, ownBaseline).Status == TargetStatus.Achieved))
            .ToList();
        var withData = judged.Where(x => x.Value is not null && !x.Partial).ToList();
        var partial = judged.Count(x => x.Value is not null && x.Partial);
        var lowerIsWorse = target.Comparator is Comparator.AtLeast or Comparator.GreaterThan or Comparator.IncreasePct or Comparator.IncreasePpPerYear;
        var higherIsWorse = target.Comparator is Comparator.AtMost or Comparator.LessThan or Comparator.ReducePct or Comparator.ReducePpPerYear;
        var worst = withData.Count == 0 ? default
            : lowerIsWorse ? withData.MinBy(x => x.Value)
            : higherIsWorse ? withData.MaxBy(x => x.Value)
            : withData.FirstOrDefault(x => !x.Met) is { Unit: not null } miss ? miss : withData[0];
        var each = new EachUnitResult(tier, judged.Count(x => x.Met), judged.Count, judged.Count - withData.Count - partial, worst.Unit, worst.Value, partial);
        var evaluation = TargetEvaluation.Evaluate(target, year, worst.Value, ownBaseline, countsFromZero: indicator.IsCount);
        // Units not judged (no figure, or part of the year) leave the parent 数据不完整 unless one already judged misses; with
        // only partial figures there is something, not nothing (not 下级单位无数据).
        if ((withData.Count > 0 && withData.All(x => x.Met) && each.WithoutData + partial > 0) || (withData.Count == 0 && partial > 0))
        {
            evaluation = evaluation with { Status = TargetStatus.Incomplete, ProgressPct = null };
        }
        return (each, evaluation);
    }

    /// <summary>
    /// The row's target projected from the unit's years, from the baseline year (or ten years back, or the engine's first
    /// year) to the year judged (a judged row: its year is whole). Earlier years are taken as they stand: their completeness
    /// is not counted again here, as each year's table would be kept for every unit — at province scale more memory than
    /// the projection is worth; an ended year is rarely partial, and the trend's interval widens when one is.
    /// </summary>
    private static Projection? Project(IndicatorEngine engine, PlanEvaluationRow row, int year, IReadOnlySet<int>? members, ApprovedValues? approved)
    {
        var first = Math.Max(Math.Max(row.Evaluation.BaselineYear ?? year - 10, year - 10), engine.FirstYear);
        var observed = new List<(int Year, IndicatorValue Value)>();
        for (var y = first; y <= year; y++)
        {
            observed.Add((y, y == year ? row.Value : engine.Evaluate(row.Indicator, row.OrgUnit.Id, Period.OfYear(y), members, approved)));
        }
        return Outlook.Project(row.Target, row.Indicator, observed, row.Evaluation.Baseline, row.Evaluation.BaselineYear);
    }

    /// <summary>The unit's id, then its ancestors' ids from the nearest up, read off the stored path.</summary>
    private static List<int> Lineage(OrgUnit unit) => [.. unit.LineageIds.Reverse()];
}
