namespace Yardstick.Core.Model;

/// <summary>
/// A unit in the reporting tree: a government level (province down to village) or a facility.
/// Moving or closing a unit keeps its id, so its data values and their history stay attached.
/// </summary>
public sealed class OrgUnit
{
    private OrgUnit() { }

    public OrgUnit(int id, string code, string name, OrgUnitKind kind, OrgUnit? parent, DateOnly? openedOn = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code.Trim();
        Rename(name);
        Kind = kind;
        OpenedOn = openedOn;
        PlaceUnder(parent);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public OrgUnitKind Kind { get; private set; }
    public int? ParentId { get; private set; }

    /// <summary>Ids from the root down, e.g. "/1/4/17/": a subtree is every unit whose path starts with this one's.</summary>
    public string Path { get; private set; } = "/";

    /// <summary>Depth in the tree; the root is level 1.</summary>
    public int Level { get; private set; }

    public DateOnly? OpenedOn { get; private set; }

    /// <summary>The last day the unit existed; null while open. Its values are kept.</summary>
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>The ids on the path: the root's first, this unit's last.</summary>
    public IReadOnlyList<int> LineageIds =>
        [.. Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];

    public bool IsWithin(OrgUnit ancestor) => Path.StartsWith(ancestor.Path, StringComparison.Ordinal);

    public bool IsOpenDuring(Period period) =>
        (OpenedOn is null || OpenedOn <= period.End) && (ClosedOn is null || ClosedOn >= period.Start);

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }

    public void Reclassify(OrgUnitKind kind) => Kind = kind;

    public void Close(DateOnly on) => ClosedOn = on;

    /// <summary>
    /// Moves the unit under a new parent. The caller moves the descendants too (<see cref="RebaseUnder"/>),
    /// because their paths embed this one.
    /// </summary>
    public void MoveUnder(OrgUnit newParent)
    {
        ArgumentNullException.ThrowIfNull(newParent);
        if (newParent.IsWithin(this))
        {
            throw new InvalidOperationException($"{Code} cannot move under its own descendant {newParent.Code}.");
        }
        PlaceUnder(newParent);
    }

    /// <summary>Rewrites the path of a descendant after one of its ancestors moved from <paramref name="oldPath"/>.</summary>
    public void RebaseUnder(string oldPath, OrgUnit movedAncestor)
    {
        if (!Path.StartsWith(oldPath, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Code} is not under {oldPath}.");
        }
        Path = movedAncestor.Path + Path[oldPath.Length..];
        Level = Path.Count(c => c == '/') - 1;
    }

    private void PlaceUnder(OrgUnit? parent)
    {
        ParentId = parent?.Id;
        Path = (parent?.Path ?? "/") + Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
        Level = (parent?.Level ?? 0) + 1;
    }
}
