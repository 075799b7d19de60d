namespace Yardstick.Core.Targets;

/// <summary>
/// How a target's value is compared. The relative ones carry a percentage (<c>reduce_pct</c>: "比基期降低10%")
/// or points per year (<c>reduce_pp_per_year</c>: "每年降低0.5个百分点") and derive the final target from the baseline.
/// </summary>
public enum Comparator
{
    AtLeast,
    GreaterThan,
    AtMost,
    LessThan,
    EqualTo,
    Range,
    ReducePct,
    IncreasePct,
    ReducePpPerYear,
    IncreasePpPerYear,
}

/// <summary>The words files and the CLI use for <see cref="Comparator"/>.</summary>
public static class Comparators
{
    private static readonly (Comparator Comparator, string Word)[] Words =
    [
        (Comparator.AtLeast, ">="),
        (Comparator.GreaterThan, ">"),
        (Comparator.AtMost, "<="),
        (Comparator.LessThan, "<"),
        (Comparator.EqualTo, "="),
        (Comparator.Range, "range"),
        (Comparator.ReducePct, "reduce_pct"),
        (Comparator.IncreasePct, "increase_pct"),
        (Comparator.ReducePpPerYear, "reduce_pp_per_year"),
        (Comparator.IncreasePpPerYear, "increase_pp_per_year"),
    ];

    public static string Word(this Comparator comparator) => Words.First(w => w.Comparator == comparator).Word;

    /// <summary>Accepts the file words plus ≥ ≤ ＞ ＜ ==, and the Chinese 以上/以下/不低于/不高于/超过/低于.</summary>
    public static bool TryParse(string? text, out Comparator comparator)
    {
        var s = Text.InputText.Normalize(text ?? "").ToLowerInvariant();
        Comparator? found = s switch
        {
            ">=" or "≥" or "≧" or "以上" or "不低于" or "不少于" or "达到" or "at_least" or "ge" => Comparator.AtLeast,
            ">" or "超过" or "高于" or "gt" => Comparator.GreaterThan,
            "<=" or "≤" or "≦" or "以下" or "以内" or "不高于" or "不超过" or "at_most" or "le" => Comparator.AtMost,
            "<" or "低于" or "不足" or "lt" => Comparator.LessThan,
            "=" or "==" or "eq" or "等于" => Comparator.EqualTo,
            _ => Words.Where(w => w.Word == s).Select(w => (Comparator?)w.Comparator).FirstOrDefault(),
        };
        comparator = found ?? default;
        return found is not null;
    }

    public static bool IsRelative(this Comparator c) =>
        c is Comparator.ReducePct or Comparator.IncreasePct or Comparator.ReducePpPerYear or Comparator.IncreasePpPerYear;

    /// <summary>
    /// Every comparator word — the evaluation's and the document reader's — as people write it on a Chinese screen
    /// (不低于, 比基期降低 (%) …); an unknown word is shown as it is.
    /// </summary>
    public static string Chinese(string? word) => word switch
    {
        ">=" => "不低于 (≥)",
        ">" => "高于 (>)",
        "<=" => "不高于 (≤)",
        "<" => "低于 (<)",
        "=" => "达到 (=)",
        "approx" => "左右",
        "range" => "区间",
        "reduce_pct" or "reduce_by_pct" => "比基期降低 (%)",
        "increase_pct" or "increase_by_pct" => "比基期提高 (%)",
        "reduce_pp" or "reduce_by_pp" => "降低 (个百分点)",
        "increase_pp" or "increase_by_pp" => "提高 (个百分点)",
        "reduce_pp_per_year" => "每年降低 (个百分点)",
        "increase_pp_per_year" => "每年提高 (个百分点)",
        "qualitative" => "定性",
        "achieve" => "实现",
        null or "" => "",
        _ => word,
    };

    /// <summary>
    /// A target written the way a plan writes it: ≥90, 比基期降低10%, 每年降低0.5个百分点, 35-40 (range), 80左右.
    /// </summary>
    /// <param name="unit">The figure's unit, written after it unless the comparator's words already say it (个百分点, % of a
    /// relative change): "提高3个百分点", never "提高3个百分点个百分点".</param>
    public static string Written(string? word, string value, string? unit) => word == "approx" ? Written(word, value + unit) : Written(word, value) + (word switch
    {
        "reduce_pct" or "reduce_by_pct" or "increase_pct" or "increase_by_pct" or "reduce_pp" or "reduce_by_pp" or "increase_pp" or "increase_by_pp"
            or "reduce_pp_per_year" or "increase_pp_per_year" or "qualitative" or "achieve" => "",
        _ => unit ?? "",
    });

    public static string Written(string? word, string value) => word switch
    {
        ">=" => "≥" + value,
        ">" => ">" + value,
        "<=" => "≤" + value,
        "<" => "<" + value,
        "approx" => value + "左右",
        "reduce_pct" or "reduce_by_pct" => $"比基期降低{value}%",
        "increase_pct" or "increase_by_pct" => $"比基期提高{value}%",
        "reduce_pp" or "reduce_by_pp" => $"降低{value}个百分点",
        "increase_pp" or "increase_by_pp" => $"提高{value}个百分点",
        "reduce_pp_per_year" => $"每年降低{value}个百分点",
        "increase_pp_per_year" => $"每年提高{value}个百分点",
        _ => value,
    };

    /// <summary>The words a reviewer may choose for an item read from a document, in the order a picker lists them.</summary>
    public static IReadOnlyList<string> ReadingWords { get; } =
        [">=", ">", "<=", "<", "=", "approx", "range", "increase_pct", "reduce_pct", "increase_pp", "reduce_pp", "increase_pp_per_year", "reduce_pp_per_year", "qualitative", "achieve"];
}
