using Yardstick.Core.Model;

namespace Yardstick.Data.Analytics;

/// <summary>
/// What the 数据分析 page shows, as a user picks it and a favourite keeps it: the data (indicator and element codes), the
/// units and periods as written (<c>150500;CHILDREN</c>, <c>2022;2023</c>, <c>LAST_12_MONTHS</c>), which dimension makes the
/// rows and which the columns (the third is a filter), and the chart. The figures are never kept: a selection asks again.
/// </summary>
public sealed record AnalysisSelection(IReadOnlyList<string> Data, string Units, string Periods, string Rows, string Columns, string Chart)
{
    /// <summary>The dimensions a layout places, in the words of the page.</summary>
    public static readonly IReadOnlyDictionary<string, string> DimensionWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dx"] = "数据",
        ["ou"] = "机构",
        ["pe"] = "期间",
    };

    /// <summary>The longest units or periods text a selection keeps (a few hundred codes).</summary>
    public const int LongestText = 2000;

    /// <summary>
    /// A selection from what a page or request names, with the defaults of the page for what it leaves out: the scope and its
    /// children, the last five years, units as rows and periods as columns, a bar chart.
    /// </summary>
    public static AnalysisSelection Of(IEnumerable<string>? data, string? units, string? periods, string? rows, string? columns, string? chart, OrgUnit scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var codes = (data ?? []).SelectMany(d => (d ?? "").Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var rowDimension = rows is "dx" or "ou" or "pe" ? rows : "ou";
        var columnDimension = columns is "dx" or "ou" or "pe" && columns != rowDimension ? columns : new[] { "pe", "ou", "dx" }.First(d => d != rowDimension);
        return new AnalysisSelection(codes, string.IsNullOrWhiteSpace(units) ? $"{scope.Code};CHILDREN" : units.Trim(),
            string.IsNullOrWhiteSpace(periods) ? "LAST_5_YEARS" : periods.Trim(), rowDimension, columnDimension, chart is "line" or "stacked" ? chart : "bar");
    }

    /// <summary>The dimension neither rows nor columns: summed over as a filter.</summary>
    public string Filter => new[] { "dx", "ou", "pe" }.Single(d => d != Rows && d != Columns);

    /// <summary>
    /// The analytics question this selection asks. Several data items are never added together: when data is the filter,
    /// each item gets its own rows (数据 · 机构) instead. The refusal says, in Chinese, what cannot be asked.
    /// </summary>
    public (AnalyticsQuestion? Question, Refusal? Refusal) Question(bool includeNumDen = false)
    {
        if (Data.Count == 0)
        {
            return (null, Refusal.Invalid("请至少选择一项数据 (指标或数据元)。", "dx"));
        }
        if (Units.Length > LongestText || Periods.Length > LongestText || Data.Count > 200)
        {
            return (null, Refusal.Invalid($"查询条件过长: 机构、期间各不超过 {LongestText} 个字符, 数据不超过 200 项", "dimension"));
        }
        var items = new Dictionary<string, string>(StringComparer.Ordinal) { ["dx"] = string.Join(';', Data), ["ou"] = Units, ["pe"] = Periods };
        var separateData = Filter == "dx" && Data.Count > 1;
        string[] rowDimensions = separateData ? ["dx", Rows] : [Rows];
        string[] filterDimensions = separateData ? [] : [Filter];
        return Analytics.Parse([.. rowDimensions.Select(d => $"{d}:{items[d]}"), $"{Columns}:{items[Columns]}"],
            [.. filterDimensions.Select(d => $"{d}:{items[d]}")], includeNumDen);
    }

    /// <summary>The page's query string for this selection (<c>dx=…&amp;ou=…&amp;pe=…&amp;rows=…&amp;cols=…&amp;chart=…</c>).</summary>
    public string Query() =>
        string.Join('&', Data.Select(d => "dx=" + Uri.EscapeDataString(d))
            .Append("ou=" + Uri.EscapeDataString(Units)).Append("pe=" + Uri.EscapeDataString(Periods))
            .Append("rows=" + Rows).Append("cols=" + Columns).Append("chart=" + Chart));
}
