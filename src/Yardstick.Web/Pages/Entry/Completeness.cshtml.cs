using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data;
using Yardstick.Data.Reporting;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// 报送完整性: for one data set and a unit, a grid of its children (or itself) × the periods of a year coloured by the
/// state of each report, and per period the subtree's expected, reported, on-time and approved counts.
/// </summary>
public sealed class CompletenessModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<DataSet> DataSets { get; private set; } = [];
    public DataSet? DataSet { get; private set; }
    public OrgUnit? Unit { get; private set; }
    public UnitPicker Picker { get; private set; } = new([], null, null);
    public int Year { get; private set; }

    /// <summary>Today in Beijing: a period that has not ended yet owes nothing, and says so rather than "未填报".</summary>
    public DateOnly Today { get; private set; }
    public IReadOnlyList<Period> Periods { get; private set; } = [];

    /// <summary>Rows of the grid: the unit's children (itself when it has none), each with its state per period.</summary>
    public List<(OrgUnit Unit, Dictionary<Period, ReportStatus> Cells)> Rows { get; } = [];
    public Dictionary<Period, Completeness> Totals { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? dataset, string? orgunit, int? year, CancellationToken ct)
    {
        var today = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
        Today = today;
        DataSets = await ReportingCycle.ListAsync(db, ct);
        DataSet = DataSets.FirstOrDefault(d => d.Code == dataset) ?? DataSets.FirstOrDefault();
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        Unit = found!;
        Picker = new UnitPicker(await me.PickerAsync(Unit, Request.Query["q"], ct), Unit, Request.Query["q"]);
        Year = year is >= 1900 and <= 2999 ? year.Value : today.Year;
        if (DataSet is null)
        {
            return Page();
        }
        Periods = [.. Period.InYear(DataSet.PeriodType, Year)];
        var unitId = Unit.Id;
        var children = (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == unitId).OrderBy(u => u.Code).ToListAsync(ct)).Where(u => u.Kind.IsArea()).ToList();
        var rows = children.Count > 0 ? children : [Unit];
        foreach (var unit in rows)
        {
            Rows.Add((unit, []));
        }
        foreach (var period in Periods)
        {
            Totals[period] = await Completeness.OfAsync(db, DataSet, Unit, period, today, ct);
            var statuses = await ReportingCycle.StatusAsync(db, DataSet, rows, period, ct);
            for (var i = 0; i < rows.Count; i++)
            {
                Rows[i].Cells[period] = statuses[i];
            }
        }
        return Page();
    }
}
