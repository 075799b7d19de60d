using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Data.Values;

namespace Yardstick.Data.Analytics;

/// <summary>A dimension of an analytics question: its name (dx, ou, pe) and its items as asked (codes, LEVEL-3, LAST_12_MONTHS…).</summary>
public sealed record AnalyticsDimension(string Name, IReadOnlyList<string> Items);

/// <summary>
/// An analytics question in DHIS2's dimension syntax: <see cref="Dimensions"/> lay out the rows (each a combination of one
/// item of each), <see cref="Filters"/> are summed over (their items' numerators and denominators added, then divided).
/// </summary>
public sealed record AnalyticsQuestion(IReadOnlyList<AnalyticsDimension> Dimensions, IReadOnlyList<AnalyticsDimension> Filters, bool IncludeNumDen, bool SkipRounding);

/// <summary>One cell of the answer: the items of the row's dimensions (in the question's order) and the figure.</summary>
public sealed record AnalyticsCell(IReadOnlyList<string> Items, decimal Value, decimal? Numerator, decimal? Denominator, decimal Factor);

/// <summary>
/// The answer: the question's dimensions and filters resolved to items (in order; a filter's items each counted once, see
/// <see cref="Analytics.AnswerAsync"/>), the cells that hold a figure, and every item's name.
/// </summary>
public sealed record AnalyticsResult(IReadOnlyList<AnalyticsDimension> Dimensions, IReadOnlyList<AnalyticsDimension> Filters, IReadOnlyList<AnalyticsCell> Cells,
    IReadOnlyDictionary<string, string> Names)
{
    /// <summary>How many units of the question lay outside the asker's scope and were left out (see <c>seenBy</c>).</summary>
    public int UnitsLeftOut { get; init; }

    /// <summary>Each unit item's stored path (<c>/1/4/17/</c>): which rows are another's children, which a total counts once.</summary>
    public IReadOnlyDictionary<string, string> UnitPaths { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// 数据分析 (issue 28): any question of the live engine in DHIS2's analytics syntax — data (indicators and data elements),
/// org units (codes, <c>LEVEL-n</c>, <c>CHILDREN</c>, <c>USER_ORGUNIT</c>, <c>OU_GROUP-code</c>), periods (any period, relative ones such as
/// <c>LAST_12_MONTHS</c> or 近12个月) — answered from the engine without a batch job, inside the asker's scope.
/// </summary>
public static class Analytics
{
    /// <summary>The most cells one question may ask for: a province's villages × 12 months × 4 indicators.</summary>
    public const int MaxCells = 1_000_000;

    /// <summary>
    /// Reads <c>dimension=dx:a;b</c>, <c>dimension=ou:…</c>, <c>dimension=pe:…</c> and <c>filter=…</c>; each of dx, ou and pe
    /// must be named once, as a dimension or a filter. The refusal names what is wrong, in Chinese.
    /// </summary>
    public static (AnalyticsQuestion? Question, Refusal? Refusal) Parse(IEnumerable<string> dimensions, IEnumerable<string> filters, bool includeNumDen = false, bool skipRounding = false)
    {
        var dims = new List<AnalyticsDimension>();
        var filts = new List<AnalyticsDimension>();
        foreach (var (text, into, field) in dimensions.Select(d => (d, dims, "dimension")).Concat(filters.Select(f => (f, filts, "filter"))))
        {
            var normalized = Core.Text.InputText.Normalize(text ?? "").Trim();
            var colon = normalized.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? "" : normalized[..colon].Trim().ToLowerInvariant();
            if (name is not ("dx" or "ou" or "pe"))
            {
                return (null, Refusal.Invalid($"无法识别的维度 \"{InputLimits.Echo(text)}\" (应为 dx:指标代码、ou:机构代码 或 pe:期间, 多项以分号分隔)", field));
            }
            var items = normalized[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (items.Length == 0)
            {
                return (null, Refusal.Invalid($"维度 {name} 没有列出任何项", field));
            }
            if (dims.Concat(filts).Any(d => d.Name == name))
            {
                return (null, Refusal.Invalid($"维度 {name} 出现了两次", field));
            }
            into.Add(new AnalyticsDimension(name, items));
        }
        foreach (var needed in new[] { ("dx", "数据 (dx)"), ("ou", "机构 (ou)"), ("pe", "期间 (pe)") })
        {
            if (dims.Concat(filts).All(d => d.Name != needed.Item1))
            {
                return (null, Refusal.Invalid($"缺少{needed.Item2}维度", "dimension"));
            }
        }
        if (dims.Count == 0)
        {
            return (null, Refusal.Invalid("至少要有一个维度 (dimension), 不能全是筛选 (filter)", "dimension"));
        }
        return (new AnalyticsQuestion(dims, filts, includeNumDen, skipRounding), null);
    }

    /// <summary>
    /// Answers <paramref name="question"/> for a user whose scope is <paramref name="scope"/>: a unit named outside it is
    /// refused, <c>LEVEL-n</c> and <c>USER_ORGUNIT</c> stay inside it. Cells without a figure are left out, as DHIS2 leaves them.
    /// A filter counts each value once, as DHIS2's does: a unit under another unit of the filter, or a period inside another
    /// period of it, adds nothing more (科尔沁区 with 通辽市 is 通辽市). <paramref name="seenBy"/> is the asker's own scope when the
    /// question was written for a wider <paramref name="scope"/> (a favourite shared by the city, opened in a county): the
    /// units are read as written, then only those inside <paramref name="seenBy"/> are kept, so the asker sees their part of
    /// the same table and nothing of the rest.
    /// </summary>
    public static async Task<(AnalyticsResult? Result, Refusal? Refusal)> AnswerAsync(YardstickDb db, IEngineSource engines, AnalyticsQuestion question, OrgUnit scope,
        DateOnly today, OrgUnit? seenBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(scope);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = question.Dimensions.Concat(question.Filters).ToList();

        var (data, dataRefusal) = await DataAsync(db, all.Single(d => d.Name == "dx").Items, names, cancellationToken);
        if (data is null)
        {
            return (null, dataRefusal);
        }
        var (units, unitRefusal) = await UnitsAsync(db, all.Single(d => d.Name == "ou").Items, scope, names, cancellationToken);
        if (units is null)
        {
            return (null, unitRefusal);
        }
        var leftOut = 0;
        if (seenBy is not null)
        {
            leftOut = units.Count(u => !u.IsWithin(seenBy));
            units = [.. units.Where(u => u.IsWithin(seenBy))];
            if (units.Count == 0)
            {
                return (null, Refusal.Forbidden("这一查询的机构都不在您的机构范围内"));
            }
        }
        var (periods, periodRefusal) = Periods(all.Single(d => d.Name == "pe").Items, today, names);
        if (periods is null)
        {
            return (null, periodRefusal);
        }
        var byName = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["dx"] = [.. data.Select(d => d.Code)],
            ["ou"] = [.. units.Select(u => u.Code)],
            ["pe"] = [.. periods.Select(p => p.ToString())],
        };
        var rowDims = question.Dimensions.Select(d => new AnalyticsDimension(d.Name, byName[d.Name])).ToList();
        foreach (var filter in question.Filters)
        {
            byName[filter.Name] = filter.Name switch
            {
                "ou" => [.. units.Where(u => !units.Any(o => o.Id != u.Id && u.IsWithin(o))).Select(u => u.Code)],
                "pe" => [.. periods.Where(p => !periods.Any(o => o != p && o.Contains(p))).Select(p => p.ToString())],
                _ => byName[filter.Name],
            };
        }
        var filterDims = question.Filters.Select(f => new AnalyticsDimension(f.Name, byName[f.Name])).ToList();
        long cells = rowDims.Aggregate(1L, (n, d) => n * d.Items.Count) * question.Filters.Aggregate(1L, (n, f) => n * byName[f.Name].Count);
        if (cells > MaxCells)
        {
            return (null, Refusal.Invalid($"查询过大: {cells:N0} 个单元格, 一次最多 {MaxCells:N0} 个; 请减少机构、期间或指标", "dimension"));
        }
        var indicatorOf = data.Where(d => d.TargetPlan is null).ToDictionary(d => d.Code, d => d.Indicator, StringComparer.Ordinal);
        var unitOf = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var periodOf = periods.ToDictionary(p => p.ToString(), StringComparer.Ordinal);
        var firstYear = periods.Min(p => p.Year);
        var lastYear = periods.Max(p => p.EndIndex / 12);
        var answer = await engines.ReadAsync(db, [.. data.Select(d => d.Indicator)], firstYear, lastYear, engine =>
        {
            var found = new List<AnalyticsCell>();
            foreach (var combination in Combinations(rowDims))
            {
                var fixedItems = rowDims.Select((d, k) => (d.Name, Item: combination[k])).ToDictionary(x => x.Name, x => x.Item, StringComparer.Ordinal);
                IEnumerable<IReadOnlyDictionary<string, string>> filterSets = Combinations(filterDims)
                    .Select(items => (IReadOnlyDictionary<string, string>)filterDims.Select((f, k) => (f.Name, Item: items[k])).ToDictionary(x => x.Name, x => x.Item, StringComparer.Ordinal));
                decimal numerator = 0, denominator = 0;
                var any = false;
                var hasDenominator = false;
                Indicator? indicator = null;
                foreach (var filterItems in filterSets)
                {
                    string Item(string name) => fixedItems.TryGetValue(name, out var v) ? v : filterItems[name];
                    if (!indicatorOf.TryGetValue(Item("dx"), out var itemIndicator))
                    {
                        continue;   // a plan's target: its cells are the plan's (TargetCellsAsync)
                    }
                    indicator = itemIndicator;
                    var value = engine.Evaluate(indicator, unitOf[Item("ou")].Id, periodOf[Item("pe")]);
                    if (value.Numerator is { } n)
                    {
                        numerator += n;
                        any = true;
                    }
                    if (value.Denominator is { } d)
                    {
                        denominator += d;
                        hasDenominator = true;
                    }
                }
                if (!any || indicator is null)
                {
                    continue;
                }
                var figure = indicator.FromParts(numerator, indicator.DenominatorFormula is null ? null : hasDenominator ? denominator : null);
                if (figure.Value is { } v)
                {
                    found.Add(new AnalyticsCell(combination, question.SkipRounding ? v : Rounding.ForDisplay(v, indicator.Decimals), figure.Numerator,
                        figure.Denominator, indicator.Factor));
                }
            }
            return found;
        }, cancellationToken);
        if (data.Any(d => d.TargetPlan is not null))
        {
            answer = [.. answer, .. await TargetCellsAsync(db, engines, data, rowDims, filterDims, question.SkipRounding, cancellationToken)];
        }
        return (new AnalyticsResult(rowDims, filterDims, answer, names) { UnitsLeftOut = leftOut, UnitPaths = unitOf.ToDictionary(u => u.Key, u => u.Value.Path, StringComparer.Ordinal) }, null);
    }

    /// <summary>The data keyword of a plan's target for an indicator: <c>TARGET-TL14.infant_mortality</c> (plan code, a dot, indicator code).</summary>
    public const string TargetPrefix = "TARGET-";

    /// <summary>How many (unit, year) pairs one question reads targets for (each is the plan judged at that unit and year).</summary>
    public const int MostTargetPairs = 1000;

    /// <summary>
    /// The cells of target items: for a unit and a year, the level the plan expects there that year — on the straight path
    /// from the baseline to the target (序时目标, <see cref="Core.Targets.TargetEvaluation.Expected"/>), the target itself from
    /// its year on, or the target as written when no path can be drawn (no baseline, a range) — read from the plan's
    /// evaluation of that unit and year, as the dashboard judges it, so a child unit gets the target it is held to. Only
    /// years carry a target, and a cell summed over several filter items has none: targets do not add up.
    /// </summary>
    private static async Task<List<AnalyticsCell>> TargetCellsAsync(YardstickDb db, IEngineSource engines, List<DataItem> data,
        List<AnalyticsDimension> rowDims, List<AnalyticsDimension> filterDims, bool skipRounding, CancellationToken cancellationToken)
    {
        var cells = new List<AnalyticsCell>();
        if (filterDims.Any(f => f.Items.Count > 1))
        {
            return cells;
        }
        var fixedFilters = filterDims.ToDictionary(f => f.Name, f => f.Items[0], StringComparer.Ordinal);
        var itemOf = data.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var judged = new Dictionary<(string Plan, string Unit, int Year), IReadOnlyList<Core.Targets.PlanEvaluationRow>>();
        foreach (var combination in Combinations(rowDims))
        {
            var at = rowDims.Select((d, k) => (d.Name, Item: combination[k])).ToDictionary(x => x.Name, x => x.Item, StringComparer.Ordinal);
            foreach (var (name, item) in fixedFilters)
            {
                at[name] = item;
            }
            if (itemOf[at["dx"]] is not { TargetPlan: { } plan } target || !Period.TryParse(at["pe"], out var period) || period.Type != PeriodType.Year)
            {
                continue;
            }
            var key = (plan, at["ou"], period.Year);
            if (!judged.TryGetValue(key, out var rows))
            {
                if (judged.Count >= MostTargetPairs)
                {
                    continue;
                }
                rows = (await Evaluations.PlanAsync(db, engines, plan, at["ou"], period.Year, children: false, cancellationToken)).Rows ?? [];
                judged[key] = rows;
            }
            var row = rows.FirstOrDefault(r => r.OrgUnit.Code == at["ou"] && r.Indicator.Code == target.Indicator.Code);
            if (row?.Evaluation is { } e && (e.Expected ?? e.TargetValue) is { } level)
            {
                cells.Add(new AnalyticsCell(combination, skipRounding ? level : Rounding.ForDisplay(level, target.Indicator.Decimals), null, null, target.Indicator.Factor));
            }
        }
        return cells;
    }

    /// <summary>A data item: an indicator (or an element read as one), or with <paramref name="TargetPlan"/> that plan's target for it.</summary>
    private sealed record DataItem(string Code, Indicator Indicator, string? TargetPlan = null);

    /// <summary>
    /// Indicators by code, then data elements by code (an element read as an indicator of its own total), then an element with
    /// options of its categories (<see cref="FormulaReference"/>: <c>births.female</c> summed over the other categories).
    /// </summary>
    private static async Task<(List<DataItem>? Data, Refusal? Refusal)> DataAsync(YardstickDb db, IReadOnlyList<string> items, Dictionary<string, string> names,
        CancellationToken cancellationToken)
    {
        var indicators = await db.Indicators.AsNoTracking().Where(i => items.Contains(i.Code)).ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, cancellationToken);
        // An element, or an element followed by options of its categories (births.female, deaths.female.age0, DHIS2's de.coc):
        // every code before a '.' may be the element.
        var codes = items.SelectMany(i => i.Select((ch, k) => ch == '.' ? i[..k] : null).OfType<string>().Append(i)).ToHashSet(StringComparer.Ordinal);
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.Ordinal, cancellationToken);
        var combos = items.Any(i => i.Contains('.', StringComparison.Ordinal)) ? await db.ComboShapesAsync(cancellationToken) : new Dictionary<int, ComboShape>();
        var data = new List<DataItem>();
        foreach (var code in items.Distinct(StringComparer.Ordinal))
        {
            if (code.StartsWith(TargetPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var (target, refusal) = await TargetItemAsync(db, code, cancellationToken);
                if (target is null)
                {
                    return (null, refusal);
                }
                data.Add(target);
                names[code] = $"{target.Indicator.Name} · 规划目标";
            }
            else if (indicators.TryGetValue(code, out var indicator))
            {
                data.Add(new DataItem(code, indicator));
                names[code] = indicator.Name;
            }
            else if (elements.TryGetValue(code, out var element))
            {
                data.Add(new DataItem(code, new Indicator(1, code, element.Name, $"#{{{code}}}", null, 1, "", Direction.Neutral, element.ValueKind == ValueKind.Count ? 0 : 2)));
                names[code] = element.Name;
            }
            else if (FormulaReference.Resolve(code, c => elements.GetValueOrDefault(c), combos) is { OptionCombos: not null } part)
            {
                // The element's figure over the combos named, by the element's own rules: one more series sum, like a formula's #{…}.
                data.Add(new DataItem(code, new Indicator(1, code, part.Words, $"#{{{code}}}", null, 1, "", Direction.Neutral, part.Element.ValueKind == ValueKind.Count ? 0 : 2)));
                names[code] = part.Words;
            }
            else
            {
                return (null, Refusal.Invalid($"未知的指标或数据元代码 \"{InputLimits.Echo(code)}\" (类别选项写在数据元代码之后, 以 \".\" 相连, 如 live_births.female)", "dimension"));
            }
        }
        return (data, null);
    }

    /// <summary>
    /// <c>TARGET-plan.indicator</c>: a plan code, a dot, then the code of an indicator the plan sets a target for (plan codes may
    /// hold dots themselves, so every dot is tried). The item carries the indicator itself (its name, decimals, factor), but
    /// its cells come from the plan's evaluation (<see cref="TargetCellsAsync"/>), never from the engine's figures.
    /// </summary>
    private static async Task<(DataItem? Item, Refusal? Refusal)> TargetItemAsync(YardstickDb db, string code, CancellationToken cancellationToken)
    {
        var rest = code[TargetPrefix.Length..];
        for (var dot = rest.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = rest.IndexOf('.', dot + 1))
        {
            var planCode = rest[..dot];
            var indicatorCode = rest[(dot + 1)..];
            var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
            var indicator = await db.Indicators.AsNoTracking().FirstOrDefaultAsync(i => i.Code == indicatorCode, cancellationToken);
            if (plan is null)
            {
                continue;
            }
            if (indicator is null)
            {
                return (null, Refusal.Invalid($"规划目标中的 \"{InputLimits.Echo(indicatorCode)}\" 不是已有指标的代码 (规划目标按指标设定)", "dimension"));
            }
            if (!await db.Targets.AsNoTracking().AnyAsync(t => t.PlanId == plan.Id && t.IndicatorId == indicator.Id, cancellationToken))
            {
                return (null, Refusal.Invalid($"规划「{plan.Name}」没有为指标「{indicator.Name}」设定目标", "dimension"));
            }
            return (new DataItem(code, indicator, plan.Code), null);
        }
        return (null, Refusal.Invalid($"无法识别的规划目标 \"{InputLimits.Echo(code)}\" (应为 TARGET-规划代码.指标代码, 如 TARGET-TL14.infant_mortality)", "dimension"));
    }

    /// <summary>
    /// Units named by code (each inside the scope), then what the keywords add: <c>LEVEL-n</c> the open units of level n under
    /// the units named (under the scope when none is), <c>CHILDREN</c> their children, <c>USER_ORGUNIT</c> the scope itself,
    /// <c>USER_ORGUNIT_CHILDREN</c> its children. Closed units and departments (处室) are left out of what a keyword adds, never out
    /// of what is named.
    /// </summary>
    private static async Task<(List<OrgUnit>? Units, Refusal? Refusal)> UnitsAsync(YardstickDb db, IReadOnlyList<string> items, OrgUnit scope,
        Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        var keywords = items.Where(i => i.StartsWith("LEVEL-", StringComparison.OrdinalIgnoreCase) || i.StartsWith("OU_GROUP-", StringComparison.OrdinalIgnoreCase)
            || i.ToUpperInvariant() is "CHILDREN" or "USER_ORGUNIT" or "USER_ORGUNIT_CHILDREN").ToList();
        var codes = items.Except(keywords).Distinct(StringComparer.Ordinal).ToList();
        var named = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        var units = new List<OrgUnit>();
        foreach (var code in codes)
        {
            if (!named.TryGetValue(code, out var unit))
            {
                return (null, Refusal.NotFound($"未知的组织机构代码 \"{InputLimits.Echo(code)}\""));
            }
            if (!unit.IsWithin(scope))
            {
                return (null, Refusal.Forbidden($"机构 {unit.Name} ({unit.Code}) 不在您的机构范围内"));
            }
            units.Add(unit);
        }
        var roots = units.Count > 0 ? units.ToList() : [scope];
        foreach (var keyword in keywords.Where(k => k.StartsWith("OU_GROUP-", StringComparison.OrdinalIgnoreCase)))
        {
            // A group's members under the units named (under the scope when none is), each with its subtree: 二级以上公立医院 in 科尔沁区.
            var groupCode = keyword["OU_GROUP-".Length..];
            var group = await db.OrgUnitGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Code == groupCode, cancellationToken);
            if (group is null)
            {
                return (null, Refusal.NotFound($"未知的机构分组 \"{InputLimits.Echo(groupCode)}\""));
            }
            var memberIds = await db.OrgUnitGroupMembers.AsNoTracking().Where(m => m.GroupId == group.Id).Select(m => m.OrgUnitId).ToListAsync(cancellationToken);
            var members = await db.OrgUnits.AsNoTracking().Where(u => memberIds.Contains(u.Id)).ToListAsync(cancellationToken);
            units.AddRange(members.Where(m => m.IsWithin(scope) && roots.Any(r => m.IsWithin(r))).OrderBy(m => m.Path, StringComparer.Ordinal));
        }
        foreach (var keyword in keywords.Where(k => !k.StartsWith("OU_GROUP-", StringComparison.OrdinalIgnoreCase)).Select(k => k.ToUpperInvariant()))
        {
            if (keyword == "USER_ORGUNIT")
            {
                units.Add(scope);
                continue;
            }
            var under = keyword == "USER_ORGUNIT_CHILDREN" ? [scope] : roots;
            var paths = under.Select(u => u.Path).ToList();
            int? level = null;
            if (keyword.StartsWith("LEVEL-", StringComparison.Ordinal))
            {
                if (!int.TryParse(keyword.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 20)
                {
                    return (null, Refusal.Invalid($"无法识别的层级 \"{InputLimits.Echo(keyword)}\" (应为 LEVEL-1 至 LEVEL-20)", "dimension"));
                }
                level = n;
            }
            var prefix = paths.Count == 1 ? paths[0] : "/";
            var candidates = await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(prefix) && u.ClosedOn == null).ToListAsync(cancellationToken);
            // A commission's departments (处室) hold no figures and are never compared: a keyword never adds them.
            units.AddRange(candidates.Where(c => under.Any(u => c.IsWithin(u) && c.Id != u.Id) && c.IsWithin(scope) && c.Kind.IsArea()
                && (level is { } l ? c.Level == l : under.Any(u => c.ParentId == u.Id))).OrderBy(c => c.Path, StringComparer.Ordinal));
        }
        units = [.. units.DistinctBy(u => u.Id)];
        if (units.Count == 0)
        {
            return (null, Refusal.Invalid("机构维度没有得到任何机构", "dimension"));
        }
        foreach (var u in units)
        {
            names[u.Code] = u.Name;
        }
        return (units, null);
    }

    /// <summary>Periods as written anywhere (2023, 2023Q1, 202303, 2024W05, 2023Oct, 2023年3月…) and the relative ones DHIS2 names, in Chinese too.</summary>
    private static (List<Period>? Periods, Refusal? Refusal) Periods(IReadOnlyList<string> items, DateOnly today, Dictionary<string, string> names)
    {
        var periods = new List<Period>();
        var month = Period.OfMonth(today.Year, today.Month);
        var quarter = month.RollUpTo(PeriodType.Quarter);
        foreach (var item in items)
        {
            IEnumerable<Period>? relative = Core.Text.InputText.Normalize(item).Trim().ToUpperInvariant() switch
            {
                "THIS_YEAR" or "今年" or "本年" => [Period.OfYear(today.Year)],
                "LAST_YEAR" or "去年" or "上年" => [Period.OfYear(today.Year - 1)],
                "LAST_5_YEARS" or "近5年" or "近五年" => Enumerable.Range(today.Year - 5, 5).Select(Period.OfYear),
                "THIS_MONTH" or "本月" => [month],
                "LAST_MONTH" or "上月" => [month.Previous()],
                "LAST_12_MONTHS" or "近12个月" or "近十二个月" => Back(month, 12),
                "THIS_QUARTER" or "本季度" => [quarter],
                "LAST_QUARTER" or "上季度" => [quarter.Previous()],
                "LAST_4_QUARTERS" or "近4个季度" or "近四个季度" => Back(quarter, 4),
                "MONTHS_THIS_YEAR" or "今年各月" => Period.OfYear(today.Year).Split(PeriodType.Month).Where(p => p.Start <= today),
                "QUARTERS_THIS_YEAR" or "今年各季度" => Period.OfYear(today.Year).Split(PeriodType.Quarter).Where(p => p.Start <= today),
                _ => null,
            };
            if (relative is not null)
            {
                periods.AddRange(relative);
            }
            else if (Period.TryParse(item, out var period))
            {
                periods.Add(period);
            }
            else
            {
                return (null, Refusal.Invalid($"无法识别的期间 \"{InputLimits.Echo(item)}\"", "dimension"));
            }
        }
        periods = [.. periods.Distinct()];
        foreach (var p in periods)
        {
            names[p.ToString()] = p.ToChinese();
        }
        return (periods, null);

        // The n periods ending with the one before the current: the last complete ones, oldest first.
        static IEnumerable<Period> Back(Period current, int n)
        {
            var list = new List<Period>();
            for (var p = current.Previous(); list.Count < n; p = p.Previous())
            {
                list.Insert(0, p);
            }
            return list;
        }
    }

    /// <summary>Every combination of one item per dimension, the first dimension slowest (a table's rows in order).</summary>
    private static IEnumerable<IReadOnlyList<string>> Combinations(IReadOnlyList<AnalyticsDimension> dimensions)
    {
        if (dimensions.Count == 0)
        {
            yield return [];
            yield break;
        }
        foreach (var head in dimensions[0].Items)
        {
            foreach (var tail in Combinations([.. dimensions.Skip(1)]))
            {
                yield return [head, .. tail];
            }
        }
    }
}
