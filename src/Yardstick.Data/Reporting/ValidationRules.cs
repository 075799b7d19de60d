using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data.Values;

namespace Yardstick.Data.Reporting;

/// <summary>The stored validation rules run against one unit's values for one period: on entry (warnings) and at 上报 (high blocks).</summary>
public static class ValidationRules
{
    public sealed record Violation(ValidationRule Rule, string Message);

    /// <summary>
    /// The rules that read any element of <paramref name="elementCodes"/> and apply to the period, run on the unit's stored
    /// values for exactly that period, with <paramref name="incoming"/> (element code → value) taking the place of stored ones.
    /// </summary>
    public static async Task<IReadOnlyList<Violation>> CheckAsync(YardstickDb db, IReadOnlyCollection<string> elementCodes, OrgUnit unit, Period period,
        IReadOnlyDictionary<string, decimal>? incoming = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elementCodes);
        ArgumentNullException.ThrowIfNull(unit);
        var rules = await RulesReadingAsync(db, elementCodes, cancellationToken);
        if (rules.Count == 0)
        {
            return [];
        }
        var found = await CheckManyAsync(db, rules, [(unit, period, incoming ?? new Dictionary<string, decimal>())], cancellationToken);
        return found[0];
    }

    /// <summary>The stored rules that read any of these elements (whole or one of their options).</summary>
    public static async Task<IReadOnlyList<ValidationRule>> RulesReadingAsync(YardstickDb db, IReadOnlyCollection<string> elementCodes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elementCodes);
        return [.. (await db.ValidationRules.AsNoTracking().ToListAsync(cancellationToken))
            .Where(r => r.References().Any(reference => elementCodes.Any(code => FormulaReference.Reads(reference, code))))];
    }

    /// <summary>
    /// How a value is named among a pair's values: its element's code, and for a value of an option combo the code and the
    /// combo's code (<c>deaths_u5.female.age0</c>) — the reference that names exactly it.
    /// </summary>
    public static string ValueKey(string elementCode, string? optionComboCode) =>
        optionComboCode is null ? elementCode : elementCode + "." + optionComboCode;

    /// <summary>
    /// <paramref name="rules"/> run for many (unit, period) pairs at once — an upload of a township's villages — with one read
    /// of the stored values they need, each pair's <c>Incoming</c> values taking the place of stored ones. A rule runs for a
    /// pair when it applies to the period and reads an element the pair writes (or, with nothing incoming, always). Values are
    /// named by <see cref="ValueKey"/>; a rule's reference reads the sum of those it names (<see cref="FormulaReference"/>).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<Violation>>> CheckManyAsync(YardstickDb db, IReadOnlyList<ValidationRule> rules,
        IReadOnlyList<(OrgUnit Unit, Period Period, IReadOnlyDictionary<string, decimal> Incoming)> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(pairs);
        if (rules.Count == 0 || pairs.Count == 0)
        {
            return [.. pairs.Select(_ => (IReadOnlyList<Violation>)[])];
        }
        var references = rules.SelectMany(r => r.References()).ToHashSet(StringComparer.Ordinal);
        var elements = (await db.DataElements.AsNoTracking().ToListAsync(cancellationToken))
            .Where(e => references.Any(r => FormulaReference.Reads(r, e.Code))).ToDictionary(e => e.Id);
        var combos = await db.ComboShapesAsync(cancellationToken);
        var comboCodes = combos.Values.SelectMany(s => s.OptionCombos).ToDictionary(o => o.Id, o => o.Code);
        var byCode = elements.Values.ToDictionary(e => e.Code, StringComparer.Ordinal);
        var resolved = references.ToDictionary(r => r, r => FormulaReference.Resolve(r, byCode.GetValueOrDefault, combos), StringComparer.Ordinal);
        var wanted = pairs.Select(p => (p.Unit.Id, p.Period)).ToHashSet();
        var stored = new Dictionary<(int Unit, Period Period), Dictionary<string, decimal>>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, [.. elements.Keys], pairs.Min(p => p.Period.Year), pairs.Max(p => p.Period.Year), cancellationToken,
                [.. pairs.Select(p => p.Unit.Id).Distinct()]))
            {
                if (wanted.Contains((v.OrgUnitId, v.Period)) && elements.TryGetValue(v.DataElementId, out var e))
                {
                    if (!stored.TryGetValue((v.OrgUnitId, v.Period), out var values))
                    {
                        stored[(v.OrgUnitId, v.Period)] = values = new Dictionary<string, decimal>(StringComparer.Ordinal);
                    }
                    values[ValueKey(e.Code, comboCodes.GetValueOrDefault(v.OptionComboId))] = v.Value;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        string Words(string side) => InWords(side, resolved);
        // A reference reads the sum of the values it names: an element whole, an option, one combo.
        decimal? Read(Dictionary<string, decimal> values, string reference)
        {
            if (resolved.GetValueOrDefault(reference) is not { } named)
            {
                return null;
            }
            var keys = named.OptionCombos is null
                ? values.Keys.Where(k => FormulaReference.Reads(k, named.Element.Code)).ToList()
                : [.. named.OptionCombos.Select(c => ValueKey(named.Element.Code, c.Code)).Where(values.ContainsKey)];
            return keys.Count == 0 ? null : keys.Sum(k => values[k]);
        }
        bool Writes(IReadOnlyDictionary<string, decimal> incoming, ValidationRule rule) =>
            rule.References().Any(r => resolved.GetValueOrDefault(r) is { } named && incoming.Keys.Any(k => FormulaReference.Reads(k, named.Element.Code)));
        var result = new List<IReadOnlyList<Violation>>(pairs.Count);
        foreach (var (unit, period, incoming) in pairs)
        {
            var values = new Dictionary<string, decimal>(stored.GetValueOrDefault((unit.Id, period)) ?? [], StringComparer.Ordinal);
            foreach (var (code, value) in incoming)
            {
                values[code] = value;
            }
            result.Add([.. rules.Where(r => r.AppliesTo(period) && (incoming.Count == 0 || Writes(incoming, r)))
                .Select(r => r.Violation(c => Read(values, c), Words) is { } message ? new Violation(r, message) : null)
                .OfType<Violation>()]);
        }
        return result;
    }

    /// <summary>A rule's side as people read it: element names (and options) for the references, × and ÷ for * and /.</summary>
    private static string InWords(string side, IReadOnlyDictionary<string, FormulaReference?> references)
    {
        foreach (var (reference, named) in references.OrderByDescending(r => r.Key.Length))
        {
            if (named is not null)
            {
                side = side.Replace("#{" + reference + "}", named.Words, StringComparison.Ordinal);
            }
        }
        return side.Replace("*", "×", StringComparison.Ordinal).Replace("/", "÷", StringComparison.Ordinal);
    }

    /// <summary>A rule's side as people read it: element names for <c>#{code}</c>, × and ÷ for * and /.</summary>
    public static string InWords(string side, IReadOnlyDictionary<string, string> elementNames)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(elementNames);
        foreach (var (code, name) in elementNames)
        {
            side = side.Replace("#{" + code + "}", name, StringComparison.Ordinal);
        }
        return side.Replace("*", "×", StringComparison.Ordinal).Replace("/", "÷", StringComparison.Ordinal);
    }

    /// <summary>High-importance violations of the data set's rules for the unit's report: these block 上报.</summary>
    public static async Task<IReadOnlyList<string>> BlockingViolationsAsync(YardstickDb db, DataSet dataSet, OrgUnit unit, Period period,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        var found = await CheckAsync(db, dataSet.ElementCodes, unit, period, cancellationToken: cancellationToken);
        return [.. found.Where(v => v.Rule.Importance == RuleImportance.High).Select(v => v.Message)];
    }
}
