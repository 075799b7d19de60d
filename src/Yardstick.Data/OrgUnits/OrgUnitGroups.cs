using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;

namespace Yardstick.Data.OrgUnits;

/// <summary>A group as a question names it: its name, its set's name and its members' ids (what the engine restricts by).</summary>
public sealed record ChosenGroup(OrgUnitGroup Group, OrgUnitGroupSet? Set, IReadOnlySet<int> Members)
{
    /// <summary>"科尔沁区 · 二级以上公立医院": a unit restricted to the group, as every screen, report and table heads it.</summary>
    public string Label(OrgUnit unit) => $"{unit.Name} · {Group.Name}";

    /// <summary>What a 考核 or 通报 of <paramref name="unit"/>'s children restricted to the group counts, said under its heading.</summary>
    public string ChildrenDefinition(OrgUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return $"只计机构分组「{Group.Name}」在{unit.Name}各下级单位之内的成员 (各成员连同其下级机构, 每个机构只计一次; 率为各成员分子之和除以分母之和); "
            + "没有成员的下级单位不列; 文件目标按单位登记, 不按分组计。";
    }
}

/// <summary>Reads org-unit groups and group sets for questions (imports write them: <c>Importer.Groups</c>).</summary>
public static class OrgUnitGroups
{
    /// <summary>The group with this code, or null with the message a caller shows.</summary>
    public static async Task<(ChosenGroup? Group, string? Error)> FindAsync(YardstickDb db, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var group = await db.OrgUnitGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Code == code, cancellationToken);
        if (group is null)
        {
            return (null, $"未知的机构分组代码 \"{code}\"");
        }
        var set = group.GroupSetId is { } s ? await db.OrgUnitGroupSets.AsNoTracking().FirstAsync(x => x.Id == s, cancellationToken) : null;
        var members = await db.OrgUnitGroupMembers.AsNoTracking().Where(m => m.GroupId == group.Id).Select(m => m.OrgUnitId).ToListAsync(cancellationToken);
        return (new ChosenGroup(group, set, members.ToHashSet()), null);
    }

    /// <summary>The set with this code (or name) and each of its groups with members, by group code; null with a message when unknown.</summary>
    public static async Task<(OrgUnitGroupSet? Set, IReadOnlyList<ChosenGroup> Groups, string? Error)> SetAsync(YardstickDb db, string codeOrName,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var set = await db.OrgUnitGroupSets.AsNoTracking().FirstOrDefaultAsync(s => s.Code == codeOrName, cancellationToken)
            ?? await db.OrgUnitGroupSets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == codeOrName, cancellationToken);
        if (set is null)
        {
            return (null, [], $"未知的机构分组集 \"{codeOrName}\"");
        }
        var groups = await db.OrgUnitGroups.AsNoTracking().Where(g => g.GroupSetId == set.Id).ToListAsync(cancellationToken);
        var ids = groups.Select(g => g.Id).ToList();
        var members = (await db.OrgUnitGroupMembers.AsNoTracking().Where(m => ids.Contains(m.GroupId)).ToListAsync(cancellationToken)).ToLookup(m => m.GroupId, m => m.OrgUnitId);
        return (set, [.. groups.OrderBy(g => g.Code, StringComparer.Ordinal).Select(g => new ChosenGroup(g, set, members[g.Id].ToHashSet()))], null);
    }

    /// <summary>Every group set with its groups and their members, sets and groups by code (for a page's breakdowns).</summary>
    public static async Task<IReadOnlyList<(OrgUnitGroupSet Set, IReadOnlyList<ChosenGroup> Groups)>> SetsAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sets = await db.OrgUnitGroupSets.AsNoTracking().ToListAsync(cancellationToken);
        var groups = await db.OrgUnitGroups.AsNoTracking().Where(g => g.GroupSetId != null).ToListAsync(cancellationToken);
        var members = (await db.OrgUnitGroupMembers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(m => m.GroupId, m => m.OrgUnitId);
        return [.. sets.OrderBy(s => s.Code, StringComparer.Ordinal).Select(s => (s, (IReadOnlyList<ChosenGroup>)[.. groups.Where(g => g.GroupSetId == s.Id)
            .OrderBy(g => g.Code, StringComparer.Ordinal).Select(g => new ChosenGroup(g, s, members[g.Id].ToHashSet()))]))
            .Where(x => x.Item2.Count > 0)];
    }

    /// <summary>Groups whose code or name contains the text (the unit picker's search), with their set's name, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<(OrgUnitGroup Group, string? SetName)>> SearchAsync(YardstickDb db, string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = await db.OrgUnitGroups.AsNoTracking().Where(g => g.Name.Contains(text) || g.Code.Contains(text))
            .OrderBy(g => g.Code).Take(limit).ToListAsync(cancellationToken);
        var sets = await db.OrgUnitGroupSets.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return [.. found.Select(g => (g, g.GroupSetId is { } s ? sets.GetValueOrDefault(s) : null))];
    }
}
