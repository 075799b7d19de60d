using System.Collections.Concurrent;
using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

public sealed partial class IndicatorEngine
{
    /// <summary>Per (unit, last ended year), the default year found and the data version it was found on.</summary>
    private readonly ConcurrentDictionary<(int Unit, int LastEnded), (long Version, int Year)> _defaultYears = new();

    /// <summary>Counts every change of the values or data sets, so an answer worked out from them knows when it is stale.</summary>
    private long _version;

    private void Changed() => Interlocked.Increment(ref _version);

    /// <summary>The last calendar year that has ended where the commission is (<see cref="LocalClock"/>): on 2026-12-07 in Beijing, 2025.</summary>
    public static int LastEndedYear(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return LocalClock.Day(time.GetUtcNow()).Year - 1;
    }

    /// <summary>
    /// The year every screen opens on for a unit (总览, 指标, 规划, 报告与考核): the latest year that can be judged. That is the
    /// latest year that has ended (<see cref="LastEndedYear"/>) whose figures under the unit are complete — some unit reported
    /// and none owes a month, quarter or year it has not (the same counting as <see cref="CompletenessOf"/>, over every
    /// element); when no ended year is complete, the latest ended year holding any figure for the unit; when none holds
    /// one, the last ended year. A figure for a year not yet over (a 2026年11月 monthly form in December 2026) never moves
    /// it: that year is still being reported, and opening on it would show every target without a judgement. Remembered
    /// until a value or data set changes.
    /// </summary>
    public int DefaultYear(int orgUnitId, TimeProvider time)
    {
        var lastEnded = LastEndedYear(time);
        if (!_unitIndex.TryGetValue(orgUnitId, out var u))
        {
            return lastEnded;
        }
        var version = Interlocked.Read(ref _version);
        if (_defaultYears.TryGetValue((orgUnitId, lastEnded), out var known) && known.Version == version)
        {
            return known.Year;
        }
        var year = FindDefaultYear(u, lastEnded);
        _defaultYears[(orgUnitId, lastEnded)] = (version, year);
        return year;
    }

    private int FindDefaultYear(int u, int lastEnded)
    {
        int? anyFigure = null;
        var elements = Enumerable.Range(0, _elements.Length).ToArray();
        for (var year = Math.Min(lastEnded, LastYear); year >= FirstYear; year--)
        {
            if (!_raw.Any(r => r.HasYear(year - FirstYear)))
            {
                continue;
            }
            var table = new CompletenessTable(elements, Period.OfYear(year), _units.Length);
            int reported = 0, expectedParts = 0, reportedParts = 0;
            for (var x = u; x < _subtreeEnd[u]; x++)
            {
                var own = Reporting(table, x);
                reported += own.Reported;
                expectedParts += own.ExpectedParts;
                reportedParts += own.ReportedParts;
            }
            if (reported == 0)
            {
                continue;
            }
            if (reportedParts >= expectedParts)
            {
                return year;
            }
            anyFigure ??= year;
        }
        return anyFigure ?? lastEnded;
    }
}
