using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

/// <summary>
/// One of a plan document's own targets for a unit and year: how it stands, the results recorded (with evidence), a form for
/// a department to record the figure or 达成 / 未达成 / 推进中, and for a planner the data element that counts it.
/// </summary>
[RequestSizeLimit(DocumentTargets.MaxAttachmentBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = DocumentTargets.MaxAttachmentBytes + 1024 * 1024)]
public sealed class ResultModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    public Plan? Plan { get; private set; }
    public DocumentTargetRow? Row { get; private set; }
    public OrgUnit? Unit { get; private set; }
    public int Year { get; private set; }
    public IReadOnlyList<ItemResult> History { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Elements { get; private set; } = [];
    /// <summary>The latest result for the year the form was drawn over (0: none), posted back so a result recorded since is not replaced.</summary>
    public long SeenResultId => History.FirstOrDefault(h => h.Year == Year)?.Id ?? 0;
    public bool CanRecord => me.CanWriteTasks;
    public bool CanPlan => me.CanPlan;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long item, string? orgunit, int? year, CancellationToken ct) =>
        await LoadAsync(item, orgunit, year, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(long item, string? orgunit, int? year, string? actual, string? outcome, string? note, string? department,
        IFormFile? evidence, long? seen, CancellationToken ct)
    {
        if (!me.CanWriteTasks)
        {
            return Forbid();
        }
        if (await LoadAsync(item, orgunit, year, ct) is { } refusal)
        {
            return refusal;
        }
        // A unit of a 处室's read-only data scope is read here, never recorded for.
        if (!await me.ActsOnAsync(Unit!, ct))
        {
            return Forbid();
        }
        byte[]? content = null;
        if (evidence is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await evidence.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        Error = await DocumentTargets.RecordAsync(db, new ItemResultInput(item, Unit!.Code, Year, actual, outcome, note ?? "", department,
            evidence is { Length: > 0 } ? Path.GetFileName(evidence.FileName) : null, content, seen), me.Name, me.Address, time.GetUtcNow(), ct);
        if (Error is null)
        {
            return RedirectToPage(new { item, orgunit = Unit.Code, year = Year });
        }
        await LoadAsync(item, orgunit, year, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostElementAsync(long item, string? orgunit, int? year, string? element, CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        if (await LoadAsync(item, orgunit, year, ct) is { } refusal)
        {
            return refusal;
        }
        Error = await DocumentTargets.LinkElementAsync(db, item, element, me.Name, me.Address, time.GetUtcNow(), ct);
        if (Error is null)
        {
            return RedirectToPage(new { item, orgunit = Unit!.Code, year = Year });
        }
        await LoadAsync(item, orgunit, year, ct);
        return Page();
    }

    /// <summary>Evidence is handed out only for a result of a unit in the user's scope.</summary>
    public async Task<IActionResult> OnGetEvidenceAsync(long id, CancellationToken ct)
    {
        var file = await DocumentTargets.AttachmentAsync(db, id, ct);
        if (file is null)
        {
            return NotFound();
        }
        var unitId = file.Value.Result.OrgUnitId;
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == unitId, ct);
        if (!await me.SeesAsync(unit, ct))
        {
            return Forbid();
        }
        return File(file.Value.Content, "application/octet-stream", file.Value.Name);
    }

    private async Task<IActionResult?> LoadAsync(long item, string? orgunit, int? year, CancellationToken ct)
    {
        if (this.RefuseYear(year) is { } badYear)
        {
            return badYear;
        }
        var (unit, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        Unit = unit!;
        if (await DocumentTargets.ItemAsync(db, item, ct) is not var (found, plan) || !found.IsTarget)
        {
            return NotFound();
        }
        Plan = plan;
        Year = year ?? Screens.DefaultYear(live, time, Unit);
        Row = (await DocumentTargets.JudgeAsync(db, live, plan, Unit, Year, ct)).FirstOrDefault(r => r.Item.Id == item);
        if (Row is null)
        {
            // Judged through a stored indicator's target: the dashboard and the indicator page show it.
            return RedirectToPage("/Plans/Detail", new { code = plan.Code });
        }
        History = await DocumentTargets.HistoryAsync(db, item, Unit.Id, ct);
        Elements = [.. (await db.DataElements.AsNoTracking().OrderBy(e => e.Code).Select(e => new { e.Code, e.Name }).ToListAsync(ct)).Select(e => (e.Code, e.Name))];
        return null;
    }
}
