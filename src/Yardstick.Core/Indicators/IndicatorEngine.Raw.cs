using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

public sealed partial class IndicatorEngine
{
    /// <summary>
    /// A unit's own figure for one element and output period, from its raw values of that period type
    /// or shorter ones: sum, average, or the value whose period ends last (the shorter period wins a tie,
    /// so a December figure beats a year figure that ends the same day).
    /// </summary>
    private (decimal Value, bool Has) OwnValue(int e, int u, Period period) =>
        OwnValue(WindowsOf(e, period), _elements[e].TimeAggregation, _raw[e].Scale, u);

    /// <summary>
    /// The same figure added up in decimals, which never overflow here (a stored value is below 2^63; twelve months of a
    /// million units stay far below decimal's 7.9·10^28): for averages, and for any total beyond 64 bits.
    /// </summary>
    private static (decimal Value, bool Has) OwnValue(Window[] windows, TimeAggregation time, int scale, int u)
    {
        if (time == TimeAggregation.Last)
        {
            var (last, found) = OwnScaled(windows, last: true, u);
            return found == 0 ? (0m, false) : (ToDecimal(last, scale), true);
        }
        var total = 0m;
        var count = 0;
        foreach (var w in windows)
        {
            var first = u * w.Slots.PerUnit + w.First;
            for (var i = first; i < first + w.Length; i++)
            {
                if (w.Slots.Present[i])
                {
                    total += ToDecimal(w.Slots.Values[i], scale);
                    count++;
                }
            }
        }
        if (count == 0)
        {
            return (0m, false);
        }
        return (time == TimeAggregation.Average ? total / count : total, true);
    }

    /// <summary>
    /// The unit's own values inside the period, scaled by the series' scale: their sum and how many there were,
    /// or for a stock the last one (count 1). An average is the sum divided by the count.
    /// </summary>
    private (long Value, int Count) OwnScaled(int e, int u, Period period) =>
        OwnScaled(WindowsOf(e, period), _elements[e].TimeAggregation == TimeAggregation.Last, u);

    /// <summary>
    /// Where one element's raw values for an output period lie: per period type that fits in it (shortest first) and per
    /// year it touches that has a block, the block and the slots inside each unit's stretch, with the day each slot ends
    /// (for a stock's last value). Found once per aggregate, so building one for a province's units walks arrays and looks
    /// nothing up per unit. A 妇幼 year touches two calendar years; a week counts in the month of its Thursday.
    /// </summary>
    private Window[] WindowsOf(int e, Period period)
    {
        var series = _raw[e];
        var windows = new List<Window>(4);
        foreach (var t in ShortestFirst)
        {
            if (!Period.Fits(t, period.Type))
            {
                continue;
            }
            if ((t == PeriodType.Week && period.Type == PeriodType.Week) || t == PeriodType.FinancialOct)
            {
                // A week holds only itself, and a 妇幼 year fits only in itself: its own slot.
                if (period.Year >= FirstYear && series.Of(t, period.Year - FirstYear) is { } own)
                {
                    windows.Add(new Window(own, SlotInYear(period), 1, [period.End.DayNumber]));
                }
                continue;
            }
            for (var year = period.StartIndex / 12; year <= period.EndIndex / 12; year++)
            {
                if (year < FirstYear || year > LastYear || series.Of(t, year - FirstYear) is not { } slots)
                {
                    continue;
                }
                // The months of this year inside the period, 0–11.
                var from = Math.Max(period.StartIndex, year * 12) - year * 12;
                var to = Math.Min(period.EndIndex, year * 12 + 11) - year * 12;
                if (t == PeriodType.Week)
                {
                    var weeks = WeeksByMonth(year);
                    var first = weeks[from];
                    var last = weeks[to + 1] - 1;
                    if (last >= first)
                    {
                        windows.Add(new Window(slots, first, last - first + 1,
                            [.. Enumerable.Range(first, last - first + 1).Select(w => Period.OfWeek(year, w + 1).End.DayNumber)]));
                    }
                    continue;
                }
                var months = t.MonthsIn();
                var count = (to - from + 1) / months;
                windows.Add(new Window(slots, from / months, count,
                    [.. Enumerable.Range(0, count).Select(k => new DateOnly(year, from + (k + 1) * months, 1).AddMonths(1).AddDays(-1).DayNumber)]));
            }
        }
        return [.. windows];
    }

    /// <summary>Raw period types, the shortest first: a stock's last value is the shorter period's when two end together.</summary>
    private static readonly PeriodType[] ShortestFirst = [.. PeriodTypes.LongestFirst.Reverse()];

    /// <summary>
    /// For an ISO year, the index (0-based) of the first week whose Thursday falls in each month, 0–11, and at 12 the
    /// number of weeks in the year: the weeks of month m are [table[m], table[m + 1]).
    /// </summary>
    private static int[] WeeksByMonth(int year) => WeekTables.GetOrAdd(year, static y =>
    {
        var table = new int[13];
        var weeks = System.Globalization.ISOWeek.GetWeeksInYear(y);
        var month = 0;
        for (var w = 0; w < weeks; w++)
        {
            var thursdayMonth = Period.OfWeek(y, w + 1).StartMonth - 1;
            while (month < thursdayMonth)
            {
                table[++month] = w;
            }
        }
        while (month < 12)
        {
            table[++month] = weeks;
        }
        return table;
    });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, int[]> WeekTables = new();

    /// <summary>Slots <c>[First, First + Length)</c> of each unit's stretch of one block; <c>Ends[i]</c> the day slot First + i ends.</summary>
    private readonly record struct Window(Slots Slots, int First, int Length, int[] Ends);

    private static (long Value, int Count) OwnScaled(Window[] windows, bool last, int u)
    {
        long total = 0;
        var count = 0;
        var lastEnd = -1;
        foreach (var w in windows)
        {
            var first = u * w.Slots.PerUnit + w.First;
            var present = w.Slots.Present.AsSpan(first, w.Length);
            if (last)
            {
                var i = present.LastIndexOf(true);
                if (i >= 0 && w.Ends[i] > lastEnd)
                {
                    lastEnd = w.Ends[i];
                    total = w.Slots.Values[first + i];
                    count = 1;
                }
                continue;
            }
            var here = present.Count(true);
            if (here == 0)
            {
                continue;
            }
            // An empty slot holds zero (Clear writes it), so the sum needs no look at presence.
            foreach (var v in w.Slots.Values.AsSpan(first, w.Length))
            {
                total = checked(total + v);
            }
            count += here;
        }
        return (total, count);
    }

    private static decimal ToDecimal(long scaled, int scale)
    {
        var negative = scaled < 0;
        var magnitude = negative ? (ulong)-scaled : (ulong)scaled;
        return new decimal((int)magnitude, (int)(magnitude >> 32), 0, negative, (byte)scale);
    }

    /// <summary>
    /// Raw values of one data element: per period type and year, a dense unit-major block of scaled whole numbers. A
    /// block exists only for a (type, year) that holds a value, so an engine may span many years at no cost.
    /// </summary>
    private sealed class RawSeries(int units, int years)
    {
        // One array of blocks per period type, indexed by its number − 1 (Year … Month, Week, FinancialOct).
        private readonly Slots?[][] _blocks = [.. Enumerable.Range(0, TypeCount).Select(_ => new Slots?[years])];

        /// <summary>The blocks that exist, for walks over every value (a live engine spans 1,100 years, few of them filled).</summary>
        private readonly List<Slots> _all = [];

        /// <summary>Every stored value is value × 10^Scale; the scale grows when a value with more decimals arrives.</summary>
        public int Scale { get; private set; }

        public Slots? Of(PeriodType type, int year) => _blocks[(int)type - 1][year];

        public bool HasYear(int year) => _blocks.Any(b => b[year] is not null);

        private Slots Block(int type, int year, int perUnit)
        {
            if (_blocks[type][year] is { } existing)
            {
                return existing;
            }
            var created = new Slots(units, perUnit);
            _all.Add(created);
            return _blocks[type][year] = created;
        }

        /// <summary>Stores the value; false (and nothing stored) when it cannot be held exactly in 64 bits at 9 decimals at most.</summary>
        public bool TrySet(int unit, PeriodType type, int year, int slot, decimal value)
        {
            if (!TryScaled(value, out var scaled))
            {
                return false;
            }
            var slots = Block((int)type - 1, year, SlotsPerYear(type));
            var i = unit * slots.PerUnit + slot;
            slots.Values[i] = scaled;
            slots.Present[i] = true;
            return true;
        }

        public void Clear(int unit, PeriodType type, int year, int slot)
        {
            if (_blocks[(int)type - 1][year] is { } slots)
            {
                var i = unit * slots.PerUnit + slot;
                slots.Values[i] = 0;
                slots.Present[i] = false;
            }
        }

        public bool HasAny(int unit)
        {
            foreach (var slots in _all)
            {
                if (Array.IndexOf(slots.Present, true, unit * slots.PerUnit, slots.PerUnit) >= 0)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Copies every value of <paramref name="from"/> (same years) onto this series: unit u of it becomes unit
        /// <paramref name="unitMap"/>[u] here (−1: left out). Walks the blocks once, not once per unit: a live engine spans
        /// 1,100 years of six period types, and a province has 21,583 units and 65 series (9 billion empty checks at start-up).
        /// </summary>
        public void CopyFrom(RawSeries from, int[] unitMap, bool sameUnits)
        {
            if (from.Scale > Scale)
            {
                Rescale(from.Scale);
            }
            var factor = Pow10(Scale - from.Scale);
            for (var t = 0; t < TypeCount; t++)
            {
                for (var y = 0; y < from._blocks[t].Length && y < _blocks[t].Length; y++)
                {
                    if (from._blocks[t][y] is not { } source)
                    {
                        continue;
                    }
                    var per = source.PerUnit;
                    if (sameUnits && factor == 1 && _blocks[t][y] is null)
                    {
                        var whole = Block(t, y, per);
                        Array.Copy(source.Values, whole.Values, source.Values.Length);
                        Array.Copy(source.Present, whole.Present, source.Present.Length);
                        continue;
                    }
                    Slots? target = null;
                    for (var u = 0; u < unitMap.Length; u++)
                    {
                        var to = unitMap[u];
                        if (to < 0 || Array.IndexOf(source.Present, true, u * per, per) < 0)
                        {
                            continue;
                        }
                        target ??= Block(t, y, per);
                        for (var k = 0; k < per; k++)
                        {
                            target.Values[to * per + k] = source.Values[u * per + k] * factor;
                            target.Present[to * per + k] = source.Present[u * per + k];
                        }
                    }
                }
            }
        }

        /// <summary>The scale and every block that exists: (type, year, values, presence) as raw bytes.</summary>
        public void Write(BinaryWriter writer)
        {
            writer.Write(Scale);
            var blocks = new List<(int Type, int Year, Slots Slots)>();
            for (var t = 0; t < TypeCount; t++)
            {
                for (var y = 0; y < _blocks[t].Length; y++)
                {
                    if (_blocks[t][y] is { } slots)
                    {
                        blocks.Add((t, y, slots));
                    }
                }
            }
            writer.Write(blocks.Count);
            foreach (var (type, year, slots) in blocks)
            {
                writer.Write(type);
                writer.Write(year);
                writer.Write(slots.PerUnit);
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slots.Values.AsSpan()));
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slots.Present.AsSpan()));
            }
        }

        /// <summary>Reads what <see cref="Write"/> wrote, into a series of the same units and years.</summary>
        public void Read(BinaryReader reader)
        {
            Scale = reader.ReadInt32();
            var count = reader.ReadInt32();
            for (var b = 0; b < count; b++)
            {
                var slots = Block(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
                reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slots.Values.AsSpan()));
                reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slots.Present.AsSpan()));
            }
        }

        /// <summary>Whether the series never held a value (no block exists): its aggregates would be empty.</summary>
        public bool IsEmpty => _all.Count == 0;

        /// <summary>How many values the series holds (for snapshots and logs).</summary>
        public long Count => _all.Sum(s => (long)s.Present.Count(p => p));

        /// <summary>The exact sum of every value the series holds (a restored store's check that nothing was lost or altered).</summary>
        public decimal Sum()
        {
            decimal sum = 0;
            foreach (var slots in _all)
            {
                for (var i = 0; i < slots.Values.Length; i++)
                {
                    if (slots.Present[i])
                    {
                        sum += slots.Values[i];
                    }
                }
            }
            return sum / Pow10(Scale);
        }

        private bool TryScaled(decimal value, out long scaled)
        {
            scaled = 0;
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var scale = (bits[3] >> 16) & 0xFF;
            if (bits[2] != 0 || bits[1] < 0)
            {
                return false;
            }
            var mantissa = ((long)bits[1] << 32) | (uint)bits[0];
            while (scale > Scale && mantissa % 10 == 0)
            {
                mantissa /= 10;
                scale--;
            }
            if (scale > Scale && !TryRescale(scale))
            {
                return false;
            }
            var factor = Pow10(Scale - scale);
            if (mantissa > long.MaxValue / factor)
            {
                return false;
            }
            scaled = bits[3] < 0 ? -(mantissa * factor) : mantissa * factor;
            return true;
        }

        /// <summary>Raises the scale of every held value, unless that would overflow one of them (then nothing changes).</summary>
        private bool TryRescale(int scale)
        {
            if (scale > MaxScale)
            {
                return false;
            }
            var factor = Pow10(scale - Scale);
            var limit = long.MaxValue / factor;
            if (_all.Any(slots => slots.Values.Any(v => v > limit || v < -limit)))
            {
                return false;
            }
            Rescale(scale);
            return true;
        }

        private void Rescale(int scale)
        {
            var factor = Pow10(scale - Scale);
            foreach (var slots in _all)
            {
                for (var i = 0; i < slots.Values.Length; i++)
                {
                    slots.Values[i] *= factor;
                }
            }
            Scale = scale;
        }

        private static long Pow10(int n)
        {
            var r = 1L;
            for (var i = 0; i < n; i++)
            {
                r *= 10;
            }
            return r;
        }
    }

    private sealed class Slots(int units, int perUnit)
    {
        public int PerUnit { get; } = perUnit;
        public long[] Values { get; } = new long[units * perUnit];
        public bool[] Present { get; } = new bool[units * perUnit];
    }

    /// <summary>
    /// One element's figures for every unit and one output period: own values and subtree totals. Summed
    /// elements keep them as whole numbers scaled by 10^<see cref="Scale"/> (exact, half the memory, fast to
    /// add); time-averaged ones, whose own figures are fractions, keep decimals.
    /// </summary>
    private sealed partial class Aggregate
    {
        private readonly long[]? _ownScaled;
        private readonly long[]? _sumScaled;
        private readonly decimal[]? _own;
        private readonly decimal[]? _sum;
        private readonly bool[] _ownHas;
        private readonly int[] _count;

        public Aggregate(Period period, int units, int? scale)
        {
            Period = period;
            Scale = scale;
            if (scale is null)
            {
                _own = new decimal[units];
                _sum = new decimal[units];
            }
            else
            {
                _ownScaled = new long[units];
                _sumScaled = new long[units];
            }
            _ownHas = new bool[units];
            _count = new int[units];
        }

        public Period Period { get; }

        /// <summary>Null when values are kept as decimals.</summary>
        public int? Scale { get; }

        public void SetOwn(int u, decimal value, bool has)
        {
            _own![u] = value;
            _sum![u] = has ? value : 0;
            SetHas(u, has);
        }

        public void SetOwnScaled(int u, long value, bool has)
        {
            _ownScaled![u] = value;
            _sumScaled![u] = has ? value : 0;
            SetHas(u, has);
        }

        private void SetHas(int u, bool has)
        {
            _ownHas[u] = has;
            _count[u] = has ? 1 : 0;
        }

        /// <summary>Adds every subtree into its root; children always come after their parent in index order.</summary>
        public void RollUp(int[] parent)
        {
            for (var u = parent.Length - 1; u >= 0; u--)
            {
                var p = parent[u];
                if (p < 0)
                {
                    continue;
                }
                if (_sumScaled is not null)
                {
                    _sumScaled[p] = checked(_sumScaled[p] + _sumScaled[u]);
                }
                else
                {
                    _sum![p] += _sum[u];
                }
                _count[p] += _count[u];
            }
        }

        public decimal? ValueAt(int u, OrgUnitAggregation how)
        {
            if (how == OrgUnitAggregation.None)
            {
                return _ownHas[u] ? Own(u) : null;
            }
            if (_count[u] == 0)
            {
                return null;
            }
            var sum = _sumScaled is not null ? ToDecimal(_sumScaled[u], Scale!.Value) : _sum![u];
            return how == OrgUnitAggregation.Average ? sum / _count[u] : sum;
        }

        private decimal Own(int u) => _ownScaled is not null ? ToDecimal(_ownScaled[u], Scale!.Value) : _own![u];

        /// <param name="parent">Null for a non-additive element, whose ancestors do not include it.</param>
        public void Update(int u, decimal value, bool has, int[]? parent)
        {
            var countDelta = (has ? 1 : 0) - (_ownHas[u] ? 1 : 0);
            _ownHas[u] = has;
            if (_ownScaled is not null)
            {
                var scaled = has ? ScaledBy(value, Scale!.Value) : 0;
                var delta = scaled - (_ownScaled[u]);
                _ownScaled[u] = scaled;
                for (var x = u; x >= 0; x = parent is null ? -1 : parent[x])
                {
                    _sumScaled![x] = parent is null ? scaled : checked(_sumScaled[x] + delta);
                    _count[x] = parent is null ? (has ? 1 : 0) : _count[x] + countDelta;
                }
                return;
            }
            var change = (has ? value : 0) - _own![u];
            _own[u] = has ? value : 0;
            for (var x = u; x >= 0; x = parent is null ? -1 : parent[x])
            {
                _sum![x] = parent is null ? _own[u] : _sum[x] + change;
                _count[x] = parent is null ? (has ? 1 : 0) : _count[x] + countDelta;
            }
        }

        private static long ScaledBy(decimal value, int scale) => decimal.ToInt64(value * Pow10(scale));

        private static decimal Pow10(int n)
        {
            var r = 1m;
            for (var i = 0; i < n; i++)
            {
                r *= 10;
            }
            return r;
        }
    }
}
