using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Text;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Entry;

/// <summary>
/// The entry form: one unit, one period, the elements of a data set, last year's values beside each field. Saving goes
/// through the same importer as files (all or nothing, every rule, audited), with the user's scope as its limit.
/// </summary>
public sealed class IndexModel(YardstickDb db, LiveEngine live, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<(string Code, string Name)> DataSetList { get; private set; } = [];
    public DataSets.DataSet? DataSet { get; private set; }
    public UnitPicker Picker { get; private set; } = new([], null, null);
    public OrgUnit? Unit { get; private set; }
    public Period? Period { get; private set; }
    public string PeriodText { get; private set; } = "";
    public Dictionary<string, decimal> Previous { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, decimal> Current { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Entered { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Elements reported in finer periods inside this one (births by month): their figure for the period as the engine
    /// reads it (sum, last or average of the parts), shown instead of an input — the importer refuses a year total
    /// beside its months, which would count twice — with a link to the form of the first part.
    /// </summary>
    public Dictionary<string, FinerPeriods> Finer { get; } = new(StringComparer.Ordinal);

    public sealed record FinerPeriods(PeriodType Type, int Count, decimal Value, Period First);
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);
    public string? Error { get; private set; }
    public string? Saved { get; private set; }
    public bool CanWrite => me.CanWriteData;

    public async Task<IActionResult> OnGetAsync(string? dataset, string? orgunit, string? period, CancellationToken ct) =>
        await LoadAsync(dataset, orgunit, period, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string? dataset, string? orgunit, string? period, Dictionary<string, string>? v, CancellationToken ct)
    {
        if (!me.CanWriteData)
        {
            return Forbid();
        }
        if (await LoadAsync(dataset, orgunit, period, ct) is { } refused)
        {
            return refused;
        }
        if (DataSet is null || Unit is null || Period is not { } p)
        {
            return Page();
        }
        // Row i of the table is form field i, so the importer's line numbers lead back to the field.
        var fields = new List<string>();
        var rows = new List<SourceRow>();
        foreach (var element in DataSet.Elements)
        {
            var text = (v?.GetValueOrDefault(element.Code) ?? "").Trim();
            if (text.Length == 0)
            {
                continue;
            }
            Entered[element.Code] = text;
            if (InputText.TryParseDecimal(text, out var value) && Current.TryGetValue(element.Code, out var stored) && stored == value)
            {
                continue;
            }
            fields.Add(element.Code);
            rows.Add(new SourceRow(rows.Count + 2, new Dictionary<string, string>
            {
                ["dataelement"] = element.Code,
                ["period"] = p.ToString(),
                ["orgunit"] = Unit.Code,
                ["value"] = text,
            }));
        }
        if (rows.Count == 0)
        {
            Saved = "没有修改。";
            return Page();
        }
        var result = await (await me.ValueImporterAsync(cancellationToken: ct)).ImportAsync([new SourceTable("表单", InterchangeKind.DataValues, rows)], me.Name, $"网页填报 {Unit.Name} {p}", cancellationToken: ct);
        if (!result.Succeeded)
        {
            foreach (var issue in result.Issues.Where(i => i.IsError && i.Line >= 2 && i.Line - 2 < fields.Count))
            {
                FieldErrors[fields[issue.Line - 2]] = issue.Message;
            }
            foreach (var issue in result.Issues.Where(i => i.IsError && (i.Line < 2 || i.Line - 2 >= fields.Count)))
            {
                Error = (Error is null ? "" : Error + "; ") + issue.Message;
            }
            return Page();
        }
        Saved = $"已保存 {rows.Count} 项。";
        Entered.Clear();
        await LoadValuesAsync(ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string? dataset, string? orgunit, string? period, CancellationToken ct)
    {
        DataSetList = await DataSets.ListAsync(db, ct);
        DataSet = await DataSets.GetAsync(db, dataset, ct);
        var (found, refusal) = await this.UnitForAsync(me, orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var unit = found!;
        Unit = unit;
        Picker = new UnitPicker(await me.PickerAsync(unit, Request.Query["q"], ct), unit, Request.Query["q"]);
        PeriodText = string.IsNullOrWhiteSpace(period) ? Screens.LatestYear(live, time).ToString(System.Globalization.CultureInfo.InvariantCulture) : period.Trim();
        if (!Core.Model.Period.TryParse(PeriodText, out var p))
        {
            Error = $"无法识别的期间 \"{PeriodText}\" (如 2023、2023Q1、202303、2023年3月)";
            return null;
        }
        Period = p;
        PeriodText = p.ToString();
        await LoadValuesAsync(ct);
        return null;
    }

    private async Task LoadValuesAsync(CancellationToken ct)
    {
        if (DataSet is null || Unit is null || Period is not { } p)
        {
            return;
        }
        var byId = DataSet.Elements.ToDictionary(e => e.Id);
        var lastYear = Core.Model.Period.Create(p.Type, p.Year - 1, p.StartMonth);
        Current.Clear();
        Previous.Clear();
        Finer.Clear();
        var parts = new Dictionary<int, List<DataValue>>();
        var previousParts = new Dictionary<int, List<DataValue>>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await foreach (var value in DataValueStore.ReadAsync(db, [.. byId.Keys], p.Year - 1, p.Year, ct, [Unit.Id]))
            {
                if (!byId.TryGetValue(value.DataElementId, out var e))
                {
                    continue;
                }
                if (value.Period == p) { Current[e.Code] = value.Value; }
                else if (value.Period == lastYear) { Previous[e.Code] = value.Value; }
                else if (p.Contains(value.Period) || lastYear.Contains(value.Period))
                {
                    var into = p.Contains(value.Period) ? parts : previousParts;
                    if (!into.TryGetValue(e.Id, out var list))
                    {
                        into[e.Id] = list = [];
                    }
                    list.Add(value);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        foreach (var (id, values) in parts)
        {
            var e = byId[id];
            if (!Current.ContainsKey(e.Code))
            {
                var ordered = values.OrderBy(v => v.Period.StartIndex).ToList();
                Finer[e.Code] = new FinerPeriods(ordered[0].Period.Type, ordered.Count, e.CombineOverTime([.. ordered.Select(v => v.Value)]), ordered[0].Period);
            }
        }
        foreach (var (id, values) in previousParts)
        {
            Previous.TryAdd(byId[id].Code, byId[id].CombineOverTime([.. values.OrderBy(v => v.Period.StartIndex).Select(v => v.Value)]));
        }
    }

    public static string PeriodName(PeriodType type) => type switch
    {
        PeriodType.Month => "月",
        PeriodType.Quarter => "季",
        PeriodType.SixMonth => "半年",
        _ => "年",
    };
}
