using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Data.Values;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    /// <summary>
    /// Set when the rules across values could not be checked in memory before writing — more values than the in-memory
    /// check indexes, or too many to look their stored partners up one by one: they are checked in the store after the
    /// write, inside the transaction (<see cref="ValueRules"/>), and a broken rule rolls the import back. Never skipped.
    /// </summary>
    private bool _rulesInStore;

    /// <summary>How many broken rules one import reports at most (each is a row to fix; a thousand say the file is wrong).</summary>
    private const int MaxRuleIssues = 200;

    /// <summary>The (numerator, denominator) pairs of rate and proportion indicators that are one element over another.</summary>
    private List<(DataElement Numerator, DataElement Denominator, Indicator Indicator)> RulePairs()
    {
        var pairs = new List<(DataElement, DataElement, Indicator)>();
        foreach (var indicator in _indicators.Values.Where(i => i.Unit is "%" or "‰" or "/10万" or "/万" or "/1000"))
        {
            if (SingleElement(indicator.Numerator) is { } n && SingleElement(indicator.Denominator) is { } d
                && _elements.TryGetValue(n, out var numerator) && _elements.TryGetValue(d, out var denominator))
            {
                pairs.Add((numerator, denominator, indicator));
            }
        }
        return pairs;
    }

    /// <summary>
    /// Checks both rules against the store for what <paramref name="changeSet"/> wrote (<paramref name="written"/>: the
    /// period types written per element); adds an issue per broken rule and says whether any was.
    /// </summary>
    private async Task<bool> CheckRulesInStoreAsync(ChangeSet changeSet, IReadOnlyDictionary<int, HashSet<PeriodType>> written,
        CancellationToken cancellationToken)
    {
        var byId = _elements.Values.ToDictionary(e => e.Id);
        var broken = 0;
        var overlap = BuiltInRule(Core.Reporting.RuleOperator.NoOverlap);
        var ratio = BuiltInRule(Core.Reporting.RuleOperator.NumeratorWithinDenominator);
        foreach (var (elementId, types) in written)
        {
            var element = byId[elementId];
            if (overlap is null || element.TimeAggregation == TimeAggregation.Last || broken >= MaxRuleIssues)
            {
                continue;
            }
            foreach (var o in await ValueRules.OverlapsAsync(db, changeSet.Id, element, types, MaxRuleIssues - broken, cancellationToken))
            {
                broken++;
                RefuseInStore(o.DataElementId, o.OrgUnitId, o.Written,
                    $"{element.Name} 在 {_unitsById[o.OrgUnitId].Name} 已有 {o.Other} 的数值, 不能再填与之重叠的 {o.Written} (按时间累加会重复计算)", overlap);
            }
        }
        foreach (var (numerator, denominator, indicator) in RulePairs())
        {
            if (ratio is null || broken >= MaxRuleIssues || !written.ContainsKey(numerator.Id) && !written.ContainsKey(denominator.Id))
            {
                continue;
            }
            foreach (var v in await ValueRules.NumeratorOverDenominatorAsync(db, changeSet.Id, numerator, denominator, MaxRuleIssues - broken, cancellationToken))
            {
                broken++;
                RefuseInStore(written.ContainsKey(numerator.Id) ? numerator.Id : denominator.Id, v.OrgUnitId, v.Period,
                    $"{numerator.Name} ({Rounding.Plain(v.Numerator)}) 不能大于 {denominator.Name} ({Rounding.Plain(v.Denominator)}) — {indicator.Name}的分子不能超过分母 ({_unitsById[v.OrgUnitId].Name}, {v.Period})", ratio);
            }
        }
        return HasErrors;
    }

    private Dictionary<(int, int, Period), int>? _rowOfValue;

    /// <summary>
    /// An issue at the row that wrote the value when it is known (values held in memory); else for the import. An error
    /// unless the rule behind it is set to warn (<paramref name="rule"/> below high importance).
    /// </summary>
    private void RefuseInStore(int elementId, int unitId, Period period, string message, Core.Reporting.ValidationRule? rule = null,
        Core.Model.RefusalKind kind = Core.Model.RefusalKind.Invalid)
    {
        // The store's checks name an element's total at a unit and period, not an option combo: a disaggregated element has
        // a row per combo there, and the first of them is the one named.
        if (_rowOfValue is null)
        {
            _rowOfValue = [];
            for (var i = 0; i < _values.Count; i++)
            {
                _rowOfValue.TryAdd((_values[i].DataElementId, _values[i].OrgUnitId, _values[i].Period), i);
            }
        }
        var (location, line) = _rowOfValue.TryGetValue((elementId, unitId, period), out var row) ? _valueRows[row] : ("导入", 0);
        _issues.Add(new ImportIssue(location, line, message, IsError: rule is null || rule.Importance == Core.Reporting.RuleImportance.High) { Kind = kind });
    }

    /// <summary>The period types written per element, recorded as values stream past on their way to the store.</summary>
    private static IEnumerable<DataValue> Recording(IEnumerable<DataValue> values, Dictionary<int, HashSet<PeriodType>> written)
    {
        foreach (var v in values)
        {
            if (!written.TryGetValue(v.DataElementId, out var types))
            {
                written[v.DataElementId] = types = [];
            }
            types.Add(v.Period.Type);
            yield return v;
        }
    }
}
