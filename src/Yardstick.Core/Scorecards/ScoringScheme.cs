using Yardstick.Core.Model;
using Yardstick.Core.Text;

namespace Yardstick.Core.Scorecards;

/// <summary>
/// A 考核 scheme as a commission writes it: a CSV with columns <c>indicator,weight,rule,deduction,floor</c>, rule one of
/// 达标得满分 (full), 按进度 (proportional), 按差距扣分 (deduct; deduction per unit of gap, floor), 一票否决 (veto), 加分项
/// (bonus). The indicator column holds an indicator's code, a document target's number (<c>#12</c>, <c>文件目标12</c>) or
/// <c>tasks</c> (重点任务完成情况).
/// Without a file every target of the plan weighs the same (100 points in all, <see cref="Equal"/>) and scores by progress.
/// The weights of a file need not add up to 100 — a commission may score out of another total, and bonus items sit on top —
/// so no sum is checked (none to refuse 33.33 + 33.33 + 33.34, none to round): the full marks are what the weights add up to.
/// </summary>
public static partial class ScoringScheme
{
    /// <summary>The key of the task-completion item (重点任务完成情况): the share of a unit's key tasks closed on time.</summary>
    public const string TaskKey = "tasks";

    /// <summary>The key a document target is scored under: its number after <c>#</c>.</summary>
    public static string DocumentKey(long itemId) => "#" + itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The document target's number in a key, or null for an indicator's code.</summary>
    public static long? DocumentItemId(string key) =>
        DocumentNumber().Match(InputText.Normalize(key ?? "").Trim()) is { Success: true } m
        && long.TryParse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// Every key the same share of 100 points, by progress: in hundredths (the decimals a scheme may have,
    /// <see cref="InputLimits.SchemeDecimals"/>), the odd hundredths to the first keys — 33.34, 33.33, 33.33 — so the split sums
    /// to exactly 100, shows as it is stored, and saves back unchanged from the page or the API.
    /// </summary>
    public static IReadOnlyList<ScoringItem> Equal(IEnumerable<string> keys)
    {
        var codes = keys.Distinct(StringComparer.Ordinal).ToList();
        const int hundredths = 100 * 100;
        return [.. codes.Select((c, k) => new ScoringItem(c, (hundredths / codes.Count + (k < hundredths % codes.Count ? 1 : 0)) / 100m, ScoringRule.Proportional))];
    }

    /// <summary>
    /// The scheme in <paramref name="csv"/> (its good lines), and the bad lines as "第N行: reason" (in Chinese; at most
    /// <see cref="InputLimits.IssuesListed"/> of them, then a count of the rest). Weights, deductions and floors
    /// are 0–<see cref="InputLimits.SchemeWeight"/> with at most <see cref="InputLimits.SchemeDecimals"/> decimals, and a scheme
    /// has at most <see cref="InputLimits.SchemeRows"/> rows: a save refuses a scheme with any error; a stored scheme read back
    /// scores its good lines and the page says which were left out.
    /// </summary>
    public static (IReadOnlyList<ScoringItem> Items, IReadOnlyList<string> Errors) Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var items = new List<ScoringItem>();
        var errors = new IssueList();
        // Read twice rather than held: a refused 30 MB file is never in memory as rows.
        var rowCount = CsvText.Read(csv).Count();
        if (rowCount == 0)
        {
            return (items, ["空文件: 需要表头 indicator,weight,rule,deduction,floor"]);
        }
        var rows = CsvText.Read(csv);
        var header = rows.First().Fields.Select(f => InputText.Normalize(f).ToLowerInvariant()).ToList();
        int Col(string name) => header.IndexOf(name);
        var (indicator, weight, rule, deduction, floor) = (Col("indicator"), Col("weight"), Col("rule"), Col("deduction"), Col("floor"));
        if (indicator < 0 || weight < 0 || rule < 0)
        {
            return (items, ["第1行: 表头须含 indicator, weight, rule (可选 deduction, floor)"]);
        }
        if (rowCount - 1 > InputLimits.SchemeRows)
        {
            errors.Add($"计分方案最多 {InputLimits.SchemeRows} 行 (收到 {rowCount - 1:N0} 行)");
        }
        // The line each item was first listed on: an item listed twice would be scored twice and its weights told apart by nobody.
        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in rows.Skip(1))
        {
            string Field(int k) => k >= 0 && k < fields.Length ? fields[k].Trim() : "";
            var code = DocumentItemId(Field(indicator)) is { } id ? DocumentKey(id)
                : Field(indicator) is "tasks" or "重点任务" or "任务完成" or "重点任务完成情况" ? TaskKey
                : Field(indicator);
            var ok = code.Length > 0;
            if (!ok)
            {
                errors.Add($"第{line}行: 指标代码为空");
            }
            if (code.Length > InputLimits.Code)
            {
                errors.Add($"第{line}行: 指标代码过长 ({code.Length:N0} 字), 最多 {InputLimits.Code} 字");
                ok = false;
            }
            else if (code.Length > 0 && !listed.TryAdd(code, line))
            {
                errors.Add($"第{line}行: 指标或文件目标 \"{code}\" 重复, 第{listed[code]}行已列出 (每项只能列一次)");
                ok = false;
            }
            if (!InputText.TryParseDecimal(Field(weight), out var w))
            {
                errors.Add($"第{line}行: 权重无效 \"{InputLimits.Echo(Field(weight))}\"");
                ok = false;
            }
            else if (InputLimits.SchemeNumberRefusal(w, "权重") is { } badWeight)
            {
                errors.Add($"第{line}行: {badWeight} (收到 {InputLimits.Echo(Field(weight))})");
                ok = false;
            }
            if (RuleOf(Field(rule)) is not { } r)
            {
                errors.Add($"第{line}行: 无法识别的计分规则 \"{InputLimits.Echo(Field(rule))}\" (应为 达标得满分、按进度、按差距扣分、一票否决 或 加分项)");
                ok = false;
                r = default;
            }
            var d = 0m;
            var f = 0m;
            if (Field(deduction).Length > 0 && (!InputText.TryParseDecimal(Field(deduction), out d) || InputLimits.SchemeNumberRefusal(d, "扣分值") is not null))
            {
                errors.Add($"第{line}行: 扣分值无效 \"{InputLimits.Echo(Field(deduction))}\" (应为 0 到 {InputLimits.SchemeWeight:0}, 最多 {InputLimits.SchemeDecimals} 位小数)");
                ok = false;
            }
            if (Field(floor).Length > 0 && (!InputText.TryParseDecimal(Field(floor), out f) || InputLimits.SchemeNumberRefusal(f, "保底分") is not null))
            {
                errors.Add($"第{line}行: 保底分无效 \"{InputLimits.Echo(Field(floor))}\" (应为 0 到 {InputLimits.SchemeWeight:0}, 最多 {InputLimits.SchemeDecimals} 位小数)");
                ok = false;
            }
            if (ok && items.Count < InputLimits.SchemeRows)
            {
                items.Add(new ScoringItem(code, w, r, d, f));
            }
        }
        return (items, errors.Listed());
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:文件目标\s*(?:#|编号)?|#|编号)\s*(\d+)$")]
    private static partial System.Text.RegularExpressions.Regex DocumentNumber();

    private static ScoringRule? RuleOf(string word) => InputText.Normalize(word).ToLowerInvariant() switch
    {
        "full" or "达标得满分" or "达标" => ScoringRule.FullWhenMet,
        "proportional" or "按进度" or "按进度得分" => ScoringRule.Proportional,
        "deduct" or "按差距扣分" or "扣分" => ScoringRule.DeductPerPoint,
        "veto" or "一票否决" => ScoringRule.Veto,
        "bonus" or "加分" or "加分项" => ScoringRule.Bonus,
        _ => null,
    };
}
