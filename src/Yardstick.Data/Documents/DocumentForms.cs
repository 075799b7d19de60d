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

    /// <summary>
    /// The lines of the text, each either a paragraph (the line as written) or a whole table (its rows of cells), in order:
    /// the text's blocks (<see cref="DocumentBlocks"/>).
    /// </summary>
    private static IEnumerable<(string? Paragraph, IReadOnlyList<IReadOnlyList<string>>? Table)> Blocks(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var document = DocumentText.Normalize(string.Join('\n', lines));
        if (document.Text.Count(c => c == '\n') != lines.Length - 1)
        {
            // Normalising joined or split lines: the text's lines are its paragraphs, as written.
            return lines.Select(l => ((string?)l, (IReadOnlyList<IReadOnlyList<string>>?)null));
        }
        return DocumentBlocks.Read(document).Select(b => b switch
        {
            TableBlock t => (null, (IReadOnlyList<IReadOnlyList<string>>?)[.. t.Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(c => c.Text)])]),
            ParagraphBlock p => ((string?)lines[p.Line], (IReadOnlyList<IReadOnlyList<string>>?)null),
            _ => throw new System.Diagnostics.UnreachableException(b.GetType().Name),
        });
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
            word.AddMainDocumentPart().Document = new Document(Body(text));
        }
        return stream.ToArray();
    }

    private static Body Body(string text)
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
            var width = table.Max(r => r.Count);
            List<TableCell>? above = null;
            foreach (var row in table)
            {
                var cells = row.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))).ToList();
                // A row short of cells had its first cells written once in the row above (a category over several
                // rows): in the document they are that cell merged downwards, so its cells stand in their columns.
                for (var k = width - cells.Count - 1; above is not null && k >= 0 && k < above.Count; k--)
                {
                    var start = above[k].TableCellProperties ??= new TableCellProperties();
                    start.VerticalMerge ??= new VerticalMerge { Val = MergedCellValues.Restart };
                    cells.Insert(0, new TableCell(new TableCellProperties(new VerticalMerge { Val = MergedCellValues.Continue }), new Paragraph()));
                }
                grid.Append(new TableRow(cells));
                above = cells;
            }
            body.Append(grid);
        }
        return body;
    }

    /// <summary>The Word document printed to PDF by LibreOffice headless.</summary>
    public static byte[] Pdf(string text) => DocumentFile.Converted(Docx(text), "plan.docx", "pdf");

    /// <summary>
    /// Many texts printed to PDF in one LibreOffice run, then <see cref="ThroughFile"/>'s PDF form for each of them (a text
    /// not among them is printed on its own). One run for a corpus instead of one per document: LibreOffice's start is
    /// most of a conversion. With <paramref name="cache"/>, a directory, each PDF is kept there under its content's hash
    /// and reused, so measuring again after a change to the reader converts nothing.
    /// </summary>
    public static Func<string, string> ThroughPdfs(IEnumerable<string> texts, string? cache = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var pdfs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var wanted = texts.Select(t => (Text: t, Key: Key(t))).DistinctBy(t => t.Key).ToList();
        var missing = new List<(string Text, string Key)>();
        foreach (var (text, key) in wanted)
        {
            var cached = cache is null ? null : Path.Combine(cache, key + ".pdf");
            if (cached is not null && File.Exists(cached))
            {
                pdfs[key] = File.ReadAllBytes(cached);
            }
            else
            {
                missing.Add((text, key));
            }
        }
        if (missing.Count > 0)
        {
            var printed = DocumentFile.Converted([.. missing.Select(m => Docx(m.Text))], ".docx", "pdf");
            foreach (var ((_, key), pdf) in missing.Zip(printed))
            {
                pdfs[key] = pdf;
                if (cache is not null)
                {
                    Directory.CreateDirectory(cache);
                    File.WriteAllBytes(Path.Combine(cache, key + ".pdf"), pdf);
                }
            }
        }
        return text => DocumentFile.FromBytes(pdfs.TryGetValue(Key(text), out var pdf) ? pdf : Pdf(text), "plan.pdf");
    }

    // What the Word document holds (its bytes carry the time they were written).
    private static string Key(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Body(text).OuterXml)));
}
