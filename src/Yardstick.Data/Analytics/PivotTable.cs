using Yardstick.Core.Model;
using Yardstick.Data.Reports;

namespace Yardstick.Data.Analytics;

/// <summary>What a row of a pivot table is: a row of the answer, the subtotal of a unit's children, or the total.</summary>
public enum PivotRowKind
{
    Item,
    Subtotal,
    Total,
}

/// <summary>
/// One row as shown: its heading, its key (the row's items joined by <c>.</c>, or the unit whose children it adds up), its
/// items (one per row dimension; none for a subtotal or the total), one figure per column (null: no figure), and the row's
/// total when figures add.
/// </summary>
public sealed record PivotRow(PivotRowKind Kind, string Heading, string Key, IReadOnlyList<string> Items, IReadOnlyList<decimal?> Cells, decimal? Total);

/// <summary>
/// An analytics answer laid out as the 数据分析 page shows it and exports it — one place, so the .xlsx and .csv are the
/// table as it looks: the last dimension the columns, the others the rows (rows without a figure left out), and, only
/// where figures add up (a single data element), totals and subtotals. <b>A total counts each value once</b>: a unit
/// inside another unit of the rows, or a period inside another period of the columns, adds nothing more (通辽市 with its
/// counties totals 通辽市 once), as a filter does (<see cref="Analytics.AnswerAsync"/>). <b>A subtotal</b> adds up the rows
/// of the children of a unit that is itself a row, after the last of them, so a unit's own figure can be read against
/// the sum of its children's.
/// </summary>
public sealed class PivotTable
{
    private readonly AnalyticsResult _result;
    private readonly Func<string, string> _say;
    private readonly Dictionary<(string Row, string Column), AnalyticsCell> _cells;

    /// <param name="result">The answer.</param>
    /// <param name="adds">Whether its figures add up (a single data element; never rates).</param>
    /// <param name="say">The page's words in the reader's language (数据, 机构, 期间, 合计, 下级单位小计).</param>
    public PivotTable(AnalyticsResult result, bool adds, Func<string, string> say)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(say);
        _result = result;
        _say = say;
        Adds = adds;
        _cells = result.Cells.ToDictionary(c => (Key(c.Items.Take(c.Items.Count - 1)), c.Items[^1]));
        var filled = _cells.Keys.Select(k => k.Row).ToHashSet(StringComparer.Ordinal);
        RowKeys = [.. Combinations(result.Dimensions.Take(result.Dimensions.Count - 1).ToList()).Where(r => filled.Contains(Key(r)))];
        ColumnKeys = result.Dimensions[^1].Items;
        Rows = Lay();
    }

    /// <summary>The row headings (one item per row dimension) and the column items, in the answer's order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RowKeys { get; }

    public IReadOnlyList<string> ColumnKeys { get; }

    /// <summary>Whether the table has totals (and subtotals).</summary>
    public bool Adds { get; }

    /// <summary>Every row as shown, totals and subtotals in their places.</summary>
    public IReadOnlyList<PivotRow> Rows { get; }

    /// <summary>The figure of one cell (a row's items, one per row dimension, and a column), or null.</summary>
    public decimal? Cell(IReadOnlyList<string> row, string column) => _cells.TryGetValue((Key(row), column), out var c) ? c.Value : null;

    /// <summary>The answer's cell behind a figure (its numerator, denominator and factor), or null.</summary>
    public AnalyticsCell? Detail(IReadOnlyList<string> row, string column) => _cells.GetValueOrDefault((Key(row), column));

    /// <summary>
    /// The data, unit and period a cell stands for (dx, ou, pe → item): the row's and column's items, and a filter's when it
    /// has one item only (a filter of several is a sum, which no single item names).
    /// </summary>
    public IReadOnlyDictionary<string, string> Coordinates(IReadOnlyList<string> row, string column)
    {
        var at = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in _result.Filters.Where(f => f.Items.Count == 1))
        {
            at[f.Name] = f.Items[0];
        }
        for (var k = 0; k < row.Count; k++)
        {
            at[_result.Dimensions[k].Name] = row[k];
        }
        at[_result.Dimensions[^1].Name] = column;
        return at;
    }

    public string Name(string item) => _result.Names.GetValueOrDefault(item, item);

    /// <summary>A row's heading: its items' names, 婴儿死亡率 · 科尔沁区.</summary>
    public string RowName(IReadOnlyList<string> row) => string.Join(" · ", row.Select(Name));

    /// <summary>The heading of the row column: 数据 · 机构 \ 期间.</summary>
    public string Corner =>
        string.Join(" · ", _result.Dimensions.Take(_result.Dimensions.Count - 1).Select(d => _say(AnalysisSelection.DimensionWords[d.Name])))
        + " \\ " + _say(AnalysisSelection.DimensionWords[_result.Dimensions[^1].Name]);

    /// <summary>What the filter sums over, in words: 期间: 2022年、2023年.</summary>
    public string Filter => string.Join("; ", _result.Filters.Select(f => $"{_say(AnalysisSelection.DimensionWords[f.Name])}: " + string.Join("、", f.Items.Select(Name))));

    /// <summary>The table as shown, a cell per <see cref="ReportCell"/>: the header, every row, the filter's words last.</summary>
    public IReadOnlyList<IReadOnlyList<ReportCell>> Sheet()
    {
        var sheet = new List<IReadOnlyList<ReportCell>>
        {
            (IReadOnlyList<ReportCell>)[new ReportCell(Corner), .. ColumnKeys.Select(c => new ReportCell(Name(c))), .. Adds ? new[] { new ReportCell(_say("合计")) } : []],
        };
        foreach (var row in Rows)
        {
            var look = row.Kind == PivotRowKind.Item ? CellLook.Plain : CellLook.Header;
            sheet.Add([new ReportCell(row.Heading, null, look), .. row.Cells.Select(v => new ReportCell(null, v, look)), .. Adds ? new[] { new ReportCell(null, row.Total, look) } : []]);
        }
        if (Filter.Length > 0)
        {
            sheet.Add([new ReportCell(Filter)]);
        }
        return sheet;
    }

    /// <summary>The table as CSV (figures in full, unrounded beyond the answer's own rounding), lines ending CRLF.</summary>
    public string Csv() =>
        string.Join("\r\n", Sheet().Select(r => string.Join(',', r.Select(c => Core.Text.CsvText.Escape(c.Text ?? (c.Number is { } n ? Core.Indicators.Rounding.Plain(n) : "")))))) + "\r\n";

    private List<PivotRow> Lay()
    {
        var columnsOnce = Once(_result.Dimensions[^1].Name, ColumnKeys);
        var rows = new List<PivotRow>();
        foreach (var key in RowKeys)
        {
            var cells = ColumnKeys.Select(c => Cell(key, c)).ToList();
            rows.Add(new PivotRow(PivotRowKind.Item, RowName(key), string.Join('.', key), key, cells, Adds ? Sum(cells.Where((_, k) => columnsOnce[k])) : null));
        }
        if (!Adds || _result.Dimensions.Count != 2)
        {
            return rows;
        }
        var rowDimension = _result.Dimensions[0].Name;
        if (rowDimension == "ou")
        {
            // After the last child of each unit whose children are rows too: their sum, to read against the unit's own.
            var rowAt = RowKeys.Select(r => r[0]).Where(_result.UnitPaths.ContainsKey).ToDictionary(u => _result.UnitPaths[u], StringComparer.Ordinal);
            var childrenOf = RowKeys.Select(r => r[0]).Where(u => _result.UnitPaths.ContainsKey(u) && rowAt.ContainsKey(ParentPath(_result.UnitPaths[u])))
                .GroupBy(u => rowAt[ParentPath(_result.UnitPaths[u])], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (var parent in RowKeys.Select(r => r[0]).Where(childrenOf.ContainsKey).ToList())
            {
                var children = rows.Select((r, k) => (Row: r, Index: k)).Where(x => x.Row.Kind == PivotRowKind.Item && childrenOf[parent].Contains(x.Row.Key)).ToList();
                var cells = ColumnKeys.Select((_, c) => Sum(children.Select(x => x.Row.Cells[c]))).ToList();
                rows.Insert(children[^1].Index + 1, new PivotRow(PivotRowKind.Subtotal, $"{Name(parent)} {_say("下级单位小计")}", parent, [], cells,
                    Sum(cells.Where((_, k) => columnsOnce[k]))));
            }
        }
        var items = rows.Where(r => r.Kind == PivotRowKind.Item).ToList();
        var rowsOnce = Once(rowDimension, [.. items.Select(r => r.Key)]);
        var counted = items.Where((_, k) => rowsOnce[k]).ToList();
        var totals = ColumnKeys.Select((_, c) => Sum(counted.Select(r => r.Cells[c]))).ToList();
        rows.Add(new PivotRow(PivotRowKind.Total, _say("合计"), "", [], totals, Sum(totals.Where((_, k) => columnsOnce[k]))));
        return rows;
    }

    /// <summary>The path of a unit's parent: <c>/1/4/</c> for <c>/1/4/17/</c>.</summary>
    private static string ParentPath(string path) => path[..(path.LastIndexOf('/', path.Length - 2) + 1)];

    /// <summary>For each item of a dimension, whether a total counts it: not when another item of the list holds it.</summary>
    private bool[] Once(string dimension, IReadOnlyList<string> items) => dimension switch
    {
        "ou" => OnceUnits(items),
        "pe" => [.. items.Select(i => !Period.TryParse(i, out var p)
            || !items.Any(o => o != i && Period.TryParse(o, out var other) && other != p && other.Contains(p)))],
        _ => [.. items.Select(_ => true)],
    };

    /// <summary>Units counted once: those with no ancestor among the items (found by walking up the path, not by pairs).</summary>
    private bool[] OnceUnits(IReadOnlyList<string> items)
    {
        var paths = items.Where(_result.UnitPaths.ContainsKey).Select(i => _result.UnitPaths[i]).ToHashSet(StringComparer.Ordinal);
        return [.. items.Select(i =>
        {
            if (!_result.UnitPaths.TryGetValue(i, out var path))
            {
                return true;
            }
            for (var up = ParentPath(path); up.Length > 1; up = ParentPath(up))
            {
                if (paths.Contains(up))
                {
                    return false;
                }
            }
            return true;
        })];
    }

    private static decimal? Sum(IEnumerable<decimal?> figures)
    {
        decimal total = 0;
        var any = false;
        foreach (var f in figures)
        {
            if (f is { } v)
            {
                total += v;
                any = true;
            }
        }
        return any ? total : null;
    }

    private static string Key(IEnumerable<string> items) => string.Join('\u001f', items);

    private static IEnumerable<IReadOnlyList<string>> Combinations(IReadOnlyList<AnalyticsDimension> dims) =>
        dims.Count == 0 ? [[]] : dims[0].Items.SelectMany(h => Combinations([.. dims.Skip(1)]).Select(t => (IReadOnlyList<string>)[h, .. t]));
}
