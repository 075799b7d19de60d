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

    // One plan, as people send it: typed text, Word, a PDF printed from Word, the same saved as old Word (.doc), and its
    // table in a workbook. Each must give the same items.
    private static readonly OpenXmlElement[] Plan =
    [
        P("某县“十四五”卫生健康发展规划"),
        P("一、主要指标"),
        Table(
            Row(Cell("指标"), Cell("2020年"), Cell("2025年"), Cell("属性")),
            Row(Cell("婴儿死亡率(‰)"), Cell("5.34"), Cell("<8"), Cell("约束性")),
            Row(Cell("居民健康素养水平(%)"), Cell("20.7"), Cell("28"), Cell("预期性"))),
        P("二、主要任务"),
        P("1.做好传染病监测预警。完善多点触发机制,提高早期发现能力。(县疾控中心牵头,县卫生监督所、各乡镇卫生院参与)"),
        P("2.推进慢病综合防治。开展高血压、糖尿病患者规范管理。(县卫健局医政股负责)"),
        P("三、发展目标"),
        P("到2025年,全县孕产妇死亡率、5岁以下儿童死亡率分别控制在15/10万、7‰以下,家庭医生签约服务率达到75%以上。"),
    ];

    private const string PlanText = """
        某县“十四五”卫生健康发展规划
        一、主要指标
        | 指标 | 2020年 | 2025年 | 属性 |
        | 婴儿死亡率(‰) | 5.34 | <8 | 约束性 |
        | 居民健康素养水平(%) | 20.7 | 28 | 预期性 |
        二、主要任务
        1.做好传染病监测预警。完善多点触发机制,提高早期发现能力。(县疾控中心牵头,县卫生监督所、各乡镇卫生院参与)
        2.推进慢病综合防治。开展高血压、糖尿病患者规范管理。(县卫健局医政股负责)
        三、发展目标
        到2025年,全县孕产妇死亡率、5岁以下儿童死亡率分别控制在15/10万、7‰以下,家庭医生签约服务率达到75%以上。
        """;

    // The same plan saved from a government site: GB2312 named in a meta tag, the page laid out by a table that holds the
    // content, the indicator table a real <table> whose first column is merged down (rowspan), unclosed <p> and <td>.
    private const string PlanPage = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
        <html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某县卫生健康局</title>
        <script>var nav = "首页 | 2020年 | 2025年";</script><style>td { font-size: 12px }</style></head>
        <body><table width="980"><tr><td class="nav">首页 &gt; 政务公开</td></tr><tr><td>
        <h1>某县“十四五”卫生健康发展规划</h1>
        <p>一、主要指标
        <table border="1"><tbody>
        <tr><th>指标</th><th>2020年</th><th>2025年</th><th>属性</th></tr>
        <tr><td>婴儿死亡率(‰)<td>5.34<td>&lt;8<td rowspan="2">约束性</td></tr>
        <tr><td>居民健康素养水平(%)<td>20.7<td>28</tr>
        </tbody></table>
        <p>二、主要任务
        <p>1.做好传染病监测预警。完善多点触发机制,提高早期发现能力。(县疾控中心牵头,县卫生监督所、各乡镇卫生院参与)
        <p>2.推进慢病综合防治。开展高血压、糖尿病患者规范管理。(县卫健局医政股负责)
        <p>三、发展目标</p><p>到2025年,全县孕产妇死亡率、5岁以下儿童死亡率分别控制在15/10万、7‰以下,家庭医生签约服务率达到75%以上。</p>
        </td></tr></table></body></html>
        """;

    /// <summary>Issue 26: a .html page, a .docx, a PDF, a .doc and a .txt of the same plan give the same items.</summary>
    [Fact]
    public void The_same_plan_as_txt_docx_html_pdf_and_doc_gives_the_same_items()
    {
        var docx = Docx(Plan);
        var folder = Directory.CreateTempSubdirectory("yardstick-formats-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "plan.docx"), docx);
            Convert(folder, "plan.docx", "pdf");
            Convert(folder, "plan.docx", "doc");
            var readings = new Dictionary<string, string>
            {
                ["txt"] = Items(DocumentFile.FromBytes(System.Text.Encoding.UTF8.GetBytes(PlanText), "规划.txt")),
                ["docx"] = Items(DocumentFile.FromBytes(docx, "规划.docx")),
                ["html"] = Items(DocumentFile.FromBytes(Gb2312(PlanPage), "规划.htm")),
                ["html named .txt"] = Items(DocumentFile.FromBytes(Gb2312(PlanPage), "download.txt")),
                ["pdf"] = Items(DocumentFile.ReadText(Path.Combine(folder, "plan.pdf"))),
                ["doc"] = Items(DocumentFile.ReadText(Path.Combine(folder, "plan.doc"))),
            };

            readings["txt"].ShouldBe("""
                indicator 婴儿死亡率 < 8 2025
                indicator 居民健康素养水平 = 28 2025
                task 1 县疾控中心 / 县卫生监督所、各乡镇卫生院
                task 2 县卫健局医政股 / 
                target 孕产妇死亡率 <= 15 /10万 2025
                target 5岁以下儿童死亡率 <= 7 ‰ 2025
                target 家庭医生签约服务率 >= 75 % 2025
                """.ReplaceLineEndings("\n").Trim());
            foreach (var (format, items) in readings)
            {
                items.ShouldBe(readings["txt"], format);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_indicator_table_in_a_workbook_is_read_like_one_in_a_document()
    {
        var folder = Directory.CreateTempSubdirectory("yardstick-xlsx-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "table.csv"), "指标,2020年,2025年,属性\n婴儿死亡率(‰),5.34,<8,约束性\n居民健康素养水平(%),20.7,28,预期性\n");
            Convert(folder, "table.csv", "xlsx", "--infilter=CSV:44,34,76");

            var reading = DocumentReader.Read(DocumentFile.ReadText(Path.Combine(folder, "table.xlsx")));

            reading.Indicators.Select(i => $"{i.Name}|{i.BaselineValue}|{i.Target?.Comparator}{i.Target?.Value}|{i.Nature}")
                .ShouldBe(["婴儿死亡率|5.34|<8|约束性", "居民健康素养水平|20.7|=28|预期性"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_scanned_pdf_without_a_text_layer_gets_a_clear_message()
    {
        var folder = Directory.CreateTempSubdirectory("yardstick-scan-").FullName;
        try
        {
            // A page without a text layer, as a scanner makes it (the picture left out: what matters is that no text is there).
            File.WriteAllText(Path.Combine(folder, "scan.txt"), "\n");
            Convert(folder, "scan.txt", "pdf");

            Should.Throw<DocumentFileException>(() => DocumentFile.ReadText(Path.Combine(folder, "scan.pdf"))).Message.ShouldContain("没有文字层");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Items(string text)
    {
        var r = DocumentReader.Read(text);
        return string.Join('\n', r.Indicators.Select(i => $"indicator {i.Name} {i.Target?.Comparator} {i.Target?.Value} {i.TargetYear}")
            .Concat(r.Tasks.Select(t => $"task {t.No} {string.Join('、', t.Leads)} / {string.Join('、', t.Responsible)}"))
            .Concat(r.ProseTargets.Select(p => $"target {p.Name} {p.Comparator} {p.Value} {p.Unit} {p.Year}")));
    }

    // LibreOffice headless, as an office would "save as" (a profile of its own so parallel runs do not collide).
    private static void Convert(string folder, string file, string format, params string[] options)
    {
        var start = new System.Diagnostics.ProcessStartInfo("soffice") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[$"-env:UserInstallation=file://{folder}/profile", "--headless", .. options, "--convert-to", format, "--outdir", folder, Path.Combine(folder, file)])
        {
            start.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit(120_000).ShouldBeTrue();
        File.Exists(Path.Combine(folder, Path.ChangeExtension(file, format))).ShouldBeTrue($"soffice made no .{format}: {process.StandardError.ReadToEnd()}");
    }

    [Theory]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1 }, "旧.doc", "无法")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "规划.pdf", "无法读取")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "表.xlsx", "不是有效的 Excel")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "包.zip", "不是文档")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, "坏.docx", "不是有效的 .docx")]
    [InlineData(new byte[] { 0x01, 0x00, 0x02 }, "x.bin", "二进制")]
    public void Files_that_are_not_documents_get_a_clear_message(byte[] bytes, string name, string message)
    {
        Should.Throw<DocumentFileException>(() => DocumentFile.FromBytes(bytes, name)).Message.ShouldContain(message);
    }

    private static byte[] Gb2312(string text)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return System.Text.Encoding.GetEncoding("gb2312").GetBytes(text);
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
