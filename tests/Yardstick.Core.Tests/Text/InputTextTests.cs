using Yardstick.Core.Text;

namespace Yardstick.Core.Tests.Text;

public class InputTextTests
{
    [Theory]
    [InlineData("１２３４", 1234)]
    [InlineData("1,234,567", 1234567)]
    [InlineData("1，234", 1234)]
    [InlineData(" 85.5％ ", 85.5)]
    [InlineData("85%", 85)]
    [InlineData("－3", -3)]
    [InlineData("0.000001", 0.000001)]
    [InlineData("１２．５", 12.5)]
    [InlineData("1 234", 1234)]
    public void TryParseDecimal_normalises_what_people_type(string text, decimal expected)
    {
        InputText.TryParseDecimal(text, out var value).ShouldBeTrue();

        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,2")]
    [InlineData("1e5")]
    [InlineData("12.5.3")]
    [InlineData("—")]
    public void TryParseDecimal_refuses_what_is_not_one_number(string text)
    {
        InputText.TryParseDecimal(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Normalize_keeps_chinese_punctuation_and_never_invents_numbers()
    {
        InputText.Normalize("纳入⒑范围。婴儿死亡率（‰）：５．３４").ShouldBe("纳入⒑范围。婴儿死亡率(‰):5.34");
    }

    [Fact]
    public void DecimalPlaces_ignores_trailing_zeros()
    {
        InputText.DecimalPlaces(5.3400m).ShouldBe(2);
        InputText.DecimalPlaces(12m).ShouldBe(0);
    }

    [Fact]
    public void Issue_24_clean_removes_bidi_controls_and_line_separators()
    {
        var title = "完成\u202E方案\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u200E\u200F编制\u2028审定\u2029";

        InputText.Clean(title).ShouldBe("完成方案编制审定");
        InputText.Clean("普通名称").ShouldBe("普通名称");
    }
}
