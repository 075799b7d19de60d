using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>A PDF's text layer, from its words' positions or as <c>pdftotext -layout</c> gives it, cleaned to what the author wrote.</summary>
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

    /// <summary>
    /// Issue 26: where the words' positions are known, a line ran to the margin when what starts the next line would not
    /// have fitted after it — a number with its punctuation is printed whole on the next line, leaving the line five
    /// characters short —, while a heading and lines far short of the margin (a block of figures) stay lines.
    /// </summary>
    [Fact]
    public void A_line_left_short_by_a_number_that_did_not_fit_goes_on_a_block_of_short_lines_does_not()
    {
        // A page 600 wide, text from 60 to 540: 48 characters of 10 a line.
        var page = new PdfPage(600, 800, [
            .. Words(760, "一、总体目标"),
            .. Words(740, "到", "2030", "年全县城乡居民健康素养水平和具备基本健康技能的人群比例力争在现有基础上稳步提高到"),
            .. Words(725, "38.5%", "。"),
            .. Words(700, "各乡镇卫生院机构、床位数(2019年)"),
            .. Words(685, "机构数 床位数"),
            .. Words(670, "合计 46 1208"),
        ]);

        PdfLayoutText.Read([page]).ShouldBe("""
            一、总体目标
            到2030年全县城乡居民健康素养水平和具备基本健康技能的人群比例力争在现有基础上稳步提高到38.5%。
            各乡镇卫生院机构、床位数(2019年)
            机构数 床位数
            合计 46 1208

            """.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Issue 26: a running header stands at the same height on every page and goes; the last row of a table that ends
    /// two pages at different heights is the document's and stays; a line of bars under a row is not the rest of its cell.
    /// </summary>
    [Fact]
    public void A_header_is_at_the_same_height_on_every_page_a_repeated_last_line_elsewhere_is_not()
    {
        PdfPage Page(string work, double last, string row) => new(600, 800, [
            .. Words(770, "某县卫生健康委员会文件"),
            .. Words(700, work),
            .. Words(last, row),
            .. Words(last - 15, "|"),
        ]);

        var text = PdfLayoutText.Read([Page("第一项工作。", 300, "县妇联"), Page("第二项工作。", 120, "县妇联"), Page("第三项工作。", 500, "县残联")]);

        text.ShouldBe("第一项工作。\n县妇联\n第二项工作。\n县妇联\n第三项工作。\n县残联\n");
    }

    /// <summary>
    /// Issue 26: "2." after an item numbered 1. starts the next item even when a figure follows it ("2.7岁以下…", which
    /// alone reads as the decimal 2.7), so the two items are not run together.
    /// </summary>
    [Fact]
    public void The_next_item_number_starts_an_item_even_before_a_figure()
    {
        var layout = """
            1.以村为单位适龄儿童免疫规划疫苗接种率≥95%
            2.6岁以下儿童眼保健和视力检查覆盖率≥92%
            """;

        PdfLayoutText.Clean(layout).ShouldBe("1.以村为单位适龄儿童免疫规划疫苗接种率≥95%\n2.6岁以下儿童眼保健和视力检查覆盖率≥92%\n");
    }

    /// <summary>
    /// Issue 26: in a document whose paragraphs start indented two characters (GB/T 9704), an indented line starts a
    /// paragraph even after a line that ran to the margin and ended in a bracket, which elsewhere breaks a sentence.
    /// </summary>
    [Fact]
    public void Where_paragraphs_are_indented_an_indented_line_starts_one()
    {
        var page = new PdfPage(600, 800, [
            .. Indented(775, "一是加强组织领导成立由主要负责同志任组长的工作专班定期研究解决推进中的重大问题确保各项工"),
            .. Words(760, "作落到实处。"),
            .. Indented(740, "二是强化督导检查。"),
            .. Indented(720, "三是做好总结评估。"),
            .. Indented(700, "4.", "全市职业健康检查机构个案数据报送率和职业病诊断机构报告及时率均持续稳定达到", "90%", "以上(新增)"),
            .. Indented(685, "来源:市卫生健康委员会"),
        ]);

        PdfLayoutText.Read([page]).Split('\n').ShouldBe([
            "一是加强组织领导成立由主要负责同志任组长的工作专班定期研究解决推进中的重大问题确保各项工作落到实处。", "二是强化督导检查。", "三是做好总结评估。",
            "4.全市职业健康检查机构个案数据报送率和职业病诊断机构报告及时率均持续稳定达到90%以上(新增)", "来源:市卫生健康委员会", ""]);
    }

    // A line whose first word stands two characters in from the margin.
    private static List<PdfWord> Indented(double y, params string[] texts) => Words(y, 80, texts);

    private static List<PdfWord> Words(double y, params string[] texts) => Words(y, 60, texts);

    // The words of one line at height y, set one after another from x as a 10-point font prints them: a Chinese
    // character 10 wide, anything else 5, a tenth of a character between a word and the next.
    private static List<PdfWord> Words(double y, double x, params string[] texts)
    {
        var words = new List<PdfWord>();
        foreach (var text in texts)
        {
            var width = text.Sum(c => c > '\u2E80' ? 10.0 : 5.0);
            words.Add(new PdfWord(text, x, x + width, y, y + 10));
            x += width + 1;
        }
        return words;
    }
}
