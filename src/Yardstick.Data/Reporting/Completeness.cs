using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;

namespace Yardstick.Data.Reporting;

/// <summary>
/// Completeness and timeliness of a data set for a unit's whole subtree and one period (DHIS2's reporting rate): units
/// expected to report (assigned and open), reported (上报 or 审核通过), on time (first 上报 by the due date), approved;
/// and who is missing or late, by name, for the reports and the 通报.
/// </summary>
public sealed record Completeness(int Expected, int Reported, int OnTime, int Approved, IReadOnlyList<OrgUnit> Missing, IReadOnlyList<OrgUnit> Late)
{
    /// <summary>Expected units that have not reported although the due date has passed.</summary>
    public int Overdue { get; init; }

    public double? Rate => Expected == 0 ? null : (double)Reported / Expected;
    public double? TimelyRate => Expected == 0 ? null : (double)OnTime / Expected;

    public static async Task<Completeness> OfAsync(YardstickDb db, DataSet dataSet, OrgUnit root, Period period, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentNullException.ThrowIfNull(root);
        var path = root.Path;
        var units = (await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(path)).ToListAsync(cancellationToken))
            .Where(u => dataSet.IsAssigned(u, period)).OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
        var start = period.Year * 100 + period.StartMonth;
        var reports = (await db.DataSetReports.AsNoTracking().Where(r => r.DataSetId == dataSet.Id && r.PeriodStart == start).ToListAsync(cancellationToken))
            .ToDictionary(r => r.OrgUnitId);
        var due = dataSet.DueDate(period);
        int reported = 0, onTime = 0, approved = 0;
        var missing = new List<OrgUnit>();
        var late = new List<OrgUnit>();
        foreach (var unit in units)
        {
            var report = reports.GetValueOrDefault(unit.Id);
            var state = report?.RecordedState ?? ReportState.NotStarted;
            if (state is ReportState.Submitted or ReportState.Approved)
            {
                reported++;
                if (report!.FirstSubmittedAt is { } first && ReportingCycle.BeijingDay(first) <= due)
                {
                    onTime++;
                }
                else
                {
                    late.Add(unit);
                }
                approved += state == ReportState.Approved ? 1 : 0;
            }
            else
            {
                missing.Add(unit);
            }
        }
        return new Completeness(units.Count, reported, onTime, approved, missing, late) { Overdue = today > due ? missing.Count : 0 };
    }
}
