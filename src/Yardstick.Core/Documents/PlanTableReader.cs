using System.Globalization;
using System.Text.RegularExpressions;
using Yardstick.Core.Text;

namespace Yardstick.Core.Documents;

/// <summary>One row (or half of a shared row) of a plan's main-indicator table, with the source span it came from.</summary>
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
    string Source);

/// <summary>
/// Reads the main-indicator tables of plans (主要发展指标 and the like): a header with 指标 and the baseline
/// and target years (2020年 / 2025年), then rows of category, number, name(unit), baseline, target, nature.
/// Tables arrive flattened one cell per line ending in <c>|</c> with a bare <c>|</c> between rows (seed 001), or
/// one row per line with <c>|</c> separators. A cell holding two values (<c>52.4/55.1</c>) is two indicators
/// sharing a row; the name is split on 和/、 and the shared tail restored.
/// </summary>
public static partial class PlanTableReader
{
    public static IReadOnlyList<PlanIndicator> Read(DocumentText document, IndicatorCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(document);
        var cells = Cells(document.Text);
        var found = new List<PlanIndicator>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (!IsHeaderStart(cells, i, out var years, out var headerEnd))
            {
                continue;
            }
            string? category = null;
            var (rows, end) = Rows(cells, headerEnd);
            foreach (var row in rows)
            {
                found.AddRange(ReadRow(document, catalogue, row, years, ref category));
            }
            // The next table starts where this one ended; its rows are not this table's.
            i = end - 1;
        }
        return found;
    }

    private sealed record Cell(string Text, int Start, int Length, bool EndsRow);

    /// <summary>Every table cell of the text in order; a cell that ends a row (bare "|", or the end of a one-line row) is flagged.</summary>
    private static List<Cell> Cells(string text)
    {
        var cells = new List<Cell>();
        var offset = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            var start = offset;
            offset += raw.Length + 1;
            var bars = line.Count(c => c == '|');
            if (bars == 0)
            {
                // The last cell of a flattened table may lose its bar: keep a lone nature word after cells.
                if (cells.Count > 0 && NatureOf(line.Trim()) is not null && !cells[^1].EndsRow)
                {
                    cells.Add(new Cell(line.Trim(), start, line.Length, false));
                    cells.Add(new Cell("", start + line.Length, 0, true));
                }
                else if (cells.Count > 0 && !cells[^1].EndsRow)
                {
                    cells.Add(new Cell("", start, 0, true));
                }
                continue;
            }
            if (bars == 1 && line.EndsWith('|'))
            {
                var content = line[..^1].Trim();
                cells.Add(content.Length == 0 ? new Cell("", start, 0, true) : new Cell(content, start, line.Length - 1, false));
                continue;
            }
            var position = start;
            foreach (var part in line.Split('|'))
            {
                if (part.Trim().Length > 0)
                {
                    cells.Add(new Cell(part.Trim(), position + (part.Length - part.TrimStart().Length), part.Trim().Length, false));
                }
                position += part.Length + 1;
            }
            cells.Add(new Cell("", position, 0, true));
        }
        return cells;
    }

    private static bool IsHeaderStart(List<Cell> cells, int i, out List<int> years, out int headerEnd)
    {
        years = [];
        headerEnd = i;
        var row = new List<Cell>();
        for (var j = i; j < cells.Count && !cells[j].EndsRow; j++)
        {
            row.Add(cells[j]);
            headerEnd = j;
        }
        if (row.Count < 3 || (i > 0 && !cells[i - 1].EndsRow) || !row.Any(c => c.Text.Replace(" ", "", StringComparison.Ordinal) is "指标" or "指标名称" or "主要指标"))
        {
            return false;
        }
        foreach (var c in row)
        {
            var m = YearPattern().Match(c.Text);
            if (m.Success)
            {
                years.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        return years.Count >= 1;
    }

    /// <summary>The rows after a header, up to the next table's header or a run of empty rows; and where they end.</summary>
    private static (List<List<Cell>> Rows, int End) Rows(List<Cell> cells, int headerEnd)
    {
        var rows = new List<List<Cell>>();
        var row = new List<Cell>();
        var emptyRun = 0;
        var j = headerEnd + 1;
        for (; j < cells.Count; j++)
        {
            if (row.Count == 0 && IsHeaderStart(cells, j, out _, out _))
            {
                break;
            }
            if (cells[j].EndsRow)
            {
                if (row.Count > 0)
                {
                    rows.Add(row);
                    row = [];
                    emptyRun = 0;
                }
                else if (++emptyRun > 3)
                {
                    break;
                }
                continue;
            }
            row.Add(cells[j]);
        }
        if (row.Count > 0)
        {
            rows.Add(row);
        }
        return (rows, Math.Max(j, headerEnd + 1));
    }

    private static IEnumerable<PlanIndicator> ReadRow(DocumentText document, IndicatorCatalogue catalogue, List<Cell> row,
        List<int> years, ref string? category)
    {
        if (row.Count < 4)
        {
            return [];
        }
        // From the right: nature, target, baseline, name, [number], [category].
        var nature = NatureOf(row[^1].Text);
        var shift = nature is null ? 0 : 1;
        var target = row[^(1 + shift)].Text;
        var baseline = row[^(2 + shift)].Text;
        var nameCell = row[^(3 + shift)].Text;
        var rest = row.Take(row.Count - 3 - shift).Select(c => c.Text).ToList();
        if (rest.Count > 0 && NumberPattern().IsMatch(rest[^1]))
        {
            rest.RemoveAt(rest.Count - 1);
        }
        if (rest.Count > 0)
        {
            category = rest[^1];
        }
        var first = row[0];
        var last = row[^1];
        var source = document.SourceOf(first.Start, last.Start + last.Length - first.Start);
        var (name, unit) = SplitUnit(nameCell.Replace(" ", "", StringComparison.Ordinal));
        var baselines = SplitPair(baseline);
        var names = baselines.Count == 2 ? SplitNames(name) : [name];
        if (names.Count != baselines.Count)
        {
            names = [name];
            baselines = [baseline];
        }
        var thisCategory = category;
        return names.Select((n, k) =>
        {
            var b = BaselineValue(baselines[k]);
            return new PlanIndicator(thisCategory, n, unit, years.Count > 0 ? years[0] : null, b,
                years.Count > 1 ? years[1] : null, TargetText.ParseCell(target, b), nature, catalogue.Match(n), source);
        }).ToList();
    }

    private static string? NatureOf(string text) => text.Replace(" ", "", StringComparison.Ordinal) switch
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

    /// <summary>"52.4/55.1" is two values; "22/10万" is one value with its unit.</summary>
    private static List<string> SplitPair(string cell)
    {
        var parts = cell.Split('/');
        return parts.Length == 2 && parts.All(p => InputText.TryParseDecimal(p, out _)) ? [.. parts] : [cell];
    }

    private static decimal? BaselineValue(string cell)
    {
        var s = InputText.Normalize(cell).TrimStart('≥', '≤', '>', '<', '=').TrimEnd('%', '‰');
        return InputText.TryParseDecimal(s, out var v) ? v : null;
    }

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

    [GeneratedRegex(@"^(\d{4})年?$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?<name>.+?)\((?<unit>[^()]+)\)$")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"(率|数|比|比重|水平|寿命)$")]
    private static partial Regex CompleteName();
}
