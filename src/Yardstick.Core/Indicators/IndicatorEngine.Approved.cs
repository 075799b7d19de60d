using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <summary>
/// Figures read from approved values only (<see cref="ApprovedValues"/>). A unit's own figure for a filtered element keeps
/// the periods of the data set's type whose report is approved: all of them — its usual figure —, none — no figure —, or
/// some: those periods' own figures summed, averaged or (a stock) the last one. The rest is the usual roll-up. Built per
/// question and never kept: the reports move independently of the values, and the question holds the reports as they are.
/// </summary>
public sealed partial class IndicatorEngine
{
    private Aggregate ApprovedAggregateOf(int e, Period period, ApprovedValues approved)
    {
        var code = _elements[e].Code;
        if (!approved.Filters(code, out var setType))
        {
            return AggregateOf(e, period);
        }
        var time = _elements[e].TimeAggregation;
        var scale = _raw[e].Scale;
        // The set's periods the asked one is made of; a period shorter than the set's counts when the report holding it does.
        // Types that neither nest (a 妇幼 year and a calendar year): the figure counts whole when every report it overlaps is
        // approved, else not at all.
        var nested = Period.Fits(setType, period.Type);
        var parts = nested ? period.Split(setType).ToArray()
            : Period.Fits(period.Type, setType) ? [period.RollUpTo(setType)]
            : [.. period.Split(PeriodType.Month).Select(m => m.RollUpTo(setType)).Distinct()];
        var whole = WindowsOf(e, period);
        var partWindows = nested && parts.Length > 1 ? parts.Select(p => WindowsOf(e, p)).ToArray() : null;
        var aggregate = new Aggregate(period, _units.Length, scale: null);
        Span<bool> ok = parts.Length <= 64 ? stackalloc bool[parts.Length] : new bool[parts.Length];
        for (var u = 0; u < _units.Length; u++)
        {
            var id = _units[u].Id;
            var approvedParts = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                ok[i] = approved.IsApproved(code, id, parts[i]);
                approvedParts += ok[i] ? 1 : 0;
            }
            if (approvedParts == parts.Length)
            {
                var (own, has) = OwnValue(whole, time, scale, u);
                aggregate.SetOwn(u, own, has);
                continue;
            }
            if (approvedParts == 0 || partWindows is null)
            {
                aggregate.SetOwn(u, 0, false);
                continue;
            }
            var total = 0m;
            var count = 0;
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (!ok[i])
                {
                    continue;
                }
                var (value, has) = OwnValue(partWindows[i], time, scale, u);
                if (!has)
                {
                    continue;
                }
                // Walked from the last period back: a stock's figure is the latest approved one.
                total += value;
                count++;
                if (time == TimeAggregation.Last)
                {
                    break;
                }
            }
            aggregate.SetOwn(u, count == 0 ? 0 : time == TimeAggregation.Average ? total / count : total, count > 0);
        }
        if (_elements[e].OrgUnitAggregation != OrgUnitAggregation.None)
        {
            aggregate.RollUp(_parent);
        }
        return aggregate;
    }
}
