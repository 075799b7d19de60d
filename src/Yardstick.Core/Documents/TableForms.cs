using System.Diagnostics;

namespace Yardstick.Core.Documents;

/// <summary>A way a table's cells can arrive as plain text.</summary>
public enum TableForm
{
    /// <summary>One cell per line ending in <c> |</c>, a bare <c>|</c> between some rows (how the corpus stores them).</summary>
    BarCells,

    /// <summary>One cell per line, each followed by a blank line (a copy from a web page).</summary>
    BlankLineCells,

    /// <summary>One cell per line, nothing between cells or rows.</summary>
    LineCells,

    /// <summary>A row per line, its cells separated by tabs (a spreadsheet pasted as text).</summary>
    TabRows,

    /// <summary>A row per line, its cells separated by runs of spaces (<c>pdftotext -layout</c>).</summary>
    SpaceRows,

    /// <summary>A whole row on one line between bars (a .docx table as text).</summary>
    BarRows,
}

/// <summary>
/// Renders the tables of a text, as found in the <see cref="TableForm.BarCells"/> form, in another form, leaving every
/// other line as it is: the metamorphic check that the reader finds the same rows whatever shape a table arrives in.
/// Lines with several bars (a whole row on one line) are left alone.
/// </summary>
public static class TableForms
{
    public static string Render(string text, TableForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (form == TableForm.BarCells)
        {
            return text;
        }
        if (form is TableForm.TabRows or TableForm.SpaceRows or TableForm.BarRows)
        {
            return Rows(text, form);
        }
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (!IsCellLine(trimmed))
            {
                lines.Add(line);
                continue;
            }
            var content = trimmed.Trim('|').Trim();
            if (content.Length == 0)
            {
                // A bare bar between rows (or "||||") says nothing in a form without bars.
                continue;
            }
            lines.Add(content);
            if (form == TableForm.BlankLineCells)
            {
                lines.Add("");
            }
        }
        return string.Join('\n', lines);
    }

    // The rows as the table reader rebuilt them from the barred cells, one line each; the normalised text keeps the
    // original's lines, so a table's lines are replaced in place.
    private static string Rows(string text, TableForm form)
    {
        var lines = text.Split('\n').ToList();
        var document = DocumentText.Normalize(text);
        if (document.Text.Count(c => c == '\n') != lines.Count - 1)
        {
            throw new InvalidOperationException("normalising changed the text's lines");
        }
        foreach (var (first, last, rows) in PlanTableReader.Tables(document).Reverse().Select(t => (t.FirstLine, t.LastLine, t.Rows.Select(r => r.Select(c => c.Text)))))
        {
            var rendered = rows.Select(r => form switch
            {
                TableForm.TabRows => string.Join('\t', r),
                TableForm.SpaceRows => string.Join("    ", r),
                TableForm.BarRows => "| " + string.Join(" | ", r) + " |",
                TableForm.BarCells or TableForm.BlankLineCells or TableForm.LineCells => throw new UnreachableException($"{form} is rendered cell by cell"),
                _ => throw new UnreachableException(form.ToString()),
            });
            lines.RemoveRange(first, last - first + 1);
            lines.InsertRange(first, rendered);
        }
        return string.Join('\n', lines);
    }

    // A cell line ends in its one bar ("2015年 |"); a line of bars alone ("|", "||||") marks a row.
    private static bool IsCellLine(string line) =>
        line.EndsWith('|') && (line.Count(c => c == '|') == 1 || line.Trim().All(c => c == '|'));
}
