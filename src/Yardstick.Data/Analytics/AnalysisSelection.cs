using Yardstick.Core.Model;

namespace Yardstick.Data.Analytics;

/// <summary>
/// What the 数据分析 page shows, as a user picks it and a favourite keeps it: the data (indicator and element codes), the
/// units and periods as written (<c>150500;CHILDREN</c>, <c>2022;2023</c>, <c>LAST_12_MONTHS</c>), which dimension makes the
/// rows and which the columns (the third is a filter), the chart, the plan whose targets and statuses stand beside the
/// figures (and whose years 规划期 names), and whether a rate's numerator and denominator are shown under it. The figures are
/// never kept: a selection asks again.
/// </summary>
public sealed record AnalysisSelection(IReadOnlyList<string> Data, string Units, string Periods, string Rows, string Columns, string Chart, string? Plan = null, bool NumDen = false)
{
    /// <summary>The relative period of a plan's years (its start year to its end year, 十四五: 2021–2025), in both spellings.</summary>
    public static readonly IReadOnlyList<string> PlanPeriod = ["PLAN_PERIOD", "规划期"];

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
    public static AnalysisSelection Of(IEnumerable<string>? data, string? units, string? periods, string? rows, string? columns, string? chart, OrgUnit scope,
        string? plan = null, bool numDen = false)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var codes = (data ?? []).SelectMany(d => (d ?? "").Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var rowDimension = rows is "dx" or "ou" or "pe" ? rows : "ou";
        var columnDimension = columns is "dx" or "ou" or "pe" && columns != rowDimension ? columns : new[] { "pe", "ou", "dx" }.First(d => d != rowDimension);
        return new AnalysisSelection(codes, string.IsNullOrWhiteSpace(units) ? $"{scope.Code};CHILDREN" : units.Trim(),
            string.IsNullOrWhiteSpace(periods) ? "LAST_5_YEARS" : periods.Trim(), rowDimension, columnDimension, chart is "line" or "stacked" ? chart : "bar",
            string.IsNullOrWhiteSpace(plan) ? null : plan.Trim(), numDen);
    }

    /// <summary>The dimension neither rows nor columns: summed over as a filter.</summary>
    public string Filter => new[] { "dx", "ou", "pe" }.Single(d => d != Rows && d != Columns);

    /// <summary>
    /// The analytics question this selection asks. Several data items are never added together: when data is the filter,
    /// each item gets its own rows (数据 · 机构) instead. 规划期 becomes the years of the plan (<paramref name="planYears"/>,
    /// start to end). The refusal says, in Chinese, what cannot be asked.
    /// </summary>
    public (AnalyticsQuestion? Question, Refusal? Refusal) Question((int First, int Last)? planYears = null)
    {
        if (Data.Count == 0)
        {
            return (null, Refusal.Invalid("请至少选择一项数据 (指标或数据元)。", "dx"));
        }
        if (Units.Length > LongestText || Periods.Length > LongestText || Data.Count > 200)
        {
            return (null, Refusal.Invalid($"查询条件过长: 机构、期间各不超过 {LongestText} 个字符, 数据不超过 200 项", "dimension"));
        }
        var periods = new List<string>();
        foreach (var item in Periods.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!PlanPeriod.Contains(item.ToUpperInvariant()))
            {
                periods.Add(item);
            }
            else if (planYears is { } years)
            {
                periods.AddRange(Enumerable.Range(years.First, years.Last - years.First + 1).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                return (null, Refusal.Invalid("期间“规划期”须先选择一个规划", "pe"));
            }
        }
        var items = new Dictionary<string, string>(StringComparer.Ordinal) { ["dx"] = string.Join(';', Data), ["ou"] = Units, ["pe"] = string.Join(';', periods) };
        var separateData = Filter == "dx" && Data.Count > 1;
        string[] rowDimensions = separateData ? ["dx", Rows] : [Rows];
        string[] filterDimensions = separateData ? [] : [Filter];
        return Analytics.Parse([.. rowDimensions.Select(d => $"{d}:{items[d]}"), $"{Columns}:{items[Columns]}"],
            [.. filterDimensions.Select(d => $"{d}:{items[d]}")], NumDen);
    }

    /// <summary>The page's query string for this selection (<c>dx=…&amp;ou=…&amp;pe=…&amp;rows=…&amp;cols=…&amp;chart=…</c>).</summary>
    public string Query() =>
        string.Join('&', Data.Select(d => "dx=" + Uri.EscapeDataString(d))
            .Append("ou=" + Uri.EscapeDataString(Units)).Append("pe=" + Uri.EscapeDataString(Periods))
            .Append("rows=" + Rows).Append("cols=" + Columns).Append("chart=" + Chart).Concat(Plan is null ? [] : ["plan=" + Uri.EscapeDataString(Plan)]).Concat(NumDen ? ["numden=true"] : []));
}
