using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    private Dictionary<string, OrgUnitGroupSet> _groupSets = new(StringComparer.Ordinal);
    private Dictionary<string, OrgUnitGroup> _groups = new(StringComparer.Ordinal);

    /// <summary>Each group's members as stored, then as this import leaves them (tracked rows, so a replaced member is deleted).</summary>
    private Dictionary<int, List<OrgUnitGroupMember>> _members = [];

    private async Task LoadGroupsAsync(CancellationToken cancellationToken)
    {
        _groupSets = await db.OrgUnitGroupSets.ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, cancellationToken);
        _groups = await db.OrgUnitGroups.ToDictionaryAsync(g => g.Code, StringComparer.Ordinal, cancellationToken);
        _members = (await db.OrgUnitGroupMembers.ToListAsync(cancellationToken)).GroupBy(m => m.GroupId).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>
    /// orgunitgroups.csv: <c>code,name,group_set,members[,exclusive]</c>. Members are unit codes separated by <c>;</c>, each
    /// known (stored or earlier in the import); a known group code is replaced whole. <c>group_set</c> names a set by code
    /// or name (机构类别, 等级, 所有制, 城乡 exist from the start), blank for none; a set not yet known is created, exclusive
    /// unless the optional <c>exclusive</c> column says 否 (DHIS2 holds every group set exclusive). In an exclusive set a
    /// unit may be in one group only, checked against the groups stored and the rest of the file: the row that would put it
    /// in a second group is refused, naming the first.
    /// </summary>
    private void CheckOrgUnitGroups(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextSetId = NextId(_groupSets.Values, s => s.Id);
        var nextGroupId = NextId(_groups.Values, g => g.Id);
        var accepted = new List<(SourceRow Row, string Code, string Name, string SetText, bool? Exclusive, List<OrgUnit> Members)>();
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "机构分组代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"机构分组代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { name = code; }
            var setText = InputText.Clean(row["group_set"]);
            if (InputText.TooLong(setText, "分组集", InputText.MaxNameLength) is { } tooLong) { Error(table, row, tooLong); ok = false; }
            bool? exclusive = null;
            if (!IsBlank(row["exclusive"]))
            {
                if (YesNo(row["exclusive"]) is { } yes) { exclusive = yes; }
                else { Error(table, row, $"无法识别的互斥标记 \"{row["exclusive"]}\" (应为 是 或 否)"); ok = false; }
            }
            var members = new List<OrgUnit>();
            foreach (var item in Items(row["members"]))
            {
                if (!_units.TryGetValue(item, out var unit)) { Error(table, row, $"未知的成员机构代码 \"{item}\""); ok = false; }
                else if (!members.Contains(unit)) { members.Add(unit); }
            }
            if (ok)
            {
                accepted.Add((row, code, name, setText, exclusive, members));
            }
        }

        // The sets the file names, found or made; then each exclusive set's memberships as the import would leave them.
        var setOf = new Dictionary<string, OrgUnitGroupSet?>(StringComparer.Ordinal);
        foreach (var (row, _, _, setText, exclusive, _) in accepted)
        {
            if (setText.Length == 0 || setOf.ContainsKey(setText))
            {
                continue;
            }
            var set = _groupSets.GetValueOrDefault(setText) ?? _groupSets.Values.FirstOrDefault(s => s.Name == setText);
            if (set is null)
            {
                set = new OrgUnitGroupSet(nextSetId++, setText, setText, exclusive ?? true);
                _groupSets[set.Code] = set;
                db.OrgUnitGroupSets.Add(set);
                _audit.Add(("org_unit_group_set", set.Code, null, Describe(set)));
            }
            else if (exclusive is { } flag && flag != set.IsExclusive)
            {
                Error(table, row, $"分组集 {set.Name} 已{(set.IsExclusive ? "是" : "不是")}互斥的, 不能在这里改变");
            }
            setOf[setText] = set;
        }

        var fileGroups = accepted.Select(a => a.Code).ToHashSet(StringComparer.Ordinal);
        // Per exclusive set, which group holds each unit: first the stored groups the file leaves alone, then the file's rows in order.
        var holder = new Dictionary<(int Set, int Unit), string>();
        foreach (var group in _groups.Values.Where(g => !fileGroups.Contains(g.Code) && g.GroupSetId is not null))
        {
            foreach (var m in _members.GetValueOrDefault(group.Id) ?? [])
            {
                holder.TryAdd((group.GroupSetId!.Value, m.OrgUnitId), group.Code);
            }
        }
        var exclusiveSets = _groupSets.Values.Where(s => s.IsExclusive).Select(s => s.Id).ToHashSet();
        foreach (var (row, code, name, setText, _, members) in accepted)
        {
            var set = setText.Length == 0 ? null : setOf[setText];
            var ok = true;
            if (set is not null && exclusiveSets.Contains(set.Id))
            {
                foreach (var unit in members)
                {
                    if (!holder.TryAdd((set.Id, unit.Id), code) && holder[(set.Id, unit.Id)] != code)
                    {
                        var other = holder[(set.Id, unit.Id)];
                        var otherName = _groups.TryGetValue(other, out var g) ? g.Name : accepted.First(a => a.Code == other).Name;
                        Error(table, row, $"机构 {unit.Name} ({unit.Code}) 已属于分组 {otherName} ({other}); 分组集 {set.Name} 是互斥的, 一个机构只能属于其中一个分组");
                        ok = false;
                    }
                }
            }
            if (ok)
            {
                Store(code, name, set, members);
            }
        }
    }

    private void Store(string code, string name, OrgUnitGroupSet? set, List<OrgUnit> members)
    {
        if (!_groups.TryGetValue(code, out var group))
        {
            group = new OrgUnitGroup(NextId(_groups.Values, g => g.Id), code, name, set?.Id);
            _groups[code] = group;
            db.OrgUnitGroups.Add(group);
            _audit.Add(("org_unit_group", code, null, Describe(group, set, members)));
            var rows = members.Select(m => new OrgUnitGroupMember(group.Id, m.Id)).ToList();
            db.OrgUnitGroupMembers.AddRange(rows);
            _members[group.Id] = rows;
            return;
        }
        var stored = _members.GetValueOrDefault(group.Id) ?? [];
        var before = Describe(group, _groupSets.Values.FirstOrDefault(s => s.Id == group.GroupSetId), [.. stored.Select(m => _unitsById[m.OrgUnitId])]);
        group.Update(name, set?.Id);
        var wanted = members.Select(m => m.Id).ToHashSet();
        var kept = stored.Where(m => wanted.Contains(m.OrgUnitId)).ToList();
        db.OrgUnitGroupMembers.RemoveRange(stored.Where(m => !wanted.Contains(m.OrgUnitId)));
        var added = members.Where(m => kept.All(k => k.OrgUnitId != m.Id)).Select(m => new OrgUnitGroupMember(group.Id, m.Id)).ToList();
        db.OrgUnitGroupMembers.AddRange(added);
        _members[group.Id] = [.. kept, .. added];
        var after = Describe(group, set, members);
        if (before != after)
        {
            _audit.Add(("org_unit_group", code, before, after));
        }
    }

    private static bool? YesNo(string text) => InputText.Normalize(text).ToLowerInvariant() switch
    {
        "是" or "互斥" or "true" or "yes" or "1" or "y" => true,
        "否" or "不互斥" or "false" or "no" or "0" or "n" => false,
        _ => null,
    };

    private static string Describe(OrgUnitGroupSet s) => $"name={s.Name};exclusive={(s.IsExclusive ? "是" : "否")}";

    private static string Describe(OrgUnitGroup g, OrgUnitGroupSet? set, IEnumerable<OrgUnit> members) =>
        $"name={g.Name};group_set={set?.Code};members={string.Join(';', members.Select(m => m.Code).Order(StringComparer.Ordinal))}";
}
