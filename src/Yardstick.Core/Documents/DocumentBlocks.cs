namespace Yardstick.Core.Documents;

/// <summary>A block of a document's text: a paragraph or a table, with the lines of <see cref="DocumentText.Text"/> it spans (from 0).</summary>
public abstract record DocumentBlock(int FirstLine, int LastLine);

/// <summary>One line of running text outside the tables (empty lines too, so the blocks cover every line).</summary>
public sealed record ParagraphBlock(int Line, string Text) : DocumentBlock(Line, Line);

/// <summary>A table as the table reader rebuilt it, whatever shape it arrived in: rows of cells, the header first.</summary>
public sealed record TableBlock(int FirstLine, int LastLine, IReadOnlyList<IReadOnlyList<TableCellText>> Rows) : DocumentBlock(FirstLine, LastLine);

/// <summary>
/// A cell: its text and where it stands in <see cref="DocumentText.Text"/> (an empty cell inside a row, "—", has length 0),
/// and the original text behind it, so whatever is read from the cell can quote its source.
/// </summary>
public sealed record TableCellText(string Text, int Start, int Length, string Source);

/// <summary>
/// The intermediate form of a document (issue 26): its text as blocks in order — paragraphs, and tables of rows × cells,
/// each cell with its source span. Files reach it through their text (<c>DocumentFile</c>: a .docx's, a page's or a
/// workbook's table cells as <c>| … |</c> rows, a PDF's as rows laid out by their words' positions), and the tables are
/// found by <see cref="PlanTableReader"/> from what tables are made of, whatever the flattening; the form renderers
/// (<see cref="TableForms"/>, <c>DocumentForms</c>) write a document's tables from it.
/// </summary>
public static class DocumentBlocks
{
    public static IReadOnlyList<DocumentBlock> Read(DocumentText document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var lines = document.Text.Split('\n');
        var blocks = new List<DocumentBlock>();
        var next = 0;
        foreach (var table in PlanTableReader.Tables(document))
        {
            for (; next < table.FirstLine; next++)
            {
                blocks.Add(new ParagraphBlock(next, lines[next]));
            }
            blocks.Add(table);
            next = table.LastLine + 1;
        }
        for (; next < lines.Length; next++)
        {
            blocks.Add(new ParagraphBlock(next, lines[next]));
        }
        return blocks;
    }
}
