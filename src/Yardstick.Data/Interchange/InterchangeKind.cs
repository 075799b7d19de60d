namespace Yardstick.Data.Interchange;

/// <summary>The kinds of interchange table, each with its fixed columns (the CSV header).</summary>
public enum InterchangeKind
{
    OrgUnits,
    DataElements,
    DataSets,
    Indicators,
    Targets,
    ValidationRules,
    DataValues,
}

public static class InterchangeKinds
{
    /// <summary>In import order: what a later kind refers to comes first.</summary>
    public static IReadOnlyList<InterchangeKind> All { get; } =
        [InterchangeKind.OrgUnits, InterchangeKind.DataElements, InterchangeKind.DataSets, InterchangeKind.Indicators, InterchangeKind.Targets, InterchangeKind.ValidationRules, InterchangeKind.DataValues];

    public static IReadOnlyList<string> Columns(this InterchangeKind kind) => kind switch
    {
        InterchangeKind.OrgUnits => ["code", "name", "parent", "level", "opened_on", "closed_on"],
        InterchangeKind.DataElements => ["code", "name", "value_type", "agg_ou", "agg_time"],
        InterchangeKind.DataSets => ["code", "name", "period_type", "elements", "assign", "due_days", "lock_days"],
        InterchangeKind.Indicators => ["code", "name", "numerator", "denominator", "factor", "unit", "direction", "decimals"],
        InterchangeKind.Targets => ["plan", "indicator", "orgunit", "baseline_year", "baseline_value", "target_year", "target_value", "comparator", "nature", "each_unit"],
        InterchangeKind.ValidationRules => ["code", "name", "left", "operator", "right", "importance", "period_type", "missing"],
        InterchangeKind.DataValues => ["dataelement", "period", "orgunit", "value", "comment", "source", "follow_up"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The file name export writes and the word the CLI takes: orgunits, dataelements, …</summary>
    public static string Word(this InterchangeKind kind) => kind == InterchangeKind.ValidationRules ? "rules" : kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? word, out InterchangeKind kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Word(), word?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The kind whose required columns the header holds (extra columns are allowed), or null.</summary>
    public static InterchangeKind? FromHeader(IEnumerable<string> header)
    {
        var set = header.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        return All.Cast<InterchangeKind?>().FirstOrDefault(k => RequiredColumns(k!.Value).All(set.Contains));
    }

    /// <summary>Columns a file must have; the rest may be missing and read as empty.</summary>
    public static IReadOnlyList<string> RequiredColumns(this InterchangeKind kind) => kind switch
    {
        InterchangeKind.OrgUnits => ["code", "name", "parent"],
        InterchangeKind.DataElements => ["code", "name", "agg_ou"],
        InterchangeKind.DataSets => ["code", "period_type", "elements", "assign"],
        InterchangeKind.Indicators => ["code", "numerator", "factor"],
        InterchangeKind.Targets => ["plan", "indicator", "orgunit", "target_value", "comparator"],
        InterchangeKind.ValidationRules => ["code", "left", "operator", "right"],
        InterchangeKind.DataValues => ["dataelement", "period", "orgunit", "value"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
