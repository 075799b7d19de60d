namespace Yardstick.Data.Interchange;

/// <summary>A problem with one row of an input file. <see cref="Line"/> counts the header as line 1.</summary>
public sealed record ImportIssue(string Location, int Line, string Message, bool IsError = true)
{
    /// <summary>The longest message: one quoting a 10 MB field quotes its start, not all of it.</summary>
    public const int MaxMessageLength = 300;

    /// <summary>The reason, bounded in length, control characters shown as spaces (they would break lines and XML).</summary>
    public string Message { get; init; } = Bounded(Message);

    /// <summary>
    /// Whose move the error is: the row's (<see cref="Core.Model.RefusalKind.Invalid"/>, the default), the caller's scope
    /// (<see cref="Core.Model.RefusalKind.Forbidden"/>), or the state of the store — a report submitted
    /// (<see cref="Core.Model.RefusalKind.Conflict"/>), approved or past its lock date (<see cref="Core.Model.RefusalKind.Locked"/>).
    /// </summary>
    public Core.Model.RefusalKind Kind { get; init; } = Core.Model.RefusalKind.Invalid;

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
