namespace Yardstick.Core.Targets;

/// <summary>
/// A target judged for one year. <see cref="Expected"/> is the point on the straight path from baseline
/// to final target for that year; <see cref="ProgressPct"/> is how much of the way from baseline to target
/// the actual has come (actual ÷ target for a target without baseline). All values are unrounded.
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
    /// <summary>
    /// Judges <paramref name="actual"/> for <paramref name="year"/>. <paramref name="baseline"/> and
    /// <paramref name="baselineYear"/> override the target's own (a child unit measured against its own base).
    /// </summary>
    public static TargetEvaluation Evaluate(Target target, int year, decimal? actual, decimal? baseline = null, int? baselineYear = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var b = baseline ?? target.BaselineValue;
        var y0 = baselineYear ?? target.BaselineYear;
        var t = target.FinalTarget(b, y0);
        var upper = target.TargetUpper;
        var expected = ExpectedFor(target, year, b, y0, t);

        if (actual is not { } a || t is null)
        {
            return new(year, actual, y0, b, t, upper, expected, null, TargetStatus.NoData);
        }
        var status = Meets(target.Comparator, a, t.Value, upper) ? TargetStatus.Achieved
            : expected is { } e && IsAtLeastAsGood(target, a, e, b, t.Value) ? TargetStatus.OnTrack
            : b is { } bv && IsWorse(target, a, bv, t.Value, upper) ? TargetStatus.Worsened
            : TargetStatus.Lagging;
        return new(year, a, y0, b, t, upper, expected, Progress(target.Comparator, a, b, t.Value, upper), status);
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

    private static bool Meets(Comparator c, decimal a, decimal t, decimal? upper) => c switch
    {
        Comparator.AtLeast or Comparator.IncreasePct or Comparator.IncreasePpPerYear => a >= t,
        Comparator.GreaterThan => a > t,
        Comparator.AtMost or Comparator.ReducePct or Comparator.ReducePpPerYear => a <= t,
        Comparator.LessThan => a < t,
        Comparator.EqualTo => a == t,
        Comparator.Range => a >= t && a <= upper,
        _ => false,
    };

    /// <summary>+1 when higher is better for this target, −1 when lower is, 0 for a band or a flat "=".</summary>
    private static int Sense(Comparator c, decimal? b, decimal t) => c switch
    {
        Comparator.AtLeast or Comparator.GreaterThan or Comparator.IncreasePct or Comparator.IncreasePpPerYear => 1,
        Comparator.AtMost or Comparator.LessThan or Comparator.ReducePct or Comparator.ReducePpPerYear => -1,
        Comparator.EqualTo when b is { } bv => Math.Sign(t - bv),
        _ => 0,
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

    private static decimal? Progress(Comparator c, decimal a, decimal? b, decimal t, decimal? upper)
    {
        if (c == Comparator.Range)
        {
            if (b is not { } rb || (rb >= t && rb <= upper))
            {
                return null;
            }
            t = rb < t ? t : upper!.Value;
        }
        if (b is { } bv)
        {
            return t == bv ? null : (a - bv) / (t - bv) * 100;
        }
        return t == 0 ? null : a / t * 100;
    }
}
