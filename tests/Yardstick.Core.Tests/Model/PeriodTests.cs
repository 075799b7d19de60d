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

/// <summary>Issue 27: ISO weeks and the 妇幼 year (October–September) in every form periods are written in.</summary>
public class WeekAndOctoberYearTests
{
    [Theory]
    [InlineData("2024W05", 2024, 5)]
    [InlineData("2024W5", 2024, 5)]
    [InlineData("2024-W05", 2024, 5)]
    [InlineData("2024年第5周", 2024, 5)]
    [InlineData("2024年第05周", 2024, 5)]
    [InlineData("２０２４Ｗ０５", 2024, 5)]
    [InlineData("2020W53", 2020, 53)]
    public void Weeks_parse_in_iso_dhis2_and_chinese_forms(string text, int year, int week)
    {
        Period.Parse(text).ShouldBe(Period.OfWeek(year, week));
    }

    [Theory]
    [InlineData("2023Oct")]
    [InlineData("2023OCT")]
    [InlineData("2023年10月—2024年9月")]
    [InlineData("2023年10月至2024年9月")]
    [InlineData("2023年10月-2024年09月")]
    [InlineData("2023年10月1日至2024年9月30日")]
    public void The_october_year_parses_by_its_code_and_its_months(string text)
    {
        Period.Parse(text).ShouldBe(Period.OfFinancialOct(2023));
    }

    [Theory]
    [InlineData("2021W53")] // 2021 has 52 ISO weeks
    [InlineData("2024W54")]
    [InlineData("2024W00")]
    [InlineData("2023年10月至2025年9月")]
    [InlineData("2023年9月至2024年8月")]
    public void Impossible_weeks_and_october_years_are_refused(string text)
    {
        Period.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Written_forms_round_trip()
    {
        foreach (var p in new[] { Period.OfWeek(2024, 5), Period.OfWeek(2020, 53), Period.OfFinancialOct(2023) })
        {
            Period.Parse(p.ToString()).ShouldBe(p);
            Period.Parse(p.ToChinese()).ShouldBe(p);
            Period.FromKey(p.Type, p.Key).ShouldBe(p);
        }
        Period.OfWeek(2024, 5).ToString().ShouldBe("2024W05");
        Period.OfWeek(2024, 5).ToChinese().ShouldBe("2024年第5周");
        Period.OfFinancialOct(2023).ToString().ShouldBe("2023Oct");
        Period.OfFinancialOct(2023).ToChinese().ShouldBe("2023年10月—2024年9月");
    }

    [Fact]
    public void A_week_is_in_the_month_of_its_thursday_and_runs_monday_to_sunday()
    {
        var week = Period.OfWeek(2024, 5);

        week.Start.ShouldBe(new DateOnly(2024, 1, 29));
        week.End.ShouldBe(new DateOnly(2024, 2, 4));
        week.RollUpTo(PeriodType.Month).ShouldBe(Period.OfMonth(2024, 2));
        week.RollUpTo(PeriodType.FinancialOct).ShouldBe(Period.OfFinancialOct(2023));
        Period.OfMonth(2024, 2).Contains(week).ShouldBeTrue();
        Period.OfMonth(2024, 1).Contains(week).ShouldBeFalse();
        week.Contains(Period.OfMonth(2024, 2)).ShouldBeFalse();
        // 2025W01 starts on 30 December 2024: its Thursday, 2 January, puts it in 2025.
        Period.Containing(PeriodType.Week, new DateOnly(2024, 12, 30)).ShouldBe(Period.OfWeek(2025, 1));
        Period.OfWeek(2025, 1).Previous().ShouldBe(Period.OfWeek(2024, 52));
        Period.OfWeek(2020, 53).Next().ShouldBe(Period.OfWeek(2021, 1));
    }

    [Fact]
    public void A_year_counts_its_weeks_by_thursday_and_the_october_year_that_ends_in_it()
    {
        Period.InYear(PeriodType.Week, 2020).Count().ShouldBe(53);
        Period.InYear(PeriodType.Week, 2021).Count().ShouldBe(52);
        Period.InYear(PeriodType.Week, 2021).First().ShouldBe(Period.OfWeek(2021, 1));
        // February 2024 has five Thursdays (1, 8, 15, 22, 29).
        Period.OfMonth(2024, 2).Split(PeriodType.Week).Select(w => w.Week).ShouldBe([5, 6, 7, 8, 9]);
        Period.InYear(PeriodType.FinancialOct, 2024).ShouldBe([Period.OfFinancialOct(2023)]);
        Period.OfFinancialOct(2023).Split(PeriodType.Quarter).Select(q => q.ToString()).ShouldBe(["2023Q4", "2024Q1", "2024Q2", "2024Q3"]);
        Period.OfMonth(2024, 9).RollUpTo(PeriodType.FinancialOct).ShouldBe(Period.OfFinancialOct(2023));
        Period.OfMonth(2024, 10).RollUpTo(PeriodType.FinancialOct).ShouldBe(Period.OfFinancialOct(2024));
        Should.Throw<ArgumentException>(() => Period.OfHalf(2024, 2).RollUpTo(PeriodType.FinancialOct));
        Should.Throw<ArgumentException>(() => Period.OfFinancialOct(2023).RollUpTo(PeriodType.Year));
        Period.OfFinancialOct(2023).Previous().ShouldBe(Period.OfFinancialOct(2022));
    }
}
