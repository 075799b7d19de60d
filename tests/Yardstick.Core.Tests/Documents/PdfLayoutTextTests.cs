using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>A PDF's text layer as <c>pdftotext -layout</c> gives it, cleaned to what the author wrote.</summary>
public class PdfLayoutTextTests
{
    [Fact]
    public void Page_numbers_running_headers_and_hard_line_breaks_go_tables_stay()
    {
        var layout = string.Join('\f',
            """
            某县卫生健康工作要点
              一、加强公共卫生体系建设,到2025年家庭医生签约服务率达到
            75%以上,孕产妇系统管理率达到90%以上。
            指标            2020年        2025年
            婴儿死亡率      5.34          <8
                                   - 1 -
            """,
            """
            某县卫生健康工作要点
            1.做好传染病监测预警。完善多点触发机制,提高早期发现
            能力。(县疾控中心牵头)
                                   - 2 -
            """);

        var text = PdfLayoutText.Clean(layout);

        text.ShouldBe("""
            一、加强公共卫生体系建设,到2025年家庭医生签约服务率达到75%以上,孕产妇系统管理率达到90%以上。
            指标            2020年        2025年
            婴儿死亡率      5.34          <8
            1.做好传染病监测预警。完善多点触发机制,提高早期发现能力。(县疾控中心牵头)

            """.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Issue 26: a name too long for its narrow column wraps inside its cell in a PDF table; the rest, printed under the
    /// cell, goes back into its row — and a heading or paragraph after the table does not.
    /// </summary>
    [Fact]
    public void The_rest_of_a_wrapped_cell_goes_back_into_its_row()
    {
        var layout = """
            具体指标       2010 年   2015 年    年均增长(%)   属性
            中医医院床位数     47.1     69.2     8         预期性
            (万张)
            卫生机构中医类     29.4     37.5     5         预期性
            别执业(助理)医师
            (万人)
            二、主要任务
            """;

        var rows = DocumentReader.Read(PdfLayoutText.Clean(layout)).Indicators;

        rows.Select(r => $"{r.Name}|{r.Unit}|{r.BaselineValue}|{r.Target?.Value}").ShouldBe(
            ["中医医院床位数|万张|47.1|69.2", "卫生机构中医类别执业(助理)医师|万人|29.4|37.5"]);
        PdfLayoutText.Clean(layout).ShouldEndWith("\n二、主要任务\n");
    }

    /// <summary>
    /// Issue 26: under a row whose category cell is merged, a line that reaches the last column is the next row; a line
    /// that does not is the rest of the cells above it, however far apart its pieces stand.
    /// </summary>
    [Fact]
    public void A_line_under_a_row_is_the_next_row_only_when_it_reaches_the_last_column()
    {
        var layout = """
            类别        指标              2020年     2025年         属性
            健康水平      重大慢性疾病          18.80     比基期降低         预期性
                      过早死亡率(%)                  10%
                      婴儿死亡率(‰)        5.34      <10           预期性
            """;

        var rows = DocumentReader.Read(PdfLayoutText.Clean(layout)).Indicators;

        rows.Select(r => $"{r.Category}|{r.Name}|{r.BaselineValue}|{r.Target?.Comparator}{r.Target?.Value}").ShouldBe(
            ["健康水平|重大慢性疾病过早死亡率|18.80|reduce_pct10", "健康水平|婴儿死亡率|5.34|<10"]);
    }
}
