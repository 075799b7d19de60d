using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages;

/// <summary>The dashboard: a plan's targets for one unit of the user's scope and year, with status counts and charts.</summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time, Localization.UiText text) : PageModel
{
    public IReadOnlyList<Plan> Plans { get; private set; } = [];
    public UnitPicker Picker { get; private set; } = new([], null, null);
    public string? PlanCode { get; private set; }
    public string PlanName { get; private set; } = "";
    public OrgUnit? Unit { get; private set; }

    /// <summary>The org-unit group the figures are restricted to (its members inside the unit); null for the whole unit.</summary>
    public Data.OrgUnits.ChosenGroup? Group { get; private set; }

    /// <summary>The group carried along every link of the page (empty without one).</summary>
    public string GroupQuery => (Group is null ? "" : "&group=" + Uri.EscapeDataString(Group.Group.Code)) + (Approved is null ? "" : "&approved=" + Uri.EscapeDataString(Approved));

    /// <summary>The unit as headed: 科尔沁区, or 科尔沁区 · 二级以上公立医院.</summary>
    public string UnitLabel => Unit is null ? "" : Group?.Label(Unit) ?? Unit.Name;
    public int Year { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<PlanEvaluationRow> Own { get; private set; } = [];
    public IReadOnlyList<OrgUnit> Children { get; private set; } = [];

    /// <summary>The plan document's own targets (counts, qualitative ones, the annex), judged for the unit on what is recorded.</summary>
    public Plans.DocumentTargetsView Documents { get; private set; } = new([], 0, false);

    /// <summary>Reference values the plan's document quotes (省定7‰), by indicator code: lines beside the targets, not targets.</summary>
    public ILookup<string, Data.Documents.PlanItem> References { get; private set; } = Array.Empty<Data.Documents.PlanItem>().ToLookup(i => "");
    public object StatusChart { get; private set; } = new { };
    public object ChildrenChart { get; private set; } = new { };

    /// <summary>The children on a map, classed by how many of their targets lag (quantiles); null when none has geometry.</summary>
    public MapView? Map { get; private set; }

    /// <summary>只统计已审核数据: the level asked (市, 县, 全部) and the line said under the figures; null for every value.</summary>
    public string? Approved { get; private set; }

    public string? ApprovedNote { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? plan, string? orgunit, int? year, string? group, string? approved, CancellationToken ct)
    {
        if (!me.SeesBusiness)
        {
            // The auditor's first page is the audit log (sign-in and the brand link land here).
            return Redirect("/Audit");
        }
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Plans = await Screens.PlansWithTargetsAsync(db, ct);
        var chosen = Plans.FirstOrDefault(p => p.Code == plan) ?? Plans.FirstOrDefault();
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var unit = found!;
        Unit = unit;
        Year = year ?? Screens.DefaultYear(live, time, unit, chosen);
        group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
        Picker = new UnitPicker(await me.PickerAsync(unit, Request.Query["q"], ct), unit, Request.Query["q"], await me.GroupChoicesAsync(Request.Query["q"], group, ct), group);
        if (group is not null)
        {
            (Group, var unknown) = await Data.OrgUnits.OrgUnitGroups.FindAsync(db, group, ct);
            if (Group is null)
            {
                Error = unknown;
                return Page();
            }
        }
        if (chosen is null)
        {
            Error = "还没有含目标的规划。请在“规划”中上传规划文件。";
            return Page();
        }
        PlanCode = chosen.Code;
        PlanName = chosen.Name;
        Approved = string.IsNullOrWhiteSpace(approved) ? null : approved.Trim();
        // The view's level, else the plan's own: either way the page says what it counts.
        if ((Approved ?? chosen.ApprovedOnly) is { } level && Data.Reporting.ApprovedReports.TryParseLevel(level, out var tier))
        {
            ApprovedNote = $"只统计已审核数据 ({Data.Reporting.ApprovedReports.LevelText(tier)}): 尚未审核到这一级的报表, 其数据不计入";
        }
        var (rows, error) = await Evaluations.PlanAsync(db, live, chosen.Code, unit.Code, Year, children: true, group, Approved, ct);
        if (rows is null)
        {
            Error = error;
            return Page();
        }
        Own = [.. rows.Where(r => r.OrgUnit.Id == unit.Id)];
        // The document's own targets are judged on what a unit records for itself, which no group restricts.
        Documents = Group is not null ? new([], Year, false) : new((await Evaluations.DocumentTargetsAsync(db, live, chosen.Code, unit.Code, Year, ct)).Rows ?? [], Year, me.CanWriteTasks);
        References = await Data.Documents.DocumentTargets.ReferencesAsync(db, chosen, ct);
        Children = [.. rows.Where(r => r.OrgUnit.Id != unit.Id).Select(r => r.OrgUnit).DistinctBy(u => u.Id)];
        StatusChart = new
        {
            baseOption = new
            {
                tooltip = new { trigger = "item" },
                legend = new { bottom = 0, icon = "circle", itemWidth = 10, itemHeight = 10 },
                series = new[]
                {
                    new
                    {
                        type = "pie",
                        data = Screens.StatusOrder.Select(s => new { name = text[s.Chinese()], value = Own.Count(r => r.Evaluation.Status == s), itemStyle = new { color = Screens.Colour(s) } }).Where(d => d.value > 0),
                    },
                },
            },
            // A phone has no room beside the ring for "较基期恶化: 1" (it was cut to "较基…"): the names go to a legend below
            // and the ring keeps its counts.
            // (ECharts applies the entry without a query whenever the other does not match, so a resize goes both ways.)
            media = new object[]
            {
                new
                {
                    option = new
                    {
                        legend = new { show = false },
                        series = new[] { new { radius = new[] { "45%", "72%" }, center = new[] { "50%", "50%" }, label = new { formatter = "{b}: {c}" } } },
                    },
                },
                new
                {
                    query = new { maxWidth = 480 },
                    option = new
                    {
                        legend = new { show = true },
                        series = new[] { new { radius = new[] { "32%", "55%" }, center = new[] { "50%", "42%" }, label = new { formatter = "{c}" } } },
                    },
                },
            },
        };
        var byChild = Children.Select(c => new
        {
            c.Id,
            c.Name,
            c.Code,
            Lagging = rows.Count(r => r.OrgUnit.Id == c.Id && r.Evaluation.Status == TargetStatus.Lagging),
            Worsened = rows.Count(r => r.OrgUnit.Id == c.Id && r.Evaluation.Status == TargetStatus.Worsened),
            Overdue = rows.Count(r => r.OrgUnit.Id == c.Id && r.Evaluation.Status == TargetStatus.Overdue),
        }).OrderByDescending(c => c.Lagging + c.Worsened + c.Overdue).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        ChildrenChart = new
        {
            codes = byChild.ToDictionary(c => c.Name, c => c.Code),
            tooltip = new { trigger = "axis" },
            legend = new { data = new[] { text["进度滞后"], text["较基期恶化"], text["到期未达标"] } },
            grid = new { left = 8, right = 20, top = 30, bottom = 30, containLabel = true },
            xAxis = new { type = "value", minInterval = 1 },
            yAxis = new { type = "category", inverse = true, triggerEvent = true, data = byChild.Select(c => c.Name) },
            series = new object[]
            {
                new { name = text["进度滞后"], type = "bar", stack = "n", data = byChild.Select(c => c.Lagging), itemStyle = new { color = Screens.Colour(TargetStatus.Lagging) } },
                new { name = text["较基期恶化"], type = "bar", stack = "n", data = byChild.Select(c => c.Worsened), itemStyle = new { color = Screens.Colour(TargetStatus.Worsened) } },
                new { name = text["到期未达标"], type = "bar", stack = "n", data = byChild.Select(c => c.Overdue), itemStyle = new { color = Screens.Colour(TargetStatus.Overdue) } },
            },
        };
        Map = await MapView.BuildAsync(db, "children-map", text.F("下级单位地图: 进度滞后、恶化与到期未达标的目标数 ({0}年, 点击下钻)", Year), unit,
            [.. byChild.Select(c => (Children.First(u => u.Id == c.Id), new MapFigure(c.Lagging + c.Worsened + c.Overdue,
                text.F("进度滞后 {0} 项, 较基期恶化 {1} 项, 到期未达标 {2} 项", c.Lagging, c.Worsened, c.Overdue))))],
            $"/?plan={Uri.EscapeDataString(chosen.Code)}&year={Year}{GroupQuery}&orgunit={{code}}", v => Screens.Count(v), text, ct);
        return Page();
    }
}
