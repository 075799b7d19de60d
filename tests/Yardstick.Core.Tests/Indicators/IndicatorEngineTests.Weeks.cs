using FsCheck.Xunit;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Indicators;

/// <summary>Issue 27: ISO weeks roll into months by their Thursday, and the 妇幼 year (October–September) is a period of its own.</summary>
public partial class IndicatorEngineTests
{
    [Property(MaxTest = 40)]
    public void Weeks_and_october_years_aggregate_as_the_reference_says(int seed)
    {
        foreach (var time in new[] { TimeAggregation.Sum, TimeAggregation.Last, TimeAggregation.Average })
        {
            var world = new RandomWorld(seed, denominatorTime: time, weeksAndOctoberYears: true);
            var engine = Engine(world);
            Period[] periods =
            [
                Period.OfYear(2021), Period.OfYear(2022), Period.OfQuarter(2022, 1), Period.OfMonth(2021, 1), Period.OfMonth(2022, 12),
                Period.OfMonth(2021, 10), Period.OfFinancialOct(2021), Period.OfFinancialOct(2022), Period.OfWeek(2021, 52), Period.OfWeek(2022, 1),
                Period.OfHalf(2022, 2),
            ];
            foreach (var period in periods)
            {
                foreach (var unit in world.Units)
                {
                    engine.ElementValue("num", unit.Id, period)
                        .ShouldBe(NaiveReference.ElementValue(world.Numerator, world.Units, world.Values, unit, period), $"num {unit.Code} {period}");
                    // An average divides in decimal: the last of its 28 digits depends on the order of the sum.
                    Round(engine.ElementValue("den", unit.Id, period))
                        .ShouldBe(Round(NaiveReference.ElementValue(world.Denominator, world.Units, world.Values, unit, period)), $"den {time} {unit.Code} {period}");
                }
            }
        }
    }

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 20) : null;

    [Fact]
    public void A_week_counts_in_the_month_of_its_thursday()
    {
        var unit = new OrgUnit(1, "C", "县", OrgUnitKind.County, null);
        var cases = new DataElement(1, "cases", "法定传染病报告例数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var engine = new IndicatorEngine([unit], [cases], 2024, 2025);
        // 2024W05 is 29 January – 4 February (Thursday 1 February): February's. 2025W01 is 30 December 2024 – 5 January
        // 2025 (Thursday 2 January): January 2025's, and so the year 2025's.
        engine.Load([
            new DataValue(1, 1, Period.Parse("2024W04"), 3),
            new DataValue(1, 1, Period.Parse("2024W05"), 5),
            new DataValue(1, 1, Period.Parse("2025W01"), 7),
        ]);

        engine.ElementValue("cases", 1, Period.OfMonth(2024, 1)).ShouldBe(3);
        engine.ElementValue("cases", 1, Period.OfMonth(2024, 2)).ShouldBe(5);
        engine.ElementValue("cases", 1, Period.OfQuarter(2024, 1)).ShouldBe(8);
        engine.ElementValue("cases", 1, Period.OfMonth(2024, 12)).ShouldBeNull();
        engine.ElementValue("cases", 1, Period.OfYear(2025)).ShouldBe(7);
        engine.ElementValue("cases", 1, Period.Parse("2024W05")).ShouldBe(5);

        engine.SetValue(1, 1, Period.Parse("2024W06"), 10);

        engine.ElementValue("cases", 1, Period.OfMonth(2024, 2)).ShouldBe(15);
        engine.ElementValue("cases", 1, Period.OfFinancialOct(2023)).ShouldBe(18);
    }

    [Fact]
    public void An_october_year_sums_october_to_september_across_the_new_year()
    {
        var unit = new OrgUnit(1, "C", "县", OrgUnitKind.County, null);
        var births = new DataElement(1, "births", "活产数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var engine = new IndicatorEngine([unit], [births], 2023, 2024);
        engine.Load([
            new DataValue(1, 1, Period.OfMonth(2023, 9), 100),
            new DataValue(1, 1, Period.OfMonth(2023, 10), 10),
            new DataValue(1, 1, Period.OfQuarter(2024, 1), 20),
            new DataValue(1, 1, Period.OfMonth(2024, 9), 30),
            new DataValue(1, 1, Period.OfMonth(2024, 10), 1000),
        ]);

        engine.ElementValue("births", 1, Period.Parse("2023Oct")).ShouldBe(60);
        engine.ElementValue("births", 1, Period.OfYear(2024)).ShouldBe(1050);
    }
}
