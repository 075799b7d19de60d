using Yardstick.Core.Model;
using Yardstick.Core.Text;

namespace Yardstick.Core.Tasks;

/// <summary>
/// Finds the unit a document names as a task's owner ("责任处室: 卫健三处", "(疾控科负责)") among the commission's departments
/// and the units below it: the same name (full-width forms and spaces aside), else a department whose
/// name the written one contains or that contains it ("市卫健委妇幼科" / "妇幼科"), when exactly one does. A name nobody
/// answers to stays text on the task, for the assigner to resolve before handing it over.
/// </summary>
public static class OwnerNames
{
    public static OrgUnit? Match(string written, IReadOnlyList<OrgUnit> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var name = Key(written);
        if (name.Length < 2)
        {
            return null;
        }
        var exact = candidates.Where(c => Key(c.Name) == name).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }
        var near = candidates.Where(c => c.Kind == OrgUnitKind.Department && Key(c.Name).Length >= 2
            && (name.Contains(Key(c.Name), StringComparison.Ordinal) || Key(c.Name).Contains(name, StringComparison.Ordinal))).ToList();
        return near.Count == 1 ? near[0] : null;
    }

    /// <summary>The names in an owners field as written: "妇幼科、疾控科" or "妇幼科,疾控科" or "妇幼科 疾控科".</summary>
    public static IReadOnlyList<string> Split(string? written) =>
        [.. InputText.Normalize(written ?? "").Split(['、', ',', ';', '，', '；', ' ', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Key(string text) => InputText.Normalize(text).Replace(" ", "", StringComparison.Ordinal);
}
