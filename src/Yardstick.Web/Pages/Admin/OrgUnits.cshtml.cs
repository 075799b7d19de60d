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
/// org-units importer as a file, so the same checks (cycles, unknown parents, dates) and the same audit apply; and give units
/// their boundaries or points from a GeoJSON file, through the same import as <c>yardstick import FILE.geojson</c>.
/// </summary>
[Authorize(Policy = Policies.ManageUnits)]
[RequestSizeLimit(GeoJsonMaxBytes + 1024 * 1024)]
public sealed class OrgUnitsModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    /// <summary>A city's townships are a few MB of GeoJSON; a province's are imported from the command line.</summary>
    private const int GeoJsonMaxBytes = 20 * 1024 * 1024;

    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public int ScopeLevel { get; private set; }
    public OrgUnit? Edit { get; private set; }
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>Features left out by a partial boundary import, listed so none is dropped silently.</summary>
    public List<string> Unmatched { get; } = [];

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

    /// <summary>
    /// A GeoJSON FeatureCollection: features matched by code, else by name among the children of <paramref name="parent"/>;
    /// all or nothing unless <paramref name="partial"/>; only units inside the admin's scope.
    /// </summary>
    public async Task<IActionResult> OnPostBoundariesAsync(IFormFile? file, string? parent, bool partial, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (file is null || file.Length == 0 || file.Length > GeoJsonMaxBytes)
        {
            Errors.Add(file is null || file.Length == 0 ? "请选择 GeoJSON 文件" : $"文件超过 {GeoJsonMaxBytes / 1024 / 1024} MB; 更大的文件请用命令行 yardstick import 导入");
            return Page();
        }
        var scope = await me.ScopeAsync(ct);
        var (parentUnit, _) = await me.UnitAsync(parent, ct);
        if (scope is null || parentUnit is null)
        {
            return Forbid();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var result = await Data.OrgUnits.OrgUnitGeometries.ImportAsync(db, time, Path.GetFileName(file.FileName), buffer.ToArray(), parentUnit.Code, partial,
            me.Name, unit => unit.IsWithin(scope), me.Address, ct);
        Errors.AddRange(result.Issues.Where(i => i.IsError).Select(i => i.ToString()));
        Unmatched.AddRange(result.Issues.Where(i => !i.IsError).Select(i => i.ToString()));
        if (result.Succeeded)
        {
            Message = $"已导入边界与位置: {result.Features} 个要素, 匹配 {result.Matched} 个机构, 更新 {result.Stored} 个 (已记入审计日志)。";
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await me.UnitsAsync(ct);
        ScopeLevel = Units.Count > 0 ? Units[0].Level : 0;
    }
}
