using System.Globalization;

namespace Yardstick.Data.Documents;

/// <summary>One item read from a plan's document, kept in its words (<c>plan_items</c>), with the quote it came from.</summary>
/// <param name="Kind">indicator, prose_target, achievement or annex.</param>
public sealed record PlanItem(string Kind, string Name, string? Comparator, string? Value, string? Unit, int? Year, string? IndicatorCode, string Source)
{
    /// <summary>The kind as a planner calls it.</summary>
    public string KindName => NameOfKind(Kind);

    public static string NameOfKind(string kind) => kind switch
    {
        "indicator" => "主要指标表",
        "prose_target" => "文中目标",
        "achievement" => "文中已达成的数字",
        "annex" => "附表目标任务",
        _ => kind,
    };

    /// <summary>A target the document sets (a table row, a prose target or an annex row), as opposed to a figure reached.</summary>
    public bool IsTarget => Kind is "indicator" or "prose_target" or "annex";
}

/// <summary>The items of a plan's document, for the plan page and <c>yardstick evaluate --plan</c>.</summary>
public static class PlanItems
{
    /// <summary>The plan's items in the order they were read (at most <paramref name="limit"/>).</summary>
    public static Task<IReadOnlyList<PlanItem>> ListAsync(YardstickDb db, int planId, CancellationToken cancellationToken, int limit = 2000)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT kind, name, comparator, value, unit, year, indicator_code, source FROM plan_items WHERE plan_id = @plan ORDER BY id LIMIT @limit";
            SchemaMigrator.AddParameter(command, "@plan", planId);
            SchemaMigrator.AddParameter(command, "@limit", limit);
            var items = new List<PlanItem>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int k) => reader.IsDBNull(k) ? null : Convert.ToString(reader.GetValue(k), CultureInfo.InvariantCulture);
                items.Add(new PlanItem(reader.GetString(0), reader.GetString(1), Text(2), Text(3), Text(4),
                    reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), Text(6), Text(7) ?? ""));
            }
            return (IReadOnlyList<PlanItem>)items;
        }, cancellationToken);
    }
}
