using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Yardstick.Core.Documents;

namespace Yardstick.Data.Documents;

/// <summary>A file a plan can arrive as, besides text.</summary>
public enum FileForm
{
    /// <summary>A Word document, the tables as real tables.</summary>
    Docx,

    /// <summary>A web page, the tables as <c>&lt;table&gt;</c>.</summary>
    Html,

    /// <summary>A PDF printed from the Word document by LibreOffice (read back through PdfPig).</summary>
    Pdf,
}

/// <summary>
/// Writes a document's text as a file of another form — its indicator tables (as the table reader rebuilds them from the
/// text, <see cref="PlanTableReader.Tables"/>) as real tables, every other line as a paragraph — and reads it back
/// through <see cref="DocumentFile"/>: the metamorphic check that a plan gives the same items whether it comes as
/// .txt, .docx, .html or PDF.
/// </summary>
public static class DocumentForms
{
    /// <summary>The text as <paramref name="form"/> would give it to the reader: written as that file, then read back.</summary>
    public static string ThroughFile(string text, FileForm form)
    {
        ArgumentNullException.ThrowIfNull(text);
        return form switch
        {
            FileForm.Docx => DocumentFile.FromBytes(Docx(text), "plan.docx"),
            FileForm.Html => DocumentFile.FromBytes(Html(text), "plan.html"),
            _ => DocumentFile.FromBytes(Pdf(text), "plan.pdf"),
        };
    }

    /// <summary>The lines of the text, each either a paragraph or a whole table (its rows of cells), in order.</summary>
    private static IEnumerable<(string? Paragraph, IReadOnlyList<IReadOnlyList<string>>? Table)> Blocks(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var document = DocumentText.Normalize(string.Join('\n', lines));
        var tables = document.Text.Count(c => c == '\n') == lines.Length - 1 ? PlanTableReader.Tables(document) : [];
        var next = 0;
        foreach (var (first, last, rows) in tables)
        {
            for (; next < first; next++)
            {
                yield return (lines[next], null);
            }
            yield return (null, rows);
            next = last + 1;
        }
        for (; next < lines.Length; next++)
        {
            yield return (lines[next], null);
        }
    }

    public static byte[] Html(string text)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>规划</title></head><body>\n");
        foreach (var (paragraph, table) in Blocks(text))
        {
            if (table is null)
            {
                html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
                continue;
            }
            html.Append("<table border=\"1\">\n");
            foreach (var row in table)
            {
                html.Append("<tr>").AppendJoin("", row.Select(c => "<td>" + WebUtility.HtmlEncode(c) + "</td>")).Append("</tr>\n");
            }
            html.Append("</table>\n");
        }
        return Encoding.UTF8.GetBytes(html.Append("</body></html>\n").ToString());
    }

    public static byte[] Docx(string text)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            foreach (var (paragraph, table) in Blocks(text))
            {
                if (table is null)
                {
                    body.Append(new Paragraph(new Run(new Text(paragraph ?? "") { Space = SpaceProcessingModeValues.Preserve })));
                    continue;
                }
                var grid = new Table(new TableProperties(new TableBorders(
                    new TopBorder { Val = BorderValues.Single }, new BottomBorder { Val = BorderValues.Single },
                    new LeftBorder { Val = BorderValues.Single }, new RightBorder { Val = BorderValues.Single },
                    new InsideHorizontalBorder { Val = BorderValues.Single }, new InsideVerticalBorder { Val = BorderValues.Single })));
                foreach (var row in table)
                {
                    grid.Append(new TableRow(row.Select(c => new TableCell(new Paragraph(new Run(new Text(c)))))));
                }
                body.Append(grid);
            }
            word.AddMainDocumentPart().Document = new Document(body);
        }
        return stream.ToArray();
    }

    /// <summary>The Word document printed to PDF by LibreOffice headless.</summary>
    public static byte[] Pdf(string text) => DocumentFile.Converted(Docx(text), "plan.docx", "pdf");
}
