namespace Yardstick.Data.Interchange;

/// <summary>A problem with one row of an input file. <see cref="Line"/> counts the header as line 1.</summary>
public sealed record ImportIssue(string Location, int Line, string Message, bool IsError = true)
{
    public override string ToString() => Line > 0 ? $"{Location}:{Line}: {Message}" : $"{Location}: {Message}";
}

/// <summary>What an import did: nothing at all when any issue is an error.</summary>
public sealed record ImportResult(IReadOnlyList<ImportIssue> Issues, IReadOnlyDictionary<InterchangeKind, int> Rows)
{
    public bool Succeeded => !Issues.Any(i => i.IsError);
}

/// <summary>One value an import would write, with the value it replaces (null when new).</summary>
public sealed record ValueChange(string DataElement, string DataElementName, string OrgUnit, string OrgUnitName, Core.Model.Period Period, decimal? Old, decimal New);
