using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Yardstick.Core.Text;

namespace Yardstick.Core.Model;

/// <summary>
/// A reporting period: a year ("2025"), half year ("2025S1"), quarter ("2025Q1") or month ("202503").
/// Equal when type and start month match. The default value is not a valid period.
/// </summary>
public readonly partial record struct Period
{
    private Period(PeriodType type, int year, int startMonth)
    {
        Type = type;
        Year = year;
        StartMonth = startMonth;
    }

    public PeriodType Type { get; }
    public int Year { get; }

    /// <summary>First month of the period, 1–12.</summary>
    public int StartMonth { get; }

    public int EndMonth => StartMonth + Type.MonthsIn() - 1;
    public DateOnly Start => new(Year, StartMonth, 1);
    public DateOnly End => new DateOnly(Year, EndMonth, 1).AddMonths(1).AddDays(-1);

    /// <summary>Months since year 0 of the first month: lets periods of any type be compared on one axis.</summary>
    public int StartIndex => Year * 12 + StartMonth - 1;
    public int EndIndex => StartIndex + Type.MonthsIn() - 1;

    public static Period OfYear(int year) => Create(PeriodType.Year, year, 1);
    public static Period OfHalf(int year, int half) => Create(PeriodType.SixMonth, year, half * 6 - 5);
    public static Period OfQuarter(int year, int quarter) => Create(PeriodType.Quarter, year, quarter * 3 - 2);
    public static Period OfMonth(int year, int month) => Create(PeriodType.Month, year, month);

    /// <summary>Builds a period from its type and first month; the month must start a period of that type.</summary>
    public static Period Create(PeriodType type, int year, int startMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1900);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2999);
        ArgumentOutOfRangeException.ThrowIfLessThan(startMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startMonth, 12);
        if ((startMonth - 1) % type.MonthsIn() != 0)
        {
            throw new ArgumentException($"Month {startMonth} does not start a {type.Name()}.", nameof(startMonth));
        }
        return new Period(type, year, startMonth);
    }

    public bool IsValid => Year != 0;

    /// <summary>True when every month of <paramref name="other"/> lies inside this period.</summary>
    public bool Contains(Period other) => other.StartIndex >= StartIndex && other.EndIndex <= EndIndex;

    /// <summary>The period of <paramref name="type"/> that contains this one; a shorter type is not allowed.</summary>
    public Period RollUpTo(PeriodType type)
    {
        if (type.MonthsIn() < Type.MonthsIn())
        {
            throw new ArgumentException($"A {Type.Name()} does not fit inside a {type.Name()}.", nameof(type));
        }
        var months = type.MonthsIn();
        return new Period(type, Year, (StartMonth - 1) / months * months + 1);
    }

    /// <summary>The periods of a shorter type that make up this one, in order.</summary>
    public IEnumerable<Period> Split(PeriodType type)
    {
        var months = type.MonthsIn();
        if (months > Type.MonthsIn())
        {
            throw new ArgumentException($"A {type.Name()} does not fit inside a {Type.Name()}.", nameof(type));
        }
        for (var m = StartMonth; m <= EndMonth; m += months)
        {
            yield return new Period(type, Year, m);
        }
    }

    public override string ToString() => Type switch
    {
        PeriodType.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        PeriodType.SixMonth => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}S{(StartMonth + 5) / 6}"),
        PeriodType.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Q{(StartMonth + 2) / 3}"),
        PeriodType.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}{StartMonth:D2}"),
        _ => throw new UnreachableException(),
    };

    /// <summary>How the period is written in Chinese documents: 2023年, 2023年上半年, 2023年第一季度, 2023年3月.</summary>
    public string ToChinese() => Type switch
    {
        PeriodType.Year => $"{Year}年",
        PeriodType.SixMonth => StartMonth == 1 ? $"{Year}年上半年" : $"{Year}年下半年",
        PeriodType.Quarter => $"{Year}年第{"一二三四"[(StartMonth - 1) / 3]}季度",
        PeriodType.Month => $"{Year}年{StartMonth}月",
        _ => throw new UnreachableException(),
    };

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"无法识别的期间: {text}");

    /// <summary>
    /// Reads ISO-like forms (2023, 2023S1 or 2023H1, 2023Q1 or 2023-Q1, 202303 or 2023-03) and Chinese ones (2023年, 2023年上半年,
    /// 2023年第一季度, 2023年一季度, 2023年3月), after folding full-width digits and stray spaces.
    /// </summary>
    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        // 2023 and 202303 in plain digits (what bulk files hold) without folding or patterns.
        if (text.Length is 4 or 6 && !text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            var year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
            return text.Length == 4
                ? TryCreate(PeriodType.Year, year, 1, out period)
                : TryCreate(PeriodType.Month, year, int.Parse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture), out period);
        }
        var s = InputText.Normalize(text).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        var m = IsoPattern().Match(s);
        if (m.Success)
        {
            var year = Int(m.Groups["y"].Value);
            if (m.Groups["h"].Success) return TryCreate(PeriodType.SixMonth, year, Int(m.Groups["h"].Value) * 6 - 5, out period);
            if (m.Groups["q"].Success) return TryCreate(PeriodType.Quarter, year, Int(m.Groups["q"].Value) * 3 - 2, out period);
            if (m.Groups["m"].Success) return TryCreate(PeriodType.Month, year, Int(m.Groups["m"].Value), out period);
            return TryCreate(PeriodType.Year, year, 1, out period);
        }

        m = ChinesePattern().Match(s);
        if (!m.Success)
        {
            return false;
        }
        var y = Int(m.Groups["y"].Value);
        if (m.Groups["half"].Success)
        {
            return TryCreate(PeriodType.SixMonth, y, m.Groups["half"].Value == "上" ? 1 : 7, out period);
        }
        if (m.Groups["q"].Success)
        {
            var q = ChineseDigit(m.Groups["q"].Value);
            return q is >= 1 and <= 4 && TryCreate(PeriodType.Quarter, y, q * 3 - 2, out period);
        }
        if (m.Groups["m"].Success)
        {
            var month = ChineseDigit(m.Groups["m"].Value);
            return TryCreate(PeriodType.Month, y, month, out period);
        }
        return TryCreate(PeriodType.Year, y, 1, out period);
    }

    private static bool TryCreate(PeriodType type, int year, int month, out Period period)
    {
        period = default;
        if (year is < 1900 or > 2999 || month is < 1 or > 12 || (month - 1) % type.MonthsIn() != 0)
        {
            return false;
        }
        period = new Period(type, year, month);
        return true;
    }

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int ChineseDigit(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        return text switch
        {
            "一" => 1,
            "二" => 2,
            "三" => 3,
            "四" => 4,
            "五" => 5,
            "六" => 6,
            "七" => 7,
            "八" => 8,
            "九" => 9,
            "十" => 10,
            "十一" => 11,
            "十二" => 12,
            _ => 0,
        };
    }

    // 2023S1 is DHIS2's half year; 2023H1, 2023-Q1 and 2023-03 are spellings people also use.
    [GeneratedRegex(@"^(?<y>\d{4})(?:-?(?:[SH](?<h>[12])|Q(?<q>[1-4])|(?<m>0[1-9]|1[0-2])))?$")]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?<y>\d{4})年(?:度)?(?:(?<half>[上下])半年|第?(?<q>[1-4一二三四])季度?|(?<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?)?$")]
    private static partial Regex ChinesePattern();
}
