using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Targets;

/// <summary>One target of a plan judged for one org unit and year, with the indicator value behind it.</summary>
public sealed record PlanEvaluationRow(
    Target Target,
    Indicator Indicator,
    OrgUnit OrgUnit,
    TargetEvaluation Evaluation,
    IndicatorValue Value,
    Completeness Completeness,
    bool IsInherited);

/// <summary>
/// Judges a plan's targets for an org unit (and, if asked, each of its children). A value built from fewer units or
/// sub-periods than owed (<see cref="Completeness.IsPartial"/>) is not judged: its status is <see cref="TargetStatus.Incomplete"/>. A unit without its own
/// target for an indicator inherits the nearest ancestor's; its baseline is then its own value in the
/// baseline year when the data hold one (a banner measured against its own 2020), else the ancestor's.
/// </summary>
public static class PlanEvaluation
{
    public static IReadOnlyList<PlanEvaluationRow> Evaluate(
        IndicatorEngine engine,
        IReadOnlyList<Target> targets,
        IReadOnlyDictionary<int, Indicator> indicators,
        IReadOnlyList<OrgUnit> units,
        int year)
    {
        ArgumentNullException.ThrowIfNull(engine);
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
                var value = engine.Evaluate(indicator, unit.Id, period);
                var completeness = engine.CompletenessOf(indicator, unit.Id, period);
                foreach (var target in group.Where(t => t.OrgUnitId == owner).OrderBy(t => t.Id))
                {
                    var inherited = owner != unit.Id;
                    decimal? ownBaseline = inherited && target.BaselineYear is { } by
                        ? engine.Evaluate(indicator, unit.Id, Period.OfYear(by)).Value
                        : null;
                    var evaluation = TargetEvaluation.Evaluate(target, year, value.Value, ownBaseline);
                    if (completeness.IsPartial && evaluation.Status != TargetStatus.NoData)
                    {
                        // A partial year is not judged as if it were whole: its value stands, unjudged, with its coverage.
                        evaluation = evaluation with { Status = TargetStatus.Incomplete, ProgressPct = null };
                    }
                    rows.Add(new PlanEvaluationRow(target, indicator, unit, evaluation, value, completeness, inherited));
                }
            }
        }
        return rows;
    }

    /// <summary>The unit's id, then its ancestors' ids from the nearest up, read off the stored path.</summary>
    private static List<int> Lineage(OrgUnit unit) => [.. unit.LineageIds.Reverse()];
}
