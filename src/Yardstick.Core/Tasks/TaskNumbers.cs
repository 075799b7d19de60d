using System.Globalization;

namespace Yardstick.Core.Tasks;

/// <summary>
/// The numbers a plan's document tasks are stored and shown under (<c>TL14-12</c>): unique within the plan. A document
/// that numbers its tasks once through keeps its own numbers; one whose numbering restarts in every section (1. 2. 3.
/// under each heading) gets a running number in document order instead, and the section stays beside the task.
/// </summary>
public static class TaskNumbers
{
    public static IReadOnlyList<string> Unique(IReadOnlyList<string> printed)
    {
        ArgumentNullException.ThrowIfNull(printed);
        var distinct = printed.All(n => n.Length > 0) && printed.Distinct(StringComparer.Ordinal).Count() == printed.Count;
        return distinct ? printed : [.. printed.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture))];
    }
}
