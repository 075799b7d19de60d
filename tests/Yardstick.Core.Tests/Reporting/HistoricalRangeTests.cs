using Yardstick.Core.Reporting;

namespace Yardstick.Core.Tests.Reporting;

public sealed class HistoricalRangeTests
{
    /// <summary>
    /// 科尔沁区's 应种剂次 in the demo: 9,743 a month for half of 2020, then 9,744. The MAD is half a dose, so median ± 3 × 1.4826 ×
    /// MAD was 9741.2761–9745.7239 and 2021's 9,782 (+0.4%) was flagged when the app's own export was imported back.
    /// </summary>
    [Fact]
    public void Issue_25_a_series_that_barely_moves_keeps_a_tenth_of_its_median_either_side()
    {
        decimal[] history = [9743, 9743, 9743, 9743, 9743, 9743, 9744, 9744, 9744, 9744, 9744, 9744];

        var range = HistoricalRange.Of(history, 3)!.Value;

        range.ShouldBe(new HistoricalRange(8769, 10718));
        range.Contains(9782).ShouldBeTrue();
        range.Contains(97820).ShouldBeFalse("a figure typed with a zero too many is still flagged");
    }

    [Fact]
    public void A_series_that_varies_keeps_the_robust_range_and_ignores_the_outlier_it_holds()
    {
        decimal[] births = [50, 52, 49, 51, 50, 53, 480];

        var range = HistoricalRange.Of(births, 3)!.Value;

        range.ShouldBe(new HistoricalRange(45, 57));
        range.Contains(500).ShouldBeFalse();
    }

    [Fact]
    public void Bounds_keep_the_historys_decimals_and_a_count_never_goes_below_zero()
    {
        decimal[] rates = [12.3m, 12.5m, 12.25m, 12.4m, 12.6m, 12.35m];
        decimal[] deaths = [0, 1, 0, 2, 1, 0, 3];

        var rate = HistoricalRange.Of(rates, 3)!.Value;
        var count = HistoricalRange.Of(deaths, 3)!.Value;

        rate.ShouldBe(new HistoricalRange(11.13m, 13.62m));
        count.ShouldBe(new HistoricalRange(0, 6));
    }

    [Fact]
    public void A_history_of_zeros_draws_no_range()
    {
        HistoricalRange.Of([0, 0, 0, 0, 0, 0], 3).ShouldBeNull();
        HistoricalRange.Of([], 3).ShouldBeNull();
    }
}
