using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Values;

/// <summary>An indicator's value for one org unit and period, with the numbers behind it.</summary>
/// <param name="Group">The org-unit group the figure is restricted to (the group's members inside the unit); null for the whole unit.</param>
/// <param name="Approved">只统计已审核数据: the values counted were only those of reports approved at this level; null for all values.</param>
public sealed record IndicatorEvaluation(Indicator Indicator, OrgUnit OrgUnit, Period Period, IndicatorValue Value, Completeness Completeness,
    OrgUnits.ChosenGroup? Group = null, ApprovedValues? Approved = null);

/// <summary>
/// The questions every screen, report and command asks of the store: what is this indicator's value here
/// and now, and how do this plan's targets stand. Unknown codes come back as a message, not an exception.
/// </summary>
public static class Evaluations
{
    public static Task<(IndicatorEvaluation? Result, string? Error)> IndicatorAsync(YardstickDb db, IEngineSource engines, string indicatorCode,
        string orgUnitCode, Period period, CancellationToken cancellationToken = default) =>
        IndicatorAsync(db, engines, indicatorCode, orgUnitCode, period, groupCode: null, approvedOnly: null, cancellationToken);

    /// <summary>
    /// The indicator for the unit, or with <paramref name="groupCode"/> over that group's members inside the unit; with
    /// <paramref name="approvedOnly"/> (a level: 市, level:2, 全部) from approved reports' values only (<see cref="Reporting.ApprovedReports"/>).
    /// </summary>
    public static async Task<(IndicatorEvaluation? Result, string? Error)> IndicatorAsync(YardstickDb db, IEngineSource engines, string indicatorCode,
        string orgUnitCode, Period period, string? groupCode, string? approvedOnly, CancellationToken cancellationToken = default)
    {
        var (indicator, unit, unknown) = await IndicatorAndUnitAsync(db, indicatorCode, orgUnitCode, cancellationToken);
        if (indicator is null || unit is null)
        {
            return (null, unknown);
        }
        OrgUnits.ChosenGroup? group = null;
        if (groupCode is not null)
        {
            var (found, problem) = await OrgUnits.OrgUnitGroups.FindAsync(db, groupCode, cancellationToken);
            if (found is null)
            {
                return (null, problem);
            }
            group = found;
        }
        var (approved, refused) = await ApprovedAsync(db, [indicator], approvedOnly, period.Year, period.EndIndex / 12, cancellationToken);
        if (refused is not null)
        {
            return (null, refused);
        }
        // The year before is loaded too, so that a unit that reported last year and not this one counts as missing; a 妇幼
        // year reaches into the next.
        ArgumentNullException.ThrowIfNull(engines);
        return (await engines.ReadAsync(db, [indicator], period.Year - 1, period.EndIndex / 12, engine => new IndicatorEvaluation(indicator, unit, period,
            engine.Evaluate(indicator, unit.Id, period, group?.Members, approved), engine.CompletenessOf(indicator, unit.Id, period, group?.Members), group, approved),
            cancellationToken), null);
    }

    /// <summary>The approved values a question reads when it asks for 只统计已审核数据 at <paramref name="level"/>; null when it does not.</summary>
    private static async Task<(ApprovedValues? Approved, string? Error)> ApprovedAsync(YardstickDb db, IReadOnlyCollection<Indicator> indicators, string? level,
        int firstYear, int lastYear, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(level))
        {
            return (null, null);
        }
        if (!Reporting.ApprovedReports.TryParseLevel(level, out var tier))
        {
            return (null, $"无法识别的审核层级 \"{Core.Model.InputLimits.Echo(level)}\" (应为 市、县、level:2 等, 或 全部 表示最终审核通过)");
        }
        var codes = indicators.SelectMany(i => i.DataElementCodes).ToHashSet(StringComparer.Ordinal);
        return (await Reporting.ApprovedReports.ReadAsync(db, codes, tier, firstYear, lastYear, cancellationToken), null);
    }

    /// <summary>The plan's targets judged for the org unit in <paramref name="year"/>, then for each open child if asked.</summary>
    public static Task<(IReadOnlyList<PlanEvaluationRow>? Rows, string? Error)> PlanAsync(YardstickDb db, IEngineSource engines, string planCode,
        string orgUnitCode, int year, bool children, CancellationToken cancellationToken = default) =>
        PlanAsync(db, engines, planCode, orgUnitCode, year, children, groupCode: null, approvedOnly: null, cancellationToken);

    /// <summary>
    /// The plan judged for the unit, or with <paramref name="groupCode"/> for that group's members inside it (and inside each
    /// child that has any: a child without a member of the group is left out).
    /// </summary>
    public static async Task<(IReadOnlyList<PlanEvaluationRow>? Rows, string? Error)> PlanAsync(YardstickDb db, IEngineSource engines, string planCode,
        string orgUnitCode, int year, bool children, string? groupCode, string? approvedOnly = null, CancellationToken cancellationToken = default)
    {
        var (plan, unit, unknown) = await PlanAndUnitAsync(db, planCode, orgUnitCode, cancellationToken);
        if (plan is null || unit is null)
        {
            return (null, unknown);
        }
        OrgUnits.ChosenGroup? group = null;
        if (groupCode is not null)
        {
            var (found, problem) = await OrgUnits.OrgUnitGroups.FindAsync(db, groupCode, cancellationToken);
            if (found is null)
            {
                return (null, problem);
            }
            group = found;
        }
        var targets = await db.Targets.AsNoTracking().Where(t => t.PlanId == plan.Id).ToListAsync(cancellationToken);
        var indicatorIds = targets.Select(t => t.IndicatorId).Distinct().ToList();
        var indicators = await db.Indicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var units = new List<OrgUnit> { unit };
        if (children)
        {
            units.AddRange(await OpenChildrenAsync(db, unit, year, cancellationToken));
        }
        var years = targets.Where(t => t.BaselineYear is not null).Select(t => t.BaselineYear!.Value).Append(year).ToList();
        // The plan's own 只统计已审核数据 holds unless the view asks for a level itself.
        var (approved, refused) = await ApprovedAsync(db, indicators.Values, approvedOnly ?? plan.ApprovedOnly, years.Min(), years.Max(), cancellationToken);
        if (refused is not null)
        {
            return (null, refused);
        }
        ArgumentNullException.ThrowIfNull(engines);
        return (await engines.ReadAsync(db, indicators.Values.ToList(), Math.Min(years.Min(), year - 1), years.Max(),
            engine => PlanEvaluation.Evaluate(engine, targets, indicators,
                group is null ? units : [.. units.Where(u => u.Id == unit.Id || engine.GroupRoots(u.Id, group.Members).Count > 0)], year, plan.Warnings, group?.Members, approved),
            cancellationToken), null);
    }

    /// <summary>
    /// A group set's breakdown under a unit: the indicator over each group of the set (its members inside the unit), one
    /// evaluation a group, by group code. In an exclusive set the groups' units do not overlap.
    /// </summary>
    public static async Task<(IReadOnlyList<IndicatorEvaluation>? Rows, string? Error)> GroupSetAsync(YardstickDb db, IEngineSource engines, string indicatorCode,
        string orgUnitCode, Period period, string groupSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var (indicator, unit, unknown) = await IndicatorAndUnitAsync(db, indicatorCode, orgUnitCode, cancellationToken);
        if (indicator is null || unit is null)
        {
            return (null, unknown);
        }
        var (set, groups, problem) = await OrgUnits.OrgUnitGroups.SetAsync(db, groupSet, cancellationToken);
        if (set is null)
        {
            return (null, problem);
        }
        return (await engines.ReadAsync(db, [indicator], period.Year - 1, period.Year, engine => groups
            .Select(g => new IndicatorEvaluation(indicator, unit, period, engine.Evaluate(indicator, unit.Id, period, g.Members),
                engine.CompletenessOf(indicator, unit.Id, period, g.Members), g))
            .ToList(), cancellationToken), null);
    }

    /// <summary>
    /// The group's part of each of <paramref name="units"/> (<see cref="IndicatorEngine.GroupRoots"/>, the one restriction): the
    /// subtrees it is made of, none for a unit without a member inside it. A 考核 or 通报 restricted to the group leaves such units
    /// out and counts tasks and reports only inside the part.
    /// </summary>
    public static Task<Dictionary<int, IReadOnlyList<OrgUnit>>> GroupPartsAsync(YardstickDb db, IEngineSource engines, IReadOnlyList<OrgUnit> units,
        OrgUnits.ChosenGroup group, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(group);
        return engines.ReadAsync(db, [], year, year, engine => units.ToDictionary(u => u.Id, u => engine.GroupRoots(u.Id, group.Members)), cancellationToken);
    }

    /// <summary>The children of <paramref name="unit"/> open during <paramref name="year"/>, by code, its departments left out: the units a 考核 ranks.</summary>
    public static async Task<IReadOnlyList<OrgUnit>> OpenChildrenAsync(YardstickDb db, OrgUnit unit, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unit);
        var period = Period.OfYear(year);
        return [.. (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == unit.Id).ToListAsync(cancellationToken))
            .Where(u => u.IsOpenDuring(period) && u.Kind.IsArea())
            .OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The plan's document targets that no stored target judges (counts, levels without an indicator, qualitative ones,
    /// the annex's rows), judged for the org unit in <paramref name="year"/> on a linked data element or the results recorded.
    /// </summary>
    public static async Task<(IReadOnlyList<Documents.DocumentTargetRow>? Rows, string? Error)> DocumentTargetsAsync(YardstickDb db, IEngineSource engines,
        string planCode, string orgUnitCode, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (plan, unit, unknown) = await PlanAndUnitAsync(db, planCode, orgUnitCode, cancellationToken);
        if (plan is null || unit is null)
        {
            return (null, unknown);
        }
        return (await Documents.DocumentTargets.JudgeAsync(db, engines, plan, unit, year, cancellationToken), null);
    }

    /// <summary>The indicator and the unit a question names, or the first of them that is unknown, said in Chinese.</summary>
    private static async Task<(Indicator? Indicator, OrgUnit? Unit, string? Unknown)> IndicatorAndUnitAsync(YardstickDb db, string indicatorCode, string orgUnitCode,
        CancellationToken cancellationToken)
    {
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Code == indicatorCode, cancellationToken);
        if (indicator is null)
        {
            return (null, null, $"未知的指标代码 \"{indicatorCode}\"");
        }
        var (unit, unknown) = await UnitAsync(db, orgUnitCode, cancellationToken);
        return (indicator, unit, unknown);
    }

    /// <summary>The plan and the unit a question names, or the first of them that is unknown, said in Chinese.</summary>
    private static async Task<(Plan? Plan, OrgUnit? Unit, string? Unknown)> PlanAndUnitAsync(YardstickDb db, string planCode, string orgUnitCode,
        CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (plan is null)
        {
            return (null, null, $"未知的规划代码 \"{planCode}\"");
        }
        var (unit, unknown) = await UnitAsync(db, orgUnitCode, cancellationToken);
        return (plan, unit, unknown);
    }

    private static async Task<(OrgUnit? Unit, string? Unknown)> UnitAsync(YardstickDb db, string orgUnitCode, CancellationToken cancellationToken) =>
        await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == orgUnitCode, cancellationToken) is { } unit
            ? (unit, null)
            : (null, $"未知的组织机构代码 \"{orgUnitCode}\"");
}
