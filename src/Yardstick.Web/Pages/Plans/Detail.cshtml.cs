using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

/// <summary>A plan: its targets within the user's scope, its key tasks, and what else its document said (plan_items).</summary>
public sealed class DetailModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    public Plan? Plan { get; private set; }
    public IReadOnlyList<(Target Target, string Indicator, string Unit)> Targets { get; private set; } = [];
    public IReadOnlyList<PlanTask> Tasks { get; private set; } = [];
    public IReadOnlyList<(string Kind, int Count)> ItemCounts { get; private set; } = [];

    /// <summary>The items read from the document (first 2,000), in the order they were read.</summary>
    public IReadOnlyList<PlanItem> Items { get; private set; } = [];
    public DateOnly Today => Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
    public bool CanPlan => me.CanPlan;

    /// <summary>The document's own targets judged for the user's unit in <see cref="Year"/>.</summary>
    public DocumentTargetsView Documents { get; private set; } = new([], 0, false);
    public int Year { get; private set; }
    public string UnitName { get; private set; } = "";

    /// <summary>Stored indicators by name, for the 新增目标 form's picker.</summary>
    public IReadOnlyList<(string Code, string Name)> IndicatorChoices { get; private set; } = [];
    public string ScopeCode { get; private set; } = "";
    public List<string> Errors { get; } = [];
    public string? Message { get; private set; }

    /// <summary>
    /// A target added by hand: one targets.csv row through the importer, so it is checked (indicator, unit, years, comparator,
    /// range, duplicates) and audited exactly as a file's would be, and only for a unit inside the planner's scope.
    /// </summary>
    public async Task<IActionResult> OnPostAddTargetAsync(string code, string? indicator, string? orgunit, string? baselineYear, string? baselineValue,
        string? targetYear, string? comparator, string? targetValue, string? nature, string? eachUnit, CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        // The importer makes a plan for an unknown code; a form on a plan's page adds to that plan only.
        if (!await db.Plans.AsNoTracking().AnyAsync(p => p.Code == code, ct))
        {
            return NotFound();
        }
        var (unit, exists) = await me.UnitAsync(orgunit, ct);
        if (!exists || unit is null)
        {
            return Forbid();
        }
        var name = (indicator ?? "").Trim();
        var stored = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Name == name || i.Code == name, ct);
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["plan"] = code,
            ["indicator"] = stored?.Code ?? name,
            ["orgunit"] = unit.Code,
            ["baseline_year"] = baselineYear ?? "",
            ["baseline_value"] = baselineValue ?? "",
            ["target_year"] = targetYear ?? "",
            ["target_value"] = targetValue ?? "",
            ["comparator"] = comparator ?? "",
            ["nature"] = nature ?? "预期性",
            ["each_unit"] = eachUnit ?? "",
        };
        db.ChangeTracker.Clear();
        var result = await new Importer(db, time) { ClientAddress = me.Address }
            .ImportAsync([new SourceTable("新增目标", InterchangeKind.Targets, [new SourceRow(1, row)])], me.Name, "网页新增目标", cancellationToken: ct);
        Errors.AddRange(result.Issues.Where(i => i.IsError).Select(i => i.Message));
        if (result.Succeeded)
        {
            Message = $"已新增目标: {stored?.Name ?? name} {targetYear}年 (已记入审计日志)。";
        }
        return await OnGetAsync(code, null, ct);
    }

    /// <summary>The plan's 预警 thresholds, set by a planner (compare-and-set on the pair the form showed, audited).</summary>
    public async Task<IActionResult> OnPostWarningsAsync(string code, string? yellow, string? red, string? seen, CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        int? Gap(string? text, string name)
        {
            var typed = Core.Text.InputText.Normalize(text ?? "").Trim();
            if (typed.Length == 0)
            {
                return null;
            }
            if (int.TryParse(typed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }
            Errors.Add($"{name}须为 0–100 的整数 (收到 \"{Core.Model.InputLimits.Echo(typed)}\")");
            return null;
        }
        var (y, r) = (Gap(yellow, "黄灯阈值"), Gap(red, "红灯阈值"));
        if (Errors.Count == 0 && await Data.Plans.PlanWarnings.SetAsync(db, code, y, r, seen, me.Name, time.GetUtcNow(), me.Address, ct) is { } refusal)
        {
            if (refusal.Kind == Core.Model.RefusalKind.NotFound)
            {
                return NotFound();
            }
            Errors.Add(refusal.Message);
        }
        if (Errors.Count == 0)
        {
            Message = "已保存预警阈值 (已记入审计日志)。";
        }
        return await OnGetAsync(code, null, ct);
    }

    /// <summary>只统计已审核数据 for the whole plan: its dashboard, reports, 考核 and API then read approved values only.</summary>
    public async Task<IActionResult> OnPostApprovedOnlyAsync(string code, string? level, string? seen, CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        if (await Data.Plans.PlanApproval.SetAsync(db, code, level, seen, me.Name, time.GetUtcNow(), me.Address, ct) is { } refusal)
        {
            if (refusal.Kind == Core.Model.RefusalKind.NotFound)
            {
                return NotFound();
            }
            Errors.Add(refusal.Message);
        }
        else
        {
            Message = "已保存数据范围 (已记入审计日志)。";
        }
        return await OnGetAsync(code, null, ct);
    }

    public async Task<IActionResult> OnGetAsync(string code, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        Plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
        if (Plan is null)
        {
            return NotFound();
        }
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
        var planId = Plan.Id;
        var targets = await db.Targets.AsNoTracking().Where(t => t.PlanId == planId).OrderBy(t => t.Id).ToListAsync(ct);
        var ids = targets.Select(t => t.OrgUnitId).Distinct().ToList();
        var scope = await me.ScopeAsync(ct);
        // A 处室 account reads the targets of its data scope too (CurrentUser.SeesAsync), though it may set none there.
        var dataScope = await me.DataScopeAsync(ct);
        var units = (await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct))
            .Where(u => scope is not null && u.IsWithin(scope) || dataScope is not null && u.IsWithin(dataScope)).ToDictionary(u => u.Id);
        Targets = [.. targets
            .Where(t => units.ContainsKey(t.OrgUnitId))
            .Select(t => (t, $"{indicators[t.IndicatorId].Name} ({indicators[t.IndicatorId].Unit})", units[t.OrgUnitId].Name))];
        Tasks = await TaskBoard.ListForAsync(db, await me.TaskViewerAsync(ct), Plan.Code, ct);
        ItemCounts = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT kind, count(*) FROM plan_items WHERE plan_id = {planId} GROUP BY kind ORDER BY kind";
            var counts = new List<(string, int)>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts.Add((PlanItem.NameOfKind(reader.GetString(0)), Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
            }
            return (IReadOnlyList<(string, int)>)counts;
        }, ct);
        Items = await PlanItems.ListAsync(db, planId, ct);
        IndicatorChoices = [.. indicators.Values.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => (i.Code, i.Name))];
        ScopeCode = scope?.Code ?? "";
        Year = year ?? Screens.DefaultYear(live, time, scope, Plan);
        if (scope is not null)
        {
            UnitName = scope.Name;
            Documents = new(await DocumentTargets.JudgeAsync(db, live, Plan, scope, Year, ct), Year, me.CanWriteTasks);
        }
        return Page();
    }
}
