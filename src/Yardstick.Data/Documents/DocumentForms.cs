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

    /// <summary>
    /// A PDF printed by LibreOffice from a Word document set as government documents are (GB/T 9704: A4, 16-point 仿宋,
    /// justified, first lines indented, a page number in the footer, tables in 12 points).
    /// </summary>
    GovernmentPdf,
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
            FileForm.Pdf => DocumentFile.FromBytes(Pdf(text), "plan.pdf"),
            FileForm.GovernmentPdf => DocumentFile.FromBytes(Pdf(text, government: true), "plan.pdf"),
            _ => throw new System.Diagnostics.UnreachableException(form.ToString()),
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

    /// <summary>
    /// The text as a Word document: plain (LibreOffice's defaults), or, when <paramref name="government"/>, set as
    /// government documents are (GB/T 9704): A4, margins 37/35/28/26 mm, running text in 16-point 仿宋 on a 28-point line,
    /// justified, each paragraph's first line indented two characters, the page number "— N —" in the footer; table cells
    /// in 12 points.
    /// </summary>
    public static byte[] Docx(string text, bool government = false)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = Body(text, government);
            if (government)
            {
                // A fixed relationship id: the same text makes the same document (ThroughPdfs keys its PDFs by it).
                var footer = main.AddNewPart<FooterPart>("footer1");
                footer.Footer = new Footer(new Paragraph(
                    new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                    new Run(new Text("— ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                    new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                    new Run(new Text("1")), new Run(new FieldChar { FieldCharType = FieldCharValues.End }), new Run(new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
                body.Append(new SectionProperties(
                    new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                    new PageSize { Width = 11906, Height = 16838 },
                    new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            }
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    // A run in 仿宋 (Times New Roman for Latin letters and figures) of the given size in half-points; a plain run without.
    private static Run Run(string text, int? halfPoints) => halfPoints is not { } size
        ? new(new Text(text) { Space = SpaceProcessingModeValues.Preserve })
        : new(new RunProperties(new RunFonts { EastAsia = "仿宋", Ascii = "Times New Roman", HighAnsi = "Times New Roman" },
                new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static Body Body(string text, bool government)
    {
        var body = new Body();
        foreach (var (paragraph, table) in Blocks(text))
        {
            if (table is null)
            {
                // Two characters of indent: in characters for Word, in twips (2 × 16 pt) for LibreOffice, which reads only those.
                body.Append(government
                    ? new Paragraph(
                        new ParagraphProperties(new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact },
                            new Indentation { FirstLine = "640", FirstLineChars = 200 }, new Justification { Val = JustificationValues.Both }),
                        Run(paragraph ?? "", 32))
                    : new Paragraph(Run(paragraph ?? "", null)));
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
                var cells = row.Select(c => new TableCell(new Paragraph(Run(c, government ? 24 : null)))).ToList();
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
    public static byte[] Pdf(string text, bool government = false) => DocumentFile.Converted(Docx(text, government), "plan.docx", "pdf");

    /// <summary>
    /// Many texts printed to PDF in one LibreOffice run, then <see cref="ThroughFile"/>'s PDF form (or government PDF) for each of them (a text
    /// not among them is printed on its own). One run for a corpus instead of one per document: LibreOffice's start is
    /// most of a conversion. With <paramref name="cache"/>, a directory, each PDF is kept there under its content's hash
    /// and reused, so measuring again after a change to the reader converts nothing.
    /// </summary>
    public static Func<string, string> ThroughPdfs(IEnumerable<string> texts, string? cache = null, bool government = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var pdfs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var wanted = texts.Select(t => (Text: t, Key: Key(t, government))).DistinctBy(t => t.Key).ToList();
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
            var printed = DocumentFile.Converted([.. missing.Select(m => Docx(m.Text, government))], ".docx", "pdf");
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
        return text => DocumentFile.FromBytes(pdfs.TryGetValue(Key(text, government), out var pdf) ? pdf : Pdf(text, government), "plan.pdf");
    }

    // What the Word document holds, its parts' XML (its bytes carry the time they were written).
    private static string Key(string text, bool government)
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(Docx(text, government)), isEditable: false);
        var parts = word.MainDocumentPart!.Parts.Select(p => p.OpenXmlPart.RootElement?.OuterXml).Prepend(word.MainDocumentPart.Document.OuterXml);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }
}
