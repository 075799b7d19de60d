using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <remarks>
/// What a unit owes, as sets of periods of one year: per calendar period type (indexed by its number, Year 1 … Month 4) a
/// mask with one bit per period of that type in the year (bit k: the k-th month, quarter or half). Masks cost no
/// allocation, so a province's units are counted in one pass without building period lists. Weeks are counted by month
/// here: a weekly return owes each month its weeks fall in (by their Thursday) and a month counts as reported when any
/// of its weeks was; a 妇幼 year is not a part of a calendar year and owes nothing in one.
/// </remarks>
public sealed partial class IndicatorEngine
{
    /// <summary>
    /// Fills <paramref name="owed"/> (cleared first) with the periods inside <paramref name="period"/> for which unit
    /// <paramref name="u"/> owes element <paramref name="e"/>:
    /// <list type="bullet">
    /// <item>when data sets collect the element, every period of the finest type of those that assign the unit (none when
    /// none does): the data set decides;</item>
    /// <item>else the periods it reported the year before, moved to this year: as often as it reported, so an element
    /// reported at 202206 and 202212 owes months 06 and 12, not all twelve (a period it reported in finer parts too, a
    /// year also given month by month, is owed as those parts);</item>
    /// <item>else, when it reported nothing the year before (a new reporter), every period of the finest type it reported
    /// this year: its first year cannot say how often it reports, and a year begun in July is not a whole year.</item>
    /// </list>
    /// Only periods inside <paramref name="period"/> count (a yearly reporter owes no quarter). A stock (time aggregation
    /// <see cref="TimeAggregation.Last"/>) owes only the one of them that ends last.
    /// </summary>
    /// <param name="inside">Per type, the periods inside <paramref name="period"/> (<see cref="InsideOf"/>).</param>
    private void OwedBy(Span<int> owed, int e, int u, Period period, ReadOnlySpan<int> inside)
    {
        owed.Clear();
        if (e < _collectedBy.Length && _collectedBy[e].Length > 0)
        {
            PeriodType? type = null;
            foreach (var set in _collectedBy[e])
            {
                var counted = set.PeriodType == PeriodType.Week ? PeriodType.Month : set.PeriodType;
                if (counted.IsCalendar() && set.IsAssigned(_units[u], period) && (type is null || counted > type))
                {
                    type = counted;
                }
            }
            if (type is not { } t)
            {
                return;
            }
            owed[(int)t] = AllOf(t);
        }
        else if (FinestHeld(e, u, period.Year - 1) is not null)
        {
            SlotsHeld(owed, e, u, period.Year - 1, period);
        }
        else if (FinestHeld(e, u, period.Year) is { } t)
        {
            owed[(int)t] = AllOf(t);
        }
        else
        {
            return;
        }
        DropContainers(owed);
        var any = false;
        for (var t = 1; t <= 4; t++)
        {
            owed[t] &= inside[t];
            any |= owed[t] != 0;
        }
        if (any && _elements[e].TimeAggregation == TimeAggregation.Last)
        {
            // A stock's figure for a period is its last value (床位数 at year end), so that is all the period needs: a
            // June figure left out changes nothing the year shows, while a missing December leaves the year showing June's.
            // Reading "as often as reported" strictly (owing 06 and 12) would call a year whose figure is right
            // incomplete. The half year still owes its June figure: each period owes its own last owed value.
            KeepLast(owed);
        }
    }

    /// <summary>
    /// Fills <paramref name="held"/> with the periods of <paramref name="year"/> that overlap <paramref name="within"/> (its own
    /// and shorter ones inside it, longer ones over it) for which unit <paramref name="u"/> holds a value of element
    /// <paramref name="e"/>, per type. Only those are read, so a month's table reads one slot per type.
    /// </summary>
    private void SlotsHeld(Span<int> held, int e, int u, int year, Period within)
    {
        held.Clear();
        if (year < FirstYear || year > LastYear)
        {
            return;
        }
        for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
        {
            if (_raw[e].Of(t, year - FirstYear) is not { } slots)
            {
                continue;
            }
            var months = t.MonthsIn();
            var present = slots.Present.AsSpan(u * slots.PerUnit);
            var mask = 0;
            for (int k = (within.StartMonth - 1) / months, last = (within.EndMonth - 1) / months; k <= last; k++)
            {
                if (present[k])
                {
                    mask |= 1 << k;
                }
            }
            held[(int)t] = mask;
        }
        if (_raw[e].Of(PeriodType.Week, year - FirstYear) is { } weeks && within.Type.IsCalendar())
        {
            // A week is held as the month of its Thursday.
            var present = weeks.Present.AsSpan(u * weeks.PerUnit, weeks.PerUnit);
            var byMonth = WeeksByMonth(year);
            for (var m = within.StartMonth - 1; m <= within.EndMonth - 1; m++)
            {
                if (present[byMonth[m]..byMonth[m + 1]].Contains(true))
                {
                    held[(int)PeriodType.Month] |= 1 << m;
                }
            }
        }
    }

    /// <summary>The finest period type of which unit <paramref name="u"/> holds a value of element <paramref name="e"/> in the year; null when none.</summary>
    private PeriodType? FinestHeld(int e, int u, int year)
    {
        if (year < FirstYear || year > LastYear)
        {
            return null;
        }
        for (var t = PeriodType.Week; t >= PeriodType.Year; t--)
        {
            if (_raw[e].Of(t, year - FirstYear) is { } slots && slots.Present.AsSpan(u * slots.PerUnit, slots.PerUnit).Contains(true))
            {
                // Weeks are owed as their months.
                return t == PeriodType.Week ? PeriodType.Month : t;
            }
        }
        return null;
    }

    /// <summary>Per type (indexed by its number), the periods of that type inside <paramref name="period"/>, as a mask.</summary>
    private static int[] InsideOf(Period period)
    {
        var inside = new int[5];
        if (!period.Type.IsCalendar())
        {
            // Counted by calendar months: no calendar period lies inside a week, nor inside one year of a 妇幼 year.
            return inside;
        }
        var months = MonthsOf(period.Type, SlotInYear(period));
        for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
        {
            for (var s = 0; s < SlotsPerYear(t); s++)
            {
                if ((MonthsOf(t, s) & ~months) == 0)
                {
                    inside[(int)t] |= 1 << s;
                }
            }
        }
        return inside;
    }

    /// <summary>Every period of the type in a year, as a mask.</summary>
    private static int AllOf(PeriodType type) => (1 << SlotsPerYear(type)) - 1;

    /// <summary>The months (bits 0–11) that period <paramref name="slot"/> of <paramref name="type"/> spans.</summary>
    private static int MonthsOf(PeriodType type, int slot)
    {
        var months = type.MonthsIn();
        return ((1 << months) - 1) << (slot * months);
    }

    /// <summary>The months (bits 0–11) a set of periods of one type (a mask) spans.</summary>
    private static int MonthsSpanned(PeriodType type, int slots)
    {
        if (type == PeriodType.Month)
        {
            return slots;
        }
        var months = 0;
        for (; slots != 0; slots &= slots - 1)
        {
            months |= MonthsOf(type, int.TrailingZeroCount(slots));
        }
        return months;
    }

    /// <summary>Drops every owed period that contains a shorter owed one: a period owed in parts is owed as its parts.</summary>
    private static void DropContainers(Span<int> owed)
    {
        var finer = owed[(int)PeriodType.Month];
        for (var t = PeriodType.Quarter; t >= PeriodType.Year; t--)
        {
            var kept = finer;
            for (var mask = owed[(int)t]; mask != 0; mask &= mask - 1)
            {
                var s = int.TrailingZeroCount(mask);
                var months = MonthsOf(t, s);
                if ((months & finer) != 0)
                {
                    owed[(int)t] &= ~(1 << s);
                }
                else
                {
                    kept |= months;
                }
            }
            finer = kept;
        }
    }

    /// <summary>Keeps only the owed period that ends last (the shorter one when two end together, as a stock's value is read).</summary>
    private static void KeepLast(Span<int> owed)
    {
        var (type, slot, end) = (0, 0, -1);
        for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
        {
            if (owed[(int)t] == 0)
            {
                continue;
            }
            var s = 31 - int.LeadingZeroCount(owed[(int)t]);
            var ends = (s + 1) * t.MonthsIn();
            if (ends >= end)
            {
                (type, slot, end) = ((int)t, s, ends);
            }
        }
        owed.Clear();
        if (end >= 0)
        {
            owed[type] = 1 << slot;
        }
    }
}
