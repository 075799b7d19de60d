using System.Globalization;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Documents;

/// <summary>One item read from a plan's document, kept in its words (<c>plan_items</c>), with the quote it came from.</summary>
/// <param name="Kind">indicator, prose_target, achievement or annex.</param>
/// <param name="ElementCode">A data element whose yearly total judges the item, when a planner linked one.</param>
/// <param name="Origin">Where an annex row's target came from; whose threshold a reference value is (省定, 国家标准).</param>
public sealed record PlanItem(long Id, string Kind, string Name, string? Comparator, string? Value, string? Unit, int? Year, string? IndicatorCode, string Source,
    string? ElementCode = null, string? Origin = null)
{
    /// <summary>The kind as a planner calls it.</summary>
    public string KindName => NameOfKind(Kind);

    public static string NameOfKind(string kind) => kind switch
    {
        "indicator" => "主要指标表",
        "prose_target" => "文中目标",
        "achievement" => "文中已达成的数字",
        "reference" => "参照值 (省定、国家标准等)",
        "annex" => "附表目标任务",
        _ => kind,
    };

    /// <summary>A target the document sets (a table row, a prose target or an annex row), as opposed to a figure reached.</summary>
    public bool IsTarget => TargetKinds.Contains(Kind, StringComparer.Ordinal);

    /// <summary>The kinds of item that set a target: a table row, a prose target, an annex row.</summary>
    public static IReadOnlyList<string> TargetKinds { get; } = ["indicator", "prose_target", "annex"];

    /// <summary>
    /// A reference value's line beside the indicator's value: "省定 &lt;7" and whether <paramref name="actual"/> is on its
    /// right side (null without a value). Not a target of the plan: it is shown, not counted.
    /// </summary>
    public (string Line, bool? Met) AsReference(decimal? actual)
    {
        var target = new DocumentTarget(Name, Comparator, Value, Unit, Year ?? 2000);
        var met = actual is { } a && target.JudgedBy is not null ? target.Judge(target.Year, target.Year - 1, a, null).Status == TargetStatus.Achieved : (bool?)null;
        return ($"{Origin ?? "参照值"} {Comparators.Written(Comparator, Value ?? "")}{Unit}", met);
    }

    /// <summary>
    /// The item as a target to judge; an undated one is due in <paramref name="defaultYear"/> (the plan's last). An annex row
    /// is a sentence, judged on its one figure when it has exactly one.
    /// </summary>
    public DocumentTarget AsTarget(int defaultYear) => Kind == "annex"
        ? DocumentTarget.FromSentence(Name, Value ?? "", Year ?? defaultYear)
        : new(Name, Comparator, Value, Unit, Year ?? defaultYear);

    /// <summary>The target as the document writes it: 筛查任务 2000人, 示范中医馆 2-3个, or the annex's sentence.</summary>
    public string Written => Kind == "annex" ? $"{Name}: {Value}"
        : $"{Name} {Comparators.Written(Comparator, Value ?? "", Unit)}";
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
            command.CommandText = "SELECT id, kind, name, comparator, value, unit, year, indicator_code, source, element_code, origin FROM plan_items WHERE plan_id = @plan ORDER BY id LIMIT @limit";
            SchemaMigrator.AddParameter(command, "@plan", planId);
            SchemaMigrator.AddParameter(command, "@limit", limit);
            var items = new List<PlanItem>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int k) => reader.IsDBNull(k) ? null : Convert.ToString(reader.GetValue(k), CultureInfo.InvariantCulture);
                items.Add(new PlanItem(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), Text(3), Text(4), Text(5),
                    reader.IsDBNull(6) ? null : Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture), Text(7), Text(8) ?? "", Text(9), Text(10)));
            }
            return (IReadOnlyList<PlanItem>)items;
        }, cancellationToken);
    }
}
