using System.Diagnostics;
using Yardstick.Core.Indicators;

namespace Yardstick.Core.Targets;

/// <summary>How a target's trend is drawn through the years observed.</summary>
public enum TrendKind
{
    /// <summary>A straight line through the values (a level: 床位数, 人均预期寿命, a rate that rises).</summary>
    Linear,

    /// <summary>
    /// A straight line through the values' logarithms: a rate that falls (婴儿死亡率) falls by a share a year, not by a fixed
    /// amount, and a straight line would run below zero.
    /// </summary>
    LogLinear,
}

/// <summary>Where the trend puts a target in its own year.</summary>
public enum ProjectedStatus
{
    /// <summary>预计达标: the trend reaches the target by its year.</summary>
    LikelyMet,

    /// <summary>预计难以达标: the trend does not.</summary>
    LikelyMissed,
}

/// <summary>The 预警 light of a target: 绿 on its way, 黄 at risk, 红 will miss or has missed.</summary>
public enum Light
{
    Green,
    Yellow,
    Red,
}

/// <summary>
/// A plan's warning thresholds, in points of 序时进度 (时间过半任务过半): a target whose 完成进度 is more than
/// <see cref="YellowGap"/> points behind the share of the plan's time gone is yellow, more than <see cref="RedGap"/> red.
/// </summary>
public sealed record WarningThresholds(int YellowGap, int RedGap)
{
    /// <summary>Behind schedule at all is yellow; twenty points behind (60% of the way done when 80% of the time is gone) is red.</summary>
    public static readonly WarningThresholds Default = new(0, 20);
}

/// <summary>The target year's value as the years observed point to it, with a 95% prediction interval when three or more years are known.</summary>
/// <param name="Points">How many years the trend was drawn through.</param>
public sealed record Projection(int Year, decimal Value, decimal? Low, decimal? High, ProjectedStatus Status, TrendKind Trend, int Points)
{
    public string StatusChinese => Status switch
    {
        ProjectedStatus.LikelyMet => "预计达标",
        ProjectedStatus.LikelyMissed => "预计难以达标",
        _ => throw new UnreachableException(),
    };
}

/// <summary>
/// The early warning of issue 28: each target's projected value in its year and its light. This type owns both rules; every
/// screen, report and answer reads <see cref="PlanEvaluationRow.Projection"/> and <see cref="PlanEvaluationRow.Light"/>.
/// </summary>
public static class Outlook
{
    /// <summary>
    /// Projects the target's indicator to the target year from the values observed (year, value; partial years left out by
    /// the caller). A rate with a small denominator in any year is first pooled over three years, as the 考核 pools it
    /// (<see cref="Scorecards.SmallNumbers"/>): one death more or less would otherwise steer the line. Null when fewer than
    /// two years are known, or when the target has no level to compare with (a relative target without a baseline).
    /// </summary>
    public static Projection? Project(Target target, Indicator indicator, IReadOnlyList<(int Year, IndicatorValue Value)> observed, decimal? baseline, int? baselineYear)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(observed);
        if (target.FinalTarget(baseline, baselineYear) is not { } level)
        {
            return null;
        }
        var points = Smoothed(indicator, observed);
        if (baselineYear is { } by && baseline is { } bv && points.All(p => p.Year != by))
        {
            // The plan's baseline is a figure of its year even when the store holds none for it.
            points.Add((by, bv));
        }
        points.Sort((a, b) => a.Year.CompareTo(b.Year));
        if (points.Count < 2 || points[^1].Year == points[0].Year)
        {
            return null;
        }
        var year = target.TargetYear;
        if (points[^1].Year >= year && points.LastOrDefault(p => p.Year == year) is { Year: > 0 } atYear)
        {
            // The target's year is observed: the projection is the figure.
            return new Projection(year, atYear.Value, null, null, Judge(target, atYear.Value, level) ? ProjectedStatus.LikelyMet : ProjectedStatus.LikelyMissed,
                TrendKind.Linear, points.Count);
        }
        var trend = indicator.IsRatio && indicator.Direction == Direction.Lower && points.All(p => p.Value > 0) ? TrendKind.LogLinear : TrendKind.Linear;
        var (value, low, high) = Fit(points, year, trend);
        if (!InRange(value) || (low is { } l && !InRange(l)) || (high is { } h && !InRange(h)))
        {
            return null;
        }
        var projected = (decimal)value;
        return new Projection(year, projected, low is { } lo ? (decimal)lo : null, high is { } hi ? (decimal)hi : null,
            Judge(target, projected, level) ? ProjectedStatus.LikelyMet : ProjectedStatus.LikelyMissed, trend, points.Count);
    }

    /// <summary>
    /// The light of a judged row: 红 when the target's year has passed unmet (到期未达标), when it is worse than its baseline
    /// (较基期恶化), or when the trend misses it even at the interval's kinder end, or misses it and the row is more than
    /// <see cref="WarningThresholds.RedGap"/> points behind 序时进度; 黄 when the trend misses it, or the row is more than
    /// <see cref="WarningThresholds.YellowGap"/> points behind 序时进度, or it is not met and cannot be placed on a path
    /// (未达目标值) nor projected; 绿 otherwise — met and expected to stay met, or on its way. Null for a row that is not
    /// judged (无数据, 数据不完整 …): a light needs a figure.
    /// </summary>
    public static Light? LightOf(PlanEvaluationRow row, Projection? projection, WarningThresholds thresholds) =>
        LitWhy(row, projection, thresholds)?.Light;

    /// <summary>
    /// The light of <see cref="LightOf"/> with the reason it was given, in the words a 督办 draft quotes (按趋势预计2025年难以达标,
    /// 且落后序时进度 35.2 个百分点 …): the same branches, so the reason can never disagree with the light.
    /// </summary>
    public static (Light Light, string Why)? LitWhy(PlanEvaluationRow row, Projection? projection, WarningThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(thresholds);
        var status = row.Evaluation.Status;
        if (!status.IsJudged())
        {
            return null;
        }
        if (status is TargetStatus.Overdue or TargetStatus.Worsened)
        {
            return (Light.Red, status == TargetStatus.Overdue ? "目标年已到仍未达标 (到期未达标)" : "较基期恶化");
        }
        var missed = projection?.Status == ProjectedStatus.LikelyMissed;
        if (status == TargetStatus.Achieved)
        {
            return missed && projection!.Year > row.Evaluation.Year
                ? (Light.Yellow, $"已达标, 但按趋势预计{projection.Year}年将达不到目标")
                : (Light.Green, "已达标");
        }
        var gap = ScheduleGap(row);
        var behind = gap is { } g ? $"落后序时进度 {Rounding.Plain(Rounding.ForDisplay(g, 1))} 个百分点" : "";
        if (missed && !KinderEndMeets(row, projection!))
        {
            return (Light.Red, $"按趋势预计{projection!.Year}年难以达标"
                + (projection.Low is null ? " (年数太少, 没有预测区间可以放宽)" : ", 连95%预测区间的有利一端也达不到目标")
                + (behind.Length > 0 ? ", " + behind : ""));
        }
        if (missed && gap > thresholds.RedGap)
        {
            return (Light.Red, $"按趋势预计{projection!.Year}年难以达标, 且{behind} (红灯阈值 {thresholds.RedGap})");
        }
        if (missed)
        {
            return (Light.Yellow, $"按趋势预计{projection!.Year}年难以达标");
        }
        if (gap > thresholds.YellowGap)
        {
            return (Light.Yellow, $"{behind} (黄灯阈值 {thresholds.YellowGap})");
        }
        if (status == TargetStatus.NotMet && projection is null)
        {
            return (Light.Yellow, "未达目标值, 年数太少无法外推");
        }
        if (status == TargetStatus.Lagging)
        {
            return (Light.Yellow, "进度滞后");
        }
        return (Light.Green, "进度正常");
    }

    /// <summary>
    /// Points of 序时进度 the row is behind: the share of the time from baseline year to target year gone, less 完成进度; null
    /// when the row has no 完成进度 on a path.
    /// </summary>
    public static decimal? ScheduleGap(PlanEvaluationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var e = row.Evaluation;
        if (e.Progress != ProgressBasis.Path || e.ProgressPct is not { } progress || e.BaselineYear is not { } start || row.Target.TargetYear <= start)
        {
            return null;
        }
        var elapsed = Math.Clamp((decimal)(e.Year - start) / (row.Target.TargetYear - start), 0, 1) * 100;
        return elapsed - progress;
    }

    public static string Chinese(this Light light) => light switch
    {
        Light.Green => "绿灯",
        Light.Yellow => "黄灯",
        Light.Red => "红灯",
        _ => throw new UnreachableException(),
    };

    /// <summary>green, yellow, red — the API's words.</summary>
    public static string Word(this Light light) => light switch
    {
        Light.Green => "green",
        Light.Yellow => "yellow",
        Light.Red => "red",
        _ => throw new UnreachableException(),
    };

    /// <summary>likely_met, likely_missed — the API's words.</summary>
    public static string Word(this ProjectedStatus status) => status switch
    {
        ProjectedStatus.LikelyMet => "likely_met",
        ProjectedStatus.LikelyMissed => "likely_missed",
        _ => throw new UnreachableException(),
    };

    private static bool Judge(Target target, decimal value, decimal level) => TargetEvaluation.Meets(target.Comparator, value, level, target.TargetUpper);

    /// <summary>Whether the end of the interval on the target's side meets it (no interval: it does not help).</summary>
    private static bool KinderEndMeets(PlanEvaluationRow row, Projection projection)
    {
        if (projection.Low is not { } low || projection.High is not { } high || row.Evaluation.TargetValue is not { } level)
        {
            return false;
        }
        return Judge(row.Target, low, level) || Judge(row.Target, high, level)
            || (row.Target.Comparator is Comparator.Range or Comparator.EqualTo && low <= level && high >= (row.Evaluation.TargetUpper ?? level));
    }

    /// <summary>The values to draw the trend through: a rate whose denominator is small in any year pooled over three years.</summary>
    private static List<(int Year, decimal Value)> Smoothed(Indicator indicator, IReadOnlyList<(int Year, IndicatorValue Value)> observed)
    {
        var known = observed.Where(o => o.Value.Value is not null).OrderBy(o => o.Year).ToList();
        if (!known.Any(o => o.Value.SmallDenominator) || known.Any(o => o.Value.Numerator is null || o.Value.Denominator is null))
        {
            return [.. known.Select(o => (o.Year, o.Value.Value!.Value))];
        }
        var pooled = new List<(int Year, decimal Value)>();
        foreach (var o in known)
        {
            var window = known.Where(k => k.Year <= o.Year && k.Year > o.Year - Scorecards.SmallNumbers.PooledYears).ToList();
            if (indicator.FromParts(window.Sum(k => k.Value.Numerator!.Value), window.Sum(k => k.Value.Denominator!.Value)).Value is { } v)
            {
                pooled.Add((o.Year, v));
            }
        }
        return pooled;
    }

    /// <summary>Least squares through (year, value) — or (year, ln value) — and the 95% prediction interval at <paramref name="year"/>.</summary>
    private static (double Value, double? Low, double? High) Fit(List<(int Year, decimal Value)> points, int year, TrendKind trend)
    {
        var xs = points.Select(p => (double)p.Year).ToArray();
        var ys = points.Select(p => trend == TrendKind.LogLinear ? Math.Log((double)p.Value) : (double)p.Value).ToArray();
        var n = xs.Length;
        var mx = xs.Average();
        var my = ys.Average();
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        var slope = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum() / sxx;
        var at = my + slope * (year - mx);
        double? low = null, high = null;
        if (n >= 3)
        {
            var residual = xs.Zip(ys, (x, y) => y - (my + slope * (x - mx))).Sum(r => r * r);
            var s = Math.Sqrt(residual / (n - 2));
            var half = StudentT975(n - 2) * s * Math.Sqrt(1 + 1.0 / n + (year - mx) * (year - mx) / sxx);
            (low, high) = (at - half, at + half);
        }
        return trend == TrendKind.LogLinear
            ? (Math.Exp(at), low is { } l ? Math.Exp(l) : null, high is { } h ? Math.Exp(h) : null)
            : (at, low, high);
    }

    /// <summary>The 97.5th percentile of Student's t with <paramref name="df"/> degrees of freedom (two-sided 95%).</summary>
    private static double StudentT975(int df) => df switch
    {
        1 => 12.706,
        2 => 4.303,
        3 => 3.182,
        4 => 2.776,
        5 => 2.571,
        6 => 2.447,
        7 => 2.365,
        8 => 2.306,
        9 => 2.262,
        10 => 2.228,
        <= 15 => 2.131,
        <= 20 => 2.086,
        <= 30 => 2.042,
        _ => 1.96,
    };

    private static bool InRange(double value) => double.IsFinite(value) && Math.Abs(value) < 1e15;
}
