using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <remarks>
/// What a unit owes, as sets of periods of one year: per period type (indexed by its number, Year 1 … Month 4) a mask with
/// one bit per period of that type in the year (bit k: the k-th month, quarter or half). Masks cost no allocation, so a
/// province's units are counted in one pass without building period lists.
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
    private void OwedBy(Span<int> owed, int e, int u, Period period)
    {
        owed.Clear();
        if (e < _collectedBy.Length && _collectedBy[e].Length > 0)
        {
            PeriodType? type = null;
            foreach (var set in _collectedBy[e])
            {
                if (set.IsAssigned(_units[u], period) && (type is null || set.PeriodType > type))
                {
                    type = set.PeriodType;
                }
            }
            if (type is not { } t)
            {
                return;
            }
            owed[(int)t] = AllOf(t);
        }
        else if (!ReportedIn(owed, e, u, period.Year - 1))
        {
            var finest = FinestReported(e, u, period.Year);
            if (finest is not { } t)
            {
                return;
            }
            owed[(int)t] = AllOf(t);
        }
        DropContainers(owed);
        Restrict(owed, period);
        if (_elements[e].TimeAggregation == TimeAggregation.Last)
        {
            // A stock's figure for a period is its last value (床位数 at year end), so that is all the period needs: a
            // June figure left out changes nothing the year shows, while a missing December leaves the year showing June's.
            // Reading "as often as reported" strictly (owing 06 and 12) would call a year whose figure is right
            // incomplete. The half year still owes its June figure: each period owes its own last owed value.
            KeepLast(owed);
        }
    }

    /// <summary>Fills <paramref name="owed"/> with the periods of <paramref name="year"/> unit <paramref name="u"/> reported element <paramref name="e"/> for; false when none.</summary>
    private bool ReportedIn(Span<int> owed, int e, int u, int year)
    {
        if (year < FirstYear || year > LastYear)
        {
            return false;
        }
        var any = false;
        for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
        {
            if (_raw[e].Of(t, year - FirstYear) is not { } slots)
            {
                continue;
            }
            var first = u * slots.PerUnit;
            var mask = 0;
            for (var k = 0; k < slots.PerUnit; k++)
            {
                if (slots.Present[first + k])
                {
                    mask |= 1 << k;
                }
            }
            owed[(int)t] = mask;
            any |= mask != 0;
        }
        return any;
    }

    /// <summary>The finest period type of which unit <paramref name="u"/> holds a value of element <paramref name="e"/> in the year; null when none.</summary>
    private PeriodType? FinestReported(int e, int u, int year)
    {
        for (var t = PeriodType.Month; t >= PeriodType.Year; t--)
        {
            if (ReportedAny(e, u, t, year))
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>Every period of the type in a year, as a mask.</summary>
    private static int AllOf(PeriodType type) => (1 << SlotsPerYear(type)) - 1;

    /// <summary>The months (bits 0–11) that period <paramref name="slot"/> of <paramref name="type"/> spans.</summary>
    private static int MonthsOf(PeriodType type, int slot)
    {
        var months = type.MonthsIn();
        return ((1 << months) - 1) << (slot * months);
    }

    /// <summary>Drops every owed period that contains a shorter owed one: a period owed in parts is owed as its parts.</summary>
    private static void DropContainers(Span<int> owed)
    {
        var finer = 0;
        for (var t = PeriodType.Month; t >= PeriodType.Year; t--)
        {
            var kept = finer;
            for (var s = 0; s < SlotsPerYear(t); s++)
            {
                if ((owed[(int)t] & (1 << s)) == 0)
                {
                    continue;
                }
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

    /// <summary>
    /// Keeps the owed periods inside <paramref name="period"/>. One that only overlaps it is not owed there: a unit that
    /// reports a year owes no quarter, nor does a unit a yearly data set assigns.
    /// </summary>
    private static void Restrict(Span<int> owed, Period period)
    {
        var inside = MonthsOf(period.Type, SlotInYear(period));
        for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
        {
            for (var s = 0; s < SlotsPerYear(t); s++)
            {
                if ((owed[(int)t] & (1 << s)) != 0 && (MonthsOf(t, s) & ~inside) != 0)
                {
                    owed[(int)t] &= ~(1 << s);
                }
            }
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
