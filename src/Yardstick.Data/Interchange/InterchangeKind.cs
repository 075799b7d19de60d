using System.Diagnostics;

namespace Yardstick.Data.Interchange;

/// <summary>The kinds of interchange table, each with its fixed columns (the CSV header).</summary>
public enum InterchangeKind
{
    OrgUnits,
    Categories,
    CategoryCombos,

    /// <summary>DHIS2 uids of option combos (optional; a file of values naming combos by uid needs them).</summary>
    CategoryOptionCombos,
    OrgUnitGroups,
    DataElements,
    DataSets,
    Indicators,
    Targets,
    ValidationRules,
    DataValues,
}

public static class InterchangeKinds
{
    /// <summary>
    /// In import order: what a later kind refers to comes first. Also the order a header is matched in: option combos' uids
    /// come after data elements, so an elements file that carries DHIS2's <c>uid</c> beside <c>category_combo</c> is still elements.
    /// </summary>
    public static IReadOnlyList<InterchangeKind> All { get; } =
        [InterchangeKind.OrgUnits, InterchangeKind.OrgUnitGroups, InterchangeKind.Categories, InterchangeKind.CategoryCombos, InterchangeKind.DataElements, InterchangeKind.CategoryOptionCombos, InterchangeKind.DataSets, InterchangeKind.Indicators, InterchangeKind.Targets, InterchangeKind.ValidationRules, InterchangeKind.DataValues];

    public static IReadOnlyList<string> Columns(this InterchangeKind kind) => kind switch
    {
        InterchangeKind.OrgUnits => ["code", "name", "parent", "level", "opened_on", "closed_on"],
        InterchangeKind.OrgUnitGroups => ["code", "name", "group_set", "members", "exclusive"],
        InterchangeKind.Categories => ["code", "name", "options"],
        InterchangeKind.CategoryCombos => ["code", "name", "categories"],
        InterchangeKind.CategoryOptionCombos => ["category_combo", "code", "uid"],
        InterchangeKind.DataElements => ["code", "name", "value_type", "agg_ou", "agg_time", "category_combo"],
        InterchangeKind.DataSets => ["code", "name", "period_type", "elements", "assign", "due_days", "lock_days", "approval_levels", "accept"],
        InterchangeKind.Indicators => ["code", "name", "numerator", "denominator", "factor", "unit", "direction", "decimals"],
        InterchangeKind.Targets => ["plan", "indicator", "orgunit", "baseline_year", "baseline_value", "target_year", "target_value", "comparator", "nature", "each_unit"],
        InterchangeKind.ValidationRules => ["code", "name", "left", "operator", "right", "importance", "period_type", "missing"],
        InterchangeKind.DataValues => ["dataelement", "period", "orgunit", "categoryoptioncombo", "value", "comment", "source", "follow_up"],
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Every column's Chinese heading, as templates write them for people; the importer reads a heading in either form, so a
    /// template filled in and uploaded, or a file from another system, is read alike. Each name belongs to one column only.
    /// </summary>
    private static readonly Dictionary<string, string> ChineseNames = new(StringComparer.Ordinal)
    {
        ["code"] = "代码",
        ["name"] = "名称",
        ["parent"] = "上级代码",
        ["level"] = "层级",
        ["opened_on"] = "设立日期",
        ["closed_on"] = "撤销日期",
        ["options"] = "选项",
        ["categories"] = "类别",
        ["category_combo"] = "类别组合",
        ["categoryoptioncombo"] = "类别选项组合",
        ["uid"] = "标识码",
        ["group_set"] = "分组集",
        ["members"] = "成员",
        ["exclusive"] = "互斥",
        ["value_type"] = "值类型",
        ["agg_ou"] = "机构汇总方式",
        ["agg_time"] = "时间汇总方式",
        ["period_type"] = "报送周期",
        ["elements"] = "数据元",
        ["assign"] = "分配",
        ["due_days"] = "截止天数",
        ["lock_days"] = "锁定天数",
        ["approval_levels"] = "审核层级",
        ["accept"] = "需上级接收",
        ["numerator"] = "分子",
        ["denominator"] = "分母",
        ["factor"] = "系数",
        ["unit"] = "单位",
        ["direction"] = "方向",
        ["decimals"] = "小数位",
        ["plan"] = "规划代码",
        ["indicator"] = "指标代码",
        ["orgunit"] = "机构代码",
        ["baseline_year"] = "基期年",
        ["baseline_value"] = "基期值",
        ["target_year"] = "目标年",
        ["target_value"] = "目标值",
        ["comparator"] = "比较",
        ["nature"] = "性质",
        ["each_unit"] = "逐个单位",
        ["left"] = "左侧",
        ["operator"] = "运算符",
        ["right"] = "右侧",
        ["importance"] = "重要程度",
        ["missing"] = "缺失值处理",
        ["dataelement"] = "数据元代码",
        ["period"] = "期间",
        ["value"] = "数值",
        ["comment"] = "备注",
        ["source"] = "来源",
        ["follow_up"] = "需跟进",
    };

    private static readonly Dictionary<string, string> ColumnsByChineseName = ChineseNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The Chinese heading of a column (数据元代码 for dataelement).</summary>
    public static string ChineseName(string column) => ChineseNames.GetValueOrDefault(column, column);

    /// <summary>A heading as the importer knows it: a Chinese heading becomes its column's code; any other is kept.</summary>
    public static string ColumnOf(string heading) => ColumnsByChineseName.GetValueOrDefault(heading, heading);

    /// <summary>Kinds export writes only when they have rows: a store without DHIS2 uids exports what it always did.</summary>
    public static bool IsOptional(this InterchangeKind kind) => kind == InterchangeKind.CategoryOptionCombos;

    /// <summary>The file name export writes and the word the CLI takes: orgunits, dataelements, …</summary>
    public static string Word(this InterchangeKind kind) => kind == InterchangeKind.ValidationRules ? "rules" : kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? word, out InterchangeKind kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Word(), word?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>The kind whose required columns the header holds (extra columns are allowed), or null.</summary>
    public static InterchangeKind? FromHeader(IEnumerable<string> header)
    {
        var set = header.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        return All.Cast<InterchangeKind?>().FirstOrDefault(k => RequiredColumns(k!.Value).All(set.Contains));
    }

    /// <summary>Columns a file must have; the rest may be missing and read as empty.</summary>
    public static IReadOnlyList<string> RequiredColumns(this InterchangeKind kind) => kind switch
    {
        InterchangeKind.OrgUnits => ["code", "name", "parent"],
        InterchangeKind.Categories => ["code", "name", "options"],
        InterchangeKind.CategoryCombos => ["code", "name", "categories"],
        InterchangeKind.CategoryOptionCombos => ["category_combo", "code", "uid"],
        InterchangeKind.OrgUnitGroups => ["code", "group_set", "members"],
        InterchangeKind.DataElements => ["code", "name", "agg_ou"],
        InterchangeKind.DataSets => ["code", "period_type", "elements", "assign"],
        InterchangeKind.Indicators => ["code", "numerator", "factor"],
        InterchangeKind.Targets => ["plan", "indicator", "orgunit", "target_value", "comparator"],
        InterchangeKind.ValidationRules => ["code", "left", "operator", "right"],
        InterchangeKind.DataValues => ["dataelement", "period", "orgunit", "value"],
        _ => throw new UnreachableException(),
    };
}
