using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// 报表与审核规则: the data sets (what is reported, by whom, when due, when locked) and the stored validation rules, for the
/// planning office. One form row or a whole datasets.csv / rules.csv goes through the same importer as the command line,
/// so the same checks (unknown elements, a bad expression with its line) and the same audit apply; both export back.
/// </summary>
[Authorize(Policy = Policies.Plan)]
[RequestSizeLimit(MaxBytes * 2)]
public sealed class SetupModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    private const int MaxBytes = 2 * 1024 * 1024;

    public IReadOnlyList<DataSet> Sets { get; private set; } = [];
    public IReadOnlyList<ValidationRule> Rules { get; private set; } = [];
    public IReadOnlyDictionary<string, string> ElementNames { get; private set; } = new Dictionary<string, string>();
    public DataSet? EditSet { get; private set; }
    public ValidationRule? EditRule { get; private set; }
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? set, string? rule, CancellationToken ct)
    {
        await LoadAsync(ct);
        EditSet = Sets.FirstOrDefault(s => s.Code == set);
        EditRule = Rules.FirstOrDefault(r => r.Code == rule);
        return Page();
    }

    /// <summary>One data set from the form, as one row of datasets.csv.</summary>
    public Task<IActionResult> OnPostDataSetAsync(string code, string name, string periodType, string elements, string assign, string dueDays, string lockDays,
        CancellationToken ct) =>
        ImportRowAsync(InterchangeKind.DataSets, "报表表单", new()
        {
            ["code"] = code ?? "",
            ["name"] = name ?? "",
            ["period_type"] = periodType ?? "",
            ["elements"] = elements ?? "",
            ["assign"] = assign ?? "",
            ["due_days"] = dueDays ?? "",
            ["lock_days"] = lockDays ?? "",
        }, ct);

    /// <summary>One rule from the form, as one row of rules.csv.</summary>
    public Task<IActionResult> OnPostRuleAsync(string code, string name, string left, string @operator, string right, string importance, string? periodType,
        string? missing, CancellationToken ct) =>
        ImportRowAsync(InterchangeKind.ValidationRules, "规则表单", new()
        {
            ["code"] = code ?? "",
            ["name"] = name ?? "",
            ["left"] = left ?? "",
            ["operator"] = @operator ?? "",
            ["right"] = right ?? "",
            ["importance"] = importance ?? "",
            ["period_type"] = periodType ?? "",
            ["missing"] = missing ?? "",
        }, ct);

    /// <summary>datasets.csv or rules.csv (or .xlsx): all or nothing, every bad row as file:line: reason.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0 || file.Length > MaxBytes)
        {
            Errors.Add(file is null || file.Length == 0 ? "请选择文件 (datasets.csv 或 rules.csv)" : $"文件超过 {MaxBytes / 1024 / 1024} MB");
            await LoadAsync(ct);
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var name = Path.GetFileName(file.FileName);
        var (tables, issues) = SourceTable.Read(name, buffer.ToArray());
        Errors.AddRange(issues.Select(i => i.ToString()));
        // This page sets up the reporting cycle only: org units, indicators or values have their own pages and rights.
        Errors.AddRange(tables.Where(t => t.Kind is not (InterchangeKind.DataSets or InterchangeKind.ValidationRules))
            .Select(t => $"{t.Location}: 此处只导入报表 (datasets.csv) 和审核规则 (rules.csv)"));
        if (Errors.Count == 0)
        {
            await ImportAsync(tables, "网页导入 " + name, ct);
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The data sets or the rules as the CSV the importer reads.</summary>
    public async Task<IActionResult> OnGetExportAsync(string kind, CancellationToken ct)
    {
        var what = kind == "rules" ? InterchangeKind.ValidationRules : InterchangeKind.DataSets;
        var path = Path.Combine(Path.GetTempPath(), $"yardstick-export-{Guid.NewGuid():N}.csv");
        try
        {
            await Exporter.ExportAsync(db, what, path, ct);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), "text/csv; charset=utf-8", what.Word() + ".csv");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private async Task<IActionResult> ImportRowAsync(InterchangeKind kind, string location, Dictionary<string, string> cells, CancellationToken ct)
    {
        await ImportAsync([new SourceTable(location, kind, [new SourceRow(2, cells)])], "网页" + location, ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task ImportAsync(IReadOnlyList<SourceTable> tables, string source, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var result = await new Importer(db, time) { ClientAddress = me.Address }.ImportAsync(tables, me.Name, source, cancellationToken: ct);
        Errors.AddRange(result.Issues.Where(i => i.IsError).Select(i => i.ToString()));
        if (result.Succeeded)
        {
            Message = $"已保存: 报表 {result.Rows.GetValueOrDefault(InterchangeKind.DataSets)} 个, 审核规则 {result.Rows.GetValueOrDefault(InterchangeKind.ValidationRules)} 条 (已记入审计日志)。";
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sets = await db.DataSets.AsNoTracking().OrderBy(d => d.Code).ToListAsync(ct);
        Rules = await db.ValidationRules.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        ElementNames = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Name, StringComparer.Ordinal, ct);
    }

    /// <summary>"每个县级单位; 150502" for level:3;150502 — who must report, in words.</summary>
    public string AssignWords(DataSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return string.Join("; ", set.AssignedLevels.Select(k => $"全部{OrgUnitKinds.Chinese(k)}").Concat(set.AssignedUnitCodes));
    }

    /// <summary>A rule's sides with element names in place of codes.</summary>
    public string Words(string side) => Data.Reporting.ValidationRules.InWords(side, ElementNames);

    public static string MissingWords(MissingValues missing) => missing switch
    {
        MissingValues.SkipIfAllMissing => "全部缺失时不校验",
        MissingValues.NeverSkip => "缺失按0校验",
        MissingValues.SkipIfAnyMissing => "任一缺失时不校验",
        _ => throw new UnreachableException(),
    };
}
