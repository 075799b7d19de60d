using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Indicators;

/// <summary>
/// Issue 25, point 2: the year every screen opens on is the latest year that can be judged — ended, and complete for the
/// unit asked — never the year of the newest value.
/// </summary>
public class DefaultYearTests
{
    private static readonly OrgUnit City = new(1, "C", "某市", OrgUnitKind.City, null);
    private static readonly OrgUnit CountyA = new(2, "A", "甲区", OrgUnitKind.County, City);
    private static readonly OrgUnit CountyB = new(3, "B", "乙旗", OrgUnitKind.County, City);
    private static readonly DataElement Births = new(1, "births", "活产数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);

    /// <summary>7 December 2026, 10:00 in Beijing.</summary>
    private static readonly TimeProvider December2026 = new FixedClock(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));

    /// <summary>Both counties report every month of 2022 and 2023; nothing after.</summary>
    private static IndicatorEngine Engine()
    {
        var engine = new IndicatorEngine([City, CountyA, CountyB], [Births], 2020, 2030);
        engine.Load([.. new[] { 2022, 2023 }.SelectMany(y => Enumerable.Range(1, 12).SelectMany(m =>
            new[] { new DataValue(1, CountyA.Id, Period.OfMonth(y, m), 100), new DataValue(1, CountyB.Id, Period.OfMonth(y, m), 80) }))]);
        return engine;
    }

    [Fact]
    public void Issue_25_a_value_for_the_current_year_does_not_move_the_default_year()
    {
        var engine = Engine();
        engine.DefaultYear(City.Id, December2026).ShouldBe(2023);

        engine.SetValue(1, CountyA.Id, Period.OfMonth(2026, 11), 95).ShouldBeTrue();

        engine.DefaultYear(City.Id, December2026).ShouldBe(2023);
        engine.DefaultYear(CountyA.Id, December2026).ShouldBe(2023);
    }

    [Fact]
    public void Issue_25_an_ended_year_with_months_missing_is_passed_over_for_the_last_complete_one()
    {
        var engine = Engine();
        engine.SetValue(1, CountyA.Id, Period.OfMonth(2024, 1), 100).ShouldBeTrue();
        engine.SetValue(1, CountyB.Id, Period.OfMonth(2024, 1), 80).ShouldBeTrue();

        // 2024 holds one month of twelve: not judgeable, so the city still opens on 2023 …
        engine.DefaultYear(City.Id, December2026).ShouldBe(2023);

        for (var m = 2; m <= 12; m++)
        {
            engine.SetValue(1, CountyA.Id, Period.OfMonth(2024, m), 100);
            engine.SetValue(1, CountyB.Id, Period.OfMonth(2024, m), 80);
        }

        // … and on 2024 once its twelve months are in.
        engine.DefaultYear(City.Id, December2026).ShouldBe(2024);
    }

    [Fact]
    public void Issue_25_the_rule_reads_the_year_in_beijing_time()
    {
        var engine = Engine();
        for (var m = 1; m <= 12; m++)
        {
            engine.SetValue(1, CountyA.Id, Period.OfMonth(2024, m), 100);
            engine.SetValue(1, CountyB.Id, Period.OfMonth(2024, m), 80);
        }

        // 31 December 2024 17:00 UTC is already 1 January 2025 in Beijing: 2024 has ended there.
        IndicatorEngine.LastEndedYear(new FixedClock(new DateTimeOffset(2024, 12, 31, 17, 0, 0, TimeSpan.Zero))).ShouldBe(2024);
        engine.DefaultYear(City.Id, new FixedClock(new DateTimeOffset(2024, 12, 31, 17, 0, 0, TimeSpan.Zero))).ShouldBe(2024);
        engine.DefaultYear(City.Id, new FixedClock(new DateTimeOffset(2024, 12, 31, 15, 0, 0, TimeSpan.Zero))).ShouldBe(2023);
    }

    [Fact]
    public void Issue_25_without_any_figure_the_default_is_the_last_ended_year()
    {
        var engine = new IndicatorEngine([City, CountyA, CountyB], [Births], 2020, 2030);

        engine.DefaultYear(City.Id, December2026).ShouldBe(2025);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
