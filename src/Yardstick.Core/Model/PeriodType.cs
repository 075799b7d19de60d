using System.Diagnostics;

namespace Yardstick.Core.Model;

/// <summary>
/// The length of a reporting period. The numeric value is what the database stores; Year … Month order the calendar
/// types from the longest to the shortest, and the two added later (<see cref="Week"/>, <see cref="FinancialOct"/>) come
/// after them so stored numbers never change — order by <see cref="PeriodTypes.Length"/>, not by the number.
/// </summary>
public enum PeriodType
{
    Year = 1,
    SixMonth = 2,
    Quarter = 3,
    Month = 4,

    /// <summary>An ISO week (2024W05, Monday–Sunday), as 传染病 and 症状监测 report; it belongs to the month of its Thursday.</summary>
    Week = 5,

    /// <summary>The 妇幼 statistical year, 1 October – 30 September (DHIS2's 2023Oct: October 2023 – September 2024).</summary>
    FinancialOct = 6,
}

/// <summary>Calendar arithmetic for <see cref="PeriodType"/>.</summary>
public static class PeriodTypes
{
    /// <summary>Every type, the longest first (a week last: it is shorter than a month).</summary>
    public static readonly PeriodType[] LongestFirst =
        [PeriodType.Year, PeriodType.FinancialOct, PeriodType.SixMonth, PeriodType.Quarter, PeriodType.Month, PeriodType.Week];

    /// <summary>Months a period of the type spans; a week spans none of its own (it is counted in its Thursday's month).</summary>
    public static int MonthsIn(this PeriodType type) => type switch
    {
        PeriodType.Year => 12,
        PeriodType.FinancialOct => 12,
        PeriodType.SixMonth => 6,
        PeriodType.Quarter => 3,
        PeriodType.Month => 1,
        PeriodType.Week => 0,
        _ => throw new UnreachableException(),
    };

    /// <summary>A rank by length for ordering: longer types rank higher (a week lowest).</summary>
    public static int Length(this PeriodType type) => type switch
    {
        PeriodType.Week => 0,
        _ => type.MonthsIn() * 2 + (type == PeriodType.FinancialOct ? 0 : 1),
    };

    /// <summary>True when the type is laid on calendar months starting in January (year, half, quarter, month).</summary>
    public static bool IsCalendar(this PeriodType type) => type is PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month;

    /// <summary>The words the CLI and files use: year, sixmonth, quarter, month.</summary>
    public static string Name(this PeriodType type) => type switch
    {
        PeriodType.Year => "year",
        PeriodType.SixMonth => "sixmonth",
        PeriodType.Quarter => "quarter",
        PeriodType.Month => "month",
        PeriodType.Week => "week",
        PeriodType.FinancialOct => "financialoct",
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
            "week" or "weekly" or "周" or "周报" or "按周" or "每周" => PeriodType.Week,
            "financialoct" or "october" or "妇幼统计年" or "妇幼年报" or "妇幼年度" => PeriodType.FinancialOct,
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
        PeriodType.Week => "周",
        PeriodType.FinancialOct => "妇幼统计年",
        _ => throw new UnreachableException(),
    };
}
