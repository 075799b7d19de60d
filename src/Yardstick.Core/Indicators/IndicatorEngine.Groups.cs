using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <summary>
/// Figures for a unit restricted to an org-unit group ("科尔沁区 · 二级以上公立医院").
/// <para>
/// Definition: the units counted are those of the asked unit's subtree that lie in the subtree of some member of the group
/// (a member counts with everything under it, as its own figure does). Those units are the union of a few disjoint
/// subtrees — the asked unit's whole subtree when it or one of its ancestors is a member, else the subtree of each member
/// inside it that has no member above it there — so a member nested under another member is counted once, inside the
/// upper one. An element's figure is its sum (or average: sum ÷ count of reporting units) over those units; a rate is
/// the ratio of those sums, never an average of the members' rates; a non-additive element has a figure only when the
/// units make one subtree. Completeness adds the subtrees' counts the same way. A group with no member in the unit has
/// no figure.
/// </para>
/// </summary>
public sealed partial class IndicatorEngine
{
    /// <summary>The units whose subtrees make up the group's part of <paramref name="orgUnitId"/>'s subtree, in tree order.</summary>
    public IReadOnlyList<OrgUnit> GroupRoots(int orgUnitId, IReadOnlySet<int> members) =>
        _unitIndex.TryGetValue(orgUnitId, out var u) ? [.. RootsOf(u, members).Select(i => _units[i])] : [];

    /// <summary>
    /// The indicator over the group's members inside the unit (see the class's definition), from approved values only when
    /// <paramref name="approved"/> is given (<see cref="ApprovedValues"/>); neither: the unit's own figure.
    /// </summary>
    public IndicatorValue Evaluate(Indicator indicator, int orgUnitId, Period period, IReadOnlySet<int>? group, ApprovedValues? approved = null)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (group is null && approved is null)
        {
            return Evaluate(indicator, orgUnitId, period);
        }
        if (!_unitIndex.TryGetValue(orgUnitId, out var u) || !Holds(period))
        {
            return IndicatorValue.NoData;
        }
        int[] roots = group is null ? [u] : RootsOf(u, group);
        if (roots.Length == 0)
        {
            return IndicatorValue.NoData;
        }
        return indicator.Evaluate(code => ValueOver(code, period, roots, approved));
    }

    /// <summary>
    /// What a formula's reference (<see cref="SeriesNamed"/>: an element, an option, one combo) comes to over the subtrees
    /// <paramref name="roots"/>: each of its series aggregated by its element's rules — from approved values only when asked —
    /// and added; null when none has a figure.
    /// </summary>
    private decimal? ValueOver(string reference, Period period, int[] roots, ApprovedValues? approved)
    {
        if (SeriesNamed(reference) is not { } named)
        {
            return null;
        }
        decimal? total = null;
        foreach (var s in named)
        {
            var aggregate = approved is null ? AggregateOf(s, period) : ApprovedAggregateOf(s, period, approved);
            if (aggregate.ValueOver(roots, _elements[s].OrgUnitAggregation) is { } v)
            {
                total = (total ?? 0) + v;
            }
        }
        return total;
    }

    /// <summary>One element over the group's members inside the unit, from approved values only when asked; neither: the unit's own figure.</summary>
    public decimal? ElementValue(string dataElementCode, int orgUnitId, Period period, IReadOnlySet<int>? group, ApprovedValues? approved = null)
    {
        if (group is null && approved is null)
        {
            return ElementValue(dataElementCode, orgUnitId, period);
        }
        if (!_unitIndex.TryGetValue(orgUnitId, out var u) || !Holds(period))
        {
            return null;
        }
        int[] roots = group is null ? [u] : RootsOf(u, group);
        return roots.Length == 0 ? null : ValueOver(dataElementCode, period, roots, approved);
    }

    /// <summary>Reporting completeness over the group's members inside the unit: the counts of the same subtrees added.</summary>
    public Completeness CompletenessOf(Indicator indicator, int orgUnitId, Period period, IReadOnlySet<int>? group)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (group is null)
        {
            return CompletenessOf(indicator, orgUnitId, period);
        }
        if (!_unitIndex.TryGetValue(orgUnitId, out var u) || !Holds(period))
        {
            return new Completeness(0, 0);
        }
        var roots = RootsOf(u, group);
        if (roots.Length == 0)
        {
            return new Completeness(0, 0);
        }
        var table = CompletenessTableOf(indicator, period);
        int reported = 0, expected = 0, reportedParts = 0, expectedParts = 0;
        foreach (var r in roots)
        {
            reported += table.Reported[r];
            expected += table.Expected[r];
            reportedParts += table.ReportedParts[r];
            expectedParts += table.ExpectedParts[r];
        }
        return new Completeness(reported, expected, reportedParts, expectedParts);
    }

    /// <summary>
    /// The indexes of the disjoint subtrees that make the group's part of unit <paramref name="u"/>: <paramref name="u"/>
    /// itself when it or an ancestor is a member, else each member in its subtree with no member above it there.
    /// </summary>
    private int[] RootsOf(int u, IReadOnlySet<int> members)
    {
        for (var x = u; x >= 0; x = _parent[x])
        {
            if (members.Contains(_units[x].Id))
            {
                return [u];
            }
        }
        var inside = new List<int>();
        foreach (var id in members)
        {
            if (_unitIndex.TryGetValue(id, out var i) && i > u && i < _subtreeEnd[u])
            {
                inside.Add(i);
            }
        }
        inside.Sort();
        var roots = new List<int>();
        var coveredUpTo = -1;
        foreach (var i in inside)
        {
            // Pre-order: a member inside the last root's range is under it and already counted.
            if (i >= coveredUpTo)
            {
                roots.Add(i);
                coveredUpTo = _subtreeEnd[i];
            }
        }
        return [.. roots];
    }

    private sealed partial class Aggregate
    {
        /// <summary>
        /// The figure over several disjoint subtrees: sums added, an average over every reporting unit of them; a
        /// non-additive element only over one subtree.
        /// </summary>
        public decimal? ValueOver(int[] roots, OrgUnitAggregation how)
        {
            if (roots.Length == 1)
            {
                return ValueAt(roots[0], how);
            }
            if (how == OrgUnitAggregation.None)
            {
                return null;
            }
            var sum = 0m;
            var count = 0;
            foreach (var r in roots)
            {
                if (_count[r] > 0)
                {
                    sum += _sumScaled is not null ? ToDecimal(_sumScaled[r], Scale!.Value) : _sum![r];
                    count += _count[r];
                }
            }
            return count == 0 ? null : how == OrgUnitAggregation.Average ? sum / count : sum;
        }
    }
}
