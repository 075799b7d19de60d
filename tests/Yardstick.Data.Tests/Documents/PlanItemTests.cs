using Yardstick.Data.Documents;

namespace Yardstick.Data.Tests.Documents;

/// <summary>How a plan's item reads on the plan page: in the document's own words, each unit once.</summary>
public class PlanItemTests
{
    [Theory]
    [InlineData("increase_pp", "3", "个百分点", "卫生厕所普及率 提高3个百分点")]
    [InlineData("reduce_pct", "10", "%", "卫生厕所普及率 比基期降低10%")]
    [InlineData("reduce_pp_per_year", "0.5", "个百分点", "卫生厕所普及率 每年降低0.5个百分点")]
    [InlineData(">=", "95", "%", "卫生厕所普及率 ≥95%")]
    [InlineData("approx", "80", "%", "卫生厕所普及率 80%左右")]
    [InlineData("qualitative", "稳步提升", null, "卫生厕所普及率 稳步提升")]
    public void A_change_in_points_or_percent_is_written_with_its_unit_once(string comparator, string value, string? unit, string written)
    {
        new PlanItem(1, "prose_target", "卫生厕所普及率", comparator, value, unit, 2016, null, "").Written.ShouldBe(written);
    }
}
