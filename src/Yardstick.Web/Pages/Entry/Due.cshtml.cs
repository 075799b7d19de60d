using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data;
using Yardstick.Data.Reporting;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// The reporter's home (我的报表): the forms owed now — each data set's last ended period for every assigned unit of the
/// user's scope — with state and days left, returned forms first; and for reviewers the reports waiting for them.
/// </summary>
public sealed class DueModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    /// <summary>More units than this in a scope and the list says how many and points to the completeness grid.</summary>
    public const int MaxRows = 200;

    public sealed record Row(DataSet DataSet, ReportStatus Status, int DaysLeft);

    public List<Row> Owed { get; } = [];
    public List<Row> ToReview { get; } = [];
    public int Hidden { get; private set; }
    public bool NoDataSets { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
        var sets = await ReportingCycle.ListAsync(db, ct);
        NoDataSets = sets.Count == 0;
        if (await me.ScopeAsync(ct) is not { } scope)
        {
            return;
        }
        var path = scope.Path;
        var units = await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(path)).OrderBy(u => u.Path).ToListAsync(ct);
        foreach (var set in sets)
        {
            // The last period that has ended: its forms are the ones due now.
            var period = Previous(set.PeriodOf(Today));
            var assigned = units.Where(u => set.IsAssigned(u, period)).ToList();
            if (me.CanWriteData)
            {
                Hidden += Math.Max(0, assigned.Count - MaxRows);
                foreach (var status in await ReportingCycle.StatusAsync(db, set, [.. assigned.Take(MaxRows)], period, ct))
                {
                    Owed.Add(new Row(set, status, status.DueDate.DayNumber - Today.DayNumber));
                }
            }
            if (me.CanReview)
            {
                var below = assigned.Where(u => u.Id != scope.Id).ToList();
                foreach (var status in (await ReportingCycle.StatusAsync(db, set, below, period, ct)).Where(s => s.State == ReportState.Submitted).Take(MaxRows))
                {
                    ToReview.Add(new Row(set, status, status.DueDate.DayNumber - Today.DayNumber));
                }
            }
        }
        Owed.Sort((a, b) => Order(a).CompareTo(Order(b)));
    }

    /// <summary>Returned first, then not yet submitted (soonest due first), then the rest.</summary>
    private static (int, int) Order(Row r) => (r.Status.State switch
    {
        ReportState.Returned => 0,
        ReportState.NotStarted or ReportState.Saved => 1,
        ReportState.Submitted or ReportState.Approved => 2,
        _ => throw new UnreachableException(),
    }, r.DaysLeft);

    private static Period Previous(Period period) => period.Previous();

    public static string DaysText(int days) => days switch
    {
        > 0 => $"还有 {days} 天",
        0 => "今天截止",
        _ => $"逾期 {-days} 天",
    };
}
