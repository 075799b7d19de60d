using Yardstick.Core.Indicators;

namespace Yardstick.Core.Documents;

/// <summary>
/// The one place a comparator as a document writes it becomes a comparator the evaluation judges. A level written bare
/// (<c>=</c>, <c>approx</c>) is one to reach: at most when it lies below the baseline or the indicator is better lower,
/// at least otherwise. Relative and per-year changes carry over (<c>reduce_by_pct</c> is <c>reduce_pct</c>). A one-off
/// change in points, a qualitative direction and 实现/全覆盖 have no comparator the evaluation knows yet: they stay items
/// of the plan, kept in the document's words, and can be made targets by hand.
/// </summary>
public static class ReadingTargets
{
    /// <returns>The evaluation's comparator word, or null when the item cannot be judged as a target.</returns>
    public static string? Comparator(string written, decimal? value, decimal? baseline, Direction? direction)
    {
        ArgumentNullException.ThrowIfNull(written);
        return written switch
        {
            ">=" or ">" or "<=" or "<" or "range" or "reduce_pp_per_year" or "increase_pp_per_year" => written,
            "reduce_pct" or "reduce_by_pct" => "reduce_pct",
            "increase_pct" or "increase_by_pct" => "increase_pct",
            "=" or "approx" when value is { } v => baseline is { } b ? (v < b ? "<=" : ">=") : direction == Direction.Lower ? "<=" : ">=",
            _ => null,
        };
    }
}
