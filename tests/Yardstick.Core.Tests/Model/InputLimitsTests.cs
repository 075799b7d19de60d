using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Model;

public class InputLimitsTests
{
    [Theory]
    [InlineData("2026-12-31", 2026, 12, 31)]
    [InlineData("2027/3/31", 2027, 3, 31)]
    [InlineData("２０２７年３月３１日", 2027, 3, 31)]
    [InlineData("1900-01-01", 1900, 1, 1)]
    [InlineData("2999-12-31", 2999, 12, 31)]
    public void A_typed_day_is_read_in_the_forms_people_write_it(string text, int year, int month, int day) =>
        InputLimits.Day(text, "完成时限").ShouldBe((new DateOnly(year, month, day), null));

    [Theory]
    [InlineData("0001-01-01", "完成时限 0001-01-01 超出范围: 年份应在 1900 到 2999 之间")]
    [InlineData("9999-12-31", "完成时限 9999-12-31 超出范围: 年份应在 1900 到 2999 之间")]
    [InlineData("1899-12-31", "完成时限 1899-12-31 超出范围: 年份应在 1900 到 2999 之间")]
    [InlineData("明年年底", "完成时限 \"明年年底\" 不是日期 (应为 年-月-日, 如 2026-12-31)")]
    [InlineData("20261231", "完成时限 \"20261231\" 不是日期 (应为 年-月-日, 如 2026-12-31)")]
    public void Issue_24_a_day_outside_1900_to_2999_or_not_a_day_is_refused_naming_the_field(string text, string refusal) =>
        InputLimits.Day(text, "完成时限").ShouldBe((null, refusal));

    [Fact]
    public void A_blank_day_is_no_day() =>
        InputLimits.Day("  ", "完成时限").ShouldBe((null, null));

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(-7)]
    public void Issue_24_an_appeal_window_out_of_range_is_refused_with_its_range(int days) =>
        InputLimits.AppealDaysRefusal(days).ShouldBe($"申诉期应在 1 到 30 天之间 (收到 {days} 天)");

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public void An_appeal_window_of_1_to_30_days_is_taken(int days) =>
        InputLimits.AppealDaysRefusal(days).ShouldBeNull();
}
