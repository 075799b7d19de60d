namespace Yardstick.Core.Model;

/// <summary>
/// The length of a reporting period. The numeric value orders types from the longest to the
/// shortest and is what the database stores.
/// </summary>
public enum PeriodType
{
    Year = 1,
    SixMonth = 2,
    Quarter = 3,
    Month = 4,
}

/// <summary>Calendar arithmetic for <see cref="PeriodType"/>.</summary>
public static class PeriodTypes
{
    public static int MonthsIn(this PeriodType type) => type switch
    {
        PeriodType.Year => 12,
        PeriodType.SixMonth => 6,
        PeriodType.Quarter => 3,
        PeriodType.Month => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The words the CLI and files use: year, sixmonth, quarter, month.</summary>
    public static string Name(this PeriodType type) => type switch
    {
        PeriodType.Year => "year",
        PeriodType.SixMonth => "sixmonth",
        PeriodType.Quarter => "quarter",
        PeriodType.Month => "month",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
