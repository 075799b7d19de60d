namespace Yardstick.Core.Model;

/// <summary>
/// A group of org units (机构分组: 二级以上公立医院, 乡镇卫生院 …), usually facilities anywhere in the tree, optionally in a
/// <see cref="OrgUnitGroupSet"/>. A figure asked for a unit restricted to a group is the figure over the group's members
/// inside that unit (<c>IndicatorEngine.GroupRoots</c> says which units exactly).
/// </summary>
public sealed class OrgUnitGroup
{
    private OrgUnitGroup() { }

    public OrgUnitGroup(int id, string code, string name, int? groupSetId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code.Trim();
        Update(name, groupSetId);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>The set the group belongs to; null for a group of its own.</summary>
    public int? GroupSetId { get; private set; }

    public void Update(string name, int? groupSetId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        GroupSetId = groupSetId;
    }
}

/// <summary>One member of a group: a row of <c>org_unit_group_members</c>.</summary>
public sealed record OrgUnitGroupMember(int GroupId, int OrgUnitId);
