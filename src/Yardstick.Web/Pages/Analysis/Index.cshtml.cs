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
    public static IReadOnlyDictionary<string, string> DimensionWords => AnalysisSelection.DimensionWords;

    /// <summary>Period choices offered beside the typed ones: the relative periods <see cref="Analytics"/> reads.</summary>
    public static readonly IReadOnlyList<(string Code, string Words)> PeriodPresets =
        [("LAST_5_YEARS", "近5年"), ("THIS_YEAR", "今年"), ("LAST_YEAR", "去年"), ("LAST_12_MONTHS", "近12个月"), ("MONTHS_THIS_YEAR", "今年各月"), ("LAST_4_QUARTERS", "近4个季度"), ("QUARTERS_THIS_YEAR", "今年各季度"), ("PLAN_PERIOD", "规划期")];

    /// <summary>The plans whose targets may stand beside the figures.</summary>
    public IReadOnlyList<(string Code, string Name)> PlanChoices { get; private set; } = [];

    /// <summary>The chosen plan (its name and years), when one is.</summary>
    public Core.Targets.Plan? Plan { get; private set; }

    /// <summary>The plan's evaluation rows behind the cells, by (data, unit, year) (<see cref="PivotTargets"/>); whether the table had more to judge.</summary>
    public IReadOnlyDictionary<(string Data, string Unit, int Year), Core.Targets.PlanEvaluationRow> TargetRows { get; private set; } =
        new Dictionary<(string, string, int), Core.Targets.PlanEvaluationRow>();
    public bool TargetsCut { get; private set; }

    public IReadOnlyList<(string Code, string Name, bool IsIndicator)> DataChoices { get; private set; } = [];

    /// <summary>The chosen plan's targets as data (<c>TARGET-plan.indicator</c>, <see cref="Analytics.TargetPrefix"/>): a row or a line beside the figures.</summary>
    public IReadOnlyList<(string Code, string Name)> TargetChoices { get; private set; } = [];
    public AnalysisSelection Selection { get; private set; } = new([], "", "", "ou", "pe", "bar");
    public IReadOnlyList<string> Data => Selection.Data;
    public string Units => Selection.Units;
    public string Periods => Selection.Periods;
    public string Rows => Selection.Rows;
    public string Columns => Selection.Columns;
    public string Chart => Selection.Chart;
    public List<string> Errors { get; } = [];
    public AnalyticsResult? Result { get; private set; }

    /// <summary>The favourites the user may open (<see cref="Favorites.VisibleAsync"/>), and the one open now, if any.</summary>
    public IReadOnlyList<Favorite> FavoriteList { get; private set; } = [];
    public Favorite? Opened { get; private set; }
    public string UserName => me.Name;

    /// <summary>What the last write on a favourite did, said once after its redirect (已保存, 已重命名, 已删除).</summary>
    [TempData]
    public string? Done { get; set; }

    /// <summary>The answer laid out as rows and columns, with totals and subtotals where figures add up.</summary>
    public PivotTable? Table { get; private set; }

    /// <summary>The table's units that are children of one unit, on a map (<see cref="MapAsync"/>); null when there is none to draw.</summary>
    public MapView? Map { get; private set; }
    public object ChartOption { get; private set; } = new { };

    public async Task<IActionResult> OnGetAsync(string[]? dx, string? ou, string? pe, string? rows, string? cols, string? chart, string? format, long? favorite,
        string? plan, bool? numden, CancellationToken ct)
    {
        if (!me.SeesBusiness)
        {
            return Forbid();
        }
        var scope = await me.FiguresRootAsync(ct);
        if (scope is null)
        {
            return Forbid();
        }
        var indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.Name).Select(i => new { i.Code, i.Name }).ToListAsync(ct);
        var elements = await db.DataElements.AsNoTracking().OrderBy(e => e.Name).ToListAsync(ct);
        var combos = await db.ComboShapesAsync(ct);
        // An element split by categories is offered whole and by each option (活产数 (女): births.female, as formulas name it).
        IEnumerable<(string, string, bool)> Parts(DataElement e) => e.CategoryComboId is { } c && combos.TryGetValue(c, out var shape)
            ? shape.Categories.SelectMany(category => category.OptionList.Select(o => ($"{e.Code}.{o.Code}", $"{e.Name} ({o.Name})", false)))
            : [];
        DataChoices = [.. indicators.Select(i => (i.Code, i.Name, true)).Concat(elements.SelectMany(e => Parts(e).Prepend((e.Code, e.Name, false))))];
        PlanChoices = [.. (await db.Plans.AsNoTracking().OrderBy(p => p.Code).Select(p => new { p.Code, p.Name }).ToListAsync(ct)).Select(p => (p.Code, p.Name))];
        FavoriteList = await Favorites.VisibleAsync(db, me.Name, await me.ScopeAsync(ct) ?? scope, await me.DataScopeAsync(ct), ct);
        // A favourite opened by someone inside its unit is read as its owner wrote it, for that unit, and then cut to where
        // the reader's figures start (a 处室 account's data scope); the page's own parameters (a layout switch, an export)
        // still win over what it saved.
        var asked = scope;
        OrgUnit? seenBy = null;
        if (favorite is { } id)
        {
            Opened = FavoriteList.FirstOrDefault(f => f.Id == id);
            if (Opened is null)
            {
                Errors.Add("没有这个收藏, 或它未与您的单位共享。");
            }
            else if (scope.Path.StartsWith(Opened.UnitPath, StringComparison.Ordinal) && scope.Path != Opened.UnitPath)
            {
                asked = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == Opened.UnitCode, ct);
                seenBy = scope;
            }
        }
        var saved = Opened?.Selection;
        var fromPage = dx is { Length: > 0 } || ou is not null || pe is not null || rows is not null || cols is not null || plan is not null || numden is not null;
        Selection = saved is not null && !fromPage
            ? AnalysisSelection.Of(saved.Data, saved.Units, saved.Periods, saved.Rows, saved.Columns, chart ?? saved.Chart, asked, saved.Plan, saved.NumDen)
            : AnalysisSelection.Of(dx is { Length: > 0 } ? dx : indicators.Take(1).Select(i => i.Code), ou, pe, rows, cols, chart, asked, plan, numden == true);
        if (Selection.Plan is { } planCode)
        {
            Plan = await PivotTargets.PlanAsync(db, planCode, ct);
            if (Plan is null)
            {
                Errors.Add($"未知的规划代码 \"{InputLimits.Echo(planCode)}\"");
            }
            else
            {
                var planId = Plan.Id;
                TargetChoices = [.. (await (from t in db.Targets.AsNoTracking()
                                            join i in db.Indicators.AsNoTracking() on t.IndicatorId equals i.Id
                                            where t.PlanId == planId
                                            select new { i.Code, i.Name }).Distinct().ToListAsync(ct))
                    .OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => ($"{Analytics.TargetPrefix}{planCode}.{i.Code}", $"{i.Name} · 规划目标"))];
            }
        }
        var (question, refusal) = Selection.Question(Plan is { } chosen ? (chosen.StartYear, chosen.EndYear) : null);
        if (question is null)
        {
            Errors.Add(refusal!.Message);
            return Page();
        }
        var (result, answerRefusal) = await Analytics.AnswerAsync(db, live, question, asked, LocalClock.Today(time), seenBy, ct);
        if (result is null)
        {
            Errors.Add(answerRefusal!.Message);
            return Page();
        }
        Result = result;
        Table = new PivotTable(result, Adds(result), w => text[w]);
        ChartOption = BuildChart(Table);
        if (Plan is not null && format is null)
        {
            (TargetRows, TargetsCut) = await PivotTargets.ReadAsync(db, live, Plan.Code, Table, ct);
        }
        if (format is null)
        {
            Map = await MapAsync(result, ct);
        }
        return format switch
        {
            "csv" => File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Table.Csv())).ToArray(), "text/csv; charset=utf-8", "数据分析.csv"),
            "xlsx" => await XlsxAsync(Table, ct),
            _ => Page(),
        };
    }

    /// <summary>Saves the selection shown (posted as the page's own fields) as a favourite of the user's, for their unit.</summary>
    public async Task<IActionResult> OnPostSaveAsync(string? name, bool shared, string[]? dx, string? ou, string? pe, string? rows, string? cols, string? chart,
        long? favorite, string? plan, bool? numden, CancellationToken ct)
    {
        if (!me.SeesBusiness || await me.ScopeAsync(ct) is not { } scope)
        {
            return Forbid();
        }
        // Filed under the user's own unit; what it shows by default is where their figures start (a 处室's data scope).
        var selection = AnalysisSelection.Of(dx, ou, pe, rows, cols, chart, await me.FiguresRootAsync(ct) ?? scope, plan, numden == true);
        var (saved, refusal) = await Favorites.SaveAsync(db, me.Name, scope, name, shared, selection, time.GetUtcNow(), me.Address, ct);
        if (saved is null)
        {
            Errors.Add(refusal!.Message);
            return await OnGetAsync(dx, ou, pe, rows, cols, chart, null, favorite, plan, numden, ct);
        }
        Done = $"已保存收藏“{saved.Name}”" + (saved.Shared ? "，本单位及下级单位均可打开" : "，仅您自己可见");
        return Redirect($"/Analysis?favorite={saved.Id.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Renames one of the user's own favourites, on the version the list showed.</summary>
    public async Task<IActionResult> OnPostRenameAsync(long id, string? name, int version, string? back, CancellationToken ct)
    {
        if (!me.SeesBusiness || await me.ScopeAsync(ct) is not { } scope)
        {
            return Forbid();
        }
        var (renamed, refusal) = await Favorites.RenameAsync(db, id, me.Name, scope, name, version, time.GetUtcNow(), me.Address, ct);
        Done = renamed is null ? refusal!.Message : $"已重命名为“{renamed.Name}”";
        return LocalRedirect(Url.IsLocalUrl(back) ? back! : "/Analysis");
    }

    /// <summary>Deletes one of the user's own favourites, on the version the list showed.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(long id, int version, string? back, CancellationToken ct)
    {
        if (!me.SeesBusiness || await me.ScopeAsync(ct) is not { } scope)
        {
            return Forbid();
        }
        var refusal = await Favorites.DeleteAsync(db, id, me.Name, scope, version, time.GetUtcNow(), me.Address, ct);
        Done = refusal?.Message ?? "已删除收藏";
        var stay = Url.IsLocalUrl(back) && !(back ?? "").Contains($"favorite={id.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
        return LocalRedirect(stay ? back! : "/Analysis");
    }

    /// <summary>The plan's evaluation of the indicator, unit and year a cell stands for, when the plan targets it; else null.</summary>
    public Core.Targets.PlanEvaluationRow? TargetOf(PivotRow row, string column)
    {
        var at = Table!.Coordinates(row.Items, column);
        return at.TryGetValue("dx", out var data) && at.TryGetValue("ou", out var unit) && at.TryGetValue("pe", out var period)
            && Period.TryParse(period, out var p) && p.Type == PeriodType.Year && TargetRows.TryGetValue((data, unit, p.Year), out var found) ? found : null;
    }

    /// <summary>
    /// Whether totals mean something: only one data element (a count, a sum) adds up; rates do not, nor births with deaths.
    /// </summary>
    private bool Adds(AnalyticsResult result) => result.Dimensions.Concat(result.Filters).Single(d => d.Name == "dx").Items is { Count: 1 } data
        && DataChoices.Any(c => c.Code == data[0] && !c.IsIndicator);

    private async Task<IActionResult> XlsxAsync(PivotTable table, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"yardstick-analysis-{Guid.NewGuid():N}.xlsx");
        try
        {
            XlsxWriter.Write(path, [new ReportSheet("数据分析", table.Sheet())]);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "数据分析.xlsx");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private object BuildChart(PivotTable table)
    {
        var kind = Chart == "line" ? "line" : "bar";
        return new
        {
            tooltip = new { trigger = "axis" },
            legend = new { type = "scroll", bottom = 0 },
            grid = new { left = 8, right = 16, top = 16, bottom = 40, containLabel = true },
            xAxis = new { type = "category", data = table.ColumnKeys.Select(table.Name) },
            yAxis = new { type = "value" },
            // A plan's target is drawn as a dashed line whatever the chart: the path the figures are held to, not another bar.
            series = table.RowKeys.Select(r => IsTarget(r, table.ColumnKeys) ? (object)new
            {
                name = table.RowName(r),
                type = "line",
                lineStyle = new { type = "dashed" },
                data = table.ColumnKeys.Select(c => table.Cell(r, c)),
            } : new
            {
                name = table.RowName(r),
                type = kind,
                stack = Chart == "stacked" ? "s" : null,
                data = table.ColumnKeys.Select(c => table.Cell(r, c)),
            }),
        };
    }

    /// <summary>
    /// The table's figures on a map when its units hold two or more children of one unit (北京 · CHILDREN, LEVEL-3 under a
    /// city): the first data item that is a figure (not a plan's target), in the last period asked (or summed over the
    /// periods when they are the filter), classed by the chosen plan's status when it judges them, else by quantiles; a click
    /// asks the same question of the clicked unit's children. Units summed as a filter have no figure each: no map.
    /// </summary>
    private async Task<MapView?> MapAsync(AnalyticsResult result, CancellationToken ct)
    {
        if (result.Filters.Any(f => f.Name == "ou"))
        {
            return null;
        }
        var all = result.Dimensions.Concat(result.Filters).ToList();
        var data = all.Single(d => d.Name == "dx").Items.FirstOrDefault(d => !d.StartsWith(Analytics.TargetPrefix, StringComparison.OrdinalIgnoreCase));
        if (data is null)
        {
            return null;
        }
        var codes = all.Single(d => d.Name == "ou").Items;
        var units = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToListAsync(ct);
        if (units.Where(u => u.ParentId is not null).GroupBy(u => u.ParentId).Where(g => g.Count() >= 2).MaxBy(g => g.Count()) is not { } siblings)
        {
            return null;
        }
        var parent = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Id == siblings.Key, ct);
        var periodIsFilter = result.Filters.Any(f => f.Name == "pe");
        var period = all.Single(d => d.Name == "pe").Items[^1];
        var cells = result.Cells.ToDictionary(c => string.Join('\u001f', c.Items), c => c.Value, StringComparer.Ordinal);
        MapFigure Figure(OrgUnit child)
        {
            var items = result.Dimensions.Select(d => d.Name switch { "dx" => data, "ou" => child.Code, _ => period });
            decimal? value = cells.TryGetValue(string.Join('\u001f', items), out var v) ? v : null;
            var status = !periodIsFilter && Period.TryParse(period, out var p) && p.Type == PeriodType.Year
                && TargetRows.TryGetValue((data, child.Code, p.Year), out var row) ? row.Evaluation.Status : (Core.Targets.TargetStatus?)null;
            return new MapFigure(value, value is null ? text["无数据"] : Number(value), status);
        }
        var when = periodIsFilter ? string.Join("、", all.Single(d => d.Name == "pe").Items.Select(p => result.Names.GetValueOrDefault(p, p))) : result.Names.GetValueOrDefault(period, period);
        var drill = "/Analysis?" + (Selection with { Units = "{code};CHILDREN" }).Query().Replace(Uri.EscapeDataString("{code}"), "{code}", StringComparison.Ordinal);
        return await MapView.BuildAsync(db, "analysis-map", text.F("{0} · {1} · {2}下级单位 (点击查看其下级)", result.Names.GetValueOrDefault(data, data), when, parent.Name), parent,
            [.. siblings.OrderBy(u => u.Path, StringComparer.Ordinal).Select(u => (u, Figure(u)))], drill, v => Number(v), text, ct);
    }

    private bool IsTarget(IReadOnlyList<string> row, IReadOnlyList<string> columns) =>
        columns.Count > 0 && Table!.Coordinates(row, columns[0]).TryGetValue("dx", out var data) && data.StartsWith(Analytics.TargetPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// This page's address with one value changed: the export links and the layout switch keep the selection, and the
    /// favourite it was opened from (whose unit the units are read for).
    /// </summary>
    public string Link(string? format = null, string? rows = null, string? cols = null) =>
        "/Analysis?" + (Selection with { Rows = rows ?? Rows, Columns = cols ?? Columns }).Query()
            + (Opened is null ? "" : "&favorite=" + Opened.Id.ToString(CultureInfo.InvariantCulture)) + (format is null ? "" : "&format=" + format);

    public static string Number(decimal? value) => value is { } v ? v.ToString("#,0.############", CultureInfo.InvariantCulture) : "";
}
