using System.Globalization;
using System.Text.RegularExpressions;
using Yardstick.Core.Text;

namespace Yardstick.Core.Documents;

/// <summary>
/// A target as a plan writes it: a comparator word and a value. Comparators are the core words (<c>&gt;=</c>,
/// <c>reduce_pct</c>, …) plus the reader's own: <c>approx</c> (左右), <c>reduce_pp</c>/<c>increase_pp</c> (a one-off
/// change in points), <c>achieve</c> (实现, 全覆盖) and <c>qualitative</c>; <see cref="Text"/> keeps non-numeric values.
/// </summary>
public sealed partial record TargetText(string Comparator, decimal? Value, string? Text = null)
{
    /// <summary>
    /// Reads a table cell: <c>&lt;10</c>, <c>≥95</c>, <c>比基期降低10%</c>, <c>2020基础上增长30%</c>,
    /// <c>每年降低0.5个百分点</c>, <c>26</c>. A bare number is written <c>=</c>, as the document writes it (the reading
    /// corpus's convention); which way it is judged is decided when it becomes a target (<see cref="ReadingTargets"/>). Null for an
    /// empty cell, "—", or a comparator whose value was cut off.
    /// </summary>
    public static TargetText? ParseCell(string cell)
    {
        // "提高3个百分点个百分点": a unit written twice (a value's written form with its unit appended again) is one unit.
        var s = DoubledUnit().Replace(InputText.Normalize(cell).Replace(" ", "", StringComparison.Ordinal), "$1");
        if (s is "" or "—" or "-" or "——" or "/" or "≥" or "≤" or "≧" or "≦" or "<" or ">" or "=")
        {
            return null;
        }
        if (SymbolPattern().Match(s) is { Success: true } sym && TryNumber(sym.Groups["v"].Value, out var sv))
        {
            return new TargetText(sym.Groups["op"].Value switch
            {
                "<" => "<",
                ">" => ">",
                "≤" or "<=" or "≦" => "<=",
                "≥" or ">=" or "≧" => ">=",
                _ => "=",
            }, sv);
        }
        if (PerYearPattern().Match(s) is { Success: true } py && TryNumber(py.Groups["v"].Value, out var pv))
        {
            return new TargetText(IsDown(py.Groups["dir"].Value) ? "reduce_pp_per_year" : "increase_pp_per_year", pv);
        }
        if (PointsPattern().Match(s) is { Success: true } pp && TryNumber(pp.Groups["v"].Value, out var ppv))
        {
            return new TargetText(IsDown(pp.Groups["dir"].Value) ? "reduce_pp" : "increase_pp", ppv);
        }
        if (RelativePattern().Match(s) is { Success: true } rel && TryNumber(rel.Groups["v"].Value, out var rv))
        {
            return new TargetText(IsDown(rel.Groups["dir"].Value) ? "reduce_pct" : "increase_pct", rv);
        }
        if (s.Contains("左右", StringComparison.Ordinal) && TryNumber(Regex.Match(s, @"\d+(\.\d+)?").Value, out var approx))
        {
            return new TargetText("approx", approx);
        }
        if (BarePattern().Match(s) is { Success: true } plain && TryNumber(plain.Groups["v"].Value, out var bare))
        {
            return new TargetText("=", bare);
        }
        if (s.Contains("实现", StringComparison.Ordinal) || s.Contains("全覆盖", StringComparison.Ordinal))
        {
            return new TargetText("achieve", null, s);
        }
        return new TargetText("qualitative", null, s);
    }

    private static bool IsDown(string word) => word is "降低" or "下降" or "减少";

    private static bool TryNumber(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    [GeneratedRegex(@"(个百分点|%|‰|/10万)\1+")]
    private static partial Regex DoubledUnit();

    [GeneratedRegex(@"^(?<op><=|>=|[<>≤≥≦≧=])(?<v>\d+(\.\d+)?)[%‰]?$")]
    private static partial Regex SymbolPattern();

    [GeneratedRegex(@"^(?<v>\d+(\.\d+)?)(?:%|‰|/10万|[万亿]?[\p{IsCJKUnifiedIdeographs}]{1,2})?$")]
    private static partial Regex BarePattern();

    [GeneratedRegex(@"每年(?<dir>降低|下降|减少|提高|增长|增加|提升)(?<v>\d+(\.\d+)?)个?百分点")]
    private static partial Regex PerYearPattern();

    [GeneratedRegex(@"^(?:比|较)?(?:基期|\d{4}年?)?(?:基础上)?(?<dir>降低|下降|减少|提高|增长|增加|提升)(?<v>\d+(\.\d+)?)个百分点$")]
    private static partial Regex PointsPattern();

    [GeneratedRegex(@"(?:比|较|在)?(?:基期|\d{4}年?)(?:基础上|水平)?(?<dir>降低|下降|减少|提高|增长|增加|提升)(?<v>\d+(\.\d+)?)%")]
    private static partial Regex RelativePattern();
}
