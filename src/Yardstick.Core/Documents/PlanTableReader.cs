using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Yardstick.Core.Text;

namespace Yardstick.Core.Documents;

/// <summary>One row (or one target year, or half of a shared row) of an indicator table, with its source span.</summary>
public sealed record PlanIndicator(
    string? Category,
    string Name,
    string? Unit,
    int? BaselineYear,
    decimal? BaselineValue,
    int? TargetYear,
    TargetText? Target,
    string? Nature,
    string? IndicatorCode,
    string Source)
{
    /// <summary>序号 as printed.</summary>
    public string? No { get; init; }

    /// <summary>A 年均增长 column's figure: how fast, not where to — never a target.</summary>
    public decimal? AnnualGrowth { get; init; }

    /// <summary>A completion column (2020年完成情况, 完成值): what was reached, in which year.</summary>
    public (int? Year, decimal Value)? Actual { get; init; }

    /// <summary>Last year's target printed in brackets after this year's ("≥95%(2022:90%)").</summary>
    public (int? Year, decimal Value)? PreviousTarget { get; init; }

    /// <summary>A reviewer chose to keep the row in the plan's words without making it a target (仅保留).</summary>
    public bool KeepOnly { get; init; }
}

/// <summary>
/// Reads indicator tables by what their header cells mean, whatever their order: name (指标, 具体指标, 三级指标…), unit,
/// category (类别, 领域, 一级指标…), 序号, year columns (2020年), baseline (基期水平, 现状), targets (2025年, 2022年目标值,
/// 指标值, 规划目标 — one indicator per target column), completion (完成情况), growth (年均增长: kept apart, not a target),
/// nature (属性, 指标性质). Cells arrive barred one row per line, flattened one cell per line with <c>|</c> (with or
/// without a bare <c>|</c> between rows, or after every cell), or aligned by tabs and runs of spaces (a PDF's layout).
/// Rows are rebuilt from the header's columns: text cells before the first value are categories, number and name;
/// values then fill the columns after the name. Merged category cells carry down. Also reads the numbered list that is
/// really a table ("1.名称≥90%", "2.名称较上年提高"), counting its items so a name that starts with a digit ("2.7岁以下…")
/// keeps it.
/// </summary>
public static partial class PlanTableReader
{
    /// <param name="defaultYear">The target year of a table whose header names none (指标值): the document's year.</param>
    /// <param name="consumed">Receives the spans of the text (offsets in <see cref="DocumentText.Text"/>) read as tables,
    /// so the prose reader does not read their cells again.</param>
    /// <param name="reached">Receives the rows of a table that reports what was reached and sets no target (a yearbook's
    /// 指标 | 2008年 | 2007年): achievements, not indicators.</param>
    public static IReadOnlyList<PlanIndicator> Read(DocumentText document, IndicatorCatalogue catalogue, int? defaultYear = null,
        List<(int Start, int End)>? consumed = null, List<ProseItem>? reached = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(catalogue);
        var cells = Cells(document.Text);
        var found = new List<PlanIndicator>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (Header.Find(cells, i, defaultYear) is not { } header)
            {
                continue;
            }
            var end = new TableRows(document, catalogue, cells, header) { Reached = reached }.ReadInto(found);
            var last = cells[Math.Min(end, cells.Count) - 1];
            consumed?.Add((cells[i].Start, last.Start + last.Length));
            i = end - 1;
        }
        found.AddRange(NumberedList(document, catalogue, defaultYear, consumed));
        return found;
    }

    /// <summary>
    /// The indicator tables of a text as the reader rebuilt them: the lines of <see cref="DocumentText.Text"/> each spans
    /// and its rows of cells with their spans, the header first (<see cref="DocumentBlocks"/> puts them among the paragraphs).
    /// </summary>
    public static IReadOnlyList<TableBlock> Tables(DocumentText document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var cells = Cells(document.Text);
        var tables = new List<TableBlock>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (Header.Find(cells, i, null) is not { } header)
            {
                continue;
            }
            var rows = new List<List<Cell>> { cells[i..header.End].Where(c => !c.EndsRow).ToList() };
            var end = new TableRows(document, IndicatorCatalogue.Default, cells, header) { Rows = rows }.ReadInto([]);
            // Rows without a value after the last one with a value are the text that follows the table, not its rows.
            rows = rows.Take(rows.FindLastIndex(r => r.Any(c => IsValue(c.Text))) + 1).ToList();
            var all = rows.SelectMany(r => r).ToList();
            int LineOf(int offset) => document.Text.AsSpan(0, offset).Count('\n');
            tables.Add(new TableBlock(LineOf(all.Min(c => c.Start)), LineOf(all.Max(c => c.Start + c.Length)),
                [.. rows.Select(r => (IReadOnlyList<TableCellText>)[.. r.Select(c => new TableCellText(c.Text, c.Start, c.Length, document.SourceOf(c.Start, c.Length)))])]));
            i = end - 1;
        }
        return tables;
    }

    /// <summary>A table cell; <see cref="EndsRow"/> marks a row's end (a bare "|", or the end of a one-line row).</summary>
    /// <param name="Bare">A line of its own with no bar near it: a table flattened without bars.</param>
    private sealed record Cell(string Text, int Start, int Length, bool EndsRow, bool OwnLine, bool Bare = false);

    private static List<Cell> Cells(string text)
    {
        var cells = new List<Cell>();
        var lines = new List<(string Line, int Start)>();
        var offset = 0;
        foreach (var raw in text.Split('\n'))
        {
            lines.Add((raw.TrimEnd(), offset));
            offset += raw.Length + 1;
        }
        for (var k = 0; k < lines.Count; k++)
        {
            var (line, start) = lines[k];
            var bars = line.Count(c => c == '|');
            if (bars == 0)
            {
                var aligned = AlignedCells().Matches(line);
                if (line.Trim().Length > 0 && NextIsBareBar(lines, k))
                {
                    // One cell per line with the bar on the line after it ("指标值" then "|").
                    cells.Add(new Cell(line.Trim(), start + (line.Length - line.TrimStart().Length), line.Trim().Length, false, true));
                }
                else if ((aligned.Count >= 3 && (aligned.Any(a => ValueCell().IsMatch(Squeeze(a.Value))) || aligned.Count(a => RoleOf(a.Value).Role is not null) >= 2))
                    || (aligned.Count == 2 && cells.Count > 0 && cells[^1].EndsRow && cells[^1].Text.Length == 0 && IsValue(aligned[1].Value)))
                {
                    // Columns aligned by tabs or runs of spaces: one row per line; after a row, a row whose merged
                    // category cells are left out may hold just a name and its value.
                    cells.AddRange(aligned.Select(a => new Cell(a.Value, start + a.Index, a.Length, false, false)));
                    cells.Add(new Cell("", start + line.Length, 0, true, false));
                }
                else if (line.Trim().Length > 0 && cells.Count > 0 && NatureOf(line.Trim()) is not null && !cells[^1].EndsRow)
                {
                    // The last cell of a flattened table may lose its bar: keep a lone nature word after cells.
                    cells.Add(new Cell(line.Trim(), start, line.Length, false, true));
                    cells.Add(new Cell("", start + line.Length, 0, true, true));
                }
                else if (IsLoneCell(line))
                {
                    // One cell per line without bars (a copy from a web page), blank lines between cells or not: the
                    // header's column words find the table, the header's columns mark its rows off.
                    cells.Add(new Cell(line.Trim(), start + (line.Length - line.TrimStart().Length), line.Trim().Length, false, true, Bare: true));
                }
                else if (line.Trim().Length > 0)
                {
                    // Running text: no table continues through it.
                    cells.Add(new Cell("\n", start, 0, true, true));
                }
                continue;
            }
            if (bars == 1 && line.EndsWith('|'))
            {
                var content = line[..^1].Trim();
                cells.Add(content.Length == 0
                    ? new Cell("", start, 0, true, true)
                    : new Cell(content, start + (line.Length - line.TrimStart().Length), content.Length, false, true));
                continue;
            }
            var position = start;
            var parts = line.Split('|');
            var firstFilled = Array.FindIndex(parts, p => p.Trim().Length > 0);
            var lastFilled = Array.FindLastIndex(parts, p => p.Trim().Length > 0);
            for (var n = 0; n < parts.Length; n++)
            {
                var part = parts[n];
                if (part.Trim().Length > 0)
                {
                    cells.Add(new Cell(part.Trim(), position + (part.Length - part.TrimStart().Length), part.Trim().Length, false, false));
                }
                else if (n > firstFilled && n < lastFilled)
                {
                    // An empty cell inside a row keeps its column: no value.
                    cells.Add(new Cell("—", position, 0, false, false));
                }
                position += part.Length + 1;
            }
            cells.Add(new Cell("", position, 0, true, false));
        }
        return cells;
    }

    // A cell is short and is no sentence: a sentence's punctuation or a long line is running text.
    private static bool IsLoneCell(string line)
    {
        var t = line.Trim();
        return t.Length is > 0 and <= 30 && t.IndexOfAny(['。', '；', ';', '，', ',', '：', ':']) < 0;
    }

    private static bool NextIsBareBar(List<(string Line, int Start)> lines, int k)
    {
        for (var n = k + 1; n < lines.Count; n++)
        {
            var t = lines[n].Line.Trim();
            if (t.Length > 0)
            {
                return t == "|";
            }
        }
        return false;
    }

    private enum Role { Category, No, Name, Unit, Baseline, Target, Actual, Growth, Nature, Note }

    private sealed record Column(Role Role, int? Year);

    /// <summary>A header row: its columns in order and how rows are marked off after it.</summary>
    private sealed record Header(List<Column> Columns, int End, bool RowMarkers)
    {
        public List<Column> AfterName => Columns.SkipWhile(c => c.Role != Role.Name).Skip(1).ToList();

        public static Header? Find(List<Cell> cells, int i, int? defaultYear)
        {
            if (cells[i].EndsRow || RoleOf(cells[i].Text).Role is null)
            {
                return null;
            }
            var found = new List<(Role Role, int? Year)>();
            var separated = false;
            var j = i;
            for (; j < cells.Count; j++)
            {
                if (cells[j].EndsRow)
                {
                    if (cells[j].Text == "\n")
                    {
                        break;
                    }
                    // A marker between header cells means every cell is followed by one: markers do not end rows.
                    separated |= j + 1 < cells.Count && !cells[j + 1].EndsRow && RoleOf(cells[j + 1].Text).Role is not null;
                    if (!separated)
                    {
                        break;
                    }
                    continue;
                }
                var (role, year) = RoleOf(cells[j].Text);
                if (role is null)
                {
                    break;
                }
                found.Add((role.Value, year));
            }
            if (found.Count(f => f.Role == Role.Name) != 1 || !found.Any(f => f.Role is Role.Baseline or Role.Target or Role.Actual))
            {
                return null;
            }
            // Bare year columns: with two or more, the first is the baseline and the rest targets; one alone is the target
            // unless another column is already the target.
            var years = found.Select((f, k) => (f, k)).Where(x => x.f.Role == Role.Target && x.f.Year is not null && !HasTargetWord(cells, i, x.k)).ToList();
            var explicitBaseline = found.Any(f => f.Role == Role.Baseline);
            var explicitTarget = found.Where((f, k) => f.Role == Role.Target && (f.Year is null || HasTargetWord(cells, i, k))).Any();
            var columns = found.Select(f => new Column(f.Role, f.Year)).ToList();
            // Year columns running backwards (指标 | 2008年 | 2007年) compare a year with the one before, as a yearbook
            // does: the first is what was reached, the others are for comparison — no baseline, no target.
            if (!explicitBaseline && !explicitTarget && years.Count >= 2
                && years.Zip(years.Skip(1)).All(p => p.First.f.Year > p.Second.f.Year))
            {
                columns[years[0].k] = new Column(Role.Actual, years[0].f.Year);
                foreach (var (_, k) in years.Skip(1))
                {
                    columns[k] = new Column(Role.Note, found[k].Year);
                }
                return new Header(columns, j, !separated && j < cells.Count && cells[j].EndsRow && cells[j].Text != "\n");
            }
            if (!explicitBaseline && (years.Count >= 2 || (years.Count == 1 && explicitTarget)))
            {
                columns[years[0].k] = new Column(Role.Baseline, years[0].f.Year);
            }
            // A target column without a year is for the document's year (a yearly target table's 指标值).
            for (var k = 0; k < columns.Count; k++)
            {
                if (columns[k].Role == Role.Target && columns[k].Year is null)
                {
                    columns[k] = columns[k] with { Year = defaultYear };
                }
            }
            var markers = !separated && j < cells.Count && cells[j].EndsRow && cells[j].Text != "\n";
            return new Header(columns, j, markers);
        }

        private static bool HasTargetWord(List<Cell> cells, int start, int index) =>
            cells.Skip(start).Where(c => !c.EndsRow).ElementAtOrDefault(index)?.Text is { } t && TargetWord().IsMatch(t);
    }

    private static (Role? Role, int? Year) RoleOf(string text)
    {
        var t = Squeeze(text);
        int? year = YearIn().Match(t) is { Success: true } y ? int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        Role? role = t switch
        {
            "序号" or "编号" => Role.No,
            "类别" or "领域" or "分类" or "一级指标" or "二级指标" or "指标类别" or "指标分类" or "维度" or "类型" => Role.Category,
            "指标" or "指标名称" or "主要指标" or "具体指标" or "三级指标" or "名称" or "项目" or "指标内容" or "指标项" or "考核指标"
                or "评价指标" or "监测指标" or "主要指标名称" or "指标名" => Role.Name,
            "单位" or "计量单位" or "指标单位" => Role.Unit,
            "属性" or "指标属性" or "性质" or "指标性质" => Role.Nature,
            "备注" or "说明" or "责任单位" or "牵头单位" or "数据来源" => Role.Note,
            _ when GrowthWord().IsMatch(t) => Role.Growth,
            _ when ActualWord().IsMatch(t) => Role.Actual,
            _ when BaselineWord().IsMatch(t) => Role.Baseline,
            _ when TargetWord().IsMatch(t) => Role.Target,
            _ when YearHeader().IsMatch(t) => Role.Target,
            _ => null,
        };
        return (role, year);
    }

    /// <summary>Rebuilds the rows after a header and reads each into indicators.</summary>
    private sealed class TableRows(DocumentText document, IndicatorCatalogue catalogue, List<Cell> cells, Header header)
    {
        private readonly List<string> _categories = [];

        /// <summary>Receives the rows of a table without a target column that say what was reached.</summary>
        public List<ProseItem>? Reached { get; init; }

        /// <summary>Receives each row's cells as read, when set.</summary>
        public List<List<Cell>>? Rows { get; init; }

        /// <returns>The index of the first cell after the table.</returns>
        public int ReadInto(List<PlanIndicator> found)
        {
            var after = header.AfterName;
            var row = new List<Cell>();
            var emptyRun = 0;
            var j = header.End;
            var barelyFlattened = j > 0 && cells[j - 1].Bare;
            for (; j < cells.Count; j++)
            {
                var cell = cells[j];
                // A table keeps the flattening it began with: a bare line after barred cells is the text that follows.
                if (cell.Text == "\n" || (row.Count == 0 && Header.Find(cells, j, null) is not null) || (cell.Bare && !barelyFlattened))
                {
                    break;
                }
                if (cell.EndsRow)
                {
                    if (header.RowMarkers && row.Count > 0)
                    {
                        found.AddRange(Read(row));
                        row = [];
                        emptyRun = 0;
                    }
                    else if (row.Count == 0 && ++emptyRun > 6)
                    {
                        break;
                    }
                    continue;
                }
                if (!header.RowMarkers && Complete(row, after, cell))
                {
                    found.AddRange(Read(row));
                    row = [];
                }
                row.Add(cell);
            }
            if (row.Count > 0)
            {
                found.AddRange(Read(row));
            }
            return Math.Max(j, header.End + 1);
        }

        // Without row markers a row is complete when the columns after its name are filled, or when the next cell
        // cannot belong to it (a name after the values began).
        private bool Complete(List<Cell> row, List<Column> after, Cell next)
        {
            var nameAt = NameIndex(row);
            if (nameAt < 0)
            {
                return false;
            }
            var filled = row.Count - nameAt - 1;
            if (filled >= after.Count)
            {
                return true;
            }
            // A small number before a name is that name's 序号 ("健康水平", "1", "人均期望寿命"): the row goes on.
            if (filled > 0 && NoCell().IsMatch(Squeeze(row[^1].Text)) && !IsValue(next.Text) && NatureOf(next.Text) is null)
            {
                return false;
            }
            var expected = after[filled].Role;
            return filled > 0 && expected != Role.Note && !FitsColumn(next.Text, expected) && !IsValue(next.Text);
        }

        private static bool FitsColumn(string text, Role role) => role switch
        {
            Role.Nature => NatureOf(text) is not null,
            Role.Unit => UnitCell().IsMatch(Squeeze(text)),
            // The figures' columns, and any other column met after the name, are filled by a value.
            Role.Baseline or Role.Target or Role.Actual or Role.Growth or Role.Category or Role.No or Role.Name or Role.Note => IsValue(text),
            _ => throw new UnreachableException(role.ToString()),
        };

        // The name is the last text cell before the first value, or before the unit cell when a unit column follows it.
        private int NameIndex(List<Cell> row)
        {
            // A small number before a name is its 序号, not a value.
            var firstValue = Enumerable.Range(0, row.Count).FirstOrDefault(k => IsValue(row[k].Text)
                && !(NoCell().IsMatch(Squeeze(row[k].Text)) && k + 1 < row.Count && !IsValue(row[k + 1].Text)), -1);
            if (firstValue < 0)
            {
                return -1;
            }
            var units = header.AfterName.TakeWhile(c => c.Role == Role.Unit).Count();
            for (var k = firstValue - 1; k >= 0; k--)
            {
                if (units > 0 && k > 0 && UnitCell().IsMatch(Squeeze(row[k].Text)))
                {
                    units--;
                    continue;
                }
                if (!NoCell().IsMatch(Squeeze(row[k].Text)))
                {
                    return k;
                }
            }
            return -1;
        }

        private IEnumerable<PlanIndicator> Read(List<Cell> row)
        {
            Rows?.Add(row);
            var nameAt = NameIndex(row);
            if (nameAt < 0)
            {
                // A row cut before its value ("0-6岁儿童…覆盖率" then "≧" at the end of the text) still names an indicator.
                if (row.Count > 0 && row[^1].Text.Length >= 4 && NameLike().IsMatch(Squeeze(row[^1].Text)))
                {
                    nameAt = row.Count - 1;
                }
                else
                {
                    return [];
                }
            }
            string? no = null;
            var texts = new List<string>();
            foreach (var c in row.Take(nameAt))
            {
                var t = Squeeze(c.Text);
                if (NoCell().IsMatch(t))
                {
                    no = t;
                }
                else
                {
                    texts.Add(t);
                }
            }
            if (texts.Count > 0)
            {
                // The categories of this row replace the last ones from the first level they give.
                var levels = Math.Max(1, header.Columns.Count(c => c.Role == Role.Category));
                var keep = Math.Max(0, Math.Min(_categories.Count, levels - texts.Count));
                _categories.RemoveRange(keep, _categories.Count - keep);
                _categories.AddRange(texts);
            }
            // A yearbook's "#" marks a row as part of the one above (其中); it is not part of the name.
            var (name, unit) = SplitUnit(Squeeze(row[nameAt].Text).TrimStart('#').TrimEnd('、'));
            string? nature = null;
            decimal? baseline = null;
            int? baselineYear = null;
            decimal? growth = null;
            string? baselineCell = null;
            (int?, decimal)? actual = null;
            var targets = new List<(int? Year, string Cell)>();
            var values = row.Skip(nameAt + 1).ToList();
            var after = header.AfterName;
            for (var k = 0; k < values.Count && k < after.Count; k++)
            {
                var text = Squeeze(values[k].Text);
                switch (after[k].Role)
                {
                    case Role.Unit:
                        unit ??= text.Length > 0 ? text : null;
                        break;
                    case Role.Nature:
                        nature = NatureOf(text);
                        break;
                    case Role.Baseline:
                        (baseline, baselineYear, baselineCell) = (Number(text), after[k].Year, text);
                        unit ??= UnitOfValue(text);
                        break;
                    case Role.Growth:
                        growth = Number(text);
                        break;
                    case Role.Actual:
                        actual = Number(text) is { } a ? (after[k].Year, a) : null;
                        unit ??= UnitOfValue(text);
                        break;
                    case Role.Target:
                        targets.Add((after[k].Year, text));
                        unit ??= UnitOfValue(text);
                        break;
                }
            }
            if (targets.Count == 0)
            {
                targets.AddRange(after.Where(c => c.Role == Role.Target).Take(1).Select(c => (c.Year, "")));
            }
            var first = row[0];
            var last = row[^1];
            var source = document.SourceOf(first.Start, last.Start + last.Length - first.Start);
            if (targets.Count == 0 && !header.Columns.Any(c => c.Role == Role.Baseline))
            {
                // A table that only reports: each row is what was reached.
                if (actual is { } reached)
                {
                    Reached?.Add(new ProseItem(name, "=", reached.Item2, unit, reached.Item1, catalogue.Match(name, unit), source));
                }
                return [];
            }
            var category = _categories.Count == 0 ? null : string.Join('/', _categories);
            baselineYear ??= header.Columns.FirstOrDefault(c => c.Role == Role.Baseline)?.Year;
            return Indicators(name, baseline, targets, baselineCell)
                .Select(x => new PlanIndicator(category, x.Name, unit, baselineYear, x.Baseline, x.TargetYear, x.Target, nature,
                    catalogue.Match(x.Name, unit), source)
                {
                    No = no,
                    AnnualGrowth = growth,
                    Actual = actual,
                })
                .ToList();
        }
    }

    /// <summary>
    /// One indicator per target column; a shared row ("高血压和2型糖尿病患者规范化管理率", baseline "52.4/55.1") is two
    /// indicators, the name split and the shared tail restored.
    /// </summary>
    private static IEnumerable<(string Name, decimal? Baseline, int? TargetYear, TargetText? Target)> Indicators(
        string name, decimal? baseline, List<(int? Year, string Cell)> targets, string? baselineCell)
    {
        var pair = baselineCell is null ? [] : SplitPair(baselineCell);
        var names = pair.Count == 2 ? SplitNames(name) : [name];
        if (names.Count != 2 || pair.Count != 2)
        {
            foreach (var (year, cell) in targets)
            {
                yield return (name, baseline, year, cell.Length == 0 ? null : TargetText.ParseCell(cell));
            }
            yield break;
        }
        for (var k = 0; k < 2; k++)
        {
            var b = Number(pair[k]);
            foreach (var (year, cell) in targets)
            {
                yield return (names[k], b, year, cell.Length == 0 ? null : TargetText.ParseCell(cell));
            }
        }
    }

    /// <summary>
    /// "1.以乡镇为单位适龄儿童…接种率≥90%", "9.…管理率≥95%(2022:90%)", "16.…覆盖率较上年提高": three or more consecutive
    /// numbered lines, each a name and a value, read as a table. The numbers count up, so "2.7岁以下儿童…" is item 2 of
    /// a name that starts with 7.
    /// </summary>
    private static List<PlanIndicator> NumberedList(DocumentText document, IndicatorCatalogue catalogue, int? year, List<(int Start, int End)>? consumed)
    {
        var lines = new List<(int Start, int End)>();
        var found = new List<PlanIndicator>();
        var run = new List<PlanIndicator>();
        var next = 1;
        var offset = 0;
        foreach (var raw in document.Text.Split('\n'))
        {
            var start = offset + (raw.Length - raw.TrimStart().Length);
            offset += raw.Length + 1;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var item = ListItem(line, next) ?? ListItem(line, 1);
            if (item is { } i && i.Number == 1 && next != 1)
            {
                Flush();
            }
            if (item is not { } parsed)
            {
                // The next item of the list that holds no figure ("(8)达到《…规范》"): the list goes on without it.
                if (run.Count > 0 && ItemBody(line, next) is { } body && !body.Contains('。', StringComparison.Ordinal))
                {
                    next++;
                    continue;
                }
                Flush();
                continue;
            }
            next = parsed.Number + 1;
            lines.Add((start, start + line.Length));
            run.Add(new PlanIndicator(null, parsed.Name, parsed.Unit, null, null, year, parsed.Target, null,
                catalogue.Match(parsed.Name, parsed.Unit), document.SourceOf(start, line.Length))
            {
                No = parsed.Number.ToString(CultureInfo.InvariantCulture),
                PreviousTarget = parsed.Previous,
            });
        }
        Flush();
        return found;

        void Flush()
        {
            if (run.Count >= 3)
            {
                found.AddRange(run);
                consumed?.AddRange(lines);
            }
            run.Clear();
            lines.Clear();
            next = 1;
        }
    }

    private static (int Number, string Name, string? Unit, TargetText Target, (int?, decimal)? Previous)? ListItem(string line, int number)
    {
        if (ItemBody(line, number) is not { } numbered)
        {
            return null;
        }
        // A list item ends as a clause of a sentence does: "(1)…满意率≥90%;".
        var body = Squeeze(numbered).TrimEnd(';', '；', '。', ',', '，');
        (int?, decimal)? previous = null;
        // Trailing brackets: last year's target "(2022:90%)", "(2022年:61%)", and notes "(新增)".
        while (TrailingBracket().Match(body) is { Success: true } b)
        {
            if (b.Groups["year"].Success && Number(b.Groups["value"].Value) is { } pv)
            {
                previous = (int.Parse(b.Groups["year"].Value, CultureInfo.InvariantCulture), pv);
            }
            body = body[..b.Index];
        }
        if (body.Contains('。', StringComparison.Ordinal) || body.Length > 60)
        {
            return null;
        }
        if (ListValue().Match(body) is { Success: true } v && v.Groups["name"].Length >= 3)
        {
            var op = v.Groups["op"].Value;
            var valueText = v.Groups["value"].Value;
            var unit = v.Groups["unit"].Value;
            var comparator = op switch
            {
                "≥" or "≧" or ">=" or "不低于" or "不少于" or "达到" or "达" => ">=",
                "≤" or "≦" or "<=" or "不高于" or "不超过" or "控制在" => "<=",
                "<" or "低于" => "<",
                ">" or "高于" or "超过" => ">",
                _ => v.Groups["qual"].Value switch { "以上" => ">=", "以下" or "以内" => "<=", _ => "=" },
            };
            return (number, v.Groups["name"].Value, unit.Length == 0 ? null : unit,
                new TargetText(comparator, decimal.Parse(valueText, CultureInfo.InvariantCulture)), previous);
        }
        if (ListDirection().Match(body) is { Success: true } q && q.Groups["name"].Length >= 3)
        {
            return (number, q.Groups["name"].Value, null, new TargetText("qualitative", null, q.Groups["value"].Value), previous);
        }
        return null;
    }

    /// <summary>
    /// The text after item <paramref name="number"/>'s numbering, in any of the list styles: "1." "1、" "(1)" "1)" "①".
    /// </summary>
    private static string? ItemBody(string line, int number)
    {
        var prefix = number.ToString(CultureInfo.InvariantCulture);
        string[] markers = [prefix + ".", prefix + "、", "(" + prefix + ")", prefix + ")",
            number is >= 1 and <= 20 ? ((char)('①' + number - 1)).ToString() : prefix + "."];
        var marker = markers.FirstOrDefault(m => line.StartsWith(m, StringComparison.Ordinal));
        // "2.7岁以下…" is item 2 when 2 is due; "1.5" alone is a number, not an item.
        return marker is null || line.Length <= marker.Length ? null : line[marker.Length..];
    }

    private static bool IsValue(string text) => ValueCell().IsMatch(Squeeze(text));

    private static string Squeeze(string text) => InputText.Normalize(text).Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);

    private static string? NatureOf(string text) => Squeeze(text) switch
    {
        "约束" or "约束性" => "约束性",
        "预期" or "预期性" => "预期性",
        "倡导" or "倡导性" => "倡导性",
        _ => null,
    };

    private static (string Name, string? Unit) SplitUnit(string cell)
    {
        var m = UnitPattern().Match(cell);
        return m.Success ? (m.Groups["name"].Value, m.Groups["unit"].Value) : (cell, null);
    }

    private static string? UnitOfValue(string cell) => ValueUnit().Match(cell) is { Success: true } m && m.Groups["unit"].Length > 0 ? m.Groups["unit"].Value : null;

    /// <summary>"52.4/55.1" is two values; "22/10万" is one value with its unit.</summary>
    private static List<string> SplitPair(string cell)
    {
        var parts = cell.Split('/');
        return parts.Length == 2 && parts.All(p => InputText.TryParseDecimal(p, out _)) ? [.. parts] : [cell];
    }

    private static decimal? Number(string cell) => NumberIn().Match(InputText.Normalize(cell)) is { Success: true } m
        && decimal.TryParse(m.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>
    /// "高血压和2型糖尿病患者规范化管理率" → 高血压患者规范化管理率, 2型糖尿病患者规范化管理率: the part before 和 borrows
    /// the tail of the last part, from the word that ends its subject (患者, 人群…) or, failing that, its last word.
    /// </summary>
    private static List<string> SplitNames(string name)
    {
        var parts = name.Split(['和', '、', '及'], 2);
        if (parts.Length != 2)
        {
            return [name];
        }
        var (head, tail) = (parts[0], parts[1]);
        if (CompleteName().IsMatch(head))
        {
            return [head, tail];
        }
        foreach (var marker in new[] { "患者", "人群", "儿童", "老年人", "孕产妇" })
        {
            var at = tail.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                return [head + tail[at..], tail];
            }
        }
        return [head + tail[Math.Max(0, tail.Length - 3)..], tail];
    }

    // Cells separated by a tab or two or more spaces.
    [GeneratedRegex(@"[^\s](?:[^\t ]| (?! ))*")]
    private static partial Regex AlignedCells();

    // A value cell: comparator and number with a short unit, a pair, a relative change, a dash, a direction word, a cut "≧".
    [GeneratedRegex(@"^(?:[≥≤<>=≧≦]{0,2}\d+(?:\.\d+)?(?:%|‰|/10万|/万|[万亿]?[\p{IsCJKUnifiedIdeographs}]{0,2})?(?:以上|以下|左右)?|\d+(?:\.\d+)?/\d+(?:\.\d+)?|[≥≤<>=≧≦]|—+|-+|/|(?:比|较|在)?(?:基期|上年|\d{4}年?)?(?:基础上)?(?:降低|下降|减少|提高|增长|增加|提升)\d+(?:\.\d+)?(?:%|个百分点)|每年(?:降低|下降|减少|提高|增长|增加|提升)\d+(?:\.\d+)?个?百分点|(?:较上年|逐步|持续|不断|稳步|有所|明显)(?:提高|降低|下降|上升|增加|减少|缩小|改善)|实现|全覆盖|\d+(?:\.\d+)?左右)$")]
    private static partial Regex ValueCell();

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex NoCell();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}]{2}.*(?:率|数|比|比重|水平|寿命|度|量)$")]
    private static partial Regex NameLike();

    [GeneratedRegex(@"^(?:%|‰|1?/10万|1?/万|岁|人|张|个|所|家|万人|万元|亿元|元|次|人次|万人次|亿人次|年|天|小时|分钟|平方米|千克|公斤)$")]
    private static partial Regex UnitCell();

    [GeneratedRegex(@"^[≥≤<>=≧≦]*\d+(?:\.\d+)?(?<unit>%|‰|/10万|[万亿]?[\p{IsCJKUnifiedIdeographs}]{1,2})?")]
    private static partial Regex ValueUnit();

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex NumberIn();

    [GeneratedRegex(@"((?:19|20)\d{2})")]
    private static partial Regex YearIn();

    [GeneratedRegex(@"^(?:(?:19|20)\d{2})(?:年(?:度)?)?(?:\(.*\))?$")]
    private static partial Regex YearHeader();

    [GeneratedRegex(@"年均增长|年均增速|年均增幅|年均递增|增长率|增速")]
    private static partial Regex GrowthWord();

    [GeneratedRegex(@"完成情况|完成值|实际完成|实际值|完成数|实现值|实际")]
    private static partial Regex ActualWord();

    [GeneratedRegex(@"基期|基线|基数|基准|现状|现值|当前值")]
    private static partial Regex BaselineWord();

    [GeneratedRegex(@"目标|规划值|指标值|预期值|期望值")]
    private static partial Regex TargetWord();

    [GeneratedRegex(@"^(?<name>.+?)\((?<unit>[^()]+)\)$")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"(率|数|比|比重|水平|寿命)$")]
    private static partial Regex CompleteName();

    [GeneratedRegex(@"\((?:(?<year>(?:19|20)\d{2})年?[::](?<value>[^()]*)|[^()]*)\)$")]
    private static partial Regex TrailingBracket();

    [GeneratedRegex(@"^(?<name>.+?)(?<op>≥|≧|>=|≤|≦|<=|<|>|不低于|不少于|不高于|不超过|控制在|达到|达|低于|高于|超过)?(?<value>\d+(?:\.\d+)?)(?<unit>%|‰|/10万|万人次|万人|万元|亿元|[\p{IsCJKUnifiedIdeographs}]{1,2})?(?<qual>以上|以下|以内)?$")]
    private static partial Regex ListValue();

    [GeneratedRegex(@"^(?<name>.+?)(?<value>(?:较上年|比上年)(?:有所)?(?:提高|降低|下降|上升|增加|减少|缩小|改善)|(?:不断|持续|逐步|稳步|进一步)(?:提高|降低|下降|上升|增加|减少|缩小|改善|提升))$")]
    private static partial Regex ListDirection();
}
