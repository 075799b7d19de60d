using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Documents;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

/// <summary>
/// A plan from its document: read (the same reader as <c>yardstick read</c>), shown for review, the reading's JSON
/// editable, then stored through <c>ImportPlanAsync</c> (all or nothing, audited), exactly as <c>yardstick import-plan</c>.
/// </summary>
[Authorize(Policy = Policies.Plan)]
[RequestSizeLimit(50 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 50 * 1024 * 1024, ValueLengthLimit = 50 * 1024 * 1024)]
public sealed class NewModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public DocumentReading? Reading { get; private set; }
    public string Json { get; private set; } = "";
    public string Code { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Units = await me.UnitsAsync(ct);

    public async Task<IActionResult> OnPostReadAsync(IFormFile? file, CancellationToken ct)
    {
        Units = await me.UnitsAsync(ct);
        if (file is null || file.Length == 0)
        {
            Errors.Add("请选择文件");
            return Page();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        FileName = Path.GetFileName(file.FileName);
        try
        {
            Reading = DocumentReader.Read(DocumentFile.FromBytes(buffer.ToArray(), FileName));
        }
        catch (DocumentFileException e)
        {
            Errors.Add(e.Message);
            return Page();
        }
        Json = ReadingJson.Serialize(Reading);
        Code = Path.GetFileNameWithoutExtension(FileName).Length is > 0 and <= 20 && Path.GetFileNameWithoutExtension(FileName).All(char.IsAsciiLetterOrDigit)
            ? Path.GetFileNameWithoutExtension(FileName) : "P" + time.GetUtcNow().ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string code, string? orgunit, string json, string? fileName, CancellationToken ct)
    {
        Units = await me.UnitsAsync(ct);
        Code = (code ?? "").Trim();
        FileName = fileName ?? "";
        Json = json ?? "";
        try
        {
            Reading = ReadingJson.FromJson(JsonNode.Parse(Json) ?? throw new JsonException("空的 JSON"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            Errors.Add("读取结果的 JSON 有误: " + e.Message);
            return Page();
        }
        var (unit, exists) = await me.UnitAsync(orgunit, ct);
        if (!exists || unit is null)
        {
            return Forbid();
        }
        var result = await new Importer(db, time) { ClientAddress = me.Address }
            .ImportPlanAsync(Reading, Code, unit.Code, me.Name, "网页上传 " + FileName, ct);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Issues.Where(i => i.IsError).Select(i => i.ToString()));
            return Page();
        }
        Saved = $"已保存规划 {Code}。";
        return Page();
    }
}
