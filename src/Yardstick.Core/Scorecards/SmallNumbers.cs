using System.Globalization;
using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Scorecards;

/// <summary>
/// A veto or a deduction on a rate with a small denominator judges chance, not work: one maternal death among 3,344 births
/// is 29.9/10万, over a 22/10万 target. For such items the 考核 judges the rate pooled over three years (the year and the two
/// before: Σ numerators ÷ Σ denominators); if even that denominator is below the indicator's factor, the item is not
/// vetoed or deducted on at all but scored by progress. The note says which, in the words the table shows.
/// </summary>
public static class SmallNumbers
{
    public const int PooledYears = 3;

    /// <summary>
    /// The target as the 考核 judges it: <paramref name="row"/> itself when its denominator is not small, else pooled with
    /// <paramref name="earlier"/> (the same unit and target in the years before, missing ones skipped).
    /// </summary>
    public static JudgedTarget Judge(PlanEvaluationRow row, IEnumerable<PlanEvaluationRow> earlier)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(earlier);
        var judged = JudgedTarget.Of(row);
        if (!row.Value.SmallDenominator || row.Value.Denominator is not { } denominator)
        {
            return judged;
        }
        var years = new[] { row }.Concat(earlier.Where(e => e.Value.Numerator is not null && e.Value.Denominator is not null)).ToList();
        var numerator = years.Sum(y => y.Value.Numerator ?? 0);
        var pooledDenominator = years.Sum(y => y.Value.Denominator ?? 0);
        var pooled = row.Indicator.FromParts(numerator, pooledDenominator);
        var first = years.Min(y => y.Evaluation.Year);
        var span = first == row.Evaluation.Year ? $"{first}年" : $"{first}–{row.Evaluation.Year}年";
        if (pooled.SmallDenominator || pooled.Value is not { } value)
        {
            return judged with
            {
                TooFewForVeto = true,
                Note = $"分母较小 ({span}合计 {Plain(pooledDenominator)}), 不作一票否决或扣分, 按进度计分",
            };
        }
        return judged with
        {
            Evaluation = TargetEvaluation.Evaluate(row.Target, row.Evaluation.Year, value, row.Evaluation.Baseline, row.Evaluation.BaselineYear),
            Note = $"本年分母较小 ({Plain(denominator)}), 按{span}合并率 {Plain(Math.Round(value, row.Indicator.Decimals))}{row.Indicator.Unit} 评价",
        };
    }

    private static string Plain(decimal value) => Rounding.WithoutTrailingZeros(value).ToString("#,0.############", CultureInfo.InvariantCulture);
}
