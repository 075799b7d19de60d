using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <summary>Values of several indicators for every org unit and several periods, as the engine computed them.</summary>
public sealed class IndicatorTable
{
    private readonly IndicatorValue[][] _columns;
    private readonly Dictionary<int, int> _unitIndex;

    internal IndicatorTable(IReadOnlyList<Indicator> indicators, IReadOnlyList<Period> periods, IReadOnlyList<OrgUnit> units)
    {
        Indicators = indicators;
        Periods = periods;
        Units = units;
        _unitIndex = new Dictionary<int, int>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            _unitIndex[units[i].Id] = i;
        }
        _columns = new IndicatorValue[indicators.Count * periods.Count][];
        for (var i = 0; i < _columns.Length; i++)
        {
            _columns[i] = new IndicatorValue[units.Count];
        }
    }

    public IReadOnlyList<Indicator> Indicators { get; }
    public IReadOnlyList<Period> Periods { get; }
    public IReadOnlyList<OrgUnit> Units { get; }

    public IndicatorValue this[int indicator, int period, int orgUnitId] => _columns[indicator * Periods.Count + period][_unitIndex[orgUnitId]];

    /// <summary>Values of one indicator and period for every unit, in <see cref="Units"/> order.</summary>
    public ReadOnlySpan<IndicatorValue> ValuesOf(int indicator, int period) => _columns[indicator * Periods.Count + period];

    internal IndicatorValue[] Column(int indicator, int period) => _columns[indicator * Periods.Count + period];
}
