using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>Issue 26's intermediate form: a text as paragraphs and tables of rows × cells, each cell quoting its source.</summary>
public class DocumentBlocksTests
{
    /// <summary>
    /// A table flattened one cell per line (a copy from a web page) between two paragraphs comes back as one table block of
    /// rows × cells, the paragraphs around it as paragraphs, and a cell written in full-width figures quotes them as written.
    /// </summary>
    [Fact]
    public void A_flattened_table_becomes_rows_of_cells_that_quote_their_source()
    {
        var document = DocumentText.Normalize("""
            某区卫生健康事业发展规划
            指标
            2020年
            2025年
            孕产妇死亡率(/10万)
            １２.５
            ＜１５
            婴儿死亡率(‰)
            4.1
            <5
            二、主要任务
            """.ReplaceLineEndings("\n"));

        var blocks = DocumentBlocks.Read(document);

        blocks.Select(b => b.GetType().Name).ShouldBe(["ParagraphBlock", "TableBlock", "ParagraphBlock"]);
        var table = (TableBlock)blocks[1];
        table.Rows.Select(r => string.Join(" | ", r.Select(c => c.Text))).ShouldBe(
            ["指标 | 2020年 | 2025年", "孕产妇死亡率(/10万) | 12.5 | <15", "婴儿死亡率(‰) | 4.1 | <5"]);
        (table.FirstLine, table.LastLine).ShouldBe((1, 9));
        table.Rows[1][1].Source.ShouldBe("１２.５");
        document.Text.Substring(table.Rows[2][0].Start, table.Rows[2][0].Length).ShouldBe("婴儿死亡率(‰)");
        ((ParagraphBlock)blocks[2]).Text.ShouldBe("二、主要任务");
    }
}
