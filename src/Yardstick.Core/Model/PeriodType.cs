using System.Diagnostics;

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
        _ => throw new UnreachableException(),
    };

    /// <summary>The words the CLI and files use: year, sixmonth, quarter, month.</summary>
    public static string Name(this PeriodType type) => type switch
    {
        PeriodType.Year => "year",
        PeriodType.SixMonth => "sixmonth",
        PeriodType.Quarter => "quarter",
        PeriodType.Month => "month",
        _ => throw new UnreachableException(),
    };

    /// <summary>Accepts the file words (month, quarter, sixmonth, year; monthly, half…) and the Chinese ones (月, 月报, 季, 半年, 年报…).</summary>
    public static bool TryParse(string? text, out PeriodType type)
    {
        PeriodType? found = Text.InputText.Normalize(text ?? "").ToLowerInvariant() switch
        {
            "month" or "monthly" or "月" or "月报" or "按月" or "每月" => PeriodType.Month,
            "quarter" or "quarterly" or "季" or "季度" or "季报" or "按季" or "每季" => PeriodType.Quarter,
            "sixmonth" or "sixmonthly" or "half" or "halfyear" or "半年" or "半年报" or "每半年" => PeriodType.SixMonth,
            "year" or "yearly" or "annual" or "年" or "年度" or "年报" or "按年" or "每年" => PeriodType.Year,
            _ => null,
        };
        type = found ?? default;
        return found is not null;
    }

    /// <summary>月, 季, 半年, 年 — the period type on screen.</summary>
    public static string Chinese(this PeriodType type) => type switch
    {
        PeriodType.Month => "月",
        PeriodType.Quarter => "季",
        PeriodType.SixMonth => "半年",
        PeriodType.Year => "年",
        _ => throw new UnreachableException(),
    };
}
