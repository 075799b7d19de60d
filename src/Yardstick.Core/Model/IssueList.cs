namespace Yardstick.Core.Model;

/// <summary>
/// Issues as an answer lists them, collected as they are found: the first <see cref="InputLimits.IssuesListed"/> kept, the rest
/// only counted — so collecting stays small however bad the input (a 30 MB file of bad lines).
/// </summary>
public sealed class IssueList
{
    private readonly List<string> _kept = [];

    /// <summary>Every issue added, listed or not.</summary>
    public int Count { get; private set; }

    public void Add(string issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        Count++;
        if (_kept.Count < InputLimits.IssuesListed)
        {
            _kept.Add(issue);
        }
    }

    /// <summary>The issues kept, and a last line "另有 N 条" for the rest.</summary>
    public IReadOnlyList<string> Listed() => Count == _kept.Count ? [.. _kept] : [.. _kept, InputLimits.More(Count - _kept.Count)];
}
