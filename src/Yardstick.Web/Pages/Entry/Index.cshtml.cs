using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
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
    /// <summary>Days from today to the form's due date (negative when past it), the same words as 我的报表 (<c>DueModel.DaysText</c>).</summary>
    public int DaysLeft(DateOnly due) => due.DayNumber - Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()).DayNumber;

    public IReadOnlyList<(string Code, string Name)> DataSetList { get; private set; } = [];
    public DataSets.DataSet? DataSet { get; private set; }
    public UnitPicker Picker { get; private set; } = new([], null, null);
    public OrgUnit? Unit { get; private set; }
    public Period? Period { get; private set; }
    public string PeriodText { get; private set; } = "";

    /// <summary>The commission's date now (<see cref="LocalClock.Today"/>): whether a report is past its lock date.</summary>
    public DateOnly Today => LocalClock.Today(time);
    /// <summary>Last year's figure of each element, by element code (an element with categories: the sum over its combos).</summary>
    public Dictionary<string, decimal> Previous { get; } = new(StringComparer.Ordinal);

    /// <summary>The stored value of each field this period, by field (<see cref="FieldOf"/>).</summary>
    public Dictionary<string, decimal> Current { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Entered { get; } = new(StringComparer.Ordinal);

    /// <summary>The stored category combos by id: an element with one is drawn as a grid, one field per option combo.</summary>
    public IReadOnlyDictionary<int, ComboShape> Shapes { get; private set; } = new Dictionary<int, ComboShape>();

    /// <summary>The combo an element's values are split by, or null for an element with one figure.</summary>
    public ComboShape? ShapeOf(DataElement element) => element.CategoryComboId is { } c ? Shapes.GetValueOrDefault(c) : null;

    /// <summary>
    /// A form field's name: the element's code for an element with one figure, else the code and the option combo's code
    /// (<c>deaths_u5.female.age0</c>, the form a formula names one combo by) — the key of <c>v[…]</c>, <c>shown[…]</c> and the
    /// field's stored value, error and warning.
    /// </summary>
    public static string FieldOf(DataElement element, OptionCombo? combo) => combo is null ? element.Code : element.Code + "." + combo.Code;

    /// <summary>The fields of an element: itself, or one per option combo in the combo's order (first category slowest).</summary>
    public IEnumerable<(string Field, OptionCombo? Combo)> FieldsOf(DataElement element) =>
        ShapeOf(element) is { } shape ? shape.OptionCombos.Select(c => (FieldOf(element, c), (OptionCombo?)c)) : [(element.Code, null)];

    /// <summary>The stored note (comment, source, 需核实) of each element's value this period, by element code.</summary>
    public Dictionary<string, Core.Reporting.ValueNote> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Elements reported in finer periods inside this one (births by month): their figure for the period as the engine
    /// reads it (sum, last or average of the parts), shown instead of an input — the importer refuses a year total
    /// beside its months, which would count twice — with a link to the form of the first part.
    /// </summary>
    public Dictionary<string, FinerPeriods> Finer { get; } = new(StringComparer.Ordinal);

    public sealed record FinerPeriods(PeriodType Type, int Count, decimal Value, Period First);
    public Dictionary<string, string> FieldErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Warnings beside fields: stored rules of medium/low importance (high ones too, they block 上报 only) and values outside their usual range.</summary>
    public Dictionary<string, string> FieldWarnings { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the report stands in the cycle, for a stored data set's form.</summary>
    public Data.Reporting.ReportStatus? Status { get; private set; }

    /// <summary>The reasons of the last return, by field.</summary>
    public IReadOnlyDictionary<string, string> ReturnReasons { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<AuditLog.Entry> History { get; private set; } = [];

    /// <summary>The data sets the unit owes, each with the period it reports now (the last one ended), soonest due first.</summary>
    public IReadOnlyList<(Core.Reporting.DataSet Set, Period Period)> Owed { get; private set; } = [];

    /// <summary>The unit is not assigned the data set whose form is open: nothing to fill, no due date.</summary>
    public bool NotOwed => Status is { Assigned: false };

    /// <summary>Why the form cannot be changed now (submitted, approved, locked), or null.</summary>
    public string? Locked { get; private set; }

    public bool CanReview => me.CanReview;

    /// <summary>Fields may be typed into: a writer, and the report neither waiting for review, approved nor locked.</summary>
    public bool Editable => me.CanWriteData && Locked is null;
    public string? Error { get; private set; }
    public string? Saved { get; private set; }
    public bool CanWrite => me.CanWriteData;

    public async Task<IActionResult> OnGetAsync(string? dataset, string? orgunit, string? period, CancellationToken ct) =>
        await LoadAsync(dataset, orgunit, period, ct) ?? Page();

    /// <summary>
    /// The value each field showed when the page was drawn, as text (posted back as <c>shown[code]</c>): a field whose posted
    /// value is still this one was not touched, and a blank deletes only a value the user saw and cleared.
    /// </summary>
    public Dictionary<string, string> Shown { get; } = new(StringComparer.Ordinal);

    /// <summary>The stored values a save would delete (fields the user cleared), listed for confirmation before anything is saved.</summary>
    public IReadOnlyList<(string Code, string Name, decimal Old)> ToDelete { get; private set; } = [];

    /// <summary>What a field holds: the text typed into it (a save refused), else its stored value.</summary>
    public string FieldText(string field) => Entered.GetValueOrDefault(field) ?? (Current.TryGetValue(field, out var now) ? Screens.Plain(now) : "");

    /// <summary>Whether any field of the element holds a value, stored or typed (its note can be edited then).</summary>
    public bool HasAny(DataElement element) => FieldsOf(element).Any(f => Current.ContainsKey(f.Field) || Entered.ContainsKey(f.Field));

    /// <summary>
    /// The sum a grid's total cell shows before any typing: of the fields' numbers, blank when none holds one, "?" while one
    /// holds text that is not a number (a refused save shows it back). The page's script (site.js, <c>data-combo-grid</c>)
    /// recomputes it as the user types, by the same rule.
    /// </summary>
    public string TotalOf(IEnumerable<string> fields)
    {
        decimal? sum = null;
        foreach (var field in fields)
        {
            var text = FieldText(field);
            if (InputText.TryParseDecimal(text, out var value))
            {
                sum = (sum ?? 0) + value;
            }
            else if (text.Trim().Length > 0)
            {
                return "?";
            }
        }
        return sum is { } s ? Screens.Plain(s) : "";
    }

    /// <summary>What a field shows: the text posted back to it, else its stored value.</summary>
    public string ShownText(string code) => Shown.TryGetValue(code, out var text) ? text : Current.TryGetValue(code, out var now) ? Screens.Plain(now) : "";

    /// <summary>
    /// Saves the fields the post carries (<c>v[code]</c>) and no others: a field the page did not show or the client left out is
    /// left alone. An unchanged field is skipped; a field emptied deletes its stored value only when it showed that value
    /// (<c>shown[code]</c>) and only after the user confirms the list of deletions (<c>confirm=delete</c>, a second post).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(string? dataset, string? orgunit, string? period, Dictionary<string, string>? v,
        Dictionary<string, string>? shown, Dictionary<string, string>? c, Dictionary<string, string>? s, Dictionary<string, string>? f, string? confirm,
        CancellationToken ct)
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
        if (Locked is not null)
        {
            Error = Locked;
            return Page();
        }
        // Row i of the table is form field i, so the importer's line numbers lead back to the field.
        var fields = new List<string>();
        var rows = new List<SourceRow>();
        var deletions = new List<(string Code, string Name, decimal Old)>();
        foreach (var element in DataSet.Elements)
            foreach (var (field, combo) in FieldsOf(element))
            {
                if (v is null || !v.TryGetValue(field, out var posted))
                {
                    continue;
                }
                var text = (posted ?? "").Trim();
                var seen = shown?.TryGetValue(field, out var was) == true ? (was ?? "").Trim() : null;
                Entered[field] = text;
                if (seen is not null)
                {
                    Shown[field] = seen;
                }
                var comment = (c?.GetValueOrDefault(element.Code) ?? "").Trim();
                var source = s?.GetValueOrDefault(element.Code) ?? "";
                var followUp = f?.ContainsKey(element.Code) == true;
                var old = Notes.GetValueOrDefault(element.Code);
                var noteChanged = comment != (old?.Comment ?? "") || source != (old?.Source ?? "") || followUp != (old?.FollowUp ?? false);
                var stored = Current.TryGetValue(field, out var held) ? held : (decimal?)null;
                if (text.Length == 0)
                {
                    // A blank deletes only what the user saw and cleared: a field that showed nothing, or a post that does not
                    // say what it showed, deletes nothing.
                    if (stored is not { } value || string.IsNullOrEmpty(seen))
                    {
                        continue;
                    }
                    if (!InputText.TryParseDecimal(seen, out var seenValue) || seenValue != value)
                    {
                        FieldErrors[field] = $"打开表单后该值已被改为 {Screens.Plain(value)}, 未删除; 请核对后再清空";
                        continue;
                    }
                    deletions.Add((field, combo is null ? element.Name : $"{element.Name} · {combo.Name}", value));
                }
                else if (seen is not null ? text == seen && !noteChanged
                    : InputText.TryParseDecimal(text, out var typed) && stored == typed && !noteChanged)
                {
                    continue;
                }
                fields.Add(field);
                rows.Add(new SourceRow(rows.Count + 2, new Dictionary<string, string>
                {
                    ["dataelement"] = element.Code,
                    ["categoryoptioncombo"] = combo?.Code ?? "",
                    ["period"] = p.ToString(),
                    ["orgunit"] = Unit.Code,
                    ["value"] = text,
                    ["comment"] = comment,
                    ["source"] = source,
                    ["follow_up"] = followUp ? "是" : "否",
                }));
            }
        if (FieldErrors.Count > 0)
        {
            return Page();
        }
        if (rows.Count == 0)
        {
            Saved = "没有修改。";
            return Page();
        }
        if (deletions.Count > 0 && confirm != "delete")
        {
            ToDelete = deletions;
            return Page();
        }
        var importer = await me.ValueImporterAsync(cancellationToken: ct, deleteBlankValues: true, nameElementCodes: false, notesOnElement: true);
        var result = await importer.ImportAsync([new SourceTable("表单", InterchangeKind.DataValues, rows)], me.Name, $"网页填报 {Unit.Name} {p.ToChinese()}", cancellationToken: ct);
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
        foreach (var issue in result.Issues.Where(i => !i.IsError && i.Line >= 2 && i.Line - 2 < fields.Count))
        {
            FieldWarnings[fields[issue.Line - 2]] = issue.Message;
        }
        Saved = importer.Deleted > 0 ? $"已保存 {rows.Count - importer.Deleted} 项, 删除 {importer.Deleted} 项。" : $"已保存 {rows.Count} 项。";
        Entered.Clear();
        Shown.Clear();
        await LoadValuesAsync(ct);
        await LoadCycleAsync(ct);
        return Page();
    }

    /// <summary>上报 from the form.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(string? dataset, string? orgunit, string? period, CancellationToken ct)
    {
        if (await LoadAsync(dataset, orgunit, period, ct) is { } refused)
        {
            return refused;
        }
        if (DataSet?.Stored is not { } stored || Unit is null || Period is not { } p)
        {
            return Page();
        }
        var outcome = await Data.Reporting.ReportingCycle.SubmitAsync(db, await me.ReportingActorAsync(ct), stored, Unit, p, time.GetUtcNow(), ct);
        if (outcome is not null)
        {
            Error = outcome.Message;
            return Page();
        }
        return RedirectToPage(new { dataset = stored.Code, orgunit = Unit.Code, period = p.ToString(), done = "submitted" });
    }

    /// <summary>The reviewer's 接收 / 取消接收 / 审核通过 / 退回 / 取消审核 / 解锁, with the reason and the reasons per field (fr[code]).</summary>
    public async Task<IActionResult> OnPostDecideAsync(string? dataset, string? orgunit, string? period, string? decision, string? reason,
        Dictionary<string, string>? fr, CancellationToken ct)
    {
        if (await LoadAsync(dataset, orgunit, period, ct) is { } refused)
        {
            return refused;
        }
        if (DataSet?.Stored is not { } stored || Unit is null || Period is not { } p)
        {
            return Page();
        }
        var outcome = await Data.Reporting.ReportingCycle.DecideAsync(db, await me.ReportingActorAsync(ct), stored, Unit, p, decision ?? "", reason, fr,
            time.GetUtcNow(), ct);
        if (outcome is not null)
        {
            Error = outcome.Message;
            return Page();
        }
        return RedirectToPage(new { dataset = stored.Code, orgunit = Unit.Code, period = p.ToString(), done = decision });
    }

    /// <summary>The report's place in the cycle: state, reasons of a return, history, and whether the form is closed.</summary>
    private async Task LoadCycleAsync(CancellationToken ct)
    {
        if (DataSet?.Stored is not { } stored || Unit is null || Period is not { } p)
        {
            return;
        }
        if (p.Type != stored.PeriodType)
        {
            Error = $"{stored.Name} 按{stored.PeriodType.Chinese()}报送, 请填写{stored.PeriodType.Chinese()}份期间 (如 {stored.PeriodOf(Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()))})";
            Locked = Error;
            return;
        }
        Status = (await Data.Reporting.ReportingCycle.StatusAsync(db, stored, [Unit], p, ct))[0];
        if (!Status.Assigned)
        {
            Locked = $"{Unit.Name} 不报送{stored.Name}, 无需填写此表。";
        }
        ReturnReasons = Status.State == Core.Reporting.ReportState.Returned ? Data.Reporting.ReportingCycle.FieldReasons(Status.Recorded) : new Dictionary<string, string>();
        History = await Data.Reporting.ReportingCycle.HistoryAsync(db, stored, Unit, p, ct);
        var today = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
        Locked ??= Status.State.RefuseWrite()
            ?? (stored.IsLockedOn(p, today) && !(Status.Recorded?.UnlockedUntil >= today) ? $"已过锁定日期 {stored.LockDate(p):yyyy-MM-dd}, 需由上级审核人员解锁后才能修改" : null);
        // A reviewer reads what it can do itself, not the reporter's advice to ask a reviewer.
        if (me.CanReview && !me.CanWriteData && Status.State is ReportState.Submitted or ReportState.Approved)
        {
            Locked = Status.State == ReportState.Submitted
                ? "已上报, 等待审核: 审核通过, 或退回 (写明原因) 后由填报单位修改并重新上报。"
                : "已审核通过并锁定: 如需修改, 由本级或上级审核人员取消审核, 填报单位修改后重新上报。";
        }
    }

    private async Task<IActionResult?> LoadAsync(string? dataset, string? orgunit, string? period, CancellationToken ct)
    {
        DataSetList = await DataSets.ListAsync(db, ct);
        // The form is for the user's own scope: a 处室's read-only data scope is read on the figures pages, never entered,
        // handed in or approved here.
        var (found, refusal) = await this.UnitForAsync(me, string.IsNullOrWhiteSpace(orgunit) ? (await me.ScopeAsync(ct))?.Code : orgunit, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (!await me.ActsOnAsync(found!, ct))
        {
            return Forbid();
        }
        var unit = found!;
        Unit = unit;
        var today = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
        var stored = await Data.Reporting.ReportingCycle.ListAsync(db, ct);
        Owed = DataSets.Owed(stored, unit, today);
        // Opened without a choice: the form the unit owes next, in its data set's own period type.
        if (string.IsNullOrWhiteSpace(dataset) && string.IsNullOrWhiteSpace(period) && Owed.Count > 0)
        {
            var next = Owed[0];
            foreach (var owed in Owed)
            {
                var state = (await Data.Reporting.ReportingCycle.StatusAsync(db, owed.Set, [unit], owed.Period, ct))[0].State;
                if (state is ReportState.NotStarted or ReportState.Saved or ReportState.Returned)
                {
                    next = owed;
                    break;
                }
            }
            (dataset, period) = (next.Set.Code, next.Period.ToString());
        }
        DataSet = await DataSets.GetAsync(db, dataset, ct);
        if (string.IsNullOrWhiteSpace(period) && DataSet.Stored is { } chosen)
        {
            period = DataSets.LastEnded(chosen, today).ToString();
        }
        Picker = new UnitPicker(await me.PickerAsync(unit, Request.Query["q"], ct), unit, Request.Query["q"]);
        PeriodText = string.IsNullOrWhiteSpace(period) ? Screens.LatestYear(live, time).ToString(System.Globalization.CultureInfo.InvariantCulture) : period.Trim();
        if (!Core.Model.Period.TryParse(PeriodText, out var p))
        {
            Error = $"无法识别的期间 \"{PeriodText}\" (如 2023、2023Q1、202303、2023年3月)";
            return null;
        }
        // A period of another type (the year of a monthly set, a month of a quarterly one) opens the set's own period
        // inside or around it — the last one ended —, said once above the form, rather than a refusal.
        if (DataSet.Stored is { } own && p.Type != own.PeriodType && HttpMethods.IsGet(Request.Method))
        {
            var asked = p;
            p = Core.Model.Period.Fits(p.Type, own.PeriodType) ? p.RollUpTo(own.PeriodType)
                : !Core.Model.Period.Fits(own.PeriodType, p.Type) ? Core.Model.Period.Containing(own.PeriodType, p.End)
                : p.Split(own.PeriodType).LastOrDefault(x => x.End < today) is { Year: > 0 } ended ? ended : p.Split(own.PeriodType).First();
            Saved = $"{own.Name}按{own.PeriodType.Chinese()}报送: 已打开{p.ToChinese()} (您选的是{asked.ToChinese()})。";
        }
        Period = p;
        PeriodText = p.ToString();
        await LoadValuesAsync(ct);
        await LoadCycleAsync(ct);
        // The step just taken, said once: a later visit to the same address after the state moved on says nothing.
        Saved ??= (Request.Query["done"].ToString(), Status?.State) switch
        {
            ("submitted", ReportState.Submitted) => "已上报, 等待上级审核。",
            ("approve", ReportState.Approved) => "已审核通过, 数据已锁定。",
            ("approve", ReportState.Submitted) when Status.Passed > 0 => "本级已审核通过, 等待上一级审核。",
            ("unapprove", ReportState.Submitted) => "已取消本级审核, 等待本级重新审核。",
            ("accept", ReportState.Submitted) => "已接收, 下级不能再取消审核; 请审核通过或退回。",
            ("unaccept", ReportState.Submitted) => "已取消接收, 下级可以取消审核。",
            ("return", ReportState.Returned) => "已退回, 填报单位将看到退回原因。",
            ("unapprove", ReportState.Saved) => "已取消审核, 填报单位可以修改后重新上报。",
            ("unlock", _) => "已解锁, 填报单位可在 7 天内修改。",
            _ => null,
        };
        return null;
    }

    private async Task LoadValuesAsync(CancellationToken ct)
    {
        if (DataSet is null || Unit is null || Period is not { } p)
        {
            return;
        }
        var byId = DataSet.Elements.ToDictionary(e => e.Id);
        Shapes = DataSet.Elements.Any(e => e.CategoryComboId is not null) ? await db.ComboShapesAsync(ct) : new Dictionary<int, ComboShape>();
        var lastYear = p.YearBefore();
        Current.Clear();
        Previous.Clear();
        Finer.Clear();
        // Parts in finer periods by (element, option combo): each combo's parts are combined over time on their own (the
        // last month of a stock per combo), then the combos summed, as the engine reads an element's figure.
        var parts = new Dictionary<(int, int), List<DataValue>>();
        var previousParts = new Dictionary<(int, int), List<DataValue>>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await foreach (var value in DataValueStore.ReadAsync(db, [.. byId.Keys], p.Year - 1, p.Year, ct, [Unit.Id]))
            {
                if (!byId.TryGetValue(value.DataElementId, out var e))
                {
                    continue;
                }
                var field = value.OptionComboId == OptionCombo.DefaultId ? e.Code
                    : ShapeOf(e)?.ById(value.OptionComboId) is { } combo ? FieldOf(e, combo) : null;
                if (field is null)
                {
                    continue;
                }
                if (value.Period == p) { Current[field] = value.Value; }
                else if (value.Period == lastYear) { Previous[e.Code] = Previous.GetValueOrDefault(e.Code) + value.Value; }
                else if (p.Contains(value.Period) || lastYear.Contains(value.Period))
                {
                    var into = p.Contains(value.Period) ? parts : previousParts;
                    if (!into.TryGetValue((e.Id, value.OptionComboId), out var list))
                    {
                        into[(e.Id, value.OptionComboId)] = list = [];
                    }
                    list.Add(value);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        Notes.Clear();
        // The form keeps one note per element: the default combo's, beside a grid of combos too.
        foreach (var ((elementId, _, notePeriod, combo), note) in await ValueNotes.ReadAsync(db, [Unit.Id], p.Year, p.Year, ct))
        {
            if (notePeriod == p && combo == OptionCombo.DefaultId && byId.TryGetValue(elementId, out var noted))
            {
                Notes[noted.Code] = note;
            }
        }
        foreach (var group in parts.GroupBy(x => x.Key.Item1))
        {
            var e = byId[group.Key];
            if (!FieldsOf(e).Any(f => Current.ContainsKey(f.Field)))
            {
                var periods = group.SelectMany(x => x.Value).Select(v => v.Period).Distinct().OrderBy(x => x.StartIndex).ToList();
                var figure = group.Sum(x => e.CombineOverTime([.. x.Value.OrderBy(v => v.Period.StartIndex).Select(v => v.Value)]));
                Finer[e.Code] = new FinerPeriods(periods[0].Type, periods.Count, figure, periods[0]);
            }
        }
        foreach (var group in previousParts.GroupBy(x => x.Key.Item1))
        {
            var e = byId[group.Key];
            Previous.TryAdd(e.Code, group.Sum(x => e.CombineOverTime([.. x.Value.OrderBy(v => v.Period.StartIndex).Select(v => v.Value)])));
        }
    }

    public static string PeriodName(PeriodType type) => type switch
    {
        PeriodType.Month => "月",
        PeriodType.Quarter => "季",
        PeriodType.SixMonth => "半年",
        PeriodType.Year => "年",
        PeriodType.Week => "周",
        PeriodType.FinancialOct => "妇幼统计年",
        _ => throw new UnreachableException(),
    };
}
