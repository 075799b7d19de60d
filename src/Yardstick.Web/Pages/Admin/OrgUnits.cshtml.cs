using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Admin;

/// <summary>
/// The org-unit tree within the system admin's scope: add a unit, rename it, move it, close it — one row through the same
/// org-units importer as a file, so the same checks (cycles, unknown parents, dates) and the same audit apply.
/// </summary>
[Authorize(Policy = Policies.ManageUnits)]
public sealed class OrgUnitsModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public int ScopeLevel { get; private set; }
    public OrgUnit? Edit { get; private set; }
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (code is not null)
        {
            Edit = Units.FirstOrDefault(u => u.Code == code);
            if (Edit is null)
            {
                return Forbid();
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, string name, string parent, string level, string? closedOn, CancellationToken ct)
    {
        await LoadAsync(ct);
        var scope = await me.ScopeAsync(ct);
        // The parent must lie in the admin's subtree, and so must the unit when it already exists (no taking units from elsewhere).
        var (parentUnit, _) = await me.UnitAsync(parent, ct);
        var existing = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == (code ?? "").Trim(), ct);
        if (parentUnit is null || scope is null || (existing is not null && (!existing.IsWithin(scope) || existing.Id == scope.Id)))
        {
            return Forbid();
        }
        var row = new SourceRow(2, new Dictionary<string, string>
        {
            ["code"] = code ?? "",
            ["name"] = name ?? "",
            ["parent"] = parentUnit.Code,
            ["level"] = level ?? "",
            ["closed_on"] = closedOn ?? "",
        });
        db.ChangeTracker.Clear();
        var result = await new Importer(db, time) { ClientAddress = me.Address }
            .ImportAsync([new SourceTable("机构表单", InterchangeKind.OrgUnits, [row])], me.Name, "网页机构管理", cancellationToken: ct);
        Errors.AddRange(result.Issues.Select(i => i.Message));
        if (result.Succeeded)
        {
            Message = "已保存 (已记入审计日志)。";
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await me.UnitsAsync(ct);
        ScopeLevel = Units.Count > 0 ? Units[0].Level : 0;
    }
}
