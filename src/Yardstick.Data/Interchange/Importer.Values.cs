using Yardstick.Core.Documents;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data.Values;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{

    private void CheckTargets(SourceTable table)
    {
        var seen = new Dictionary<(string, string, string, int), int>();
        var nextId = NextId(_targets, t => t.Id);
        var nextPlanId = NextId(_plans.Values, p => p.Id);
        foreach (var row in table.Rows)
        {
            var ok = true;
            var planCode = InputText.Normalize(row["plan"]);
            if (planCode.Length == 0) { Error(table, row, "规划代码为空"); ok = false; }
            if (!_indicators.TryGetValue(InputText.Normalize(row["indicator"]), out var indicator)) { Error(table, row, $"未知的指标代码 \"{row["indicator"]}\""); ok = false; }
            if (!_units.TryGetValue(InputText.Normalize(row["orgunit"]), out var unit)) { Error(table, row, $"未知的组织机构代码 \"{row["orgunit"]}\""); ok = false; }
            int? baselineYear = null;
            decimal? baselineValue = null;
            if (!IsBlank(row["baseline_year"]))
            {
                if (TryYear(row["baseline_year"], out var by)) { baselineYear = by; }
                else { Error(table, row, $"基期年份无效: \"{row["baseline_year"]}\""); ok = false; }
            }
            if (!IsBlank(row["baseline_value"]))
            {
                if (InputText.TryParseDecimal(row["baseline_value"], out var bv)) { baselineValue = bv; }
                else { Error(table, row, $"基期值无效: \"{row["baseline_value"]}\""); ok = false; }
            }
            if (baselineValue is not null && baselineYear is null) { Error(table, row, "有基期值时必须给出基期年份"); ok = false; }
            if (!TryYear(row["target_year"], out var targetYear)) { Error(table, row, $"目标年份无效: \"{row["target_year"]}\""); ok = false; }
            if (!Comparators.TryParse(row["comparator"], out var comparator)) { Error(table, row, $"无法识别的比较方式 \"{row["comparator"]}\" (应为 >=、>、<=、<、=、range、reduce_pct、increase_pct、reduce_pp_per_year、increase_pp_per_year)"); ok = false; }
            if (!TargetNatures.TryParse(row["nature"], out var nature)) { Error(table, row, $"无法识别的指标性质 \"{row["nature"]}\" (应为 约束性 或 预期性)"); ok = false; }
            OrgUnitKind? eachUnit = null;
            if (!IsBlank(row["each_unit"]))
            {
                if (ReadingTargets.EachUnit("以" + InputText.Normalize(row["each_unit"]) + "为单位") is { } kind) { eachUnit = kind; }
                else { Error(table, row, $"无法识别的“以…为单位”层级 \"{row["each_unit"]}\" (应为 县、乡镇、村 等)"); ok = false; }
            }
            decimal? targetValue = null, targetUpper = null;
            if (ok && comparator == Comparator.Range)
            {
                if (TryRange(row["target_value"], out var lo, out var hi)) { (targetValue, targetUpper) = (lo, hi); }
                else { Error(table, row, $"区间目标值应写作 \"下限-上限\",如 103-107: \"{row["target_value"]}\""); ok = false; }
            }
            else if (ok)
            {
                if (InputText.TryParseDecimal(row["target_value"], out var tv)) { targetValue = tv; }
                else { Error(table, row, $"目标值无效: \"{row["target_value"]}\""); ok = false; }
            }
            if (ok && baselineYear > targetYear) { Error(table, row, $"基期年份 {baselineYear} 晚于目标年份 {targetYear}"); ok = false; }
            if (ok && !seen.TryAdd((planCode, indicator!.Code, unit!.Code, targetYear), row.Line))
            {
                Error(table, row, $"同一规划、指标、机构和目标年份的目标重复 (首次出现在第 {seen[(planCode, indicator.Code, unit.Code, targetYear)]} 行)");
                ok = false;
            }
            if (!ok)
            {
                continue;
            }
            if (comparator.IsRelative() && baselineValue is null)
            {
                Warn(table, row, $"相对目标 ({comparator.Word()}) 没有基期值,在补充基期值之前无法评价");
            }
            if (!_plans.TryGetValue(planCode, out var plan))
            {
                var baseYear = baselineYear ?? targetYear - 5;
                plan = new Plan(nextPlanId++, planCode, planCode, baseYear, baseYear + 1, targetYear);
                _plans[planCode] = plan;
                db.Plans.Add(plan);
                _audit.Add(("plan", planCode, null, $"base_year={baseYear};end_year={targetYear}"));
            }
            var existing = _targets.FirstOrDefault(t => t.PlanId == plan.Id && t.IndicatorId == indicator!.Id && t.OrgUnitId == unit!.Id && t.TargetYear == targetYear);
            var key = $"{planCode}/{indicator!.Code}/{unit!.Code}/{targetYear}";
            if (existing is not null)
            {
                var before = Describe(existing);
                existing.Change(baselineYear, baselineValue, targetYear, targetValue, targetUpper, comparator, nature);
                existing.RequireEachUnit(eachUnit);
                if (before != Describe(existing))
                {
                    _audit.Add(("target", key, before, Describe(existing)));
                }
            }
            else
            {
                var target = new Target(nextId++, plan.Id, indicator.Id, unit.Id, baselineYear, baselineValue, targetYear, targetValue, targetUpper, comparator, nature);
                target.RequireEachUnit(eachUnit);
                _targets.Add(target);
                db.Targets.Add(target);
                _audit.Add(("target", key, null, Describe(target)));
            }
        }
    }

    private static bool TryRange(string text, out decimal low, out decimal high)
    {
        low = high = 0;
        var s = InputText.Normalize(text).Replace("～", "~", StringComparison.Ordinal).Replace("—", "~", StringComparison.Ordinal).Replace("..", "~", StringComparison.Ordinal);
        var dash = s.IndexOf('~', StringComparison.Ordinal) is var t and >= 0 ? t : s.IndexOf('-', 1);
        return dash > 0
            && InputText.TryParseDecimal(s[..dash], out low)
            && InputText.TryParseDecimal(s[(dash + 1)..].TrimStart('~', '-'), out high)
            && high >= low;
    }

    private static string Describe(Target t) =>
        $"baseline={t.BaselineYear}:{t.BaselineValue};target={t.TargetYear}:{t.Comparator.Word()} {t.TargetValue}{(t.TargetUpper is { } u ? "-" + u : "")};nature={t.Nature.Chinese()}"
        + (t.EachUnit is { } k ? ";each_unit=" + k.Chinese() : "");

    private readonly List<(string Location, int Line)> _valueRows = [];
    private readonly List<(int ElementId, int UnitId, Period Period, int Combo)> _deletes = [];
    private readonly List<(string Location, int Line)> _deleteRows = [];
    private int _deleted;

    /// <summary>
    /// How many stored values the import deleted (blank values with <see cref="DeleteBlankValues"/>), or, after
    /// <see cref="PreviewAsync"/>, would delete: a blank where nothing is stored deletes nothing.
    /// </summary>
    public int Deleted => _deleted;

    /// <summary>
    /// Warnings of the stored validation rules for what a small import wrote (the form, the API, an upload), by row:
    /// shown beside the fields; the high ones block 上报, not the save.
    /// </summary>
    public IReadOnlyList<ImportIssue> RuleWarnings => _ruleWarnings;

    private readonly List<ImportIssue> _ruleWarnings = [];

    /// <summary>How many scaled MADs from the median a value may lie before it is flagged (3: about 3 standard deviations).</summary>
    public const decimal OutlierMads = 3m;

    /// <summary>Fewer earlier values than this and no range is drawn.</summary>
    public const int OutlierHistory = 6;

    /// <summary>
    /// The range each (element, unit) has kept over the three years before, for the same period type — median ± 3 × 1.4826
    /// × MAD, robust to the outliers it looks for, at least a tenth of the median either side (<see cref="Core.Reporting.HistoricalRange"/>)
    /// — and a warning beside a value outside it (需核实); a value the same as the one stored is not new and not flagged. Small imports only.
    /// </summary>
    private async Task FlagOutliersAsync(CancellationToken cancellationToken)
    {
        var years = (_values.Min(v => v.Period.Year) - 3, _values.Max(v => v.Period.Year));
        var wanted = _values.Select(v => (v.DataElementId, v.OrgUnitId, v.Period.Type)).ToHashSet();
        var history = new Dictionary<(int, int, PeriodType), List<(Period Period, decimal Value)>>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, [.. wanted.Select(w => w.DataElementId).Distinct()], years.Item1, years.Item2, cancellationToken,
                [.. wanted.Select(w => w.OrgUnitId).Distinct()]))
            {
                var key = (v.DataElementId, v.OrgUnitId, v.Period.Type);
                if (wanted.Contains(key))
                {
                    if (!history.TryGetValue(key, out var list))
                    {
                        history[key] = list = [];
                    }
                    list.Add((v.Period, v.Value));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        for (var i = 0; i < _values.Count; i++)
        {
            var v = _values[i];
            var kept = history.GetValueOrDefault((v.DataElementId, v.OrgUnitId, v.Period.Type));
            // The value already stored (a file exported and imported back) was checked when it was written.
            if (kept is null || kept.Any(h => h.Period == v.Period && h.Value == v.Value))
            {
                continue;
            }
            var earlier = kept.Where(h => h.Period.StartIndex < v.Period.StartIndex && h.Period.Year >= v.Period.Year - 3).Select(h => h.Value).ToList();
            if (earlier.Count < OutlierHistory || Core.Reporting.HistoricalRange.Of(earlier, OutlierMads) is not { } range || range.Contains(v.Value))
            {
                continue;
            }
            var (location, line) = _valueRows[i];
            var element = _elements.Values.First(e => e.Id == v.DataElementId);
            var warning = new ImportIssue(location, line,
                $"{element.Name} {Rounding.Plain(v.Value)} 超出该单位近三年的常见范围 {Rounding.Plain(range.Low)}–{Rounding.Plain(range.High)}, 请核实", IsError: false);
            _ruleWarnings.Add(warning);
            _issues.Add(warning);
        }
    }

    /// <summary>
    /// What the reporting cycle is asked about, in order: the values written, the values deleted, the elements' own notes
    /// (a note on a submitted or locked report is refused as its value would be). <see cref="RowOfWrite"/> leads back to the row.
    /// </summary>
    private List<(int, int, Period)> Writes() =>
        [.. _values.Select(v => (v.DataElementId, v.OrgUnitId, v.Period)), .. _deletes.Select(d => (d.ElementId, d.UnitId, d.Period)),
            .. _elementNotes.Select(n => (n.ElementId, n.UnitId, n.Period))];

    private (string Location, int Line) RowOfWrite(int index) =>
        index < _values.Count ? _valueRows[index]
        : index < _values.Count + _deletes.Count ? _deleteRows[index - _values.Count]
        : (_elementNotes[index - _values.Count - _deletes.Count].Location, _elementNotes[index - _values.Count - _deletes.Count].Line);

    /// <summary>The rows that set an element's own note only (<see cref="ElementNoteRow"/>), for the reporting cycle's say.</summary>
    private readonly List<(int ElementId, int UnitId, Period Period, string Location, int Line)> _elementNotes = [];

    /// <summary>
    /// The reporting cycle asked again inside the write transaction, under the writers' lock (compare-and-set for values: the
    /// check before it was made on the reports as they stood then). Adds each refusal as an issue; true when any.
    /// </summary>
    private async Task<bool> RefusedSinceCheckAsync(CancellationToken cancellationToken)
    {
        if (_values.Count == 0 && _deletes.Count == 0 && _elementNotes.Count == 0)
        {
            return false;
        }
        var refused = await Reporting.ReportingCycle.RefuseWritesAsync(db, Writes(), _unitsById, Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()),
            IgnoreLockDates, cancellationToken);
        foreach (var (index, refusal) in refused.OrderBy(r => r.Key))
        {
            var (location, line) = RowOfWrite(index);
            _issues.Add(new ImportIssue(location, line, refusal.Message) { Kind = refusal.Kind });
        }
        return refused.Count > 0;
    }

    /// <summary>
    /// The reporting cycle's say on every write and delete (<see cref="Reporting.ReportingCycle.RefuseWritesAsync"/>:
    /// submitted or approved reports, lock dates), then, for small imports, the stored rules as warnings.
    /// </summary>
    private async Task CheckReportingAsync(CancellationToken cancellationToken)
    {
        if ((_values.Count == 0 && _deletes.Count == 0 && _elementNotes.Count == 0) || _issues.Any(i => i.IsError))
        {
            return;
        }
        var today = Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
        var refused = await Reporting.ReportingCycle.RefuseWritesAsync(db, Writes(), _unitsById, today, IgnoreLockDates, cancellationToken);
        foreach (var (index, refusal) in refused.OrderBy(r => r.Key))
        {
            var (location, line) = RowOfWrite(index);
            _issues.Add(new ImportIssue(location, line, refusal.Message) { Kind = refusal.Kind });
        }
        if (refused.Count > 0 || _values.Count == 0 || _values.Count > RuleLookupLimit)
        {
            return;
        }
        await FlagOutliersAsync(cancellationToken);
        var codes = _elements.Values.ToDictionary(e => e.Id, e => e.Code);
        var written = _values.Select(v => codes[v.DataElementId]).ToHashSet(StringComparer.Ordinal);
        // Rules read once and stored values once for every unit-period written: a 10,000-value upload of a township's
        // villages is thousands of unit-periods, and a query for each made it crawl.
        var rules = await Reporting.ValidationRules.RulesReadingAsync(db, written, cancellationToken);
        if (rules.Count == 0)
        {
            return;
        }
        var groups = _values.Select((v, i) => (v, i)).GroupBy(x => (x.v.OrgUnitId, x.v.Period)).ToList();
        var comboCodes = Shapes.Values.SelectMany(s => s.OptionCombos).ToDictionary(o => o.Id, o => o.Code);
        string KeyOf(DataValue v) => Reporting.ValidationRules.ValueKey(codes[v.DataElementId], comboCodes.GetValueOrDefault(v.OptionComboId));
        var found = await Reporting.ValidationRules.CheckManyAsync(db, rules, [.. groups.Select(g => (_unitsById[g.Key.OrgUnitId], g.Key.Period,
            (IReadOnlyDictionary<string, decimal>)g.ToDictionary(x => KeyOf(x.v), x => x.v.Value, StringComparer.Ordinal)))], cancellationToken);
        for (var k = 0; k < groups.Count; k++)
        {
            foreach (var violation in found[k])
            {
                var row = groups[k].FirstOrDefault(x => violation.Rule.References().Any(r => Core.Indicators.FormulaReference.Reads(r, codes[x.v.DataElementId])));
                var (location, line) = _valueRows[row.i];
                var warning = new ImportIssue(location, line, violation.Message + (violation.Rule.Importance == Core.Reporting.RuleImportance.High ? " (重要: 不改正不能上报)" : ""), IsError: false);
                _ruleWarnings.Add(warning);
                _issues.Add(warning);
            }
        }
    }

    /// <summary>Imports this small are also checked against stored partner values (the form, the API, uploads).</summary>
    private const int RuleLookupLimit = 10_000;

    /// <summary>
    /// Above this many values (bulk loads of a whole province) the rules are not checked in memory — their index of every
    /// value would cost more than the load itself — but in the store, after the write (<see cref="CheckRulesInStoreAsync"/>).
    /// </summary>
    private const int RuleCheckLimit = 200_000;

    /// <summary>
    /// Rules across values. (1) A flow or average reported for a period cannot sit beside values of the same element and
    /// unit for overlapping periods of another length (a year total beside its months): the engine adds them over time,
    /// so the figure would count twice. (2) For a rate or proportion (%, ‰, /10万) of one element over another, the
    /// numerator cannot exceed the denominator (婴儿死亡数 ≤ 活产数). Other values come from the same import and, for
    /// small imports (a form, the API, an upload), from the store — a partner stored by month counts as its months' total.
    /// Larger imports are checked again in the store after writing, so stored partners always count.
    /// </summary>
    private async Task CheckValueRulesAsync(CancellationToken cancellationToken)
    {
        if (_values.Count == 0 || _issues.Any(i => i.IsError))
        {
            return;
        }
        // Above the lookup limit stored partners are not read here: the store checks the rules after the write.
        _rulesInStore = _values.Count > RuleLookupLimit;
        if (_values.Count > RuleCheckLimit)
        {
            return;
        }
        var elements = _elements.Values.ToDictionary(e => e.Id);
        var pairs = RulePairs();
        var partnerIds = pairs.SelectMany(p => new[] { p.Numerator.Id, p.Denominator.Id }).ToHashSet();

        // Everything this import writes and, for small imports, what the store holds for the same elements and units.
        var incoming = _values.Select((v, i) => (v, i)).ToLookup(x => (x.v.DataElementId, x.v.OrgUnitId), x => x.i);
        var keys = _values.Select(v => (v.DataElementId, v.OrgUnitId, v.Period))
            .Concat(_values.Where(v => partnerIds.Contains(v.DataElementId))
                .SelectMany(v => pairs.Where(p => p.Numerator.Id == v.DataElementId || p.Denominator.Id == v.DataElementId)
                    .Select(p => (p.Numerator.Id == v.DataElementId ? p.Denominator.Id : p.Numerator.Id, v.OrgUnitId, v.Period))))
            .ToList();
        var stored = _values.Count <= RuleLookupLimit ? await StoredAsync(keys, cancellationToken) : [];

        var reported = new HashSet<int>();
        void Refuse(int row, string message, Core.Reporting.ValidationRule rule)
        {
            if (reported.Add(row))
            {
                var (location, line) = _valueRows[row];
                _issues.Add(new ImportIssue(location, line, message, IsError: rule.Importance == Core.Reporting.RuleImportance.High));
            }
        }
        var overlap = BuiltInRule(Core.Reporting.RuleOperator.NoOverlap);
        var ratio = BuiltInRule(Core.Reporting.RuleOperator.NumeratorWithinDenominator);

        // (1) Overlapping periods of different lengths.
        for (var i = 0; i < _values.Count && overlap is not null; i++)
        {
            var v = _values[i];
            var element = elements[v.DataElementId];
            if (element.TimeAggregation == TimeAggregation.Last)
            {
                continue;
            }
            var others = incoming[(v.DataElementId, v.OrgUnitId)].Select(j => _values[j].Period)
                .Concat(stored.GetValueOrDefault((v.DataElementId, v.OrgUnitId))?.Select(x => x.Period) ?? []);
            if (others.FirstOrDefault(o => o.Type != v.Period.Type && (o.Contains(v.Period) || v.Period.Contains(o))) is { IsValid: true } clash)
            {
                Refuse(i, $"{element.Name} 在 {_unitsById[v.OrgUnitId].Name} 已有 {clash} 的数值, 不能再填与之重叠的 {v.Period} (按时间累加会重复计算)", overlap);
            }
        }

        // (2) Numerator ≤ denominator.
        // An element's figure for a key is the sum over its option combos: the ones this import writes, the stored others.
        decimal? ValueOf(int element, int unit, Period period)
        {
            decimal? total = null;
            var written = new HashSet<int>();
            foreach (var j in incoming[(element, unit)])
            {
                if (_values[j].Period == period)
                {
                    total = (total ?? 0) + _values[j].Value;
                    written.Add(_values[j].OptionComboId);
                }
            }
            var held = stored.GetValueOrDefault((element, unit));
            if (held is null)
            {
                return total;
            }
            foreach (var (p, combo, value) in held)
            {
                if (p == period && !written.Contains(combo))
                {
                    total = (total ?? 0) + value;
                }
            }
            if (total is not null)
            {
                return total;
            }
            var parts = held.Where(x => period.Contains(x.Period)).GroupBy(x => x.Period).OrderBy(g => g.Key.StartIndex).Select(g => g.Sum(x => x.Value)).ToList();
            return parts.Count > 0 ? elements[element].CombineOverTime(parts) : null;
        }
        for (var i = 0; i < _values.Count && ratio is not null; i++)
        {
            var v = _values[i];
            foreach (var (numerator, denominator, indicator) in pairs.Where(p => p.Numerator.Id == v.DataElementId || p.Denominator.Id == v.DataElementId))
            {
                var isNumerator = v.DataElementId == numerator.Id;
                if (ValueOf(isNumerator ? denominator.Id : numerator.Id, v.OrgUnitId, v.Period) is not { } other)
                {
                    continue;
                }
                var own = ValueOf(v.DataElementId, v.OrgUnitId, v.Period) ?? v.Value;
                var (num, den) = isNumerator ? (own, other) : (other, own);
                if (num > den)
                {
                    Refuse(i, $"{numerator.Name} ({Rounding.Plain(num)}) 不能大于 {denominator.Name} ({Rounding.Plain(den)}) — {indicator.Name}的分子不能超过分母", ratio);
                }
            }
        }
    }

    /// <summary>
    /// The stored rule that sets how strict a built-in check is, the strictest when there are several; null (a store
    /// whose rule was removed by hand) runs no check.
    /// </summary>
    private Core.Reporting.ValidationRule? BuiltInRule(Core.Reporting.RuleOperator kind) =>
        _rules.Values.Where(r => r.Operator == kind).OrderBy(r => r.Importance).FirstOrDefault();

    /// <summary>
    /// What the store holds for the (element, unit) pairs of the keys, in the keys' years (one read, filtered by element
    /// and unit in SQL): for previews (the value each write replaces) and the rules above.
    /// </summary>
    private async Task<Dictionary<(int Element, int Unit), List<(Period Period, int Combo, decimal Value)>>> StoredAsync(
        IReadOnlyCollection<(int Element, int Unit, Period Period)> keys, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<(int, int), List<(Period, int, decimal)>>();
        if (keys.Count == 0)
        {
            return stored;
        }
        var pairs = keys.Select(k => (k.Element, k.Unit)).ToHashSet();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, [.. pairs.Select(p => p.Element).Distinct()], keys.Min(k => k.Period.Year),
                keys.Max(k => k.Period.Year), cancellationToken, [.. pairs.Select(p => p.Unit).Distinct()]))
            {
                if (pairs.Contains((v.DataElementId, v.OrgUnitId)))
                {
                    if (!stored.TryGetValue((v.DataElementId, v.OrgUnitId), out var list))
                    {
                        stored[(v.DataElementId, v.OrgUnitId)] = list = [];
                    }
                    list.Add((v.Period, v.OptionComboId, v.Value));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return stored;
    }

    private static string? SingleElement(string? formula)
    {
        var f = (formula ?? "").Trim();
        return f.StartsWith("#{", StringComparison.Ordinal) && f.EndsWith('}') && f.IndexOf('}', StringComparison.Ordinal) == f.Length - 1 ? f[2..^1] : null;
    }

    private void CheckDataValues(SourceTable table)
    {
        var seen = new Dictionary<(int, int, Period, int), (string Location, int Line)>();
        foreach (var row in table.Rows)
        {
            if (ElementNoteRow(table, row))
            {
                continue;
            }
            if (CheckValue(table.Location, row.Line, row["dataelement"], row["period"], row["orgunit"], row["value"], row["categoryoptioncombo"]) is not { } value)
            {
                continue;
            }
            if (!seen.TryAdd((value.DataElementId, value.OrgUnitId, value.Period, value.OptionComboId), (table.Location, row.Line)))
            {
                var first = seen[(value.DataElementId, value.OrgUnitId, value.Period, value.OptionComboId)];
                var combo = InputText.Normalize(row["categoryoptioncombo"]);
                Error(table, row, $"重复的数据值 ({InputText.Normalize(row["dataelement"])}{(combo.Length > 0 ? "." + combo : "")}, {value.Period}, {InputText.Normalize(row["orgunit"])}),首次出现在 {first.Location}:{first.Line}");
                continue;
            }
            _values.Add(value);
            _valueRows.Add((table.Location, row.Line));
            CheckNote(table, row, value);
        }
    }

    private static readonly string[] NoteColumns = ["comment", "source", "follow_up", "followup"];
    private readonly List<Core.Reporting.ValueNote> _notes = [];

    /// <summary>How many notes (comment, source, 需核实) the import set, changed or removed.</summary>
    public int NotesWritten { get; private set; }

    /// <summary>The notes the rows set, and an empty one for each deleted value: a deleted value takes its note with it.</summary>
    private async Task WriteNotesAsync(ChangeSet changeSet, CancellationToken cancellationToken)
    {
        if (_notes.Count > 0 || _deletes.Count > 0)
        {
            // A note belongs to one value, its option combo's (the form's grid posts the element's note on every field of it).
            NotesWritten = await ValueNotes.WriteAsync(db, [.. _notes.DistinctBy(n => (n.ElementId, n.UnitId, n.Period, n.OptionComboId)),
                .. _deletes.Select(d => new Core.Reporting.ValueNote(d.ElementId, d.UnitId, d.Period, null, null, false, d.Combo))],
                changeSet, _elements.Values.ToDictionary(e => e.Id, e => e.Code), _unitsById,
                Shapes.Values.SelectMany(s => s.OptionCombos).ToDictionary(o => o.Id, o => o.Code), cancellationToken);
        }
    }

    /// <summary>
    /// A row that carries only the note of an element with categories — no option combo, no value, a comment, source or mark:
    /// the element's own note (the default combo's, as the entry form keeps it beside the grid), which export writes this way
    /// since no value row of the element has the default combo. Checked as a value row is (codes, period, the caller's
    /// scope, the note's columns); true when the row was such a row, whether or not it passed.
    /// </summary>
    private bool ElementNoteRow(SourceTable table, SourceRow row)
    {
        if (!_elements.TryGetValue(InputText.Normalize(row["dataelement"]), out var element) || element.CategoryComboId is null
            || InputText.Normalize(row["categoryoptioncombo"]).Length > 0 || !IsBlank(row["value"])
            || (row["comment"].Length == 0 && row["source"].Length == 0 && row["follow_up"].Length == 0 && row["followup"].Length == 0))
        {
            return false;
        }
        var unitCode = InputText.Normalize(row["orgunit"]);
        if (!_units.TryGetValue(unitCode, out var unit)) { Error(table, row, $"未知的组织机构代码 \"{unitCode}\""); }
        if (!Period.TryParse(row["period"], out var period)) { Error(table, row, $"无法识别的期间 \"{row["period"]}\" (如 2023、2023S1、2023Q1、202303、2023年3月)"); }
        if (unit is null || !period.IsValid)
        {
            return true;
        }
        if (MayWrite is not null && !MayWrite(unit))
        {
            _issues.Add(new ImportIssue(table.Location, row.Line, $"无权填报 {unit.Name} ({unit.Code}) 的数据: 不在您的机构范围内") { Kind = RefusalKind.Forbidden });
            return true;
        }
        CheckNote(table, row, new DataValue(element.Id, unit.Id, period, 0, OptionComboId: OptionCombo.DefaultId));
        _elementNotes.Add((element.Id, unit.Id, period, table.Location, row.Line));
        return true;
    }

    /// <summary>
    /// A value row with comment / source / follow_up columns sets the value's note to exactly what they say (all empty:
    /// no note); a row without those columns leaves the stored note alone.
    /// </summary>
    private void CheckNote(SourceTable table, SourceRow row, DataValue value)
    {
        if (!NoteColumns.Any(row.Cells.ContainsKey))
        {
            return;
        }
        var source = Core.Reporting.ValueNote.ParseSource(row["source"]);
        var follow = Core.Reporting.ValueNote.ParseFollowUp(row.Cells.ContainsKey("follow_up") ? row["follow_up"] : row["followup"]);
        var comment = new string([.. row["comment"].Where(c => !Core.Text.InputText.IsHidden(c))]).Trim();
        if (source is null)
        {
            Error(table, row, $"无法识别的数据来源 \"{row["source"]}\" (应为 统计年鉴、直报、调查 或 其他部门)");
        }
        if (follow is null)
        {
            Error(table, row, $"无法识别的需核实标记 \"{row["follow_up"]}{row["followup"]}\" (应为 是 或 否)");
        }
        if (comment.Length > Core.Reporting.ValueNote.MaxComment)
        {
            Error(table, row, $"备注超过 {Core.Reporting.ValueNote.MaxComment} 字");
        }
        if (source is not null && follow is { } f && comment.Length <= Core.Reporting.ValueNote.MaxComment)
        {
            _notes.Add(new(value.DataElementId, value.OrgUnitId, value.Period, comment, source, f, NotesOnElement ? OptionCombo.DefaultId : value.OptionComboId));
        }
    }

    /// <summary>
    /// One value row checked on its own (codes known, period and number readable, the element's kind and decimals, the
    /// caller's scope): the value, or null with every reason added as an issue at its line. Blank values, when skipped, are null too.
    /// </summary>
    private DataValue? CheckValue(string location, int line, string elementText, string periodText, string unitText, string valueText, string comboText = "")
    {
        if (SkipBlankValues && IsBlank(valueText) && !DeleteBlankValues)
        {
            return null;
        }
        var ok = true;
        void Fail(string message, RefusalKind kind = RefusalKind.Invalid)
        {
            _issues.Add(new ImportIssue(location, line, message) { Kind = kind });
            ok = false;
        }
        var elementCode = InputText.Normalize(elementText);
        var unitCode = InputText.Normalize(unitText);
        if (!_elements.TryGetValue(elementCode, out var element)) { Fail($"未知的数据元代码 \"{elementCode}\""); }
        if (!_units.TryGetValue(unitCode, out var unit)) { Fail($"未知的组织机构代码 \"{unitCode}\""); }
        if (!Period.TryParse(periodText, out var period)) { Fail($"无法识别的期间 \"{periodText}\" (如 2023、2023S1、2023Q1、202303、2023年3月)"); }
        var combo = OptionCombo.DefaultId;
        if (element is not null)
        {
            if (OptionComboOf(element, comboText, out var why) is { } c) { combo = c; }
            else { Fail(why); }
        }
        if (DeleteBlankValues && IsBlank(valueText))
        {
            if (ok && (MayWrite is null || MayWrite(unit!)))
            {
                _deletes.Add((element!.Id, unit!.Id, period, combo));
                _deleteRows.Add((location, line));
            }
            else if (ok)
            {
                Fail($"无权删除 {unit!.Name} ({unit.Code}) 的数据: 不在您的机构范围内", RefusalKind.Forbidden);
            }
            return null;
        }
        if (!InputText.TryParseDecimal(valueText, out var value))
        {
            Fail(IsBlank(valueText) ? "数值为空" : $"无法识别的数值 \"{valueText}\"");
        }
        else if (element?.Reject(value, withCode: NameElementCodes) is { } reason) { Fail(reason); }
        if (!ok)
        {
            return null;
        }
        if (MayWrite is not null && !MayWrite(unit!))
        {
            Fail($"无权填报 {unit!.Name} ({unit.Code}) 的数据: 不在您的机构范围内", RefusalKind.Forbidden);
            return null;
        }
        if (unit!.ClosedOn is { } closed && closed < period.Start)
        {
            // A closed unit keeps its history but reports nothing after it closed (its villages now report elsewhere).
            Fail($"{unit.Name} ({unit.Code}) 已于 {closed:yyyy-MM-dd} 撤销, 不能填报之后的 {period}");
            return null;
        }
        return new DataValue(element!.Id, unit.Id, period, value, OptionComboId: combo);
    }
}
