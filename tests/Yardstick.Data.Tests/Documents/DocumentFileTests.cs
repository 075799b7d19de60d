using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Yardstick.Core.Documents;
using Yardstick.Data.Documents;

namespace Yardstick.Data.Tests.Documents;

/// <summary>A plan written in Word reads like the same plan in text: paragraphs, a real table with a merged category, prose.</summary>
public class DocumentFileTests
{
    [Fact]
    public void A_docx_plan_yields_its_table_indicators_and_prose_targets()
    {
        var bytes = Docx(
            P("某市“十四五”卫生健康事业发展规划"),
            P("主要发展指标"),
            Table(
                Row(Cell("类别"), Cell("指 标"), Cell("2020年"), Cell("2025年"), Cell("指标性质")),
                Row(Cell("健康水平", merge: MergedCellValues.Restart), Cell("婴儿死亡率(‰)"), Cell("5.34"), Cell("<10"), Cell("预期性")),
                Row(Cell("", merge: MergedCellValues.Continue), Cell("孕产妇死亡率(/10万)"), Cell("18.27"), Cell("<20"), Cell("预期性")),
                Row(Cell("健康服务", merge: MergedCellValues.Restart), Cell("高血压患者规范化管理率(%)"), Cell("52.4"), Cell("≥80"), Cell("约束性"))),
            P("二、发展目标"),
            P("到2025年,全市每千人口床位数达到8张。"));

        var reading = DocumentReader.Read(DocumentFile.FromBytes(bytes, "规划.docx"));

        reading.Indicators.Select(i => $"{i.Category}|{i.Name}|{i.BaselineValue}|{i.Target?.Comparator}{i.Target?.Value}|{i.Nature}").ShouldBe(
        [
            "健康水平|婴儿死亡率|5.34|<10|预期性",
            "健康水平|孕产妇死亡率|18.27|<20|预期性",
            "健康服务|高血压患者规范化管理率|52.4|>=80|约束性",
        ]);
        reading.ProseTargets.Select(t => $"{t.Name}|{t.Comparator}|{t.Value}|{t.Year}").ShouldBe(["每千人口床位数|>=|8|2025"]);
    }

    [Theory]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1 }, "旧.doc", "另存为 .docx")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "规划.pdf", "PDF")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "表.xlsx", "不是文档")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "坏.docx", "不是有效的 .docx")]
    [InlineData(new byte[] { 0x01, 0x00, 0x02 }, "x.bin", "二进制")]
    public void Files_that_are_not_documents_get_a_clear_message(byte[] bytes, string name, string message)
    {
        Should.Throw<DocumentFileException>(() => DocumentFile.FromBytes(bytes, name)).Message.ShouldContain(message);
    }

    private static byte[] Docx(params OpenXmlElement[] content)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            word.AddMainDocumentPart().Document = new Document(new Body(content));
        }
        return stream.ToArray();
    }

    private static Paragraph P(string text) => new(new Run(new Text(text)));

    private static Table Table(params TableRow[] rows) => new(rows);

    private static TableRow Row(params TableCell[] cells) => new(cells);

    private static TableCell Cell(string text, MergedCellValues? merge = null)
    {
        var cell = new TableCell(P(text));
        if (merge is { } m)
        {
            cell.PrependChild(new TableCellProperties(new VerticalMerge { Val = m }));
        }
        return cell;
    }
}
