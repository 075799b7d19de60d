using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Text;
using Yardstick.Data;
using Yardstick.Data.Analytics;
using Yardstick.Data.Reports;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Analysis;

/// <summary>
/// 数据分析 (issue 28): data (indicators, data elements), units and periods laid out as the rows and the columns of a
/// table, the third dimension a filter; the same selection as a chart and as .xlsx or .csv. The URL holds the selection, so
/// a bookmark or a link opens it again with current figures. The figures are <see cref="Analytics"/>'s, inside the user's scope.
/// </summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time, Localization.UiText text) : PageModel
{
    /// <summary>The dimensions a layout places, in the words of the page.</summary>
    public static readonly IReadOnlyDictionary<string, string> DimensionWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dx"] = "数据",
        ["ou"] = "机构",
        ["pe"] = "期间",
    };

    /// <summary>Period choices offered beside the typed ones: the relative periods <see cref="Analytics"/> reads.</summary>
    public static readonly IReadOnlyList<(string Code, string Words)> PeriodPresets =
        [("LAST_5_YEARS", "近5年"), ("THIS_YEAR", "今年"), ("LAST_YEAR", "去年"), ("LAST_12_MONTHS", "近12个月"), ("MONTHS_THIS_YEAR", "今年各月"), ("LAST_4_QUARTERS", "近4个季度"), ("QUARTERS_THIS_YEAR", "今年各季度")];

    public IReadOnlyList<(string Code, string Name, bool IsIndicator)> DataChoices { get; private set; } = [];
    public IReadOnlyList<string> Data { get; private set; } = [];
    public string Units { get; private set; } = "";
    public string Periods { get; private set; } = "";
    public string Rows { get; private set; } = "ou";
    public string Columns { get; private set; } = "pe";
    public string Chart { get; private set; } = "bar";
    public List<string> Errors { get; } = [];
    public AnalyticsResult? Result { get; private set; }

    /// <summary>The row headings (one item per row dimension) and the column items, in the result's order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RowKeys { get; private set; } = [];
    public IReadOnlyList<string> ColumnKeys { get; private set; } = [];
    public object ChartOption { get; private set; } = new { };
    public string Filter { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string[]? dx, string? ou, string? pe, string? rows, string? cols, string? chart, string? format, CancellationToken ct)
    {
        if (!me.SeesBusiness)
        {
            return Forbid();
        }
        var scope = await me.ScopeAsync(ct);
        if (scope is null)
        {
            return Forbid();
        }
        var indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.Name).Select(i => new { i.Code, i.Name }).ToListAsync(ct);
        var elements = await db.DataElements.AsNoTracking().OrderBy(e => e.Name).Select(e => new { e.Code, e.Name }).ToListAsync(ct);
        DataChoices = [.. indicators.Select(i => (i.Code, i.Name, true)).Concat(elements.Select(e => (e.Code, e.Name, false)))];
        Data = dx is { Length: > 0 } ? [.. dx.SelectMany(d => d.Split(';', ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))] : [.. indicators.Take(1).Select(i => i.Code)];
        Units = string.IsNullOrWhiteSpace(ou) ? $"{scope.Code};CHILDREN" : ou.Trim();
        Periods = string.IsNullOrWhiteSpace(pe) ? "LAST_5_YEARS" : pe.Trim();
        Rows = rows is "dx" or "ou" or "pe" ? rows : "ou";
        Columns = cols is "dx" or "ou" or "pe" && cols != Rows ? cols : new[] { "pe", "ou", "dx" }.First(d => d != Rows);
        Chart = chart is "line" or "stacked" ? chart : "bar";
        if (Data.Count == 0)
        {
            Errors.Add("请至少选择一项数据 (指标或数据元)。");
            return Page();
        }
        var third = new[] { "dx", "ou", "pe" }.Single(d => d != Rows && d != Columns);
        var items = new Dictionary<string, string> { ["dx"] = string.Join(';', Data), ["ou"] = Units, ["pe"] = Periods };
        var (question, refusal) = Analytics.Parse([$"{Rows}:{items[Rows]}", $"{Columns}:{items[Columns]}"], [$"{third}:{items[third]}"]);
        if (question is null)
        {
            Errors.Add(refusal!.Message);
            return Page();
        }
        var (result, answerRefusal) = await Analytics.AnswerAsync(db, live, question, scope, LocalClock.Today(time), ct);
        if (result is null)
        {
            Errors.Add(answerRefusal!.Message);
            return Page();
        }
        var filter = result.Filters.Single();
        if (filter.Name == "dx" && filter.Items.Count > 1)
        {
            // Indicators are not added together: a filter over several would sum rates.
            Errors.Add($"数据作为筛选时只能选一项: 请把“数据”放到行或列上 (现在选了 {filter.Items.Count} 项)。");
            return Page();
        }
        Result = result;
        _cells = result.Cells.ToDictionary(c => (c.Items[0], c.Items[1]), c => c.Value);
        Filter = $"{text[DimensionWords[filter.Name]]}: " + string.Join("、", filter.Items.Select(i => result.Names.GetValueOrDefault(i, i)));
        // A row without any figure (a 处室 among a city's children) is left out, as DHIS2's hideEmptyRows does.
        var filled = result.Cells.Select(c => c.Items[0]).ToHashSet(StringComparer.Ordinal);
        RowKeys = [.. result.Dimensions[0].Items.Where(filled.Contains).Select(i => (IReadOnlyList<string>)[i])];
        ColumnKeys = result.Dimensions[1].Items;
        ChartOption = BuildChart(result);
        return format switch
        {
            "csv" => File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(result))).ToArray(), "text/csv; charset=utf-8", "数据分析.csv"),
            "xlsx" => await XlsxAsync(result, ct),
            _ => Page(),
        };
    }

    private Dictionary<(string Row, string Column), decimal> _cells = [];

    /// <summary>The figure of one cell, or null.</summary>
    public decimal? Cell(string row, string column) => _cells.TryGetValue((row, column), out var v) ? v : null;

    /// <summary>Whether totals mean something along the data: only data elements (counts, sums) add up; rates do not.</summary>
    public bool Adds => Result is { } r && r.Dimensions.Concat(r.Filters).Single(d => d.Name == "dx").Items.All(code => DataChoices.Any(c => c.Code == code && !c.IsIndicator));

    public string Name(string item) => Result?.Names.GetValueOrDefault(item, item) ?? item;

    private IReadOnlyList<IReadOnlyList<ReportCell>> Table(AnalyticsResult result)
    {
        var rows = new List<IReadOnlyList<ReportCell>>
        {
            (IReadOnlyList<ReportCell>)[new ReportCell($"{text[DimensionWords[result.Dimensions[0].Name]]} \\ {text[DimensionWords[result.Dimensions[1].Name]]}"), .. ColumnKeys.Select(c => new ReportCell(Name(c))),
                .. (Adds ? new[] { new ReportCell(text["合计"]) } : [])],
        };
        foreach (var row in RowKeys)
        {
            var values = ColumnKeys.Select(c => Cell(row[0], c)).ToList();
            rows.Add([new ReportCell(Name(row[0])), .. values.Select(v => new ReportCell(null, v)),
                .. (Adds ? new[] { new ReportCell(null, values.Any(v => v is not null) ? values.Sum(v => v ?? 0) : null) } : [])]);
        }
        if (Adds)
        {
            var totals = ColumnKeys.Select(c => RowKeys.Select(r => Cell(r[0], c)).ToList()).ToList();
            rows.Add([new ReportCell(text["合计"]), .. totals.Select(t => new ReportCell(null, t.Any(v => v is not null) ? t.Sum(v => v ?? 0) : null)),
                new ReportCell(null, totals.SelectMany(t => t).Any(v => v is not null) ? totals.SelectMany(t => t).Sum(v => v ?? 0) : null)]);
        }
        rows.Add([new ReportCell(Filter)]);
        return rows;
    }

    private string Csv(AnalyticsResult result) =>
        string.Join("\r\n", Table(result).Select(r => string.Join(',', r.Select(c => CsvText.Escape(c.Text ?? (c.Number is { } n ? Core.Indicators.Rounding.Plain(n) : "")))))) + "\r\n";

    private async Task<IActionResult> XlsxAsync(AnalyticsResult result, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"yardstick-analysis-{Guid.NewGuid():N}.xlsx");
        try
        {
            XlsxWriter.Write(path, [new ReportSheet("数据分析", Table(result))]);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "数据分析.xlsx");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private object BuildChart(AnalyticsResult result)
    {
        var kind = Chart == "line" ? "line" : "bar";
        return new
        {
            tooltip = new { trigger = "axis" },
            legend = new { type = "scroll", bottom = 0 },
            grid = new { left = 8, right = 16, top = 16, bottom = 40, containLabel = true },
            xAxis = new { type = "category", data = ColumnKeys.Select(Name) },
            yAxis = new { type = "value" },
            series = RowKeys.Select(r => new
            {
                name = Name(r[0]),
                type = kind,
                stack = Chart == "stacked" ? "s" : null,
                data = ColumnKeys.Select(c => Cell(r[0], c)),
            }),
        };
    }

    /// <summary>This page's address with one value changed: the export links and the layout switch keep the selection.</summary>
    public string Link(string? format = null, string? rows = null, string? cols = null) =>
        "/Analysis?" + string.Join('&', Data.Select(d => "dx=" + Uri.EscapeDataString(d))
            .Append("ou=" + Uri.EscapeDataString(Units)).Append("pe=" + Uri.EscapeDataString(Periods))
            .Append("rows=" + (rows ?? Rows)).Append("cols=" + (cols ?? Columns)).Append("chart=" + Chart)
            .Concat(format is null ? [] : ["format=" + format]));

    public static string Number(decimal? value) => value is { } v ? v.ToString("#,0.############", CultureInfo.InvariantCulture) : "";
}
