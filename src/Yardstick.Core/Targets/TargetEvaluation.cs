using System.Diagnostics;
using Yardstick.Core.Indicators;

namespace Yardstick.Core.Targets;

/// <summary>
/// A target judged for one year. <see cref="Expected"/> is the point on the straight path from baseline
/// to final target for that year; <see cref="ProgressPct"/> is how much of the way from baseline to target
/// the actual has come, and <see cref="Progress"/> says why there is no percentage when there is none.
/// This type owns what 完成进度 means (<see cref="ProgressDefinition"/>); every screen, report and answer shows
/// <see cref="ProgressText"/>. All values are unrounded.
/// </summary>
public sealed record TargetEvaluation(
    int Year,
    decimal? Actual,
    int? BaselineYear,
    decimal? Baseline,
    decimal? TargetValue,
    decimal? TargetUpper,
    decimal? Expected,
    decimal? ProgressPct,
    TargetStatus Status)
{
    /// <summary>What 完成进度 means, as the help beside the column and the README say it.</summary>
    public const string ProgressDefinition =
        "完成进度 = (现值 − 基期值) ÷ (目标值 − 基期值) × 100%，即从基期到目标已走完的路程；越低越好的指标同样适用（下降即进展），"
        + "倒退为负数，超过目标则大于100%。基期已达到目标时不计百分比，显示“基期已达标”，此后只看是否仍然达标；"
        + "没有基期值时，只有越多越好的数量类目标（如筛查人次）按 现值 ÷ 目标值 计算，其余显示“—”（无基期）；"
        + "区间目标按基期到最近一端计算。数据不完整或无数据时不计。";

    /// <summary>Why <see cref="ProgressPct"/> is what it is.</summary>
    public ProgressBasis Progress { get; init; } = ProgressBasis.Path;

    /// <summary>完成进度 as every screen writes it: "47.9%", "60%", "基期已达标" or "—" (one decimal, no trailing zero).</summary>
    public string ProgressText => !Status.IsJudged() ? "—"
        : Progress == ProgressBasis.BaselineMet ? "基期已达标"
        : ProgressPct is { } p ? Rounding.Plain(Rounding.ForDisplay(p, 1)) + "%"
        : "—";


    /// <summary>
    /// Judges <paramref name="actual"/> for <paramref name="year"/>. <paramref name="baseline"/> and
    /// <paramref name="baselineYear"/> override the target's own (a child unit measured against its own base).
    /// </summary>
    /// <param name="countsFromZero">
    /// The indicator is a count where more is better (筛查人次, 床位数): without a baseline its progress is actual ÷ target.
    /// A rate or a level without a baseline has no progress to show (77 岁 of 77.6 is not "99% of the way").
    /// </param>
    public static TargetEvaluation Evaluate(Target target, int year, decimal? actual, decimal? baseline = null, int? baselineYear = null,
        bool countsFromZero = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        var b = baseline ?? target.BaselineValue;
        var y0 = baselineYear ?? target.BaselineYear;
        var t = target.FinalTarget(b, y0);
        var upper = target.TargetUpper;
        var baselineMet = b is { } met && t is { } tm && Meets(target.Comparator, met, tm, upper);
        // A baseline already at the target has no path to walk: the target is to stay there.
        var expected = baselineMet ? t : ExpectedFor(target, year, b, y0, t);
        var basis = baselineMet ? ProgressBasis.BaselineMet : b is null ? ProgressBasis.NoBaseline : ProgressBasis.Path;

        if (actual is not { } a || t is null)
        {
            // 无数据 means no figure, and only that: a figure whose relative target has no baseline to derive its level
            // from says so (缺少基期值, glossary §5.4) instead of hiding behind "no data".
            var why = actual is not null && b is null && target.Comparator.IsRelative() ? TargetStatus.NoBaseline : TargetStatus.NoData;
            return new(year, actual, y0, b, t, upper, expected, null, why) { Progress = basis };
        }
        // The one status rule. Met is met. From the target's year on, a miss is 到期未达标 whatever the path said. Before
        // it, only a baseline places the unit on the path (进度正常 / 较基期恶化 / 进度滞后); without one the figure is held
        // against the target value alone (未达目标值) — "lagging" would claim a path no one can draw.
        var status = Meets(target.Comparator, a, t.Value, upper) ? TargetStatus.Achieved
            : year >= target.TargetYear ? TargetStatus.Overdue
            : !baselineMet && expected is { } e && IsAtLeastAsGood(target, a, e, b, t.Value) ? TargetStatus.OnTrack
            : b is not { } bv ? TargetStatus.NotMet
            : IsWorse(target, a, bv, t.Value, upper) ? TargetStatus.Worsened
            : TargetStatus.Lagging;
        var progress = basis switch
        {
            ProgressBasis.Path => PathProgress(target.Comparator, a, b!.Value, t.Value, upper),
            ProgressBasis.NoBaseline when countsFromZero && Sense(target.Comparator, null, t.Value) > 0 && t.Value > 0 => a / t.Value * 100,
            ProgressBasis.NoBaseline or ProgressBasis.BaselineMet or ProgressBasis.FromZero => null,
            _ => throw new UnreachableException(),
        };
        if (basis == ProgressBasis.NoBaseline && progress is not null)
        {
            basis = ProgressBasis.FromZero;
        }
        return new(year, a, y0, b, t, upper, expected, progress, status) { Progress = basis };
    }

    private static decimal? ExpectedFor(Target target, int year, decimal? b, int? y0, decimal? t)
    {
        if (target.Comparator == Comparator.Range || b is not { } bv || y0 is not { } start || t is not { } tv)
        {
            return null;
        }
        var end = target.TargetYear;
        if (end <= start || year >= end)
        {
            return tv;
        }
        if (year <= start)
        {
            return bv;
        }
        return bv + (tv - bv) * (year - start) / (end - start);
    }

    internal static bool Meets(Comparator c, decimal a, decimal t, decimal? upper) => c switch
    {
        Comparator.AtLeast or Comparator.IncreasePct or Comparator.IncreasePpPerYear => a >= t,
        Comparator.GreaterThan => a > t,
        Comparator.AtMost or Comparator.ReducePct or Comparator.ReducePpPerYear => a <= t,
        Comparator.LessThan => a < t,
        Comparator.EqualTo => a == t,
        Comparator.Range => a >= t && a <= upper,
        _ => throw new UnreachableException(),
    };

    /// <summary>+1 when higher is better for this target, −1 when lower is, 0 for a band or a flat "=".</summary>
    private static int Sense(Comparator c, decimal? b, decimal t) => c switch
    {
        Comparator.AtLeast or Comparator.GreaterThan or Comparator.IncreasePct or Comparator.IncreasePpPerYear => 1,
        Comparator.AtMost or Comparator.LessThan or Comparator.ReducePct or Comparator.ReducePpPerYear => -1,
        Comparator.EqualTo when b is { } bv => Math.Sign(t - bv),
        Comparator.EqualTo or Comparator.Range => 0,
        _ => throw new UnreachableException(),
    };

    private static bool IsAtLeastAsGood(Target target, decimal a, decimal e, decimal? b, decimal t) =>
        Sense(target.Comparator, b, t) switch
        {
            1 => a >= e,
            -1 => a <= e,
            _ => false,
        };

    private static bool IsWorse(Target target, decimal a, decimal b, decimal t, decimal? upper) =>
        Sense(target.Comparator, b, t) switch
        {
            1 => a < b,
            -1 => a > b,
            _ => DistanceTo(a, t, upper) > DistanceTo(b, t, upper),
        };

    private static decimal DistanceTo(decimal v, decimal t, decimal? upper) =>
        upper is { } u ? (v < t ? t - v : v > u ? v - u : 0) : Math.Abs(v - t);

    /// <summary>The share of the way from a baseline that does not yet meet the target (a band: to its nearer bound).</summary>
    private static decimal? PathProgress(Comparator c, decimal a, decimal b, decimal t, decimal? upper)
    {
        if (c == Comparator.Range)
        {
            t = b < t ? t : upper!.Value;
        }
        return t == b ? null : (a - b) / (t - b) * 100;
    }
}

/// <summary>Where a target's 完成进度 comes from (see <see cref="TargetEvaluation.ProgressDefinition"/>).</summary>
public enum ProgressBasis
{
    /// <summary>The share of the straight way from baseline to target.</summary>
    Path,

    /// <summary>The baseline already met the target: no percentage, "基期已达标".</summary>
    BaselineMet,

    /// <summary>A count without baseline: actual ÷ target.</summary>
    FromZero,

    /// <summary>No baseline and not a count: no percentage.</summary>
    NoBaseline,
}
