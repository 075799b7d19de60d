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
        var start = period.Key;
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
                if (report!.FirstSubmittedAt is { } first && Yardstick.Core.Model.LocalClock.Day(first) <= due)
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

/// <summary>A unit that owed reports of a data set in a year and sent some late or not at all.</summary>
public sealed record LateReporter(OrgUnit Unit, int Missing, int Late);

/// <summary>
/// A data set's reporting over one year for a subtree, for the evaluation reports and the 通报: the periods whose due
/// date has passed by <c>today</c> (a report not yet due is neither missing nor late), the unit-periods owed, received,
/// on time and approved, and every unit that missed or was late, worst first.
/// </summary>
public sealed record YearReporting(DataSet DataSet, int PeriodsDue, int Expected, int Reported, int OnTime, int Approved, IReadOnlyList<LateReporter> Laggards)
{
    public double? Rate => Expected == 0 ? null : (double)Reported / Expected;
    public double? TimelyRate => Expected == 0 ? null : (double)OnTime / Expected;

    /// <summary>Every data set that some unit under <paramref name="root"/> owes in <paramref name="year"/>, by code.</summary>
    public static async Task<IReadOnlyList<YearReporting>> OfAsync(YardstickDb db, OrgUnit root, int year, DateOnly today, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(root);
        var dataSets = await db.DataSets.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        if (dataSets.Count == 0)
        {
            return [];
        }
        var path = root.Path;
        var units = (await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(path)).ToListAsync(cancellationToken))
            .OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
        var result = new List<YearReporting>();
        foreach (var dataSet in dataSets)
        {
            var periods = Period.InYear(dataSet.PeriodType, year).Where(p => dataSet.DueDate(p) < today).ToList();
            var keys = Period.InYear(dataSet.PeriodType, year).Select(p => p.Key).ToList();
            var (first, last) = (keys.Min(), keys.Max());
            var reports = (await db.DataSetReports.AsNoTracking()
                    .Where(r => r.DataSetId == dataSet.Id && r.PeriodStart >= first && r.PeriodStart <= last).ToListAsync(cancellationToken))
                .ToDictionary(r => (r.OrgUnitId, r.PeriodStart));
            int expected = 0, reported = 0, onTime = 0, approved = 0;
            var laggards = new List<LateReporter>();
            foreach (var unit in units)
            {
                int missing = 0, late = 0;
                foreach (var period in periods.Where(p => dataSet.IsAssigned(unit, p)))
                {
                    expected++;
                    var report = reports.GetValueOrDefault((unit.Id, period.Key));
                    if (report?.RecordedState is not (ReportState.Submitted or ReportState.Approved))
                    {
                        missing++;
                        continue;
                    }
                    reported++;
                    approved += report.RecordedState == ReportState.Approved ? 1 : 0;
                    if (report.FirstSubmittedAt is { } at && Yardstick.Core.Model.LocalClock.Day(at) <= dataSet.DueDate(period))
                    {
                        onTime++;
                    }
                    else
                    {
                        late++;
                    }
                }
                if (missing + late > 0)
                {
                    laggards.Add(new LateReporter(unit, missing, late));
                }
            }
            var firstPeriod = Period.InYear(dataSet.PeriodType, year).First();
            if (expected > 0 || units.Any(u => dataSet.IsAssigned(u, firstPeriod)))
            {
                result.Add(new YearReporting(dataSet, periods.Count, expected, reported, onTime, approved,
                    [.. laggards.OrderByDescending(l => l.Missing).ThenByDescending(l => l.Late).ThenBy(l => l.Unit.Path, StringComparer.Ordinal)]));
            }
        }
        return result;
    }
}
