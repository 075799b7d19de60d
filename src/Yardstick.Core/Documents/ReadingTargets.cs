using Yardstick.Core.Indicators;

namespace Yardstick.Core.Documents;

/// <summary>
/// The one place a comparator as a document writes it becomes a comparator the evaluation judges. A level written bare
/// (<c>=</c>, <c>approx</c>) is one to reach: at most when it lies below the baseline or the indicator is better lower,
/// at least otherwise. Relative and per-year changes carry over (<c>reduce_by_pct</c> is <c>reduce_pct</c>). A one-off
/// change in points, a qualitative direction and 实现/全覆盖 have no comparator the evaluation knows yet: they stay items
/// of the plan, kept in the document's words, and can be made targets by hand.
/// </summary>
public static partial class ReadingTargets
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

    /// <summary>
    /// The tier a target must hold for unit by unit, as plans write it: 以乡镇(街道)为单位, 以乡(镇、街道)为单位,
    /// 以苏木乡镇(街道)为单位, 以县为单位; null when the text sets no such tier.
    /// </summary>
    public static Model.OrgUnitKind? EachUnit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = EachUnitPattern().Match(Text.InputText.Normalize(text));
        if (!match.Success)
        {
            return null;
        }
        // The words in brackets only widen the tier (乡(镇、街道)); the tier is named before them.
        var tier = BracketPattern().Replace(match.Groups["tier"].Value, "");
        return Model.OrgUnitKinds.TryParse(tier, out var kind) ? kind : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"以(?<tier>[^,。;以为]{1,12}?)为单位")]
    private static partial System.Text.RegularExpressions.Regex EachUnitPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"\([^)]*\)")]
    private static partial System.Text.RegularExpressions.Regex BracketPattern();
}
