using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Yardstick.Core.Text;

namespace Yardstick.Core.Model;

/// <summary>
/// A reporting period: a year ("2025"), half year ("2025S1"), quarter ("2025Q1"), month ("202503"), ISO week
/// ("2025W05") or 妇幼 statistical year ("2025Oct", October 2025 – September 2026). Equal when type and start match.
/// The default value is not a valid period.
/// </summary>
/// <remarks>
/// Every period lies on one axis of months (<see cref="StartIndex"/>, <see cref="EndIndex"/>) so periods of any type are
/// compared, contained and rolled up alike. A week is placed on that axis at the month of its Thursday, as DHIS2 rolls
/// weeks into months: 2025W05 (27 January – 2 February, Thursday 30 January) counts in January. An ISO week's year is
/// its Thursday's year, so a week lies inside one calendar year.
/// </remarks>
public readonly partial record struct Period
{
    private Period(PeriodType type, int year, int startMonth, int week = 0)
    {
        Type = type;
        Year = year;
        StartMonth = startMonth;
        Week = week;
    }

    public PeriodType Type { get; }

    /// <summary>The calendar year of the first month; a week's ISO year (its Thursday's year).</summary>
    public int Year { get; }

    /// <summary>First month of the period, 1–12; a week's Thursday's month.</summary>
    public int StartMonth { get; }

    /// <summary>The ISO week number, 1–53, of a week; 0 for other types.</summary>
    public int Week { get; }

    /// <summary>Last month of the period, 1–12 (the calendar month: September for a 妇幼 year).</summary>
    public int EndMonth => (StartMonth + Math.Max(Type.MonthsIn(), 1) - 2) % 12 + 1;

    public DateOnly Start => Type == PeriodType.Week ? MondayOf(Year, Week) : new(Year, StartMonth, 1);
    public DateOnly End => Type == PeriodType.Week ? Start.AddDays(6) : Start.AddMonths(Type.MonthsIn()).AddDays(-1);

    /// <summary>Months since year 0 of the first month: lets periods of any type be compared on one axis.</summary>
    public int StartIndex => Year * 12 + StartMonth - 1;
    public int EndIndex => StartIndex + Math.Max(Type.MonthsIn(), 1) - 1;

    /// <summary>
    /// The number the store keys the period by, with its type: yyyymm of the first month, or for a week yyyyww
    /// (<c>data_values.period_start</c>).
    /// </summary>
    public int Key => Year * 100 + (Type == PeriodType.Week ? Week : StartMonth);

    /// <summary>The period a stored (type, <see cref="Key"/>) names.</summary>
    public static Period FromKey(PeriodType type, int key) =>
        type == PeriodType.Week ? OfWeek(key / 100, key % 100) : Create(type, key / 100, key % 100);

    public static Period OfYear(int year) => Create(PeriodType.Year, year, 1);
    public static Period OfHalf(int year, int half) => Create(PeriodType.SixMonth, year, half * 6 - 5);
    public static Period OfQuarter(int year, int quarter) => Create(PeriodType.Quarter, year, quarter * 3 - 2);
    public static Period OfMonth(int year, int month) => Create(PeriodType.Month, year, month);

    /// <summary>The 妇幼 statistical year that starts in October of <paramref name="year"/>.</summary>
    public static Period OfFinancialOct(int year) => Create(PeriodType.FinancialOct, year, 10);

    /// <summary>ISO week <paramref name="week"/> of ISO year <paramref name="year"/>; the year must have that week (52 or 53).</summary>
    public static Period OfWeek(int year, int week) =>
        TryWeek(year, week, out var period) ? period : throw new ArgumentOutOfRangeException(nameof(week), $"{year} has no ISO week {week}.");

    /// <summary>Builds a period from its type and first month; the month must start a period of that type (not for weeks).</summary>
    public static Period Create(PeriodType type, int year, int startMonth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1900);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2999);
        ArgumentOutOfRangeException.ThrowIfLessThan(startMonth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startMonth, 12);
        if (!Starts(type, startMonth))
        {
            throw new ArgumentException($"Month {startMonth} does not start a {type.Name()}.", nameof(startMonth));
        }
        return new Period(type, year, startMonth);
    }

    /// <summary>The period of <paramref name="type"/> that holds <paramref name="day"/>.</summary>
    public static Period Containing(PeriodType type, DateOnly day) => type switch
    {
        PeriodType.Week => OfWeek(ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue))),
        PeriodType.FinancialOct => OfFinancialOct(day.Month >= 10 ? day.Year : day.Year - 1),
        PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month => OfMonth(day.Year, day.Month).RollUpTo(type),
        _ => throw new UnreachableException(),
    };

    /// <summary>The period of the same type just before this one.</summary>
    public Period Previous() => Containing(Type, Start.AddDays(-1));

    /// <summary>The period of the same type just after this one.</summary>
    public Period Next() => Containing(Type, End.AddDays(1));

    /// <summary>The same period a year earlier (the same week number, or the last week when that year has none).</summary>
    public Period YearBefore() => Type == PeriodType.Week
        ? OfWeek(Year - 1, Math.Min(Week, ISOWeek.GetWeeksInYear(Year - 1)))
        : Create(Type, Year - 1, StartMonth);

    /// <summary>
    /// The periods of a type that a year counts: its months, quarters… or the weeks whose Thursday is in it; the 妇幼
    /// year that ends in its September (2023Oct for 2024), as that year's 妇幼 annual report covers.
    /// </summary>
    public static IEnumerable<Period> InYear(PeriodType type, int year) =>
        type == PeriodType.FinancialOct ? [OfFinancialOct(year - 1)] : OfYear(year).Split(type);

    public bool IsValid => Year != 0;

    /// <summary>
    /// True when <paramref name="other"/> lies inside this period: every month of it on the month axis — a week lies in
    /// the month (quarter, year…) of its Thursday —, while a week holds only itself.
    /// </summary>
    public bool Contains(Period other) => Type == PeriodType.Week
        ? other == this
        : other.StartIndex >= StartIndex && other.EndIndex <= EndIndex;

    /// <summary>The period of <paramref name="type"/> that contains this one; one that does not fit inside such a period is refused.</summary>
    public Period RollUpTo(PeriodType type)
    {
        if (type == Type)
        {
            return this;
        }
        if (type != PeriodType.Week)
        {
            var month = OfMonthIndex(StartIndex);
            var container = type == PeriodType.FinancialOct
                ? OfFinancialOct(month.StartMonth >= 10 ? month.Year : month.Year - 1)
                : new Period(type, month.Year, (month.StartMonth - 1) / type.MonthsIn() * type.MonthsIn() + 1);
            if (container.Contains(this))
            {
                return container;
            }
        }
        throw new ArgumentException($"A {Type.Name()} does not fit inside a {type.Name()}.", nameof(type));
    }

    /// <summary>True when a period of this type always lies inside one of <paramref name="type"/> (a week inside any longer type).</summary>
    public static bool Fits(PeriodType inner, PeriodType type) => inner == type || type switch
    {
        PeriodType.Week => false,
        PeriodType.FinancialOct => inner is PeriodType.Week or PeriodType.Month or PeriodType.Quarter,
        PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month =>
            inner == PeriodType.Week || (inner.IsCalendar() && inner.MonthsIn() <= type.MonthsIn()),
        _ => throw new UnreachableException(),
    };

    /// <summary>The periods of a shorter type that make up this one, in order (for weeks: those whose Thursday lies in it).</summary>
    public IEnumerable<Period> Split(PeriodType type)
    {
        if (!Fits(type, Type))
        {
            throw new ArgumentException($"A {type.Name()} does not fit inside a {Type.Name()}.", nameof(type));
        }
        if (type == PeriodType.Week)
        {
            // The first week whose Thursday is on or after the first day, then a week at a time while the Thursday is inside.
            var thursday = Start.AddDays(((int)DayOfWeek.Thursday - (int)Start.DayOfWeek + 7) % 7);
            for (; thursday <= End; thursday = thursday.AddDays(7))
            {
                yield return Containing(PeriodType.Week, thursday);
            }
            yield break;
        }
        var months = type.MonthsIn();
        for (var m = StartIndex; m <= EndIndex; m += months)
        {
            yield return Containing(type, new DateOnly(m / 12, m % 12 + 1, 1));
        }
    }

    private static Period OfMonthIndex(int index) => new(PeriodType.Month, index / 12, index % 12 + 1);

    private static bool Starts(PeriodType type, int month) => type switch
    {
        PeriodType.FinancialOct => month == 10,
        PeriodType.Week => false,
        PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month => (month - 1) % type.MonthsIn() == 0,
        _ => throw new UnreachableException(),
    };

    private static DateOnly MondayOf(int year, int week) => DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));

    private static bool TryWeek(int year, int week, out Period period)
    {
        period = default;
        if (year is < 1900 or > 2999 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }
        var thursday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Thursday));
        period = new Period(PeriodType.Week, year, thursday.Month, week);
        return true;
    }

    public override string ToString() => Type switch
    {
        PeriodType.Year => Year.ToString("D4", CultureInfo.InvariantCulture),
        PeriodType.SixMonth => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}S{(StartMonth + 5) / 6}"),
        PeriodType.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Q{(StartMonth + 2) / 3}"),
        PeriodType.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}{StartMonth:D2}"),
        PeriodType.Week => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}W{Week:D2}"),
        PeriodType.FinancialOct => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Oct"),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// How the period is written in Chinese documents: 2023年, 2023年上半年, 2023年第一季度, 2023年3月, 2024年第5周, and the
    /// 妇幼 year by its months, 2023年10月—2024年9月 (its own name differs between provinces; the months never mislead).
    /// </summary>
    public string ToChinese() => Type switch
    {
        PeriodType.Year => $"{Year}年",
        PeriodType.SixMonth => StartMonth == 1 ? $"{Year}年上半年" : $"{Year}年下半年",
        PeriodType.Quarter => $"{Year}年第{"一二三四"[(StartMonth - 1) / 3]}季度",
        PeriodType.Month => $"{Year}年{StartMonth}月",
        PeriodType.Week => $"{Year}年第{Week}周",
        PeriodType.FinancialOct => $"{Year}年10月—{Year + 1}年9月",
        _ => throw new UnreachableException(),
    };

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"无法识别的期间: {text}");

    /// <summary>
    /// Reads ISO-like forms (2023, 2023S1 or 2023H1, 2023Q1 or 2023-Q1, 202303 or 2023-03, 2024W05 or 2024W5 or 2024-W05,
    /// 2023Oct) and Chinese ones (2023年, 2023年上半年, 2023年第一季度, 2023年一季度, 2023年3月, 2024年第5周, 2023年10月—2024年9月
    /// or 2023年10月至2024年9月 — the 妇幼 year, only from October to the next September), after folding full-width digits
    /// and stray spaces.
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
            if (m.Groups["w"].Success) return TryWeek(year, Int(m.Groups["w"].Value), out period);
            if (m.Groups["oct"].Success) return TryCreate(PeriodType.FinancialOct, year, 10, out period);
            return TryCreate(PeriodType.Year, year, 1, out period);
        }

        m = OctoberYearPattern().Match(s);
        if (m.Success)
        {
            return Int(m.Groups["to"].Value) == Int(m.Groups["y"].Value) + 1 && TryCreate(PeriodType.FinancialOct, Int(m.Groups["y"].Value), 10, out period);
        }
        m = ChineseWeekPattern().Match(s);
        if (m.Success)
        {
            return TryWeek(Int(m.Groups["y"].Value), Int(m.Groups["w"].Value), out period);
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
        if (year is < 1900 or > 2999 || month is < 1 or > 12 || !Starts(type, month))
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

    // 2023S1 is DHIS2's half year, 2024W5 its week and 2023Oct its October year; 2023H1, 2023-Q1, 2023-03, 2024W05 and
    // 2024-W05 are spellings people also use.
    [GeneratedRegex(@"^(?<y>\d{4})(?:-?(?:[SH](?<h>[12])|Q(?<q>[1-4])|(?<m>0[1-9]|1[0-2])|W(?<w>0?[1-9]|[1-4][0-9]|5[0-3])|(?<oct>OCT)))?$")]
    private static partial Regex IsoPattern();

    // 2024年第5周, 2024年第05周, 2024年5周
    [GeneratedRegex(@"^(?<y>\d{4})年第?(?<w>0?[1-9]|[1-4][0-9]|5[0-3])周$")]
    private static partial Regex ChineseWeekPattern();

    // The 妇幼 year by its months: 2023年10月—2024年9月, 2023年10月至2024年9月, 2023年10月-2024年09月, 2023年10月1日至2024年9月30日.
    [GeneratedRegex(@"^(?<y>\d{4})年10月(?:1日)?(?:至|到|—|–|-|~|～|－)+(?<to>\d{4})年0?9月(?:30日)?$")]
    private static partial Regex OctoberYearPattern();

    [GeneratedRegex(@"^(?<y>\d{4})年(?:度)?(?:(?<half>[上下])半年|第?(?<q>[1-4一二三四])季度?|(?<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?)?$")]
    private static partial Regex ChinesePattern();
}
