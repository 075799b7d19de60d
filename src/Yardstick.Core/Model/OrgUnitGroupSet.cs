namespace Yardstick.Core.Model;

/// <summary>
/// A group set (分组集): one way of sorting units into groups — 机构类别, 等级, 所有制, 城乡. An exclusive set puts a unit in
/// at most one of its groups (a hospital is not both 公立 and 民营), so its groups' figures under a unit add up to the
/// figure of the units it classifies, and a breakdown by the set is a partition.
/// </summary>
public sealed class OrgUnitGroupSet
{
    private OrgUnitGroupSet() { }

    public OrgUnitGroupSet(int id, string code, string name, bool isExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code.Trim();
        Rename(name);
        IsExclusive = isExclusive;
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool IsExclusive { get; private set; }

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }
}
