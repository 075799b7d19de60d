namespace Yardstick.Core.Reporting;

/// <summary>
/// The range a unit's values of one element usually keep, from its history: median ± k × 1.4826 × MAD (the median
/// absolute deviation, scaled to a standard deviation for normal data), and never narrower than a tenth of the median either
/// side (<see cref="LeastRelativeHalfWidth"/>). The median and MAD are not moved by the outliers the range is meant to catch,
/// as a mean and standard deviation would be. The bounds are widened to the history's own decimals (a count's range is whole
/// numbers) and a history that never went below zero keeps the range at zero or above: what is printed is what is checked.
/// </summary>
public readonly record struct HistoricalRange(decimal Low, decimal High)
{
    /// <summary>
    /// The least half-width, as a share of the median. A series that barely moves (9,743 doses due every month for a year,
    /// then 9,744) has a MAD of a dose or less: k × MAD alone would flag next year's 9,782 (+0.4%) as unusual.
    /// </summary>
    public const decimal LeastRelativeHalfWidth = 0.1m;

    private const int MostDecimals = 4;

    public bool Contains(decimal value) => value >= Low && value <= High;

    /// <summary>The range of <paramref name="history"/>, or null when there is nothing to draw it from (no values, or every value 0).</summary>
    public static HistoricalRange? Of(IReadOnlyCollection<decimal> history, decimal k)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return null;
        }
        var median = Median(history);
        var mad = Median([.. history.Select(v => Math.Abs(v - median))]);
        var half = Math.Max(k * 1.4826m * mad, LeastRelativeHalfWidth * Math.Abs(median));
        if (half == 0)
        {
            return null;
        }
        var decimals = Math.Min(MostDecimals, history.Max(v => (int)Indicators.Rounding.WithoutTrailingZeros(v).Scale));
        var low = history.All(v => v >= 0) ? Math.Max(0, median - half) : median - half;
        return new HistoricalRange(Math.Round(low, decimals, MidpointRounding.ToNegativeInfinity),
            Math.Round(median + half, decimals, MidpointRounding.ToPositiveInfinity));
    }

    private static decimal Median(IReadOnlyCollection<decimal> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
