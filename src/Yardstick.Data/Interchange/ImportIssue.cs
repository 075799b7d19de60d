namespace Yardstick.Data.Interchange;

/// <summary>A problem with one row of an input file. <see cref="Line"/> counts the header as line 1.</summary>
public sealed record ImportIssue(string Location, int Line, string Message, bool IsError = true)
{
    /// <summary>The longest message: one quoting a 10 MB field quotes its start, not all of it.</summary>
    public const int MaxMessageLength = 300;

    /// <summary>The reason, bounded in length, control characters shown as spaces (they would break lines and XML).</summary>
    public string Message { get; init; } = Bounded(Message);

    /// <summary>
    /// Refused for the state the store is in (a report submitted, approved or past its lock date), not for what the row
    /// says: a conflict with another writer or a state (the API's 409), where other errors are bad input (400).
    /// </summary>
    public bool IsConflict { get; init; }

    private static string Bounded(string message)
    {
        var clean = new string([.. message.Select(c => char.IsControl(c) ? ' ' : c)]);
        return clean.Length <= MaxMessageLength ? clean : string.Concat(clean.AsSpan(0, MaxMessageLength), $"…(共 {clean.Length:N0} 字)");
    }

    public override string ToString() => Line > 0 ? $"{Location}:{Line}: {Message}" : $"{Location}: {Message}";
}

/// <summary>What an import did: nothing at all when any issue is an error.</summary>
public sealed record ImportResult(IReadOnlyList<ImportIssue> Issues, IReadOnlyDictionary<InterchangeKind, int> Rows)
{
    public bool Succeeded => !Issues.Any(i => i.IsError);
}

/// <summary>One value an import would write, with the value it replaces (null when new).</summary>
public sealed record ValueChange(string DataElement, string DataElementName, string OrgUnit, string OrgUnitName, Core.Model.Period Period, decimal? Old, decimal New);
