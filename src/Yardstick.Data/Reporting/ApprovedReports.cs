using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;

namespace Yardstick.Data.Reporting;

/// <summary>
/// 只统计已审核数据 read from the store: which reports are approved at a level, as the <see cref="ApprovedValues"/> a question
/// evaluates with. Read for each question (one query over the reports of the years asked), so it is as fresh as the last
/// committed approval step.
/// </summary>
public static class ApprovedReports
{
    /// <summary>
    /// The level a view asks for: a tier (市, 县, level:2, 2 …) — reports approved by that level —, or 全部/final/是 — reports
    /// approved by every level (the final approval). False for anything else.
    /// </summary>
    public static bool TryParseLevel(string? text, out OrgUnitKind? tier)
    {
        tier = null;
        var s = Core.Text.InputText.Normalize(text ?? "").ToLowerInvariant();
        if (s is "全部" or "final" or "是" or "true" or "yes" or "1" or "已审核")
        {
            return true;
        }
        var word = s.StartsWith(DataSet.LevelPrefix, StringComparison.Ordinal) ? s[DataSet.LevelPrefix.Length..] : s.TrimEnd('级');
        if (OrgUnitKinds.TryParse(word, out var kind) && kind is not OrgUnitKind.Department)
        {
            tier = kind;
            return true;
        }
        return false;
    }

    /// <summary>"市已审核", or "最终审核" for reports approved by every level.</summary>
    public static string LevelText(OrgUnitKind? tier) => tier is { } t ? ApprovalLevels.ApprovedAt(t) : "最终审核通过";

    /// <summary>
    /// For the elements data sets collect, the (unit, period) reports approved at <paramref name="tier"/> (null: fully
    /// approved) in <paramref name="firstYear"/>–<paramref name="lastYear"/>. A report is approved at a tier when that tier has
    /// approved it or it is approved outright (a data set without levels; a unit none of whose levels is that tier).
    /// </summary>
    public static async Task<ApprovedValues> ReadAsync(YardstickDb db, IReadOnlyCollection<string> elementCodes, OrgUnitKind? tier, int firstYear, int lastYear,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(elementCodes);
        var sets = (await db.DataSets.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(s => s.Id).ToList();
        // An element collected by several sets is read by the first that collects it.
        var setOf = new Dictionary<string, DataSet>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var code in set.ElementCodes.Where(elementCodes.Contains))
            {
                setOf.TryAdd(code, set);
            }
        }
        var setIds = setOf.Values.Select(s => s.Id).Distinct().ToList();
        var (from, to) = (firstYear * 100 + 1, lastYear * 100 + 99); // yyyymm, or yyyyww for weeks
        var (submitted, approved) = (ReportState.Submitted.Word(), ReportState.Approved.Word());
        var reports = await db.DataSetReports.AsNoTracking()
            .Where(r => setIds.Contains(r.DataSetId) && r.PeriodStart >= from && r.PeriodStart <= to && (r.State == approved || r.State == submitted))
            .ToListAsync(cancellationToken);
        var unitIds = reports.Select(r => r.OrgUnitId).Distinct().ToList();
        var units = new Dictionary<int, OrgUnit>();
        foreach (var chunk in unitIds.Chunk(1000))
        {
            foreach (var unit in await db.OrgUnits.AsNoTracking().Where(u => chunk.Contains(u.Id)).ToListAsync(cancellationToken))
            {
                units[unit.Id] = unit;
            }
        }
        var approvedBySet = setIds.ToDictionary(id => id, _ => new List<(int, Period)>());
        var byId = setOf.Values.DistinctBy(s => s.Id).ToDictionary(s => s.Id);
        foreach (var r in reports)
        {
            if (!units.TryGetValue(r.OrgUnitId, out var unit))
            {
                continue;
            }
            var set = byId[r.DataSetId];
            var state = r.RecordedState;
            var levels = ApprovalLevels.For(set.ApprovalTiers, unit);
            var at = tier is { } t ? ApprovalLevels.IndexOf(levels, t) : -1;
            if (state == ReportState.Approved || (state == ReportState.Submitted && at >= 0 && at < r.ApprovedLevels))
            {
                approvedBySet[set.Id].Add((unit.Id, Period.FromKey(set.PeriodType, r.PeriodStart)));
            }
        }
        return new ApprovedValues(LevelText(tier), setOf.Select(p => (p.Key, p.Value.PeriodType, (IEnumerable<(int, Period)>)approvedBySet[p.Value.Id])));
    }
}
