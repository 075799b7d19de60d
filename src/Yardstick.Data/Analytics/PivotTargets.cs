using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data.Values;

namespace Yardstick.Data.Analytics;

/// <summary>
/// A plan's targets beside a pivot's figures (issue 28): for each cell of an indicator the plan targets, at a unit, in a
/// year, the plan's evaluation row for that unit and year — its target and its status by the one status rule
/// (<see cref="Evaluations.PlanAsync(YardstickDb, IEngineSource, string, string, int, bool, CancellationToken)"/>, as the
/// dashboard judges it). A quarter or a month is not judged (targets are yearly), nor a cell summed over a filter of several
/// units or years.
/// </summary>
public static class PivotTargets
{
    /// <summary>How many (unit, year) pairs one table judges; a bigger table shows the first ones' statuses and says so.</summary>
    public const int MostJudged = 200;

    /// <summary>The plan as the pivot needs it: its name and its years (规划期), or null for an unknown code.</summary>
    public static async Task<Plan?> PlanAsync(YardstickDb db, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
    }

    /// <summary>
    /// The evaluation rows behind the table's cells, by (data code, unit code, year), and whether some pairs were left out
    /// (over <see cref="MostJudged"/>).
    /// </summary>
    public static async Task<(IReadOnlyDictionary<(string Data, string Unit, int Year), PlanEvaluationRow> Rows, bool Cut)> ReadAsync(YardstickDb db, IEngineSource engines,
        string planCode, PivotTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(table);
        var targeted = await (from t in db.Targets.AsNoTracking()
                              join p in db.Plans.AsNoTracking() on t.PlanId equals p.Id
                              join i in db.Indicators.AsNoTracking() on t.IndicatorId equals i.Id
                              where p.Code == planCode
                              select i.Code).Distinct().ToListAsync(cancellationToken);
        var pairs = new List<(string Unit, int Year)>();
        foreach (var row in table.Rows.Where(r => r.Kind == PivotRowKind.Item))
        {
            foreach (var column in table.ColumnKeys)
            {
                var at = table.Coordinates(row.Items, column);
                if (at.TryGetValue("dx", out var data) && targeted.Contains(data) && at.TryGetValue("ou", out var unit) && at.TryGetValue("pe", out var period)
                    && Period.TryParse(period, out var p) && p.Type == PeriodType.Year)
                {
                    pairs.Add((unit, p.Year));
                }
            }
        }
        pairs = [.. pairs.Distinct()];
        var found = new Dictionary<(string, string, int), PlanEvaluationRow>();
        foreach (var (unit, year) in pairs.Take(MostJudged))
        {
            var (rows, _) = await Evaluations.PlanAsync(db, engines, planCode, unit, year, children: false, cancellationToken);
            foreach (var row in (rows ?? []).Where(r => r.OrgUnit.Code == unit))
            {
                found[(row.Indicator.Code, unit, year)] = row;
            }
        }
        return (found, pairs.Count > MostJudged);
    }
}
