using System.Diagnostics;
using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <summary>
/// Evaluates indicators for any org unit and period from raw data values, and keeps the results fresh
/// when a value changes.
/// <para>
/// Layout: org units are numbered in pre-order, so a subtree is one contiguous index range and every
/// child comes after its parent. Raw values sit in dense arrays per data element and period type,
/// unit-major, as whole numbers scaled by 10^scale (exact, and fast to add). Aggregates per (element,
/// output period) are summed bottom-up in one reverse pass; a changed value updates its unit and adds
/// the difference to each ancestor, so nothing is ever recomputed in a batch.
/// </para>
/// Ratios are always sum(numerator) ÷ sum(denominator) over the subtree, never an average of child rates.
/// <para>
/// Categories: each (element, option combo) is its own raw <em>series</em>, aggregated over time and units by the element's
/// rules; an element's figure is the sum of its series' figures, <c>#{element.option}</c> the sum of the series with that
/// option and <c>#{element.opt1.opt2}</c> one series. Every element has a series for the default combo (values without
/// options) too; an element without categories has only that one, so it costs what it did before categories.
/// </para>
/// </summary>
public sealed partial class IndicatorEngine
{
    private const int MaxScale = 9;

    private readonly OrgUnit[] _units;
    private readonly int[] _parent;
    private readonly int[] _subtreeEnd;
    private readonly Dictionary<int, int> _unitIndex;

    /// <summary>Per series: the element its values belong to (the element's rules aggregate it).</summary>
    private readonly DataElement[] _elements;

    /// <summary>Per series: its option combo's id (<see cref="OptionCombo.DefaultId"/> for values without options).</summary>
    private readonly int[] _comboOf;
    private readonly DataElement[] _distinctElements;
    private readonly IReadOnlyDictionary<int, ComboShape> _combos;
    private readonly Dictionary<(int Element, int Combo), int> _seriesByKey;

    /// <summary>Per element code, its series (the default's first).</summary>
    private readonly Dictionary<string, int[]> _seriesOfCode;

    /// <summary>What each formula code read so far names: its series, or null when it names none.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]?> _seriesOfReference = new(StringComparer.Ordinal);
    private readonly RawSeries[] _raw;
    private readonly List<Aggregate>[] _aggregates;
    private readonly Lock _aggregateLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Elements, Period Period), CompletenessTable> _completeness = new();

    /// <summary>First calendar year the engine holds; values outside [FirstYear, LastYear] are refused.</summary>
    public int FirstYear { get; }
    public int LastYear { get; }

    /// <param name="units">Every unit of the tree (or of whole subtrees); a unit whose parent is absent becomes a root.</param>
    /// <param name="combos">The stored category combos by id (<see cref="ComboShape.All"/>): an element with one gets a series per option combo.</param>
    public IndicatorEngine(IEnumerable<OrgUnit> units, IEnumerable<DataElement> elements, int firstYear, int lastYear,
        IReadOnlyDictionary<int, ComboShape>? combos = null)
        : this(units, SeriesOf(elements, combos ?? new Dictionary<int, ComboShape>()), firstYear, lastYear, combos ?? new Dictionary<int, ComboShape>())
    {
    }

    /// <summary>Every element's series: the default combo's, then one per option combo of the element's category combo.</summary>
    private static List<(DataElement Element, int Combo)> SeriesOf(IEnumerable<DataElement> elements, IReadOnlyDictionary<int, ComboShape> combos)
    {
        var series = new List<(DataElement, int)>();
        foreach (var element in elements)
        {
            series.Add((element, OptionCombo.DefaultId));
            if (element.CategoryComboId is { } c && combos.TryGetValue(c, out var shape))
            {
                series.AddRange(shape.OptionCombos.Where(o => o.Id > 0).Select(o => (element, o.Id)));
            }
        }
        return series;
    }

    private IndicatorEngine(IEnumerable<OrgUnit> units, List<(DataElement Element, int Combo)> series, int firstYear, int lastYear,
        IReadOnlyDictionary<int, ComboShape> combos)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);
        FirstYear = firstYear;
        LastYear = lastYear;

        _units = PreOrder(units.ToList());
        _unitIndex = new Dictionary<int, int>(_units.Length);
        for (var i = 0; i < _units.Length; i++)
        {
            _unitIndex[_units[i].Id] = i;
        }
        _parent = new int[_units.Length];
        _subtreeEnd = new int[_units.Length];
        for (var i = 0; i < _units.Length; i++)
        {
            _parent[i] = _units[i].ParentId is { } p && _unitIndex.TryGetValue(p, out var pi) ? pi : -1;
            _subtreeEnd[i] = i + 1;
        }
        for (var i = _units.Length - 1; i >= 0; i--)
        {
            if (_parent[i] >= 0)
            {
                _subtreeEnd[_parent[i]] = Math.Max(_subtreeEnd[_parent[i]], _subtreeEnd[i]);
            }
        }

        _combos = combos;
        _elements = [.. series.Select(s => s.Element)];
        _comboOf = [.. series.Select(s => s.Combo)];
        _distinctElements = [.. _elements.DistinctBy(e => e.Id)];
        _seriesByKey = [];
        for (var i = 0; i < _elements.Length; i++)
        {
            _seriesByKey[(_elements[i].Id, _comboOf[i])] = i;
        }
        _seriesOfCode = Enumerable.Range(0, _elements.Length).GroupBy(i => _elements[i].Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _raw = new RawSeries[_elements.Length];
        _aggregates = new List<Aggregate>[_elements.Length];
        for (var i = 0; i < _elements.Length; i++)
        {
            _raw[i] = new RawSeries(_units.Length, lastYear - firstYear + 1);
            _aggregates[i] = [];
        }
    }

    /// <summary>Drops every maintained aggregate, freeing its memory; the next evaluation builds what it needs again.</summary>
    public void ForgetAggregates()
    {
        lock (_aggregateLock)
        {
            foreach (var list in _aggregates)
            {
                list.Clear();
            }
        }
    }

    /// <summary>
    /// Loads raw values without maintaining aggregates (call before evaluating, or <see cref="ForgetAggregates"/> after).
    /// Values of units or elements the engine does not hold, of years outside its span, or too large or too precise to
    /// hold exactly (more than 9 decimals, beyond 64 bits) are skipped and counted in the result, so a caller can tell.
    /// </summary>
    public int Load(IEnumerable<DataValue> values)
    {
        var ignored = 0;
        foreach (var v in values)
        {
            if (!_seriesByKey.TryGetValue((v.DataElementId, v.OptionComboId), out var e) || !_unitIndex.TryGetValue(v.OrgUnitId, out var u) || !Holds(v.Period)
                || !_raw[e].TrySet(u, v.Period.Type, v.Period.Year - FirstYear, SlotInYear(v.Period), v.Value))
            {
                ignored++;
            }
        }
        // A bulk load: completeness is counted afresh when next asked.
        _completeness.Clear();
        Changed();
        return ignored;
    }

    /// <summary>Whether the engine holds this unit and this element (of this option combo): a value for any it does not is ignored.</summary>
    public bool Knows(int dataElementId, int orgUnitId, int optionComboId = OptionCombo.DefaultId) =>
        _seriesByKey.ContainsKey((dataElementId, optionComboId)) && _unitIndex.ContainsKey(orgUnitId);

    /// <summary>The latest year, not after <paramref name="notAfter"/>, for which any value was ever held; null when none.</summary>
    public int? LatestYear(int notAfter)
    {
        for (var year = Math.Min(notAfter, LastYear); year >= FirstYear; year--)
        {
            if (_raw.Any(r => r.HasYear(year - FirstYear)))
            {
                return year;
            }
        }
        return null;
    }

    /// <summary>How many raw values the engine holds.</summary>
    public long ValueCount => _raw.Sum(r => r.Count);

    /// <summary>
    /// Per data element (id), how many raw values the engine holds over all its option combos and their exact sum: what a
    /// restore compares with the backup's manifest to show that the engine reading the restored store has every value.
    /// </summary>
    public IReadOnlyDictionary<int, (long Count, decimal Sum)> RawTotals()
    {
        var totals = new Dictionary<int, (long Count, decimal Sum)>();
        for (var i = 0; i < _raw.Length; i++)
        {
            if (_raw[i].IsEmpty)
            {
                continue;
            }
            var (count, sum) = totals.GetValueOrDefault(_elements[i].Id);
            totals[_elements[i].Id] = (count + _raw[i].Count, sum + _raw[i].Sum());
        }
        return totals;
    }

    /// <summary>
    /// Stores, replaces or (with null) removes one value and brings every maintained aggregate that
    /// contains it up to date: the unit's own figure is recomputed and the difference added to each ancestor.
    /// False when the engine cannot hold it (unknown unit or element, year outside its span, too large or precise):
    /// nothing changes then.
    /// </summary>
    public bool SetValue(int dataElementId, int orgUnitId, Period period, decimal? value, int optionComboId = OptionCombo.DefaultId)
    {
        if (!_seriesByKey.TryGetValue((dataElementId, optionComboId), out var e) || !_unitIndex.TryGetValue(orgUnitId, out var u) || !Holds(period))
        {
            return false;
        }
        Changed();
        var scaleBefore = _raw[e].Scale;
        if (value is { } v)
        {
            if (!_raw[e].TrySet(u, period.Type, period.Year - FirstYear, SlotInYear(period), v))
            {
                return false;
            }
        }
        else
        {
            _raw[e].Clear(u, period.Type, period.Year - FirstYear, SlotInYear(period));
        }

        UpdateCompleteness(e, u, period);
        List<Aggregate> affected;
        lock (_aggregateLock)
        {
            if (_raw[e].Scale != scaleBefore)
            {
                // The new value brought more decimals: every aggregate of this element is at a stale scale; rebuild on demand.
                _aggregates[e].Clear();
                return true;
            }
            affected = _aggregates[e].Where(a => a.Period.Contains(period)).ToList();
        }
        foreach (var aggregate in affected)
        {
            try
            {
                var (own, has) = OwnValue(e, u, aggregate.Period);
                aggregate.Update(u, own, has, _elements[e].OrgUnitAggregation == OrgUnitAggregation.None ? null : _parent);
            }
            catch (OverflowException)
            {
                // A whole-number total left 64 bits (possibly half-way up the tree): drop the aggregate; the next read
                // builds it again from the raw values, in decimals if it must.
                lock (_aggregateLock)
                {
                    _aggregates[e].Remove(aggregate);
                }
            }
        }
        return true;
    }

    /// <summary>
    /// A new engine over another tree or set of elements (a unit moved, opened or closed; an element added) holding this
    /// engine's raw values for every unit and element both know, matched by id. Aggregates are rebuilt on demand.
    /// </summary>
    public IndicatorEngine Reshape(IEnumerable<OrgUnit> units, IEnumerable<DataElement> elements, IReadOnlyDictionary<int, ComboShape>? combos = null)
    {
        var reshaped = new IndicatorEngine(units, elements, FirstYear, LastYear, combos ?? _combos);
        reshaped.UseDataSets(_collectedBy.SelectMany(d => d).Distinct());
        var unitMap = new int[_units.Length];
        Array.Fill(unitMap, -1);
        for (var u = 0; u < reshaped._units.Length; u++)
        {
            if (_unitIndex.TryGetValue(reshaped._units[u].Id, out var from))
            {
                unitMap[from] = u;
            }
        }
        var sameUnits = reshaped._units.Length == _units.Length && unitMap.Select((to, from) => to == from).All(same => same);
        for (var e = 0; e < reshaped._elements.Length; e++)
        {
            if (_seriesByKey.TryGetValue((reshaped._elements[e].Id, reshaped._comboOf[e]), out var old))
            {
                reshaped._raw[e].CopyFrom(_raw[old], unitMap, sameUnits);
            }
        }
        return reshaped;
    }

    /// <summary>The org units the engine holds, in its order (pre-order: parents before children).</summary>
    public IReadOnlyList<OrgUnit> Units => _units;

    /// <summary>The data elements the engine holds.</summary>
    public IReadOnlyList<DataElement> Elements => _distinctElements;

    /// <summary>The category combos the engine split its elements by.</summary>
    public IReadOnlyDictionary<int, ComboShape> Combos => _combos;

    /// <summary>
    /// The aggregated value of one data element — or, as a formula names it, of one of its options or option combos
    /// (<c>births.female</c>) —; null when nobody in the subtree reported it.
    /// </summary>
    public decimal? ElementValue(string dataElementCode, int orgUnitId, Period period)
    {
        if (!_unitIndex.TryGetValue(orgUnitId, out var u) || !Answers(period) || ReaderOf(dataElementCode, period) is not { } reader)
        {
            return null;
        }
        return reader(u);
    }

    /// <summary>
    /// The series a formula's reference names (<see cref="FormulaReference"/>): all of an element's, or those of the option
    /// combos it names. Null when it names nothing the engine holds.
    /// </summary>
    private int[]? SeriesNamed(string reference) => _seriesOfReference.GetOrAdd(reference, code =>
    {
        if (FormulaReference.Resolve(code, c => _seriesOfCode.TryGetValue(c, out var s) ? _elements[s[0]] : null, _combos) is not { } named)
        {
            return null;
        }
        var series = _seriesOfCode[named.Element.Code];
        if (named.OptionCombos is null)
        {
            return series;
        }
        var combos = named.OptionCombos.Select(o => o.Id).ToHashSet();
        return [.. series.Where(s => combos.Contains(_comboOf[s]))];
    });

    /// <summary>
    /// A reference's figure per unit for one period: its one series' aggregate, or the sum of its series' aggregates (each
    /// aggregated by the element's rules first); null when none of them has a figure. Series with no value at all are skipped.
    /// </summary>
    private Func<int, decimal?>? ReaderOf(string reference, Period period)
    {
        if (SeriesNamed(reference) is not { } named)
        {
            return null;
        }
        var held = named.Where(s => !_raw[s].IsEmpty).ToArray();
        if (held.Length == 0)
        {
            held = [named[0]];
        }
        var how = _elements[held[0]].OrgUnitAggregation;
        if (held.Length == 1)
        {
            var aggregate = AggregateOf(held[0], period);
            return u => aggregate.ValueAt(u, how);
        }
        var parts = held.Select(s => AggregateOf(s, period)).ToArray();
        return u =>
        {
            decimal? total = null;
            foreach (var part in parts)
            {
                if (part.ValueAt(u, how) is { } v)
                {
                    total = (total ?? 0) + v;
                }
            }
            return total;
        };
    }

    /// <summary>The indicator's value with numerator and denominator for one unit and period.</summary>
    public IndicatorValue Evaluate(Indicator indicator, int orgUnitId, Period period)
    {
        if (!_unitIndex.TryGetValue(orgUnitId, out var u) || !Answers(period))
        {
            return IndicatorValue.NoData;
        }
        var lookups = Lookups(indicator, period);
        return indicator.Evaluate(code => lookups.TryGetValue(code, out var f) ? f(u) : null);
    }

    /// <summary>
    /// Every indicator for every unit and every period given: the whole table, computed in parallel over
    /// data elements. Aggregates built here stay maintained by <see cref="SetValue"/>.
    /// </summary>
    public IndicatorTable EvaluateAll(IReadOnlyList<Indicator> indicators, IReadOnlyList<Period> periods)
    {
        foreach (var p in periods)
        {
            CheckYear(p);
        }
        var needed = indicators.SelectMany(i => i.DataElementCodes)
            .Distinct(StringComparer.Ordinal)
            .SelectMany(code => SeriesNamed(code) ?? [])
            .Where(s => !_raw[s].IsEmpty)
            .Distinct()
            .SelectMany(s => periods.Select(p => (Element: s, Period: p)))
            .ToList();
        Parallel.ForEach(needed, n => AggregateOf(n.Element, n.Period));

        var table = new IndicatorTable(indicators, periods, _units);
        Parallel.For(0, indicators.Count * periods.Count, k =>
        {
            var (i, p) = Math.DivRem(k, periods.Count);
            var indicator = indicators[i];
            var lookups = Lookups(indicator, periods[p]);
            Func<string, Func<int, decimal?>> readerOf = code => lookups.TryGetValue(code, out var f) ? f : _ => null;
            var numerator = indicator.NumeratorFormula.Compile(readerOf);
            var denominator = indicator.DenominatorFormula?.Compile(readerOf);
            var column = table.Column(i, p);
            for (var u = 0; u < _units.Length; u++)
            {
                column[u] = indicator.FromParts(numerator(u), denominator?.Invoke(u));
            }
        });
        return table;
    }

    /// <summary>
    /// Reporting completeness for an indicator: of the units in the subtree that were open during the period and owe any of
    /// its data elements in it (a data set assigns them, or they reported it the year before — so a unit that fell silent
    /// counts as missing — or earlier in the year), how many reported in the period, and of the periods they owe, how many
    /// they reported (owed as often as reported the year before; a stock only its last). Counted for every unit in one pass and rolled up the tree, then kept up to date by
    /// <see cref="SetValue"/> (a unit's flags recomputed, the difference added to its ancestors): a root's completeness
    /// costs what a village's does, and a write does not throw the counts away.
    /// </summary>
    public Completeness CompletenessOf(Indicator indicator, int orgUnitId, Period period)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (!_unitIndex.TryGetValue(orgUnitId, out var root) || !Answers(period))
        {
            return new Completeness(0, 0);
        }
        var table = CompletenessTableOf(indicator, period);
        return new Completeness(table.Reported[root], table.Expected[root], table.ReportedParts[root], table.ExpectedParts[root]);
    }

    /// <summary>The counts of the indicator's elements for every unit in the period, counted on first asking and kept up to date.</summary>
    private CompletenessTable CompletenessTableOf(Indicator indicator, Period period)
    {
        var elements = indicator.DataElementCodes.SelectMany(c => SeriesNamed(c) ?? []).Distinct().Order().ToArray();
        return _completeness.GetOrAdd((string.Join(',', elements), period), _ => CountReporting(elements, period));
    }

    /// <summary>Per element, the data sets that collect it: they say how often it is owed and by whom.</summary>
    private Reporting.DataSet[][] _collectedBy = [];

    /// <summary>
    /// Tells the engine the data sets: an element a data set collects is owed by the units the data set assigns, once per
    /// period of its type; other elements are owed by the units that reported them the year before, as often as they did
    /// (a new reporter: every period of the finest type it reported in the year). Completeness is counted again.
    /// </summary>
    public void UseDataSets(IEnumerable<Reporting.DataSet> dataSets)
    {
        ArgumentNullException.ThrowIfNull(dataSets);
        var list = dataSets.ToList();
        _collectedBy = [.. _elements.Select(e => list.Where(d => d.ElementCodes.Contains(e.Code)).ToArray())];
        _completeness.Clear();
        Changed();
    }

    private CompletenessTable CountReporting(int[] elements, Period period)
    {
        var table = new CompletenessTable(elements, period, _units.Length);
        for (var u = 0; u < _units.Length; u++)
        {
            var own = Reporting(table, u);
            table.Expected[u] = table.OwnExpected[u] = own.Expected;
            table.Reported[u] = table.OwnReported[u] = own.Reported;
            table.ExpectedParts[u] = table.OwnExpectedParts[u] = own.ExpectedParts;
            table.ReportedParts[u] = table.OwnReportedParts[u] = own.ReportedParts;
        }
        for (var u = _units.Length - 1; u >= 0; u--)
        {
            if (_parent[u] >= 0)
            {
                table.Expected[_parent[u]] += table.Expected[u];
                table.Reported[_parent[u]] += table.Reported[u];
                table.ExpectedParts[_parent[u]] += table.ExpectedParts[u];
                table.ReportedParts[_parent[u]] += table.ReportedParts[u];
            }
        }
        return table;
    }

    /// <summary>
    /// Whether one unit is expected to report for the table's period and whether it did (1 or 0 each), and how many periods
    /// it owes in it and reported (what it owes of each element: <see cref="OwedBy"/>). The periods its flows owe are
    /// counted once however many flows owe them, a period owed in parts counted as its parts, and one counts as reported
    /// when any of the elements has a value in it or over it: the unit filed that month, and a sparse flow (婴儿死亡数 left
    /// blank in a month without a death) does not make it missing. A stock's owed period must hold that stock's own value,
    /// as a blank stock is not a zero: without its December figure the year would show June's.
    /// </summary>
    private (int Expected, int Reported, int ExpectedParts, int ReportedParts) Reporting(CompletenessTable table, int u)
    {
        var period = table.Period;
        if (!_units[u].IsOpenDuring(period))
        {
            return default;
        }
        var elements = table.Elements;
        Span<int> flows = stackalloc int[5];
        Span<int> stocks = stackalloc int[5];
        Span<int> owed = stackalloc int[5];
        Span<int> held = stackalloc int[5];
        // Per stock, the one period it owes as (type, slot) packed in one number (-1: none) and the months its values span.
        Span<int> stockOwes = elements.Length <= 16 ? stackalloc int[16] : new int[elements.Length];
        Span<int> stockHeld = elements.Length <= 16 ? stackalloc int[16] : new int[elements.Length];
        var heldByAny = 0;
        var inPeriod = false;
        for (var i = 0; i < elements.Length; i++)
        {
            var e = elements[i];
            SlotsHeld(held, e, u, period.Year, period);
            OwedBy(owed, e, u, period, table.Inside);
            var months = 0;
            for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
            {
                var spanned = MonthsSpanned(t, held[(int)t]);
                months |= spanned;
                // Held periods no longer than the period lie inside it (only those overlapping it were read).
                inPeriod |= t >= period.Type && spanned != 0;
            }
            heldByAny |= months;
            stockOwes[i] = -1;
            if (_elements[e].TimeAggregation != TimeAggregation.Last)
            {
                for (var t = 1; t <= 4; t++)
                {
                    flows[t] |= owed[t];
                }
                continue;
            }
            for (var t = 1; t <= 4; t++)
            {
                if (owed[t] != 0)
                {
                    stocks[t] |= owed[t];
                    stockOwes[i] = t * 16 + int.TrailingZeroCount(owed[t]);
                    stockHeld[i] = months;
                }
            }
        }
        DropContainers(flows);
        var parts = 0;
        for (var t = 1; t <= 4; t++)
        {
            parts += int.PopCount(flows[t] | stocks[t]);
        }
        if (parts == 0)
        {
            return default;
        }
        if (!inPeriod)
        {
            return (1, 0, parts, 0);
        }
        var reportedParts = 0;
        for (var t = PeriodType.Year; t <= PeriodType.Month; t++)
        {
            var owedHere = flows[(int)t] | stocks[(int)t];
            for (var s = 0; owedHere >> s != 0; s++)
            {
                var bit = 1 << s;
                if ((owedHere & bit) == 0)
                {
                    continue;
                }
                // Periods nest, so a value overlaps a part exactly when it lies in it or over it.
                var months = MonthsOf(t, s);
                var reported = (flows[(int)t] & bit) == 0 || (heldByAny & months) != 0;
                for (var i = 0; reported && i < elements.Length; i++)
                {
                    reported = stockOwes[i] != (int)t * 16 + s || (stockHeld[i] & months) != 0;
                }
                if (reported)
                {
                    reportedParts++;
                }
            }
        }
        return (1, 1, parts, reportedParts);
    }

    /// <summary>A value of element <paramref name="e"/> at unit <paramref name="u"/> changed: every table it can move is brought up to date.</summary>
    private void UpdateCompleteness(int e, int u, Period changed)
    {
        foreach (var table in _completeness.Values)
        {
            if (Array.IndexOf(table.Elements, e) < 0 || (changed.Year != table.Period.Year && changed.Year != table.Period.Year - 1))
            {
                continue;
            }
            var own = Reporting(table, u);
            var dExpected = own.Expected - table.OwnExpected[u];
            var dReported = own.Reported - table.OwnReported[u];
            var dExpectedParts = own.ExpectedParts - table.OwnExpectedParts[u];
            var dReportedParts = own.ReportedParts - table.OwnReportedParts[u];
            table.OwnExpected[u] = own.Expected;
            table.OwnReported[u] = own.Reported;
            table.OwnExpectedParts[u] = own.ExpectedParts;
            table.OwnReportedParts[u] = own.ReportedParts;
            for (var x = u; x >= 0 && (dExpected != 0 || dReported != 0 || dExpectedParts != 0 || dReportedParts != 0); x = _parent[x])
            {
                table.Expected[x] += dExpected;
                table.Reported[x] += dReported;
                table.ExpectedParts[x] += dExpectedParts;
                table.ReportedParts[x] += dReportedParts;
            }
        }
    }

    /// <summary>Completeness of one set of elements in one period: each unit's own flags and its subtree's counts.</summary>
    private sealed class CompletenessTable(int[] elements, Period period, int units)
    {
        public int[] Elements { get; } = elements;
        public Period Period { get; } = period;

        /// <summary>Per period type, the periods of that type inside <see cref="Period"/>, as a mask.</summary>
        public int[] Inside { get; } = InsideOf(period);
        public int[] OwnExpected { get; } = new int[units];
        public int[] OwnReported { get; } = new int[units];
        public int[] Expected { get; } = new int[units];
        public int[] Reported { get; } = new int[units];
        public int[] OwnExpectedParts { get; } = new int[units];
        public int[] OwnReportedParts { get; } = new int[units];
        public int[] ExpectedParts { get; } = new int[units];
        public int[] ReportedParts { get; } = new int[units];
    }

    private Dictionary<string, Func<int, decimal?>> Lookups(Indicator indicator, Period period)
    {
        var lookups = new Dictionary<string, Func<int, decimal?>>(StringComparer.Ordinal);
        foreach (var code in indicator.DataElementCodes)
        {
            if (ReaderOf(code, period) is { } reader)
            {
                lookups[code] = reader;
            }
        }
        return lookups;
    }

    private Aggregate AggregateOf(int e, Period period)
    {
        lock (_aggregateLock)
        {
            var existing = _aggregates[e].Find(a => a.Period == period);
            if (existing is not null)
            {
                return existing;
            }
        }
        var built = Build(e, period);
        lock (_aggregateLock)
        {
            var raced = _aggregates[e].Find(a => a.Period == period);
            if (raced is not null)
            {
                return raced;
            }
            _aggregates[e].Add(built);
            return built;
        }
    }

    private Aggregate Build(int e, Period period)
    {
        var windows = WindowsOf(e, period);
        if (_elements[e].TimeAggregation != TimeAggregation.Average)
        {
            try
            {
                return BuildScaled(e, period, windows);
            }
            catch (OverflowException)
            {
                // Totals beyond 64 bits (absurd values that reached the store, or a very fine scale): this aggregate keeps
                // decimals instead. Nothing a unit reports can make another unit's figures fail.
            }
        }
        var aggregate = new Aggregate(period, _units.Length, scale: null);
        for (var u = 0; u < _units.Length; u++)
        {
            var (own, has) = OwnValue(windows, _elements[e].TimeAggregation, _raw[e].Scale, u);
            aggregate.SetOwn(u, own, has);
        }
        if (_elements[e].OrgUnitAggregation != OrgUnitAggregation.None)
        {
            aggregate.RollUp(_parent);
        }
        return aggregate;
    }

    /// <summary>Sums and stocks as whole numbers scaled by the series' scale: exact, and the fast path. Throws on overflow.</summary>
    private Aggregate BuildScaled(int e, Period period, Window[] windows)
    {
        var aggregate = new Aggregate(period, _units.Length, _raw[e].Scale);
        var last = _elements[e].TimeAggregation == TimeAggregation.Last;
        for (var u = 0; u < _units.Length; u++)
        {
            var (scaled, count) = OwnScaled(windows, last, u);
            aggregate.SetOwnScaled(u, scaled, count > 0);
        }
        if (_elements[e].OrgUnitAggregation != OrgUnitAggregation.None)
        {
            aggregate.RollUp(_parent);
        }
        return aggregate;
    }

    /// <summary>Whether a value of the period is stored here: its year (a week's ISO year, a 妇幼 year's first) is held.</summary>
    private bool Holds(Period period) => period.IsValid && period.Year >= FirstYear && period.Year <= LastYear;

    /// <summary>Whether the engine answers for the period: any month of it is in a held year (a 妇幼 year begun the October before the first year has nine).</summary>
    private bool Answers(Period period) => period.IsValid && period.EndIndex / 12 >= FirstYear && period.Year <= LastYear;

    private void CheckYear(Period period)
    {
        if (!Answers(period))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"The engine holds {FirstYear}–{LastYear}.");
        }
    }

    /// <summary>How many period types the engine keeps blocks for (their numbers run 1 … TypeCount).</summary>
    private const int TypeCount = 6;

    /// <summary>Slots of a type in one year's block: 12 months … 1 year, 53 weeks (a year of 52 leaves the last empty), one 妇幼 year.</summary>
    internal static int SlotsPerYear(PeriodType type) => type switch
    {
        PeriodType.Week => 53,
        PeriodType.FinancialOct => 1,
        PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month => 12 / type.MonthsIn(),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// A period's slot in its year's block: a week's by its number, a 妇幼 year's the one slot of the year it starts in.
    /// </summary>
    internal static int SlotInYear(Period period) => period.Type switch
    {
        PeriodType.Week => period.Week - 1,
        PeriodType.FinancialOct => 0,
        PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month => (period.StartMonth - 1) / period.Type.MonthsIn(),
        _ => throw new UnreachableException(),
    };

    private static OrgUnit[] PreOrder(List<OrgUnit> units)
    {
        var ids = units.Select(u => u.Id).ToHashSet();
        var children = units.Where(u => u.ParentId is { } p && ids.Contains(p))
            .GroupBy(u => u.ParentId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList());
        var order = new List<OrgUnit>(units.Count);
        var stack = new Stack<OrgUnit>();
        foreach (var root in units.Where(u => u.ParentId is not { } p || !ids.Contains(p)).OrderByDescending(u => u.Code, StringComparer.Ordinal))
        {
            stack.Push(root);
        }
        while (stack.Count > 0)
        {
            var unit = stack.Pop();
            order.Add(unit);
            if (children.TryGetValue(unit.Id, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    stack.Push(kids[i]);
                }
            }
        }
        return [.. order];
    }
}

/// <summary>
/// How many expected units reported (<see cref="Expected"/> is 0 when nobody is expected to), and how many of the
/// unit-periods they owe — each unit's months of a year for an element reported monthly, its June and December for one
/// reported twice a year, its last owed month for a stock — were reported: a year read from one month of twelve has
/// <see cref="Coverage"/> 1/12 and is <see cref="IsPartial"/>.
/// </summary>
public readonly record struct Completeness(int Reported, int Expected, int ReportedParts = 0, int ExpectedParts = 0)
{
    /// <summary>Reported ÷ expected unit-periods, 0–1; null when nothing is expected.</summary>
    public decimal? Coverage => ExpectedParts == 0 ? null : Math.Round((decimal)ReportedParts / ExpectedParts, 4);

    public bool IsPartial => ExpectedParts > 0 && ReportedParts < ExpectedParts;
}
