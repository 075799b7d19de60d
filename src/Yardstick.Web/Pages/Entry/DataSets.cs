using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// A data set is the group of data elements one form collects. Each plan with targets gives one (the elements its
/// indicators are computed from, in the order of its targets); "all" lists every element.
/// </summary>
public static class DataSets
{
    public const string All = "all";

    public sealed record DataSet(string Code, string Name, IReadOnlyList<DataElement> Elements);

    public static async Task<IReadOnlyList<(string Code, string Name)>> ListAsync(YardstickDb db, CancellationToken ct)
    {
        var plans = await Screens.PlansWithTargetsAsync(db, ct);
        return [.. plans.Select(p => (p.Code, $"{p.Name} 指标数据")), (All, "全部数据元")];
    }

    public static async Task<DataSet> GetAsync(YardstickDb db, string? code, CancellationToken ct)
    {
        var elements = await db.DataElements.AsNoTracking().ToListAsync(ct);
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
