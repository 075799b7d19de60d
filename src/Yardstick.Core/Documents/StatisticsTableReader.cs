using System.Globalization;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>
/// Reads a statistics table — a yearbook's or a bulletin's grid of counts, each row a label (医院总计, 综合医院) followed by
/// the same number of plain figures, the columns named by measure words above it (机构数 床位数 职工人数, units in
/// brackets) — into what was reached: one achievement per labelled row and named column. The grid is found from what it
/// is made of (three or more rows with one steady count of figures, a header of words over them), never from a title.
/// A column the header does not name clearly is left out rather than guessed.
/// </summary>
public static partial class StatisticsTableReader
{
    /// <param name="year">The year the figures are for when the table's caption names none.</param>
    /// <param name="consumed">Receives the spans read, so the prose reader does not read the rows again.</param>
    public static IReadOnlyList<ProseItem> Read(DocumentText document, IndicatorCatalogue catalogue, int? year, List<(int Start, int End)>? consumed = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(catalogue);
        var lines = new List<(int Start, string Text)>();
        var offset = 0;
        foreach (var raw in document.Text.Split('\n'))
        {
            // Blank lines part nothing: a page's paragraphs, and so a table flattened from one, have them between rows.
            if (raw.Trim().Length > 0)
            {
                lines.Add((offset, raw));
            }
            offset += raw.Length + 1;
        }
        var found = new List<ProseItem>();
        for (var i = 0; i < lines.Count; i++)
        {
            var count = Figures(lines[i].Text)?.Values.Count ?? 0;
            var end = i;
            while (end < lines.Count && count >= 3 && Figures(lines[end].Text)?.Values.Count == count)
            {
                end++;
            }
            if (end - i < 3 || Enumerable.Range(i, end - i).Count(k => Figures(lines[k].Text)!.Value.Label.Length > 0) < 2
                || Header(document, lines, i) is not { } header)
            {
                continue;
            }
            for (var k = i; k < end; k++)
            {
                var (label, values) = Figures(lines[k].Text)!.Value;
                // A total row names its subject (医院总计 → 医院); a row without a label says nothing of what it counts.
                var subject = TotalWord().Replace(label, "");
                if (subject.Length == 0)
                {
                    continue;
                }
                var source = document.SourceOf(lines[k].Start, lines[k].Text.TrimEnd().Length);
                for (var c = 0; c < Math.Min(values.Count, header.Names.Count); c++)
                {
                    var name = subject + header.Names[c];
                    var unit = c < header.Units.Count ? header.Units[c] : null;
                    found.Add(new ProseItem(name, "=", values[c], unit, header.Year ?? year, catalogue.Match(name, unit), source));
                }
                consumed?.Add((lines[k].Start, lines[k].Start + lines[k].Text.Length));
            }
            i = end - 1;
        }
        return found;
    }

    /// <summary>A row: its label (may be empty) and its plain figures; null for anything else.</summary>
    private static (string Label, List<decimal> Values)? Figures(string line)
    {
        var m = Row().Match(line.Trim());
        if (!m.Success)
        {
            return null;
        }
        return (m.Groups["label"].Value.Trim().TrimStart('#'), [.. m.Groups["n"].Captures.Select(c => decimal.Parse(c.Value, CultureInfo.InvariantCulture))]);
    }

    private sealed record TableHeader(List<string> Names, List<string> Units, int? Year);

    /// <summary>
    /// The column words over the grid: up to four short lines above it (blank lines aside), as written (the original's spaces part the
    /// words, which normalising joins). The line with the most words names the first columns; bracketed units ((个) (张))
    /// give the columns' units in order; a caption year ("(2006年)") the figures' year.
    /// </summary>
    private static TableHeader? Header(DocumentText document, List<(int Start, string Text)> lines, int first)
    {
        var names = new List<string>();
        var units = new List<string>();
        int? year = null;
        for (var k = first - 1; k >= 0 && k >= first - 4; k--)
        {
            var text = lines[k].Text.Trim();
            if (text.Length > 40 || text.IndexOfAny(['。', ',', ';', ':']) >= 0)
            {
                break;
            }
            if (CaptionYear().Match(text) is { Success: true } y)
            {
                year = int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture);
                break;
            }
            var original = document.SourceOf(lines[k].Start, lines[k].Text.Length);
            var words = original.Split([' ', '\t', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
            var bracketed = words.Select(w => UnitWord().Match(w)).Where(u => u.Success).Select(u => u.Groups[1].Value).ToList();
            if (bracketed.Count > 0 && units.Count == 0)
            {
                units = bracketed;
            }
            var measures = words.Where(w => MeasureWord().IsMatch(w)).ToList();
            if (measures.Count > names.Count)
            {
                names = measures;
            }
        }
        return names.Count >= 2 ? new TableHeader(names, units, year) : null;
    }

    // A label of words, then three or more plain figures parted by spaces: "医院总计 131 15729 18287".
    [GeneratedRegex(@"^(?<label>#?\s*[\p{IsCJKUnifiedIdeographs}][\p{IsCJKUnifiedIdeographs}()、]*)?\s*(?<n>\d+(?:\.\d+)?)(?:\s+(?<n>\d+(?:\.\d+)?))+$")]
    private static partial Regex Row();

    // A measure a column counts: 机构数, 床位数, 职工人数, 人员 — a word of Han characters ending as counts do.
    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}]{1,8}(?:数|量|人员|人次|率)$")]
    private static partial Regex MeasureWord();

    [GeneratedRegex(@"^\(([^()\d]{1,3})\)$")]
    private static partial Regex UnitWord();

    [GeneratedRegex(@"^\(?((?:19|20)\d{2})年?\)?$")]
    private static partial Regex CaptionYear();

    [GeneratedRegex("总计|合计|总数")]
    private static partial Regex TotalWord();
}
