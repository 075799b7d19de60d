using System.Text;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>
/// The text of a PDF as the author wrote it, from its words where they are printed (<see cref="Read"/>, PdfPig's words) or
/// from a layout without positions (<see cref="Clean"/>, <c>pdftotext -layout</c>), each piece of text at the column its
/// left edge stands at: page numbers ("- 3 -", "第 3 页", "3/12"), running headers and footers (a first or last line that
/// repeats on most pages, numbers aside) and lines of bars are removed; the hard line breaks inside a paragraph are joined
/// (a line that ran to the margin and does not end a sentence continues on the next, unless that one starts a numbered
/// item); rows whose cells are aligned by runs of spaces are kept line by line, since the table reader reads such rows,
/// and the rest of a cell wrapped in its narrow column goes back into its row.
/// </summary>
public static partial class PdfLayoutText
{
    /// <summary>
    /// The text of a PDF from its words where they are printed (PdfPig's words, PDF units, y up): a line per baseline, words
    /// closer than a character joined into one piece, each piece at the column its left edge stands at (half a character's
    /// width a column, so a Chinese character takes two, as it is printed), pieces two spaces apart at least; then cleaned
    /// as <see cref="Clean(string)"/> cleans, with what the positions tell that the text alone cannot: a line ran to the
    /// right margin (so its paragraph goes on) when what starts the next line would not have fitted before the page's text
    /// edge, an indented line starts a paragraph where paragraphs are indented, and a header or footer stands at the same
    /// height on every page.
    /// </summary>
    public static string Read(IReadOnlyList<PdfPage> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var laid = new List<List<Line>>();
        foreach (var page in pages)
        {
            var words = page.Words.Where(w => w.Text.Trim().Length > 0).ToList();
            if (words.Count == 0)
            {
                continue;
            }
            var em = words.Select(w => w.Top - w.Bottom).Order().ElementAt(words.Count / 2);
            em = em <= 0 ? 10 : em;
            var left = words.Min(w => w.Left);
            // Word processors print a page's text between margins of about the same width: the text's right edge is where
            // its left edge is, seen from the other side of the page (a page of short lines has no line that shows it).
            var right = page.Width - left;
            var baselines = new List<List<PdfWord>>();
            foreach (var w in words.OrderByDescending(w => w.Bottom).ThenBy(w => w.Left))
            {
                var line = baselines.LastOrDefault();
                if (line is not null && Math.Abs(line[0].Bottom - w.Bottom) < em * 0.5)
                {
                    line.Add(w);
                }
                else
                {
                    baselines.Add([w]);
                }
            }
            var lines = new List<Line>();
            for (var n = 0; n < baselines.Count; n++)
            {
                var line = baselines[n].OrderBy(w => w.Left).ToList();
                var row = new StringBuilder();
                double? end = null;
                foreach (var w in line)
                {
                    var column = (int)Math.Round((w.Left - left) / (em / 2));
                    if (end is { } e && w.Left - e < em * 0.9)
                    {
                        // The same piece: Chinese needs no space; Latin words and numbers keep one.
                        row.Append(w.Left - e > em * 0.2 ? " " : "").Append(w.Text);
                    }
                    else
                    {
                        row.Append(' ', Math.Max(row.Length == 0 ? column : 2, column - row.Length)).Append(w.Text);
                    }
                    end = w.Right;
                }
                // A line ran to the margin when what starts the next line would not have fitted after it: a Chinese
                // character, or a whole number or Latin word with the punctuation that may not start a line
                // ("…较2015年降低" then "10%。"), and a character and a half more (a closing mark may not start a line
                // either, an opening one not end it); at least two and a half characters, at most fifteen.
                var slack = Math.Clamp(n + 1 < baselines.Count ? Unbreakable(baselines[n + 1], em) + em * 1.5 : 0, em * 2.5, em * 15);
                var full = line.Max(w => w.Right) >= right - slack;
                // A first line indented by two characters or so (not a table's cell further right).
                var indent = (line[0].Left - left) / em;
                lines.Add(new Line(row.ToString(), full, (int)Math.Round((page.Height - line[0].Bottom) / em), indent is >= 1.5 and <= 4.5));
            }
            laid.Add(lines);
        }
        return Cleaned(laid);
    }

    /// <summary>
    /// How wide the start of a line is that a line break cannot split: a number or Latin word with the punctuation after it
    /// (<c>10%。</c>, <c>1:2.2,2018</c>), else one character.
    /// </summary>
    private static double Unbreakable(List<PdfWord> line, double em)
    {
        var words = line.OrderBy(w => w.Left).ToList();
        if (words[0].Text.Any(c => c > '\u2E80'))
        {
            return em;
        }
        var right = words[0].Right;
        // Words that touch (a change of font, not a space: a space is where a line may break).
        foreach (var w in words.Skip(1).TakeWhile(w => w.Left - right < em * 0.15 && (w.Text.All(c => c < '\u2E80') || w.Text.All(char.IsPunctuation))))
        {
            right = w.Right;
        }
        return right - words[0].Left;
    }

    /// <summary>
    /// Cleans the text of a PDF laid out as on the page without positions (<c>pdftotext -layout</c>): a line ran to the
    /// margin when it is about as wide as most full lines; a header or footer repeats, wherever it stands.
    /// </summary>
    public static string Clean(string layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var pages = layout.Replace("\r", "", StringComparison.Ordinal).Split('\f').Select(p => p.Split('\n')).ToList();
        // The margin is where most full lines end.
        var widths = pages.SelectMany(p => p).Select(Width).Where(w => w > 0).Order().ToList();
        var margin = widths.Count == 0 ? 0 : widths[(int)(widths.Count * 0.9)];
        return Cleaned([.. pages.Select(p => p.Select(l => new Line(l, Width(l) >= margin * 0.85, null, false)).ToList())]);
    }

    /// <summary>
    /// A laid-out line: its text, whether it ran to the right margin, its height on the page (in lines) and whether it
    /// starts indented as a paragraph's first line does, when positions are known.
    /// </summary>
    private sealed record Line(string Text, bool Full, int? Height, bool Indented);

    private static string Cleaned(List<List<Line>> laid)
    {
        var pages = laid.Where(p => p.Any(l => l.Text.Trim().Length > 0)).ToList();
        var furniture = RepeatedEdges(pages);
        var lines = new List<Line>();
        foreach (var page in pages)
        {
            foreach (var line in page)
            {
                var trimmed = line.Text.Trim();
                if (trimmed.Length == 0 || IsRule(trimmed) || PageNumber().IsMatch(trimmed) || furniture.Contains(Edge(line)))
                {
                    continue;
                }
                lines.Add(line with { Text = line.Text.TrimEnd() });
            }
        }
        return Join(lines);
    }

    // A header or footer: the first or last two lines of a page, the same (numbers aside) on at least half the pages — and
    // at the same height on each, where heights are known (a table's last row at the foot of several pages is not one).
    private static HashSet<string> RepeatedEdges(List<List<Line>> pages)
    {
        if (pages.Count < 2)
        {
            return [];
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var content = page.Where(l => l.Text.Trim().Length > 0).ToList();
            foreach (var edge in content.Take(2).Concat(content.TakeLast(2)).Select(Edge).Distinct(StringComparer.Ordinal))
            {
                counts[edge] = counts.GetValueOrDefault(edge) + 1;
            }
        }
        return [.. counts.Where(c => c.Value >= Math.Max(2, (pages.Count + 1) / 2)).Select(c => c.Key)];
    }

    // Bars and rules drawn in characters ("|", "＿＿", "─┼─") say nothing; a dash alone ("—") is an empty cell and stays.
    private static bool IsRule(string text) => text.All(c => c is '|' or '｜' or '_' or '＿' or '=' or ' ' or (>= '\u2500' and <= '\u257F'));

    private static string Edge(Line line) => Shape(line.Text.Trim()) + "@" + line.Height;

    private static string Shape(string line) => Digits().Replace(Spaces().Replace(line, ""), "#");

    // A paragraph goes on only where a line ran to the right margin: a shorter line (a title, the end of a paragraph)
    // ended where the author ended it.
    private static string Join(List<Line> lines)
    {
        var output = new List<string>();
        var open = false;
        var row = -1;
        // The last aligned row's cells: where each starts and its text so far.
        var cells = new List<(int Column, string Text, int Width)>();
        // The number of the last item that started a line ("2." after "1." is an item even before a digit: "2.7岁以下…").
        var item = 0;
        // Where most paragraphs (the lines after a sentence's end) start indented, an indented line starts a paragraph even
        // after a line that ran to the margin (GB/T 9704 indents every paragraph two characters).
        var starts = lines.Skip(1).Where((l, k) => StopEnd().IsMatch(lines[k].Text)).ToList();
        var indentedParagraphs = starts.Count >= 3 && starts.Count(l => l.Indented) * 2 > starts.Count;
        foreach (var (line, full, height, indented) in lines)
        {
            var trimmed = line.Trim();
            open &= !(indentedParagraphs && indented);
            var numbered = Numbered().IsMatch(trimmed) || trimmed.StartsWith($"{item + 1}.", StringComparison.Ordinal)
                || trimmed.StartsWith($"{item + 1}、", StringComparison.Ordinal);
            if (ItemNumber().Match(trimmed) is { Success: true } number)
            {
                item = int.Parse(number.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            // A line that carries on a paragraph is prose, however its words are spaced (a justified line, a run of
            // Latin letters printed apart).
            var aligned = !open && AlignedRow().IsMatch(trimmed);
            var under = row >= 0 && !numbered && UnderCells(cells, line) is { } at ? at : null;
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
            if (open && !aligned && !numbered)
            {
                // The paragraph goes on: Chinese needs no space where the line broke.
                output[^1] += trimmed;
            }
            else
            {
                output.Add(aligned ? line.TrimEnd() : trimmed);
            }
            // Where positions are known, a full line ending in a closing bracket or quote breaks the sentence inside it
            // ("较2012年(36.15/10万)" then "下降18.78%"); without them, such a line may be the end of a paragraph.
            open = !aligned && full && !(height is null ? SentenceEnd() : StopEnd()).IsMatch(trimmed);
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
                || pieces[k].Value.EndsWith('。') || IsRule(pieces[k].Value))
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

    // A line starting an item numbered 1. or 1、 (a decimal 2.7 is taken for one only when it follows item 1).
    [GeneratedRegex(@"^(\d{1,3})[.、．]")]
    private static partial Regex ItemNumber();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Cells aligned by a run of spaces: "指标    2020年    2025年".
    [GeneratedRegex(@"\S\s{2,}\S.*\S\s{2,}\S|\S\s{3,}\S")]
    private static partial Regex AlignedRow();

    [GeneratedRegex(@"[。;;::!！?？)）”]$")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[。;;::!！?？]$")]
    private static partial Regex StopEnd();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d{1,3}[.、．](?!\d)|[①-⑳]|第[一二三四五六七八九十]+[章节条])")]
    private static partial Regex Numbered();
}

/// <summary>A word of a PDF page where it is printed, in PDF units (y grows up the page).</summary>
public readonly record struct PdfWord(string Text, double Left, double Right, double Bottom, double Top);

/// <summary>A PDF page's size and its words.</summary>
public sealed record PdfPage(double Width, double Height, IReadOnlyList<PdfWord> Words);
