using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Yardstick.Data.Reports;

/// <summary>How a report cell looks: plain, a header, or a traffic-light fill for a score or status.</summary>
public enum CellLook : uint
{
    Plain = 0,
    Header = 1,
    Good = 2,
    Fair = 3,
    Poor = 4,
    Missing = 5,
    Title = 6,
}

/// <summary>One cell of a report sheet: text, or a number kept as a number so that Excel can sum and sort it.</summary>
public sealed record ReportCell(string? Text, decimal? Number = null, CellLook Look = CellLook.Plain)
{
    public static implicit operator ReportCell(string text) => new(text);
}

/// <summary>A named sheet of rows, with column widths in characters.</summary>
public sealed record ReportSheet(string Name, IReadOnlyList<IReadOnlyList<ReportCell>> Rows, IReadOnlyList<double>? Widths = null);

/// <summary>
/// Writes report workbooks (scorecards, report tables) with a small fixed stylesheet: bold headers and
/// green / amber / red / grey fills, so that a reader sees at a glance what lags. Numbers stay numbers.
/// </summary>
public static class XlsxWriter
{
    public static void Write(string path, IReadOnlyList<ReportSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheetList = new Sheets();
        uint id = 1;
        foreach (var sheet in sheets)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint r = 1;
            foreach (var row in sheet.Rows)
            {
                data.Append(new Row(row.Select((c, k) => Cell(c, k, r))) { RowIndex = r });
                r++;
            }
            var worksheet = new Worksheet();
            if (sheet.Widths is { Count: > 0 } widths)
            {
                worksheet.Append(new Columns(widths.Select((w, k) => new Column { Min = (uint)k + 1, Max = (uint)k + 1, Width = w, CustomWidth = true })));
            }
            worksheet.Append(data);
            part.Worksheet = worksheet;
            sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id++, Name = sheet.Name });
        }
        workbookPart.Workbook.Append(sheetList);
        workbookPart.Workbook.Save();
    }

    private static Cell Cell(ReportCell c, int column, uint row)
    {
        var cell = new Cell { CellReference = ColumnName(column) + row, StyleIndex = (uint)c.Look };
        if (c.Number is { } n)
        {
            cell.DataType = CellValues.Number;
            cell.CellValue = new CellValue(n);
        }
        else
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(c.Text ?? ""));
        }
        return cell;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var k = index + 1; k > 0; k = (k - 1) / 26)
        {
            name = (char)('A' + ((k - 1) % 26)) + name;
        }
        return name;
    }

    private static Stylesheet Stylesheet()
    {
        static Fill Solid(string rgb) => new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });
        var fonts = new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "等线" }));
        // The first two fills are reserved by the format (none, gray125).
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            Solid("FFD9E1F2"), Solid("FFC6EFCE"), Solid("FFFFEB9C"), Solid("FFFFC7CE"), Solid("FFE7E6E6"));
        var thin = new Border(
            new LeftBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Rgb = "FFBFBFBF" }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        var borders = new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin);
        static CellFormat Format(uint font, uint fill, uint border) => new()
        {
            FontId = font,
            FillId = fill,
            BorderId = border,
            NumberFormatId = 0,
            ApplyFont = true,
            ApplyFill = fill > 0,
            ApplyBorder = border > 0,
        };
        // In the order of CellLook.
        var formats = new CellFormats(
            Format(0, 0, 1), Format(1, 2, 1), Format(0, 3, 1), Format(0, 4, 1), Format(0, 5, 1), Format(0, 6, 1), Format(2, 0, 0));
        return new Stylesheet(fonts, fills, borders, formats);
    }
}
