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

    // A cell line ends in its one bar ("2015年 |"); a line of bars alone ("|", "||||") marks a row.
    private static bool IsCellLine(string line) =>
        line.EndsWith('|') && (line.Count(c => c == '|') == 1 || line.Trim().All(c => c == '|'));
}
