using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// The forms the entry page offers: the stored data sets (数据集, with their timetable and the reporting cycle) first; then
/// one per plan with targets (the elements its indicators are computed from, in the order of its targets) and "all" —
/// free forms with no cycle, for the commission's own figures.
/// </summary>
public static class DataSets
{
    public const string All = "all";

    /// <summary>A form: its elements in order, and the stored data set behind it when it has one.</summary>
    public sealed record DataSet(string Code, string Name, IReadOnlyList<DataElement> Elements, Core.Reporting.DataSet? Stored = null);

    public static async Task<IReadOnlyList<(string Code, string Name)>> ListAsync(YardstickDb db, CancellationToken ct)
    {
        var stored = await Data.Reporting.ReportingCycle.ListAsync(db, ct);
        var plans = await Screens.PlansWithTargetsAsync(db, ct);
        return [.. stored.Select(d => (d.Code, $"{d.Name} ({d.PeriodType.Chinese()}报)")), .. plans.Select(p => (p.Code, $"{p.Name} 指标数据")), (All, "全部数据元")];
    }

    /// <summary>The last period of the set's type that has ended by <paramref name="today"/>: the one being reported now.</summary>
    public static Period LastEnded(Core.Reporting.DataSet set, DateOnly today) => set.PeriodOf(set.PeriodOf(today).Start.AddDays(-1));

    /// <summary>The stored data sets <paramref name="unit"/> owes, each with the period it reports now, soonest due first.</summary>
    public static IReadOnlyList<(Core.Reporting.DataSet Set, Period Period)> Owed(IEnumerable<Core.Reporting.DataSet> sets, OrgUnit unit, DateOnly today) =>
        [.. sets.Select(s => (Set: s, Period: LastEnded(s, today))).Where(o => o.Set.IsAssigned(unit, o.Period))
            .OrderBy(o => o.Set.DueDate(o.Period)).ThenBy(o => o.Set.Code, StringComparer.Ordinal)];

    public static async Task<DataSet> GetAsync(YardstickDb db, string? code, CancellationToken ct)
    {
        var elements = await db.DataElements.AsNoTracking().ToListAsync(ct);
        if (string.IsNullOrWhiteSpace(code) && (await Data.Reporting.ReportingCycle.ListAsync(db, ct)).FirstOrDefault() is { } first)
        {
            code = first.Code;
        }
        if (await Data.Reporting.ReportingCycle.FindAsync(db, code, ct) is { } stored)
        {
            var known = elements.ToDictionary(e => e.Code, StringComparer.Ordinal);
            return new DataSet(stored.Code, stored.Name, [.. stored.ElementCodes.Where(known.ContainsKey).Select(c => known[c])], stored);
        }
        var plan = code == All ? null : await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct)
            ?? (await Screens.PlansWithTargetsAsync(db, ct)).FirstOrDefault();
        if (plan is null)
        {
            return new DataSet(All, "全部数据元", [.. elements.OrderBy(e => e.Code, StringComparer.Ordinal)]);
        }
        var indicatorIds = await db.Targets.AsNoTracking().Where(t => t.PlanId == plan.Id).OrderBy(t => t.Id).Select(t => t.IndicatorId).ToListAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var byCode = elements.ToDictionary(e => e.Code, StringComparer.Ordinal);
        var ordered = indicatorIds.Distinct().Where(indicators.ContainsKey).SelectMany(id => indicators[id].DataElementCodes)
            .Distinct(StringComparer.Ordinal).Where(byCode.ContainsKey).Select(c => byCode[c]).ToList();
        return new DataSet(plan.Code, $"{plan.Name} 指标数据", ordered);
    }
}
