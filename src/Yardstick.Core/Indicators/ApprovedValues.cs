using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <summary>
/// 只统计已审核数据: which values a figure may read when only approved data count. An element a data set collects counts
/// only in the reports (unit, period of the set's type) approved at the level asked; an element no data set collects has
/// no report to approve and always counts. Built for each question from the reports as stored, so an approval or an
/// unapproval committed a moment ago is already in it.
/// </summary>
public sealed class ApprovedValues
{
    private readonly Dictionary<string, (PeriodType Type, HashSet<(int Unit, int Start)> Approved)> _byElement;

    /// <param name="level">The level asked, in words (市已审核), for the line every screen writes under the figures.</param>
    public ApprovedValues(string level, IEnumerable<(string ElementCode, PeriodType Type, IEnumerable<(int UnitId, Period Period)> Approved)> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Level = level;
        _byElement = new Dictionary<string, (PeriodType, HashSet<(int, int)>)>(StringComparer.Ordinal);
        foreach (var (code, type, approved) in elements)
        {
            _byElement.TryAdd(code, (type, [.. approved.Select(a => (a.UnitId, a.Period.Key))]));
        }
    }

    /// <summary>"市已审核": how far a report must have gone for its values to count.</summary>
    public string Level { get; }

    /// <summary>The line under figures read this way: 只统计已审核数据 (市已审核): 未审核的报表数据不计入.</summary>
    public string Note => $"只统计已审核数据 ({Level}): 尚未审核到这一级的报表, 其数据不计入";

    /// <summary>Whether the element's values are filtered at all (a data set collects it), and the set's period type.</summary>
    public bool Filters(string elementCode, out PeriodType type)
    {
        if (_byElement.TryGetValue(elementCode, out var entry))
        {
            type = entry.Type;
            return true;
        }
        type = default;
        return false;
    }

    /// <summary>Whether the unit's report of <paramref name="period"/> (a period of the set's type) is approved at the level.</summary>
    public bool IsApproved(string elementCode, int unitId, Period period) =>
        !_byElement.TryGetValue(elementCode, out var entry) || entry.Approved.Contains((unitId, period.Key));
}
