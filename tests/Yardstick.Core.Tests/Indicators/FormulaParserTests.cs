using Yardstick.Core.Indicators;

namespace Yardstick.Core.Tests.Indicators;

public class FormulaParserTests
{
    private static decimal? Evaluate(string text, Func<string, decimal?> values) => FormulaParser.Parse(text).Evaluate(values);

    [Fact]
    public void Parse_respects_precedence_and_parentheses()
    {
        Evaluate("#{a} + #{b} * 2", c => c == "a" ? 1 : 10).ShouldBe(21);
        Evaluate("(#{a} + #{b}) * 2", c => c == "a" ? 1 : 10).ShouldBe(22);
        Evaluate("-#{a} + 100 / 4", _ => 5).ShouldBe(20);
        Evaluate("＃｛a｝×１０００÷#{b}", c => c == "a" ? 3 : 7420).ShouldBe(3000m / 7420);
    }

    [Fact]
    public void Missing_data_is_not_zero_except_in_sums()
    {
        Evaluate("#{a} + #{b}", c => c == "a" ? 5 : null).ShouldBe(5);
        Evaluate("#{a} + #{b}", _ => null).ShouldBeNull();
        Evaluate("#{a} * #{b}", c => c == "a" ? 5 : null).ShouldBeNull();
        Evaluate("#{a} / #{b}", c => c == "a" ? 5 : 0).ShouldBeNull();
    }

    [Fact]
    public void References_lists_each_code_once()
    {
        FormulaParser.Parse("#{x} + #{y} - #{x}").References().ShouldBe(["x", "y"]);
    }

    [Theory]
    [InlineData("", "公式为空")]
    [InlineData("#{a} +", "缺少")]
    [InlineData("(#{a}", "右括号")]
    [InlineData("#a", "#{代码}")]
    [InlineData("#{a} $ 2", "多余内容")]
    [InlineData("2 * $", "无法识别")]
    [InlineData("#{}", "为空")]
    public void TryParse_explains_bad_formulas_in_chinese(string text, string fragment)
    {
        FormulaParser.TryParse(text, out _, out var error).ShouldBeFalse();

        error.ShouldContain(fragment);
    }
}
