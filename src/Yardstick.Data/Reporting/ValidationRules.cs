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
        var rules = (await db.ValidationRules.AsNoTracking().ToListAsync(cancellationToken))
            .Where(r => r.AppliesTo(period) && r.References().Any(elementCodes.Contains)).ToList();
        if (rules.Count == 0)
        {
            return [];
        }
        var codes = rules.SelectMany(r => r.References()).ToHashSet(StringComparer.Ordinal);
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Id, cancellationToken);
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await foreach (var v in DataValueStore.ReadAsync(db, [.. elements.Keys], period.Year, period.Year, cancellationToken, [unit.Id]))
            {
                if (v.Period == period && elements.TryGetValue(v.DataElementId, out var e))
                {
                    values[e.Code] = v.Value;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        foreach (var (code, value) in incoming ?? new Dictionary<string, decimal>())
        {
            values[code] = value;
        }
        var names = elements.Values.ToDictionary(e => e.Code, e => e.Name, StringComparer.Ordinal);
        string Words(string side)
        {
            foreach (var (code, name) in names)
            {
                side = side.Replace("#{" + code + "}", name, StringComparison.Ordinal);
            }
            return side.Replace("*", "×", StringComparison.Ordinal).Replace("/", "÷", StringComparison.Ordinal);
        }
        return [.. rules.Select(r => r.Violation(c => values.TryGetValue(c, out var v) ? v : null, Words) is { } message ? new Violation(r, message) : null)
            .OfType<Violation>()];
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
