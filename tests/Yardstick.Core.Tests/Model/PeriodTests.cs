using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Model;

public class PeriodTests
{
    [Theory]
    [InlineData("2023", PeriodType.Year, 2023, 1)]
    [InlineData("2023S1", PeriodType.SixMonth, 2023, 1)]
    [InlineData("2023S2", PeriodType.SixMonth, 2023, 7)]
    [InlineData("2023Q1", PeriodType.Quarter, 2023, 1)]
    [InlineData("2023-Q3", PeriodType.Quarter, 2023, 7)]
    [InlineData("2023H2", PeriodType.SixMonth, 2023, 7)]
    [InlineData("2023q4", PeriodType.Quarter, 2023, 10)]
    [InlineData("202303", PeriodType.Month, 2023, 3)]
    [InlineData("2023-03", PeriodType.Month, 2023, 3)]
    [InlineData("2023年", PeriodType.Year, 2023, 1)]
    [InlineData("2023年度", PeriodType.Year, 2023, 1)]
    [InlineData("2023年上半年", PeriodType.SixMonth, 2023, 1)]
    [InlineData("2023年下半年", PeriodType.SixMonth, 2023, 7)]
    [InlineData("2023年第一季度", PeriodType.Quarter, 2023, 1)]
    [InlineData("2023年第四季度", PeriodType.Quarter, 2023, 10)]
    [InlineData("2023年三季度", PeriodType.Quarter, 2023, 7)]
    [InlineData("2023年第2季度", PeriodType.Quarter, 2023, 4)]
    [InlineData("2023年3月", PeriodType.Month, 2023, 3)]
    [InlineData("2023年03月", PeriodType.Month, 2023, 3)]
    [InlineData("2023年十二月", PeriodType.Month, 2023, 12)]
    [InlineData("２０２３年３月", PeriodType.Month, 2023, 3)]
    [InlineData(" ２０２３Ｑ２ ", PeriodType.Quarter, 2023, 4)]
    public void Parse_reads_iso_and_chinese_forms(string text, PeriodType type, int year, int startMonth)
    {
        Period.TryParse(text, out var period).ShouldBeTrue();

        period.ShouldBe(Period.Create(type, year, startMonth));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2023Q5")]
    [InlineData("202313")]
    [InlineData("2023S3")]
    [InlineData("2023年第五季度")]
    [InlineData("2023年13月")]
    [InlineData("23")]
    [InlineData("二〇二三年")]
    [InlineData("2023-3-1")]
    [InlineData("2023-")]
    [InlineData("2023H3")]
    public void Parse_rejects_what_is_not_a_period(string text)
    {
        Period.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Format_round_trips_every_type()
    {
        foreach (var p in new[] { Period.OfYear(2025), Period.OfHalf(2025, 2), Period.OfQuarter(2025, 3), Period.OfMonth(2025, 11) })
        {
            Period.Parse(p.ToString()).ShouldBe(p);
            Period.Parse(p.ToChinese()).ShouldBe(p);
        }
    }

    [Fact]
    public void Months_roll_into_quarters_halves_and_years()
    {
        var august = Period.OfMonth(2023, 8);

        august.RollUpTo(PeriodType.Quarter).ShouldBe(Period.OfQuarter(2023, 3));
        august.RollUpTo(PeriodType.SixMonth).ShouldBe(Period.OfHalf(2023, 2));
        august.RollUpTo(PeriodType.Year).ShouldBe(Period.OfYear(2023));
        Period.OfYear(2023).Contains(august).ShouldBeTrue();
        Period.OfQuarter(2023, 2).Contains(august).ShouldBeFalse();
        Period.OfYear(2023).Split(PeriodType.Quarter).ShouldBe([Period.OfQuarter(2023, 1), Period.OfQuarter(2023, 2), Period.OfQuarter(2023, 3), Period.OfQuarter(2023, 4)]);
        Period.OfQuarter(2023, 1).End.ShouldBe(new DateOnly(2023, 3, 31));
    }
}

public class DataElementRangeTests
{
    private static Yardstick.Core.Model.DataElement Element(Yardstick.Core.Model.ValueKind kind) =>
        new(1, "beds_total", "床位数", kind, Yardstick.Core.Model.OrgUnitAggregation.Sum, Yardstick.Core.Model.TimeAggregation.Last);

    [Theory]
    [InlineData(Yardstick.Core.Model.ValueKind.Count, "10000000000000000000", "超出合理范围")]
    [InlineData(Yardstick.Core.Model.ValueKind.Integer, "-1000000000001", "超出合理范围")]
    [InlineData(Yardstick.Core.Model.ValueKind.Number, "9300000000000000", "超出合理范围")]
    [InlineData(Yardstick.Core.Model.ValueKind.Number, "0.000000001", "小数位数超过 6 位")]
    [InlineData(Yardstick.Core.Model.ValueKind.Percentage, "100.5", "0–100")]
    public void Absurd_values_are_refused_with_a_reason(Yardstick.Core.Model.ValueKind kind, string value, string reason) =>
        Element(kind).Reject(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))!.ShouldContain(reason);

    [Theory]
    [InlineData(Yardstick.Core.Model.ValueKind.Count, "1400000000")]
    [InlineData(Yardstick.Core.Model.ValueKind.Number, "9300000000")]
    [InlineData(Yardstick.Core.Model.ValueKind.Number, "0.000001")]
    public void Large_but_real_values_pass(Yardstick.Core.Model.ValueKind kind, string value) =>
        Element(kind).Reject(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeNull();

    [Fact]
    public void A_refusal_names_the_element_by_its_chinese_name_and_an_import_adds_the_code()
    {
        var element = Element(Yardstick.Core.Model.ValueKind.Count);

        element.Reject(-5).ShouldBe("床位数是计数, 不能为负数: -5");
        element.Reject(-5, withCode: true).ShouldBe("床位数 (beds_total) 是计数, 不能为负数: -5");
    }
}
