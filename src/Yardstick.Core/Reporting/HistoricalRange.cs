namespace Yardstick.Core.Reporting;

/// <summary>
/// The range a unit's values of one element usually keep, from its history: median ± k × 1.4826 × MAD (the median
/// absolute deviation, scaled to a standard deviation for normal data). The median and MAD are not moved by the outliers
/// the range is meant to catch, as a mean and standard deviation would be.
/// </summary>
public readonly record struct HistoricalRange(decimal Low, decimal High)
{
    public bool Contains(decimal value) => value >= Low && value <= High;

    /// <summary>The range of <paramref name="history"/>, or null when it has no spread to speak of (every value alike).</summary>
    public static HistoricalRange? Of(IReadOnlyCollection<decimal> history, decimal k)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return null;
        }
        var median = Median(history);
        var mad = Median([.. history.Select(v => Math.Abs(v - median))]);
        if (mad == 0)
        {
            return null;
        }
        var half = k * 1.4826m * mad;
        return new HistoricalRange(Math.Round(median - half, 4), Math.Round(median + half, 4));
    }

    private static decimal Median(IReadOnlyCollection<decimal> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
