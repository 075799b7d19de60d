using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Reports;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Reports;

/// <summary>The reports of issue 5 in the browser: the 考核 table and chart, and the .docx/.xlsx documents to download.</summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public IReadOnlyList<Plan> Plans { get; private set; } = [];
    public UnitPicker Picker { get; private set; } = new([], null, null);
    public string? PlanCode { get; private set; }
    public OrgUnit? Unit { get; private set; }

    /// <summary>The org-unit group chosen: the reports, the 考核 and the 通报 are then of its members inside the unit (and each child).</summary>
    public Data.OrgUnits.ChosenGroup? Group { get; private set; }
    public int Year { get; private set; }
    public ScorecardReport? Scorecard { get; private set; }
    public object ScoreChart { get; private set; } = new { };
    public string? Error { get; private set; }
    public Assessment? Assessment { get; private set; }
    public bool HasScheme { get; private set; }

    /// <summary>The 考核 of the level above that scores this unit, once published.</summary>
    public (OrgUnit Unit, Assessment Assessment)? Above { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? plan, string? orgunit, int? year, string? group, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct, group) is { } refused)
        {
            return refused;
        }
        if (PlanCode is null)
        {
            Error = "还没有含目标的规划。";
            return Page();
        }
        var chosen = Plans.First(p => p.Code == PlanCode);
        Assessment = await Assessments.GetAsync(db, chosen.Id, Unit!.Id, Year, ct);
        HasScheme = await Assessments.SchemeCsvAsync(db, chosen.Id, Unit.Id, Year, ct) is not null;
        // A unit scored by the level above sees that 考核 once it is published.
        if (Unit.ParentId is { } parentId && await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Id == parentId, ct) is { } parent
            && await Assessments.GetAsync(db, chosen.Id, parent.Id, Year, ct) is { } above)
        {
            Above = (parent, above);
        }
        var (report, problem) = await ScorecardReport.BuildAsync(db, live, PlanCode, Unit.Code, Year, await Assessments.SchemeAsync(db, chosen.Id, Unit.Id, Year, ct), LocalClock.Today(time), ct,
            Group?.Group.Code);
        Scorecard = report;
        Error = problem;
        if (report is not null)
        {
            ScoreChart = new
            {
                tooltip = new { trigger = "axis" },
                grid = new { left = 8, right = 40, top = 10, bottom = 30, containLabel = true },
                xAxis = new { type = "value", max = 100 },
                yAxis = new { type = "category", inverse = true, data = report.Units.Select(u => u.OrgUnitName) },
                series = new[] { new { type = "bar", data = report.Units.Select(u => u.Total), label = new { show = true, position = "right" }, itemStyle = new { color = "#2563eb" } } },
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnGetReportAsync(string? plan, string? orgunit, int? year, string kind, string format, bool? chart, string? group, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct, group) is { } refused)
        {
            return refused;
        }
        var reportKind = kind switch { "midterm" => ReportKind.Midterm, "final" => ReportKind.Final, _ => ReportKind.Monitoring };
        var (report, problem) = await PlanReport.BuildAsync(db, live, PlanCode ?? "", Unit!.Code, Year, reportKind, LocalClock.Today(time), Group?.Group.Code, cancellationToken: ct);
        if (report is null)
        {
            return NotFound(problem ?? "");
        }
        var (extension, type) = format switch { "xlsx" => (".xlsx", Xlsx), "pdf" => (".pdf", "application/pdf"), _ => (".docx", Docx) };
        return await FileFromAsync(extension, path => ReportDocuments.WriteAsync(path, report, ct, chart ?? true),
            $"{Group?.Label(Unit) ?? Unit.Name}{PlanReport.Title(reportKind, Year)}{extension}", type, ct);
    }

    public async Task<IActionResult> OnGetScorecardAsync(string? plan, string? orgunit, int? year, string? group, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct, group) is { } refused)
        {
            return refused;
        }
        var stored = Plans.FirstOrDefault(p => p.Code == PlanCode) is { } chosen ? await Assessments.SchemeAsync(db, chosen.Id, Unit!.Id, Year, ct) : null;
        var (report, problem) = await ScorecardReport.BuildAsync(db, live, PlanCode ?? "", Unit!.Code, Year, stored, LocalClock.Today(time), ct, Group?.Group.Code);
        if (report is null)
        {
            return NotFound(problem ?? "");
        }
        return await FileFromAsync(".xlsx", path => { XlsxWriter.Write(path, report.Sheets()); return Task.FromResult<string?>(null); },
            $"{report.OrgUnitName}{Year}年考核.xlsx", Xlsx, ct);
    }

    public async Task<IActionResult> OnGetNoticeAsync(string? plan, string? orgunit, int? year, string? tasksource, string? group, CancellationToken ct)
    {
        if (await LoadAsync(plan, orgunit, year, ct, group) is { } refused)
        {
            return refused;
        }
        // An unknown source names the plan's tasks, as the 通报 always has.
        var source = Core.Tasks.TaskSources.TryParse(tasksource, out var from) ? from : null;
        var (notice, problem) = await NoticeReport.BuildAsync(db, live, PlanCode ?? "", Unit!.Code, Year, LocalClock.Today(time), ct, source, Group?.Group.Code);
        if (notice is null)
        {
            return NotFound(problem ?? "");
        }
        return await FileFromAsync(".docx", path => { notice.WriteDocx(path); return Task.FromResult<string?>(null); },
            $"{notice.Subject ?? Unit.Name}{Year}年通报.docx", Docx, ct);
    }

    private async Task<IActionResult> FileFromAsync(string extension, Func<string, Task<string?>> write, string name, string type, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"yardstick-{Guid.NewGuid():N}{extension}");
        try
        {
            await write(path);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), type, name);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private async Task<IActionResult?> LoadAsync(string? plan, string? orgunit, int? year, CancellationToken ct, string? group = null)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Plans = await Screens.PlansWithTargetsAsync(db, ct);
        PlanCode = (Plans.FirstOrDefault(p => p.Code == plan) ?? Plans.FirstOrDefault())?.Code;
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var unit = found!;
        Unit = unit;
        Year = year ?? Screens.DefaultYear(live, time, unit);
        group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
        if (group is not null)
        {
            (Group, _) = await Data.OrgUnits.OrgUnitGroups.FindAsync(db, group, ct);
            if (Group is null)
            {
                return NotFound();
            }
        }
        Picker = new UnitPicker([.. (await me.PickerAsync(unit, Request.Query["q"], ct)).Where(u => u.Kind is not (OrgUnitKind.Facility or OrgUnitKind.Department))], unit, Request.Query["q"],
            await me.GroupChoicesAsync(Request.Query["q"], group, ct), group);
        return null;
    }
}
