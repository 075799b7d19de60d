using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reports;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// File upload: preview (every check the import makes, and old → new for each value), then an all-or-nothing commit.
/// The file travels back with the confirm form rather than sitting in server memory, so any app instance can commit it;
/// it is checked again in full at commit, so an edited hidden field gains nothing.
/// </summary>
[Authorize(Policy = Policies.WriteData)]
[RequestSizeLimit(MaxBytes * 2)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes * 2, ValueLengthLimit = MaxBytes * 2)]
public sealed class UploadModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    private const int MaxBytes = 20 * 1024 * 1024;

    public IReadOnlyList<(string Code, string Name)> DataSetList { get; private set; } = [];
    /// <summary>The year whose templates are offered: this year, the one being reported.</summary>
    public int Year { get; private set; }
    public IReadOnlyList<ImportIssue> Issues { get; private set; } = [];
    public IReadOnlyList<ValueChange> Changes { get; private set; } = [];
    public string FileName { get; private set; } = "";
    public string FileContent { get; private set; } = "";
    public string? Committed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (file is null || file.Length == 0)
        {
            Issues = [new ImportIssue("上传", 0, "请选择文件")];
            return Page();
        }
        if (file.Length > MaxBytes)
        {
            Issues = [new ImportIssue(file.FileName, 0, $"文件超过 {MaxBytes / 1024 / 1024} MB, 请分批上传或用命令行 yardstick import")];
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(file.FileName);
        var bytes = buffer.ToArray();
        var (tables, issues) = SourceTable.Read(FileName, bytes);
        if (issues.Count > 0)
        {
            Issues = issues;
            return Page();
        }
        var (result, changes) = await (await me.ValueImporterAsync(skipBlankValues: true, ct)).PreviewAsync(tables, ct);
        Issues = [.. result.Issues];
        if (result.Succeeded)
        {
            Changes = changes;
            FileContent = Convert.ToBase64String(bytes);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCommitAsync(string fileName, string content, CancellationToken ct)
    {
        await LoadAsync(ct);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(content ?? "");
        }
        catch (FormatException)
        {
            Issues = [new ImportIssue("上传", 0, "上传内容已损坏, 请重新选择文件")];
            return Page();
        }
        FileName = Path.GetFileName(fileName ?? "upload.csv");
        var (tables, issues) = SourceTable.Read(FileName, bytes);
        if (issues.Count > 0)
        {
            Issues = issues;
            return Page();
        }
        var result = await (await me.ValueImporterAsync(skipBlankValues: true, ct)).ImportAsync(tables, me.Name, "网页上传 " + FileName, cancellationToken: ct);
        Issues = [.. result.Issues];
        if (result.Succeeded)
        {
            Committed = $"已保存 {FileName}: {result.Rows.GetValueOrDefault(InterchangeKind.DataValues)} 个数值。";
        }
        return Page();
    }

    /// <summary>
    /// A template workbook, values empty: for a stored data set one row per unit of the user's that owes it, element and
    /// period of the set's own type that has ended in <paramref name="period"/> (a year; this year by default) — months for a
    /// monthly set —, so a template filled in and uploaded imports as it is. Other forms: one row per unit and element for the year.
    /// </summary>
    public async Task<IActionResult> OnGetTemplateAsync(string? dataset, int? period, CancellationToken ct)
    {
        var set = await DataSets.GetAsync(db, dataset, ct);
        var today = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
        var year = period ?? today.Year;
        var units = await me.UnitsAsync(ct);
        var slots = new List<(Core.Model.OrgUnit Unit, Core.Model.Period Period)>();
        if (set.Stored is { } stored)
        {
            var periods = Core.Model.Period.InYear(stored.PeriodType, year).ToList();
            var ended = periods.Where(p => p.End < today).ToList();
            // Early in a year nothing has ended yet: the year's first period, so the template is never empty.
            foreach (var p in ended.Count > 0 ? ended : periods.Take(1))
            {
                slots.AddRange(units.Where(u => stored.IsAssigned(u, p)).Select(u => (u, p)));
            }
            slots = [.. slots.OrderBy(s => s.Unit.Path, StringComparer.Ordinal).ThenBy(s => s.Period.StartIndex)];
        }
        else
        {
            slots.AddRange(units.Select(u => (u, Core.Model.Period.OfYear(year))));
        }
        var rows = new List<IReadOnlyList<ReportCell>> { new ReportCell[]
            {
                InterchangeKinds.ChineseName("dataelement"), InterchangeKinds.ChineseName("period"), InterchangeKinds.ChineseName("orgunit"),
                InterchangeKinds.ChineseName("value"), "数据元名称", "机构名称",
            } };
        foreach (var (unit, p) in slots)
        {
            foreach (var element in set.Elements)
            {
                rows.Add([element.Code, p.ToString(), unit.Code, "", element.Name, unit.Name]);
            }
        }
        var path = Path.Combine(Path.GetTempPath(), $"yardstick-template-{Guid.NewGuid():N}.xlsx");
        try
        {
            XlsxWriter.Write(path, [new ReportSheet("数据值", rows, [28, 10, 12, 12, 30, 20])]);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                $"模板-{set.Code}-{year}.xlsx");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        DataSetList = await DataSets.ListAsync(db, ct);
        Year = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()).Year;
    }
}
