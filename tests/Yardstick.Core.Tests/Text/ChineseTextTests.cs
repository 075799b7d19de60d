using Yardstick.Core.Text;

namespace Yardstick.Core.Tests.Text;

public class ChineseTextTests
{
    [Theory]
    [InlineData("婴儿死亡率: 现值4.99‰, 按进度当年应达8.14‰, 进度滞后。", "婴儿死亡率：现值4.99‰，按进度当年应达8.14‰，进度滞后。")]
    [InlineData("以下指标有应报未报的单位: 婴儿死亡率 7/8; 床位数 6/8。", "以下指标有应报未报的单位：婴儿死亡率 7/8；床位数 6/8。")]
    [InlineData("(一)报告完整性", "（一）报告完整性")]
    [InlineData("按时1份 (及时率50%), 已审核0份。", "按时1份（及时率50%），已审核0份。")]
    [InlineData("(科尔沁区, 截至2023年)", "（科尔沁区，截至2023年）")]
    public void Chinese_sentences_take_full_width_marks(string written, string printed)
    {
        ChineseText.Punctuate(written).ShouldBe(printed);
    }

    [Theory]
    [InlineData("1,234,567")]
    [InlineData("2026-12-01 10:23")]
    [InlineData("修正z分数 (|z| > 3.5)")]
    [InlineData("150502, 150503")]
    [InlineData("https://example.org/a;b")]
    public void Numbers_times_codes_and_latin_text_are_left_alone(string text)
    {
        ChineseText.Punctuate(text).ShouldBe(text);
    }
}
