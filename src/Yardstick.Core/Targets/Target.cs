using System.Diagnostics;

namespace Yardstick.Core.Targets;

/// <summary>
/// One target of a plan: an indicator for an org unit, with a baseline (year, value), a target year, a
/// comparator and the value as written. For relative comparators <see cref="TargetValue"/> is the percentage
/// or the points per year; <see cref="FinalTarget"/> gives the level to reach.
/// </summary>
public sealed class Target
{
    private Target() { }

    public Target(int id, int planId, int indicatorId, int orgUnitId, int? baselineYear, decimal? baselineValue,
        int targetYear, decimal? targetValue, decimal? targetUpper, Comparator comparator, TargetNature nature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        Id = id;
        PlanId = planId;
        IndicatorId = indicatorId;
        OrgUnitId = orgUnitId;
        Change(baselineYear, baselineValue, targetYear, targetValue, targetUpper, comparator, nature);
    }

    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public int IndicatorId { get; private set; }
    public int OrgUnitId { get; private set; }
    public int? BaselineYear { get; private set; }
    public decimal? BaselineValue { get; private set; }
    public int TargetYear { get; private set; }

    /// <summary>The number as written: a level, a range's lower bound, a percentage (reduce_pct) or points a year.</summary>
    public decimal? TargetValue { get; private set; }

    /// <summary>Upper bound of a <see cref="Comparator.Range"/> target; null otherwise.</summary>
    public decimal? TargetUpper { get; private set; }

    public Comparator Comparator { get; private set; }
    public TargetNature Nature { get; private set; }

    /// <summary>
    /// "以乡镇为单位…≥95%": the target holds for every unit of this tier under the one judged, not for their pooled value
    /// (glossary §1, threshold per unit). Null for an ordinary target.
    /// </summary>
    public Model.OrgUnitKind? EachUnit { get; private set; }

    public void RequireEachUnit(Model.OrgUnitKind? kind) => EachUnit = kind;

    public void Change(int? baselineYear, decimal? baselineValue, int targetYear, decimal? targetValue,
        decimal? targetUpper, Comparator comparator, TargetNature nature)
    {
        if (comparator == Comparator.Range && (targetValue is null || targetUpper is null || targetUpper < targetValue))
        {
            throw new ArgumentException("A range target needs a lower and a higher bound.", nameof(targetUpper));
        }
        if (baselineYear is { } y && y > targetYear)
        {
            throw new ArgumentException("The baseline year comes after the target year.", nameof(baselineYear));
        }
        BaselineYear = baselineYear;
        BaselineValue = baselineValue;
        TargetYear = targetYear;
        TargetValue = targetValue;
        TargetUpper = comparator == Comparator.Range ? targetUpper : null;
        Comparator = comparator;
        Nature = nature;
    }

    /// <summary>
    /// The level to reach in the target year: the value itself for absolute comparators;
    /// B × (1 ∓ p/100) for reduce_pct/increase_pct; B ∓ k × (target year − baseline year) for the per-year ones.
    /// Null when a relative target has no baseline yet (glossary §5.4: it cannot be evaluated until one is loaded).
    /// </summary>
    public decimal? FinalTarget(decimal? baseline = null, int? baselineYear = null)
    {
        var b = baseline ?? BaselineValue;
        var y0 = baselineYear ?? BaselineYear;
        return Comparator switch
        {
            Comparator.ReducePct => b * (1 - TargetValue / 100),
            Comparator.IncreasePct => b * (1 + TargetValue / 100),
            Comparator.ReducePpPerYear => y0 is { } r ? b - TargetValue * (TargetYear - r) : null,
            Comparator.IncreasePpPerYear => y0 is { } i ? b + TargetValue * (TargetYear - i) : null,
            Comparator.AtLeast or Comparator.GreaterThan or Comparator.AtMost or Comparator.LessThan or Comparator.EqualTo or Comparator.Range => TargetValue,
            _ => throw new UnreachableException(),
        };
    }
}
