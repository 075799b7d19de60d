using Microsoft.EntityFrameworkCore;
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

    /// <summary>The stored rules that read any of these elements.</summary>
    public static async Task<IReadOnlyList<ValidationRule>> RulesReadingAsync(YardstickDb db, IReadOnlyCollection<string> elementCodes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elementCodes);
        return [.. (await db.ValidationRules.AsNoTracking().ToListAsync(cancellationToken)).Where(r => r.References().Any(elementCodes.Contains))];
    }

    /// <summary>
    /// <paramref name="rules"/> run for many (unit, period) pairs at once — an upload of a township's villages — with one read
    /// of the stored values they need, each pair's <c>Incoming</c> values taking the place of stored ones. A rule runs for a
    /// pair when it applies to the period and reads an element the pair writes (or, with nothing incoming, always).
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
        var codes = rules.SelectMany(r => r.References()).ToHashSet(StringComparer.Ordinal);
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Id, cancellationToken);
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
                    values[e.Code] = v.Value;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var names = elements.Values.ToDictionary(e => e.Code, e => e.Name, StringComparer.Ordinal);
        string Words(string side) => InWords(side, names);
        var result = new List<IReadOnlyList<Violation>>(pairs.Count);
        foreach (var (unit, period, incoming) in pairs)
        {
            var values = new Dictionary<string, decimal>(stored.GetValueOrDefault((unit.Id, period)) ?? [], StringComparer.Ordinal);
            foreach (var (code, value) in incoming)
            {
                values[code] = value;
            }
            result.Add([.. rules.Where(r => r.AppliesTo(period) && (incoming.Count == 0 || r.References().Any(incoming.ContainsKey)))
                .Select(r => r.Violation(c => values.TryGetValue(c, out var v) ? v : null, Words) is { } message ? new Violation(r, message) : null)
                .OfType<Violation>()]);
        }
        return result;
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
