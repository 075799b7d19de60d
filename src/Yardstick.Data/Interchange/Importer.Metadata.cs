using System.Globalization;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    private void CheckOrgUnits(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(SourceRow Row, string Code, string Name, string Parent, OrgUnitKind? Kind, DateOnly? Opened, DateOnly? Closed)>();
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var parent = InputText.Normalize(row["parent"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "组织机构代码为空"); ok = false; }
            if (name.Length == 0) { Error(table, row, $"组织机构 {code} 缺少名称"); ok = false; }
            if (code.Length > 0 && !seen.TryAdd(code, row.Line)) { Error(table, row, $"组织机构代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (parent == code && code.Length > 0) { Error(table, row, $"组织机构 {code} 不能是自己的上级"); ok = false; }
            OrgUnitKind? kind = null;
            if (row["level"].Length > 0)
            {
                if (OrgUnitKinds.TryParse(row["level"], out var k)) { kind = k; }
                else { Error(table, row, $"无法识别的层级 \"{row["level"]}\" (应为 1–6 或 省/市/县/乡镇/村/机构)"); ok = false; }
            }
            DateOnly? opened = null, closed = null;
            foreach (var (column, label) in new[] { ("opened_on", "设立日期"), ("closed_on", "撤销日期") })
            {
                if (IsBlank(row[column]))
                {
                    continue;
                }
                if (TryDate(row[column], out var date)) { if (column == "opened_on") { opened = date; } else { closed = date; } }
                else { Error(table, row, $"{label}无效: \"{row[column]}\" (应为 2023-06-30 或 2023年6月30日)"); ok = false; }
            }
            if (ok)
            {
                pending.Add((row, code, name, parent, kind, opened, closed));
            }
        }

        // Parents first, whatever the file's order; a row whose parent never appears is an error.
        var inFile = pending.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var nextId = NextId(_units.Values, u => u.Id);
        void Place((SourceRow Row, string Code, string Name, string Parent, OrgUnitKind? Kind, DateOnly? Opened, DateOnly? Closed) p, HashSet<string> path)
        {
            if (done.Contains(p.Code))
            {
                return;
            }
            if (!path.Add(p.Code))
            {
                Error(table, p.Row, $"组织机构 {p.Code} 的上级关系形成了循环");
                done.Add(p.Code);
                return;
            }
            OrgUnit? parent = null;
            if (p.Parent.Length > 0)
            {
                if (inFile.TryGetValue(p.Parent, out var parentRow))
                {
                    Place(parentRow, path);
                }
                if (!_units.TryGetValue(p.Parent, out parent))
                {
                    Error(table, p.Row, $"未知的上级组织机构代码 \"{p.Parent}\"");
                    done.Add(p.Code);
                    return;
                }
            }
            var kind = p.Kind ?? (parent is null ? OrgUnitKind.Province : (OrgUnitKind)Math.Min((int)parent.Kind + 1, (int)OrgUnitKind.Village));
            if (_units.TryGetValue(p.Code, out var existing))
            {
                var before = Describe(existing);
                existing.Rename(p.Name);
                if (existing.ParentId != parent?.Id)
                {
                    if (parent is null)
                    {
                        Error(table, p.Row, $"组织机构 {p.Code} 已有上级,不能改为顶级机构");
                        done.Add(p.Code);
                        return;
                    }
                    if (parent.IsWithin(existing))
                    {
                        Error(table, p.Row, $"组织机构 {p.Code} 不能移到自己的下级 {parent.Code} 之下");
                        done.Add(p.Code);
                        return;
                    }
                    Move(existing, parent);
                }
                existing.Reclassify(kind);
                if (p.Closed is { } closedOn)
                {
                    existing.Close(closedOn);
                }
                if (before != Describe(existing))
                {
                    _audit.Add(("org_unit", p.Code, before, Describe(existing)));
                }
            }
            else
            {
                var unit = new OrgUnit(nextId++, p.Code, p.Name, kind, parent, p.Opened);
                if (p.Closed is { } closedOn)
                {
                    unit.Close(closedOn);
                }
                _units[p.Code] = unit;
                _unitsById[unit.Id] = unit;
                db.OrgUnits.Add(unit);
                _audit.Add(("org_unit", p.Code, null, Describe(unit)));
            }
            done.Add(p.Code);
        }
        foreach (var p in pending)
        {
            Place(p, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    private void Move(OrgUnit unit, OrgUnit parent)
    {
        var oldPath = unit.Path;
        var descendants = _units.Values.Where(u => u != unit && u.Path.StartsWith(oldPath, StringComparison.Ordinal)).ToList();
        unit.MoveUnder(parent);
        foreach (var d in descendants)
        {
            d.RebaseUnder(oldPath, unit);
        }
    }

    private string Describe(OrgUnit u) =>
        $"name={u.Name};parent={(u.ParentId is { } p ? _unitsById[p].Code : "")};kind={u.Kind.Code()};closed_on={u.ClosedOn:yyyy-MM-dd}";

    private static bool TryDate(string text, out DateOnly date)
    {
        var s = InputText.Normalize(text).Replace('年', '-').Replace('月', '-').TrimEnd('日').Replace('/', '-');
        return DateOnly.TryParseExact(s, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private void CheckDataElements(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = NextId(_elements.Values, e => e.Id);
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "数据元代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"数据元代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { Error(table, row, $"数据元 {code} 缺少名称"); ok = false; }
            if (!DataElementWords.TryParseValueKind(row["value_type"], out var kind)) { Error(table, row, $"无法识别的值类型 \"{row["value_type"]}\" (应为 number/integer/count/percentage)"); ok = false; }
            if (!DataElementWords.TryParseOrgUnitAggregation(row["agg_ou"], out var ou)) { Error(table, row, $"无法识别的机构汇总方式 \"{row["agg_ou"]}\" (应为 sum/average/none)"); ok = false; }
            if (!DataElementWords.TryParseTimeAggregation(row["agg_time"], out var tm)) { Error(table, row, $"无法识别的时间汇总方式 \"{row["agg_time"]}\" (应为 sum/last/average)"); ok = false; }
            // A file without the column leaves a stored element's combo alone.
            var hasCombo = row.Cells.ContainsKey("category_combo");
            if (!TryComboOf(table, row, code, out var combo)) { ok = false; }
            if (!ok)
            {
                continue;
            }
            if (_elements.TryGetValue(code, out var existing))
            {
                // Values stored per option combo keep their meaning only under the combo they were stored by.
                if (hasCombo && existing.CategoryComboId is { } held && held != combo?.Id)
                {
                    var heldCode = _categoryCombos.Values.FirstOrDefault(c => c.Id == held)?.Code;
                    Error(table, row, $"数据元 {code} 已按类别组合 {heldCode} 分类, 不能改为 \"{combo?.Code ?? "不分类别"}\"");
                    continue;
                }
                var before = Describe(existing);
                existing.Update(name, kind, ou, tm);
                if (hasCombo)
                {
                    existing.UseCategoryCombo(combo?.Id);
                }
                if (before != Describe(existing))
                {
                    _audit.Add(("data_element", code, before, Describe(existing)));
                }
            }
            else
            {
                var element = new DataElement(nextId++, code, name, kind, ou, tm);
                element.UseCategoryCombo(combo?.Id);
                _elements[code] = element;
                db.DataElements.Add(element);
                _audit.Add(("data_element", code, null, Describe(element)));
            }
        }
    }

    private string Describe(DataElement e) =>
        $"name={e.Name};value_type={e.ValueKind.Word()};agg_ou={e.OrgUnitAggregation.Word()};agg_time={e.TimeAggregation.Word()}"
        + (e.CategoryComboId is { } c ? ";category_combo=" + _categoryCombos.Values.FirstOrDefault(x => x.Id == c)?.Code : "");

    private void CheckIndicators(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = NextId(_indicators.Values, i => i.Id);
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "指标代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"指标代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { name = code; }
            var numerator = row["numerator"];
            var denominator = row["denominator"];
            foreach (var (label, text) in new[] { ("分子", numerator), ("分母", denominator) })
            {
                if (label == "分母" && text.Trim().Length == 0)
                {
                    continue;
                }
                if (!FormulaParser.TryParse(text, out var formula, out var error)) { Error(table, row, $"{label}公式无效: {error}"); ok = false; continue; }
                foreach (var reference in formula.References().Where(r => !Names(r)))
                {
                    Error(table, row, $"{label}公式引用了未知的数据元 \"{reference}\"");
                    ok = false;
                }
            }
            var factor = 1m;
            if (row["factor"].Length > 0 && (!InputText.TryParseDecimal(row["factor"], out factor) || factor <= 0)) { Error(table, row, $"系数应为正数: \"{row["factor"]}\""); ok = false; }
            var decimals = 2;
            if (row["decimals"].Length > 0 && (!int.TryParse(InputText.Normalize(row["decimals"]), NumberStyles.None, CultureInfo.InvariantCulture, out decimals) || decimals > 10)) { Error(table, row, $"小数位数应为 0–10 的整数: \"{row["decimals"]}\""); ok = false; }
            if (!TryDirection(row["direction"], out var direction)) { Error(table, row, $"无法识别的方向 \"{row["direction"]}\" (应为 higher/lower/neutral)"); ok = false; }
            if (!ok)
            {
                continue;
            }
            var unit = InputText.Normalize(row["unit"]);
            if (_indicators.TryGetValue(code, out var existing))
            {
                var before = Describe(existing);
                existing.Update(name, numerator, denominator, factor, unit, direction, decimals);
                if (before != Describe(existing))
                {
                    _audit.Add(("indicator", code, before, Describe(existing)));
                }
            }
            else
            {
                var indicator = new Indicator(nextId++, code, name, numerator, denominator, factor, unit, direction, decimals);
                _indicators[code] = indicator;
                db.Indicators.Add(indicator);
                _audit.Add(("indicator", code, null, Describe(indicator)));
            }
        }
    }

    private static bool TryDirection(string text, out Direction direction)
    {
        Direction? d = InputText.Normalize(text).ToLowerInvariant() switch
        {
            "higher" or "up" or "高" or "越高越好" or "" => Direction.Higher,
            "lower" or "down" or "低" or "越低越好" => Direction.Lower,
            "neutral" or "range" or "band" or "区间" => Direction.Neutral,
            _ => null,
        };
        direction = d ?? default;
        return d is not null;
    }

    private static string Describe(Indicator i) => string.Create(CultureInfo.InvariantCulture,
        $"name={i.Name};numerator={i.Numerator};denominator={i.Denominator};factor={Rounding.Plain(i.Factor)};unit={i.Unit};direction={i.Direction};decimals={i.Decimals}");

    /// <summary>Refuses a code or name longer than the store keeps (a 5-million-character name was once accepted).</summary>
    private bool Overlong(SourceTable table, SourceRow row, string code, string name)
    {
        var problem = InputText.TooLong(code, "代码", InputText.MaxCodeLength) ?? InputText.TooLong(name, "名称", InputText.MaxNameLength);
        if (problem is not null)
        {
            Error(table, row, problem);
        }
        return problem is not null;
    }
}
