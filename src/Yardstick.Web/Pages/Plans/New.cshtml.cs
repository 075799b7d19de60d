using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Documents;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Plans;

/// <summary>
/// A plan from its document: read (the same reader as <c>yardstick read</c>), every item shown for review in a table —
/// name, comparator in Chinese, value, year, unit, the source quote with its figure marked, the indicator it stands for
/// (a searchable list of stored indicators), and 设为目标 / 仅保留 / 删除 — then stored through <c>ImportPlanAsync</c> (all
/// or nothing, audited), exactly as <c>yardstick import-plan</c>. The reading itself travels as JSON in a hidden field;
/// the table's edits are applied to it on save.
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

    /// <summary>Stored indicators by code, the ones an item can be linked to and judged by.</summary>
    public IReadOnlyDictionary<string, string> Indicators { get; private set; } = new Dictionary<string, string>();

    /// <summary>One reviewed item as the form posts it.</summary>
    public sealed class ItemEdit
    {
        public string Kind { get; set; } = "";
        public int Index { get; set; }
        public string? Name { get; set; }
        public string? Comparator { get; set; }
        public string? Value { get; set; }
        public int? Year { get; set; }
        public string? Unit { get; set; }
        public string? Indicator { get; set; }
        public string Action { get; set; } = "target";
    }
    public List<string> Errors { get; } = [];
    public string? Saved { get; private set; }

    /// <summary>The year the overview opens on after saving.</summary>
    public int? JudgedYear { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await me.UnitsAsync(ct);
        Indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.Name).ToDictionaryAsync(i => i.Code, i => i.Name, ct);
        var stored = Indicators.Values.ToHashSet(StringComparer.Ordinal);
        Catalogue = [.. IndicatorCatalogue.Default.Entries.Where(e => !Indicators.ContainsKey(e.Id) && !stored.Contains(e.Name))];
    }

    /// <summary>
    /// Catalogued indicators not yet stored: a reviewer may link an item to one (kept with the catalogue's id, judged on
    /// recorded results until the indicator is built), not make it a target judged on data.
    /// </summary>
    public IReadOnlyList<(string Id, string Name)> Catalogue { get; private set; } = [];

    /// <summary>The stored indicator an item stands for: its catalogue code when stored, else a stored indicator of its name.</summary>
    public string? LinkedName(string? code, string name) =>
        code is not null && Indicators.TryGetValue(code, out var n) ? n : Indicators.Values.FirstOrDefault(v => v == name);

    public async Task<IActionResult> OnPostReadAsync(IFormFile? file, CancellationToken ct)
    {
        await LoadAsync(ct);
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

    public async Task<IActionResult> OnPostSaveAsync(string code, string? orgunit, string json, string? fileName, List<ItemEdit>? items, CancellationToken ct)
    {
        await LoadAsync(ct);
        Code = (code ?? "").Trim();
        FileName = fileName ?? "";
        Json = json ?? "";
        try
        {
            Reading = ReadingJson.FromJson(JsonNode.Parse(Json) ?? throw new JsonException("空的 JSON"));
            if (items is { Count: > 0 })
            {
                // The edits stay on the page when something must be corrected.
                Reading = Reviewed(Reading, items);
                Json = ReadingJson.Serialize(Reading);
                var stored = Indicators.Values.ToHashSet(StringComparer.Ordinal);
                var catalogued = Catalogue.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var e in items.Where(e => e.Action == "target" && (string.IsNullOrWhiteSpace(e.Indicator) || !stored.Contains(e.Indicator.Trim()))))
                {
                    Errors.Add(catalogued.Contains(e.Indicator?.Trim() ?? "")
                        ? $"“{e.Name}”对应的“{e.Indicator!.Trim()}”在指标目录中, 但库中还没有建立这个指标 (没有数据可评价): 请先导入 indicators.csv 建立它, 或改为“仅保留”, 按登记的结果评价"
                        : $"“{e.Name}”设为目标, 但没有对应库中的指标: 请在“对应指标”中选择一项, 或改为“仅保留”, 按登记的结果评价");
                }
                if (Errors.Count > 0)
                {
                    return Page();
                }
            }
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
        // The overview opens on the latest year the plan's targets speak of that has begun.
        var now = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()).Year;
        JudgedYear = Reading.Indicators.Select(i => i.TargetYear).Concat(Reading.ProseTargets.Select(p => p.Year))
            .Where(y => y <= now).DefaultIfEmpty(null).Max();
        return Page();
    }

    /// <summary>
    /// The reading with the reviewer's edits: each row's name, comparator, value, year, unit and indicator (chosen by its
    /// stored name); 删除 drops the item, 仅保留 keeps it without a target. Rows that are not posted stay as read.
    /// </summary>
    private DocumentReading Reviewed(DocumentReading reading, List<ItemEdit> items)
    {
        var byName = Indicators.GroupBy(i => i.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        ItemEdit? Edit(string kind, int index) => items.LastOrDefault(e => e.Kind == kind && e.Index == index);
        var catalogueByName = Catalogue.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        string? Code(ItemEdit e, string? read) => string.IsNullOrWhiteSpace(e.Indicator) ? null
            : byName.GetValueOrDefault(e.Indicator.Trim()) ?? catalogueByName.GetValueOrDefault(e.Indicator.Trim()) ?? read;
        decimal? Number(string? text) => Core.Text.InputText.TryParseDecimal(text, out var v) ? v : null;
        var indicators = reading.Indicators.Select((i, k) => (Item: i, Edit: Edit("indicator", k)))
            .Where(x => x.Edit?.Action != "delete")
            .Select(x => x.Edit is not { } e ? x.Item : x.Item with
            {
                Name = string.IsNullOrWhiteSpace(e.Name) ? x.Item.Name : e.Name.Trim(),
                Unit = string.IsNullOrWhiteSpace(e.Unit) ? null : e.Unit.Trim(),
                TargetYear = e.Year,
                Target = e.Comparator is { Length: > 0 } c ? new TargetText(c, Number(e.Value), Number(e.Value) is null ? e.Value : null) : x.Item.Target,
                IndicatorCode = Code(e, x.Item.IndicatorCode),
                KeepOnly = e.Action == "keep",
            })
            .ToList();
        var prose = reading.ProseTargets.Select((p, k) => (Item: p, Edit: Edit("prose", k)))
            .Where(x => x.Edit?.Action != "delete")
            .Select(x => x.Edit is not { } e ? x.Item : x.Item with
            {
                Name = string.IsNullOrWhiteSpace(e.Name) ? x.Item.Name : e.Name.Trim(),
                Comparator = e.Comparator is { Length: > 0 } c ? c : x.Item.Comparator,
                Value = Number(e.Value),
                Text = Number(e.Value) is null ? e.Value : null,
                Unit = string.IsNullOrWhiteSpace(e.Unit) ? null : e.Unit.Trim(),
                Year = e.Year,
                IndicatorCode = Code(e, x.Item.IndicatorCode),
                KeepOnly = e.Action == "keep",
            })
            .ToList();
        return reading with { Indicators = indicators, ProseTargets = prose };
    }
}
