using System.Globalization;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    /// <summary>
    /// datasets.csv: <c>code,name,period_type,elements,assign,due_days,lock_days[,approval_levels,accept]</c>. Elements and units must
    /// exist (in the store or earlier in the same import); <c>level:N</c> takes a tier (1–6 or 省…机构); a blank due is 15 days, a
    /// blank lock 0 (never); <c>accept</c> 是 makes each approval level above the bottom receive (接收) a report before approving
    /// it (blank or 否: no such step; 是 needs at least two approval levels). A known code is updated whole.
    /// </summary>
    private void CheckDataSets(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = NextId(_dataSets.Values, d => d.Id);
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "数据集代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"数据集代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { name = code; }
            if (!PeriodTypes.TryParse(row["period_type"], out var type)) { Error(table, row, $"无法识别的报送周期 \"{row["period_type"]}\" (应为 month、quarter、sixmonth、year 或 月、季、半年、年)"); ok = false; }

            var elements = new List<string>();
            foreach (var item in Items(row["elements"]))
            {
                if (!_elements.ContainsKey(item)) { Error(table, row, $"未知的数据元代码 \"{item}\""); ok = false; }
                else if (elements.Contains(item)) { Error(table, row, $"数据元 {item} 重复列出"); ok = false; }
                else { elements.Add(item); }
            }
            if (elements.Count == 0 && ok) { Error(table, row, "数据集至少要有一个数据元 (elements 列, 以 ; 分隔)"); ok = false; }

            var assign = new List<string>();
            foreach (var item in Items(row["assign"]))
            {
                if (item.StartsWith(DataSet.LevelPrefix, StringComparison.OrdinalIgnoreCase) || item.StartsWith("层级:", StringComparison.Ordinal))
                {
                    var tier = item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..];
                    if (OrgUnitKinds.TryParse(tier, out var kind)) { assign.Add(DataSet.LevelPrefix + ((int)kind).ToString(CultureInfo.InvariantCulture)); }
                    else { Error(table, row, $"无法识别的层级 \"{item}\" (应为 level:1–6 或 level:乡镇 等)"); ok = false; }
                }
                else if (_units.ContainsKey(item)) { assign.Add(item); }
                else { Error(table, row, $"未知的组织机构代码 \"{item}\" (assign 列: 机构代码或 level:N, 以 ; 分隔)"); ok = false; }
            }
            if (assign.Count == 0 && ok) { Error(table, row, "数据集没有指定报送单位 (assign 列: 机构代码或 level:N, 以 ; 分隔)"); ok = false; }

            var due = Days(table, row, "due_days", "报送截止天数", 15, ref ok);
            var locked = Days(table, row, "lock_days", "锁定天数", 0, ref ok);
            if (ok && locked > 0 && locked < due) { Error(table, row, $"锁定天数 ({locked}) 早于报送截止天数 ({due}): 截止前就会锁定"); ok = false; }
            // Approval levels: tiers bottom up (level:3;level:2 — 县 then 市), each strictly above the one before.
            var tiers = new List<OrgUnitKind>();
            foreach (var item in Items(row["approval_levels"]))
            {
                var tier = item.Contains(':', StringComparison.Ordinal) ? item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..] : item;
                if (!OrgUnitKinds.TryParse(tier, out var kind) || kind is OrgUnitKind.Department) { Error(table, row, $"无法识别的审核层级 \"{item}\" (应为 level:1–6 或 level:县 等, 自下而上以 ; 分隔)"); ok = false; }
                else if (tiers.Count > 0 && kind >= tiers[^1]) { Error(table, row, $"审核层级应自下而上排列, 每一级高于前一级: \"{row["approval_levels"]}\""); ok = false; }
                else { tiers.Add(kind); }
            }
            var accept = false;
            if (!IsBlank(row["accept"]))
            {
                if (YesNo(row["accept"]) is { } yes) { accept = yes; }
                else { Error(table, row, $"无法识别的需上级接收标记 \"{row["accept"]}\" (应为 是 或 否)"); ok = false; }
            }
            if (ok && accept && tiers.Count < 2) { Error(table, row, "需上级接收 (accept 列为 是) 只用于至少两级逐级审核的数据集: 请在 approval_levels 列写出各审核层级"); ok = false; }
            if (!ok)
            {
                continue;
            }
            var elementList = string.Join(';', elements);
            var assignList = string.Join(';', assign.Distinct());
            if (_dataSets.TryGetValue(code, out var existing))
            {
                var before = Describe(existing);
                existing.Update(name, type, due, locked, elementList, assignList);
                existing.ApproveBy(tiers);
                existing.RequireAcceptance(accept);
                if (before != Describe(existing))
                {
                    _audit.Add(("data_set", code, before, Describe(existing)));
                }
            }
            else
            {
                var dataSet = new DataSet(nextId++, code, name, type, due, locked, elementList, assignList);
                dataSet.ApproveBy(tiers);
                dataSet.RequireAcceptance(accept);
                _dataSets[code] = dataSet;
                db.DataSets.Add(dataSet);
                _audit.Add(("data_set", code, null, Describe(dataSet)));
            }
        }
    }

    private static IEnumerable<string> Items(string text) =>
        InputText.Normalize(text).Split([';', '；', '、', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private int Days(SourceTable table, SourceRow row, string column, string label, int blank, ref bool ok)
    {
        var text = InputText.Normalize(row[column]).TrimEnd('天', '日');
        if (text.Length == 0)
        {
            return blank;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 366)
        {
            return days;
        }
        Error(table, row, $"{label}无效: \"{row[column]}\" (应为 0–366 的整数天数)");
        ok = false;
        return 0;
    }

    private static string Describe(DataSet d) =>
        $"name={d.Name};period_type={d.PeriodType.Name()};elements={d.Elements};assign={d.Assign};due_days={d.DueDays};lock_days={d.LockDays}"
        + (d.ApprovalLevels.Length > 0 ? $";approval_levels={d.ApprovalLevels}" : "")
        + (d.RequiresAcceptance ? ";accept=是" : "");
}

public sealed partial class Importer
{
    /// <summary>
    /// rules.csv: <c>code,name,left,operator,right,importance,period_type[,missing]</c>. Both sides are formulas over
    /// known data elements (<c>#{code}</c> + − × ÷ ( ) and numbers); a side that does not parse is refused at its line.
    /// </summary>
    private void CheckValidationRules(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = NextId(_rules.Values, r => r.Id);
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "规则代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"规则代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { name = code; }
            var sides = new List<string>();
            var builtIn = Core.Reporting.RuleWords.TryParseOperator(row["operator"], out var parsed) && parsed is Core.Reporting.RuleOperator.NoOverlap or Core.Reporting.RuleOperator.NumeratorWithinDenominator;
            foreach (var (label, column) in new[] { ("左侧", "left"), ("右侧", "right") })
            {
                var text = InputText.Normalize(row[column]);
                if (builtIn)
                {
                    // The built-in checks read every value; they have no sides.
                    sides.Add("");
                    continue;
                }
                if (text.Length == 0) { Error(table, row, $"规则{label}表达式为空"); ok = false; continue; }
                if (text.Length > 1000) { Error(table, row, $"规则{label}表达式太长 (不超过 1000 字)"); ok = false; continue; }
                if (!Core.Indicators.FormulaParser.TryParse(text, out var formula, out var error)) { Error(table, row, $"规则{label}表达式无效: {error}"); ok = false; continue; }
                foreach (var unknown in formula.References().Where(c => !Names(c)))
                {
                    Error(table, row, $"规则{label}表达式引用了未知的数据元 \"{unknown}\"");
                    ok = false;
                }
                sides.Add(text);
            }
            if (!Core.Reporting.RuleWords.TryParseOperator(row["operator"], out var op)) { Error(table, row, $"无法识别的运算符 \"{row["operator"]}\" (应为 ==、!=、<、<=、>、>=、compulsory_pair、exclusive_pair, 或内置的 no_overlap、numerator_le_denominator)"); ok = false; }
            if (!Core.Reporting.RuleWords.TryParseImportance(row["importance"], out var importance)) { Error(table, row, $"无法识别的重要程度 \"{row["importance"]}\" (应为 high、medium、low 或 高、中、低)"); ok = false; }
            if (!Core.Reporting.RuleWords.TryParseMissing(row["missing"], out var missing)) { Error(table, row, $"无法识别的缺失值处理 \"{row["missing"]}\" (应为 skip_if_any_missing、skip_if_all_missing、never_skip)"); ok = false; }
            PeriodType? type = null;
            if (!IsBlank(row["period_type"]))
            {
                if (PeriodTypes.TryParse(row["period_type"], out var t)) { type = t; }
                else { Error(table, row, $"无法识别的期间类型 \"{row["period_type"]}\" (应为 month、quarter、sixmonth、year, 留空表示任意)"); ok = false; }
            }
            if (!ok)
            {
                continue;
            }
            if (_rules.TryGetValue(code, out var existing))
            {
                var before = Describe(existing);
                existing.Update(name, sides[0], op, sides[1], importance, type, missing);
                if (before != Describe(existing))
                {
                    _audit.Add(("validation_rule", code, before, Describe(existing)));
                }
            }
            else
            {
                var rule = new Core.Reporting.ValidationRule(nextId++, code, name, sides[0], op, sides[1], importance, type, missing);
                _rules[code] = rule;
                db.ValidationRules.Add(rule);
                _audit.Add(("validation_rule", code, null, Describe(rule)));
            }
        }
    }

    private static string Describe(Core.Reporting.ValidationRule r) =>
        $"name={r.Name};left={r.LeftSide};operator={Core.Reporting.RuleWords.Word(r.Operator)};right={r.RightSide};importance={Core.Reporting.RuleWords.Word(r.Importance)};period_type={r.PeriodType?.Name()};missing={Core.Reporting.RuleWords.Word(r.Missing)}";
}
