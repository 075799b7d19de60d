using System.Text;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>
/// Cleans the text layer of a PDF laid out as on the page (each piece of text starting at the column its left edge stands
/// at, as <c>DocumentFile</c> lays out PdfPig's words or <c>pdftotext -layout</c> prints), so the reader sees what the author wrote:
/// page numbers ("- 3 -", "第 3 页", "3/12") and running headers and footers (a first or last line that repeats on most
/// pages, numbers aside) are removed; the hard line breaks inside a paragraph are joined (a line that does not end a
/// sentence continues on the next, unless that one starts a numbered item); rows whose cells are aligned by runs of
/// spaces are kept line by line, since the table reader reads such rows, and the rest of a cell wrapped in its narrow
/// column goes back into its row.
/// </summary>
public static partial class PdfLayoutText
{
    public static string Clean(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var pages = layout.Replace("\r", "", StringComparison.Ordinal).Split('\f')
            .Select(p => p.Split('\n').ToList())
            .Where(p => p.Any(l => l.Trim().Length > 0))
            .ToList();
        var furniture = RepeatedEdges(pages);
        var lines = new List<string>();
        foreach (var page in pages)
        {
            foreach (var line in page)
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || PageNumber().IsMatch(trimmed) || furniture.Contains(Shape(trimmed)))
                {
                    continue;
                }
                lines.Add(line.TrimEnd());
            }
        }
        return Join(lines);
    }

    // A header or footer: the first or last two lines of a page, the same (numbers aside) on at least half the pages.
    private static HashSet<string> RepeatedEdges(List<List<string>> pages)
    {
        if (pages.Count < 2)
        {
            return [];
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var content = page.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            foreach (var edge in content.Take(2).Concat(content.TakeLast(2)).Select(Shape).Distinct(StringComparer.Ordinal))
            {
                counts[edge] = counts.GetValueOrDefault(edge) + 1;
            }
        }
        return [.. counts.Where(c => c.Value >= Math.Max(2, (pages.Count + 1) / 2)).Select(c => c.Key)];
    }

    private static string Shape(string line) => Digits().Replace(Spaces().Replace(line, ""), "#");

    // A paragraph goes on only where a line ran to the right margin: a shorter line (a title, the end of a paragraph)
    // ended where the author ended it. The margin is where most full lines end.
    private static string Join(List<string> lines)
    {
        var widths = lines.Select(Width).Where(w => w > 0).Order().ToList();
        var margin = widths.Count == 0 ? 0 : widths[(int)(widths.Count * 0.9)];
        var output = new List<string>();
        var open = false;
        var row = -1;
        // The last aligned row's cells: where each starts and its text so far.
        var cells = new List<(int Column, string Text, int Width)>();
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            var aligned = AlignedRow().IsMatch(trimmed);
            var under = row >= 0 && !Numbered().IsMatch(trimmed) && UnderCells(cells, line) is { } at ? at : null;
            // A line under the row's cells that reaches its last cell, or starts under its first and has a figure in a
            // later one, is the next row, its merged cells left out ("7岁以下儿童健康管理  ≧85%" under a row of four);
            // anything else under the cells is the rest of wrapped cells ("(/10万)" under 孕产妇死亡率, "过早死亡率(%)  10%"
            // under 重大慢性疾病 and 比基期降低), however far apart its pieces stand.
            var next = under is not null && (under[^1] == cells.Count - 1
                || (under[0] == 0 && under.Length >= 2 && Piece().Matches(line).Skip(1).Any(p => p.Value.Any(char.IsAsciiDigit))));
            aligned |= next;
            under = next ? null : under;
            if (under is not null)
            {
                // A cell too long for its narrow column wraps inside it ("中医医院床位数" then "(万张)" under it): the rest
                // of each cell, back in its row.
                var pieces = Piece().Matches(line).ToList();
                for (var k = 0; k < pieces.Count; k++)
                {
                    cells[under[k]] = cells[under[k]] with { Text = cells[under[k]].Text + pieces[k].Value };
                }
                output[row] = new string(' ', cells[0].Column) + string.Join("    ", cells.Select(c => c.Text));
                continue;
            }
            row = aligned ? output.Count : -1;
            if (aligned)
            {
                // A piece starts at the column its left edge stands at: the string index is the column.
                cells = [.. Piece().Matches(line).Select(m => (m.Index, m.Value, Width(m.Value)))];
            }
            if (open && !aligned && !Numbered().IsMatch(trimmed))
            {
                // The paragraph goes on: Chinese needs no space where the line broke.
                output[^1] += trimmed;
            }
            else
            {
                output.Add(aligned ? line.TrimEnd() : trimmed);
            }
            open = !aligned && !SentenceEnd().IsMatch(trimmed) && Width(line) >= margin * 0.85;
        }
        return string.Join('\n', output) + "\n";
    }

    /// <summary>
    /// For each piece of the line, the cell of the row above it starts under (in the layout's columns), left to right;
    /// null when a piece stands under no cell.
    /// </summary>
    private static int[]? UnderCells(List<(int Column, string Text, int Width)> cells, string line)
    {
        var pieces = Piece().Matches(line).ToList();
        if (pieces.Count == 0 || pieces.Count > cells.Count)
        {
            return null;
        }
        var at = new int[pieces.Count];
        for (var k = 0; k < pieces.Count; k++)
        {
            at[k] = cells.FindIndex(c => Math.Abs(c.Column - pieces[k].Index) <= 1);
            // The rest of a wrapped cell is no wider than its column, which the cell's first line filled (give or take the
            // narrower Latin brackets); it ends no sentence (a paragraph after the table does).
            if (at[k] < 0 || (k > 0 && at[k] <= at[k - 1]) || Width(pieces[k].Value) > cells[at[k]].Width + 2
                || pieces[k].Value.EndsWith('。'))
            {
                return null;
            }
        }
        return at;
    }

    // A piece of a layout line: text up to a run of two or more spaces.
    [GeneratedRegex(@"\S(?:\S| (?! ))*")]
    private static partial Regex Piece();

    // Display width: a Chinese character takes two columns of a layout line.
    private static int Width(string line) => line.TrimEnd().Sum(c => c > '\u2E80' ? 2 : 1);

    [GeneratedRegex(@"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|Page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Cells aligned by a run of spaces: "指标    2020年    2025年".
    [GeneratedRegex(@"\S\s{2,}\S.*\S\s{2,}\S|\S\s{3,}\S")]
    private static partial Regex AlignedRow();

    [GeneratedRegex(@"[。;;::!！?？)）”]$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d{1,3}[.、．](?!\d)|[①-⑳]|第[一二三四五六七八九十]+[章节条])")]
    private static partial Regex Numbered();
}
