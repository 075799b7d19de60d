using System.Text;

namespace Yardstick.Core.Text;

/// <summary>
/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Each record carries the
/// line it starts on, so messages point at the right line even after a multi-line field. The delimiter
/// is a comma unless the header has none and has tabs (a sheet pasted as text).
/// </summary>
public static class CsvText
{
    /// <summary>The records of <paramref name="text"/>, each with the line it starts on (a quote never closed runs to the end: see <see cref="ReadAll"/>).</summary>
    public static IEnumerable<(int Line, string[] Fields)> Read(string text) => Records(text, null);

    /// <summary>
    /// <see cref="Read"/>'s records, and the line of a quote opened and never closed — which makes the rest of the text one
    /// cell, swallowing every row after it — or null; a file with one is refused, never imported in part.
    /// </summary>
    public static (IReadOnlyList<(int Line, string[] Fields)> Records, int? UnclosedQuoteLine) ReadAll(string text)
    {
        int? unclosed = null;
        var records = Records(text, line => unclosed = line).ToList();
        return (records, unclosed);
    }

    private static IEnumerable<(int Line, string[] Fields)> Records(string text, Action<int>? unclosedQuote)
    {
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var header = firstLineEnd < 0 ? text : text[..firstLineEnd];
        var delimiter = !header.Contains(',', StringComparison.Ordinal) && header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';

        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }
                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.Length == 0)
            {
                quoted = true;
                quoteLine = line;
            }
            else if (c == delimiter)
            {
                fields.Add(Restore(field.ToString()));
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                fields.Add(Restore(field.ToString()));
                field.Clear();
                yield return (recordLine, fields.ToArray());
                fields.Clear();
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
            i++;
        }
        if (quoted)
        {
            unclosedQuote?.Invoke(quoteLine);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(Restore(field.ToString()));
            yield return (recordLine, fields.ToArray());
        }
    }

    /// <summary>
    /// Quotes a field when it holds a delimiter, a quote or a line break, and neutralises one a spreadsheet would run as a
    /// formula (CSV injection: a user named <c>=HYPERLINK(…)</c>): text starting with = + - @, a tab or a carriage return
    /// gets a leading apostrophe, which Excel and LibreOffice show as text. Numbers (−5, +3.2) stay numbers; <see cref="Read"/>
    /// takes the apostrophe off again, so an export imports back unchanged.
    /// </summary>
    public static string Escape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length > 0 && FormulaStarts.Contains(field[0]) && !IsNumber(field))
        {
            field = "'" + field;
        }
        return field.AsSpan().IndexOfAny(",\"\r\n\t") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    private const string FormulaStarts = "=+-@\t\r";

    private static bool IsNumber(string field) =>
        decimal.TryParse(field, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>A field as written before <see cref="Escape"/> neutralised it.</summary>
    private static string Restore(string field) =>
        field.Length > 1 && field[0] == '\'' && FormulaStarts.Contains(field[1]) ? field[1..] : field;
}
