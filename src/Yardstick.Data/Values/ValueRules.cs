using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Core.Model;

namespace Yardstick.Data.Values;

/// <summary>
/// The rules across values checked in SQL against what a change set wrote — (1) no flow beside its own values of
/// overlapping periods of another length, (2) numerator ≤ denominator —, inside its transaction before commit:
/// for imports too large to check in memory (the importer checks smaller ones before writing, previews included). Each
/// side is the value stored for the same unit and period or, failing that, the combination over time of the unit's
/// values of shorter periods inside it (summed for flows, averaged for averages, the last for stocks) — the rule the
/// in-memory check and the engine follow. A violation rolls the whole import back.
/// </summary>
public static class ValueRules
{
    public sealed record Violation(int NumeratorId, int DenominatorId, int OrgUnitId, Period Period, decimal Numerator, decimal Denominator);

    public sealed record Overlap(int DataElementId, int OrgUnitId, Period Written, Period Other);

    /// <summary>
    /// At most <paramref name="limit"/> values the change set wrote for a flow or averaged element that overlap a value of
    /// the same element and unit for a period of another length (a year total beside its months). Cheap when none can:
    /// an element the change set wrote in one period type (<paramref name="writtenTypes"/>, known to the writer), with no value
    /// of another type stored, is not joined at all.
    /// </summary>
    public static async Task<IReadOnlyList<Overlap>> OverlapsAsync(YardstickDb db, long changeSetId, DataElement element,
        IReadOnlyCollection<PeriodType> writtenTypes, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(element);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        var e = element.Id.ToString(CultureInfo.InvariantCulture);
        if (writtenTypes.Count == 0)
        {
            return [];
        }
        if (writtenTypes.Count == 1)
        {
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM data_values WHERE data_element_id = {e} AND period_type <> {(int)writtenTypes.First()})";
            if (!Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture))
            {
                return [];
            }
        }
        command.CommandText = $"""
            SELECT a.org_unit_id, a.period_type, a.period_start, b.period_type, b.period_start
            FROM data_values a JOIN data_values b
              ON b.data_element_id = a.data_element_id AND b.org_unit_id = a.org_unit_id AND b.period_type <> a.period_type
             AND a.period_type <> 5 AND b.period_type <> 5
             AND {Index("b.period_start")} < {Index("a.period_start")} + {Months("a.period_type")}
             AND {Index("a.period_start")} < {Index("b.period_start")} + {Months("b.period_type")}
            WHERE a.data_element_id = {e} AND a.change_set_id = {changeSetId}
            LIMIT {limit}
            """;
        var found = new List<Overlap>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new Overlap(element.Id, reader.GetInt32(0), PeriodOf(reader.GetInt32(1), reader.GetInt32(2)), PeriodOf(reader.GetInt32(3), reader.GetInt32(4))));
            }
        }
        return found;
    }

    private static Period PeriodOf(int type, int start) => Period.FromKey((PeriodType)type, start);

    /// <summary>At most <paramref name="limit"/> violations among the keys the change set wrote for the pair's elements.</summary>
    public static async Task<IReadOnlyList<Violation>> NumeratorOverDenominatorAsync(YardstickDb db, long changeSetId, DataElement numerator,
        DataElement denominator, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(numerator);
        ArgumentNullException.ThrowIfNull(denominator);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        var n = numerator.Id.ToString(CultureInfo.InvariantCulture);
        var d = denominator.Id.ToString(CultureInfo.InvariantCulture);
        command.CommandText = $"""
            WITH touched AS (
                SELECT DISTINCT org_unit_id, period_type, period_start FROM data_values
                WHERE change_set_id = {changeSetId} AND data_element_id IN ({n}, {d})),
            sides AS (
                SELECT t.org_unit_id, t.period_type, t.period_start,
                       ({Side("t", numerator)}) AS num,
                       ({Side("t", denominator)}) AS den
                FROM touched t)
            SELECT org_unit_id, period_type, period_start, CAST(num AS text), CAST(den AS text) FROM sides
            WHERE num IS NOT NULL AND den IS NOT NULL AND num > den
            LIMIT {limit}
            """;
        var found = new List<Violation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var period = PeriodOf(reader.GetInt32(1), reader.GetInt32(2));
            found.Add(new Violation(numerator.Id, denominator.Id, reader.GetInt32(0), period,
                decimal.Parse(reader.GetString(3), NumberStyles.Float, CultureInfo.InvariantCulture),
                decimal.Parse(reader.GetString(4), NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        return found;
    }

    // Values are compared as numbers: SQLite keeps them as exact text, which would compare "9" above "10".

    /// <summary>
    /// The element's value for the key row <paramref name="t"/>: stored for the same period, else combined from the unit's
    /// values of shorter periods inside it.
    /// </summary>
    private static string Side(string t, DataElement element)
    {
        var id = element.Id.ToString(CultureInfo.InvariantCulture);
        var inside = $"""
            v.data_element_id = {id} AND v.org_unit_id = {t}.org_unit_id AND v.period_type > {t}.period_type AND v.period_type <= 4
            AND {Index("v.period_start")} >= {Index($"{t}.period_start")}
            AND {Index("v.period_start")} + {Months("v.period_type")} <= {Index($"{t}.period_start")} + {Months($"{t}.period_type")}
            """;
        var combined = element.TimeAggregation switch
        {
            TimeAggregation.Sum => $"(SELECT sum(CAST(v.value AS NUMERIC)) FROM data_values v WHERE {inside})",
            TimeAggregation.Average => $"(SELECT avg(CAST(v.value AS NUMERIC)) FROM data_values v WHERE {inside})",
            // The value whose period ends last; of two ending together, the shorter period's.
            TimeAggregation.Last => $"(SELECT CAST(v.value AS NUMERIC) FROM data_values v WHERE {inside} ORDER BY {Index("v.period_start")} + {Months("v.period_type")} DESC, v.period_type DESC LIMIT 1)",
            _ => throw new UnreachableException(),
        };
        return $"""
            coalesce((SELECT CAST(x.value AS NUMERIC) FROM data_values x WHERE x.data_element_id = {id} AND x.org_unit_id = {t}.org_unit_id
                      AND x.period_type = {t}.period_type AND x.period_start = {t}.period_start), {combined})
            """;
    }

    /// <summary>
    /// Months since year 0 of a yyyymm start. Weeks (type 5, keyed yyyyww) are left out of the month-axis comparisons
    /// here: their month is their Thursday's, which SQL cannot tell from the key; the engine places them (weak: a week
    /// and a month of one element both stored are not reported as an overlap).
    /// </summary>
    private static string Index(string start) => $"(({start}) / 100 * 12 + ({start}) % 100 - 1)";

    private static string Months(string type) => $"(CASE {type} WHEN 1 THEN 12 WHEN 6 THEN 12 WHEN 2 THEN 6 WHEN 3 THEN 3 ELSE 1 END)";
}
