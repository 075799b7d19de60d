using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Values;

/// <summary>An indicator's value for one org unit and period, with the numbers behind it.</summary>
public sealed record IndicatorEvaluation(Indicator Indicator, OrgUnit OrgUnit, Period Period, IndicatorValue Value, Completeness Completeness);

/// <summary>
/// The questions every screen, report and command asks of the store: what is this indicator's value here
/// and now, and how do this plan's targets stand. Unknown codes come back as a message, not an exception.
/// </summary>
public static class Evaluations
{
    public static async Task<(IndicatorEvaluation? Result, string? Error)> IndicatorAsync(YardstickDb db, IEngineSource engines, string indicatorCode,
        string orgUnitCode, Period period, CancellationToken cancellationToken = default)
    {
        var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Code == indicatorCode, cancellationToken);
        if (indicator is null)
        {
            return (null, $"未知的指标代码 \"{indicatorCode}\"");
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == orgUnitCode, cancellationToken);
        if (unit is null)
        {
            return (null, $"未知的组织机构代码 \"{orgUnitCode}\"");
        }
        // The year before is loaded too, so that a unit that reported last year and not this one counts as missing; a 妇幼
        // year reaches into the next.
        ArgumentNullException.ThrowIfNull(engines);
        return (await engines.ReadAsync(db, [indicator], period.Year - 1, period.EndIndex / 12, engine => new IndicatorEvaluation(indicator, unit, period,
            engine.Evaluate(indicator, unit.Id, period), engine.CompletenessOf(indicator, unit.Id, period)), cancellationToken), null);
    }

    /// <summary>The plan's targets judged for the org unit in <paramref name="year"/>, then for each open child if asked.</summary>
    public static async Task<(IReadOnlyList<PlanEvaluationRow>? Rows, string? Error)> PlanAsync(YardstickDb db, IEngineSource engines, string planCode,
        string orgUnitCode, int year, bool children, CancellationToken cancellationToken = default)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (plan is null)
        {
            return (null, $"未知的规划代码 \"{planCode}\"");
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == orgUnitCode, cancellationToken);
        if (unit is null)
        {
            return (null, $"未知的组织机构代码 \"{orgUnitCode}\"");
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
        ArgumentNullException.ThrowIfNull(engines);
        return (await engines.ReadAsync(db, indicators.Values.ToList(), Math.Min(years.Min(), year - 1), years.Max(),
            engine => PlanEvaluation.Evaluate(engine, targets, indicators, units, year, plan.Warnings), cancellationToken), null);
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
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (plan is null)
        {
            return (null, $"未知的规划代码 \"{planCode}\"");
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == orgUnitCode, cancellationToken);
        if (unit is null)
        {
            return (null, $"未知的组织机构代码 \"{orgUnitCode}\"");
        }
        return (await Documents.DocumentTargets.JudgeAsync(db, engines, plan, unit, year, cancellationToken), null);
    }
}
