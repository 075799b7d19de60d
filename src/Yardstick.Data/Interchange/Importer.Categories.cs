using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    private Dictionary<string, Category> _categories = null!;
    private Dictionary<string, CategoryCombo> _categoryCombos = null!;
    private List<CategoryOptionCombo> _optionCombos = null!;

    /// <summary>The combos' shapes as this import leaves them (stored ones and those its files add), built when first asked.</summary>
    private IReadOnlyDictionary<int, ComboShape>? _shapes;

    private async Task LoadCategoriesAsync(CancellationToken cancellationToken)
    {
        _categories = await db.Categories.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        _categoryCombos = await db.CategoryCombos.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken);
        _optionCombos = await db.CategoryOptionCombos.ToListAsync(cancellationToken);
        _shapes = null;
    }

    /// <summary><c>categories.csv</c>: <c>code,name,options</c>, options as <c>male:男;female:女</c>. A stored category keeps every option it has.</summary>
    private void CheckCategories(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = NextId(_categories.Values, c => c.Id);
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "类别代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"类别代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { Error(table, row, $"类别 {code} 缺少名称"); ok = false; }
            var options = CategoryOption.ParseList(InputText.Clean(row["options"]), out var why);
            if (options is null) { Error(table, row, $"类别 {code} 的选项无法读取: {why}"); ok = false; }
            if (!ok)
            {
                continue;
            }
            var text = string.Join(';', options!.Select(o => $"{o.Code}:{o.Name}"));
            if (_categories.TryGetValue(code, out var existing))
            {
                // Stored values name their options by the combos made of them: an option dropped would leave them meaningless.
                var dropped = existing.OptionList.Where(o => options!.All(n => n.Code != o.Code)).Select(o => o.Code).ToList();
                if (dropped.Count > 0)
                {
                    Error(table, row, $"类别 {code} 不能删去已有的选项: {string.Join("、", dropped)}");
                    continue;
                }
                if (existing.Name != name || existing.Options != text)
                {
                    var before = $"name={existing.Name};options={existing.Options}";
                    existing.Update(name, text);
                    _audit.Add(("category", code, before, $"name={name};options={text}"));
                    _shapes = null;
                }
            }
            else
            {
                var category = new Category(nextId++, code, name, text);
                _categories[code] = category;
                db.Categories.Add(category);
                _audit.Add(("category", code, null, $"name={name};options={text}"));
                _shapes = null;
            }
        }
    }

    /// <summary><c>categorycombos.csv</c>: <c>code,name,categories</c>, category codes in order separated by ';'. A stored combo keeps its categories.</summary>
    private void CheckCategoryCombos(SourceTable table)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextId = NextId(_categoryCombos.Values, c => c.Id);
        foreach (var row in table.Rows)
        {
            var code = InputText.Clean(row["code"]);
            var name = InputText.Clean(row["name"]);
            var ok = !Overlong(table, row, code, name);
            if (code.Length == 0) { Error(table, row, "类别组合代码为空"); ok = false; }
            else if (!seen.TryAdd(code, row.Line)) { Error(table, row, $"类别组合代码 {code} 重复 (首次出现在第 {seen[code]} 行)"); ok = false; }
            if (name.Length == 0) { Error(table, row, $"类别组合 {code} 缺少名称"); ok = false; }
            var categories = InputText.Clean(row["categories"]).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (categories.Length == 0) { Error(table, row, $"类别组合 {code} 没有类别"); ok = false; }
            foreach (var unknown in categories.Where(c => !_categories.ContainsKey(c)))
            {
                Error(table, row, $"类别组合 {code} 中有未知的类别代码 \"{unknown}\"");
                ok = false;
            }
            if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Length) { Error(table, row, $"类别组合 {code} 的类别重复"); ok = false; }
            if (!ok)
            {
                continue;
            }
            var text = string.Join(';', categories);
            if (_categoryCombos.TryGetValue(code, out var existing))
            {
                if (existing.Categories != text)
                {
                    Error(table, row, $"类别组合 {code} 已按 {existing.Categories.Replace(';', '×')} 分类, 不能改为 {text.Replace(';', '×')} (已存的数值按原组合保存)");
                    continue;
                }
                if (existing.Name != name)
                {
                    _audit.Add(("category_combo", code, $"name={existing.Name}", $"name={name}"));
                    existing.Update(name, text);
                }
            }
            else
            {
                var combo = new CategoryCombo(nextId++, code, name, text);
                _categoryCombos[code] = combo;
                db.CategoryCombos.Add(combo);
                _audit.Add(("category_combo", code, null, $"name={name};categories={text}"));
                _shapes = null;
            }
        }
    }

    /// <summary>
    /// <c>categoryoptioncombos.csv</c>: <c>category_combo,code,uid</c> — the DHIS2 uid of an option combo, so that values
    /// naming their combo by uid (a DHIS2 export's dataValueSets) land on it. The code names the options in any order, by
    /// code or by name (<see cref="ComboShape.ByOptionsInAnyOrder"/>). A uid is DHIS2's form, given to one combo only (in
    /// the file and in the store; DHIS2's default combo's is not given); a combo's uid may be replaced, and each change is audited.
    /// </summary>
    private void CheckOptionComboUids(SourceTable table)
    {
        var storedUids = _optionCombos.Where(o => o.Uid is not null).ToDictionary(o => o.Uid!, StringComparer.Ordinal);
        var comboCodes = _categoryCombos.Values.ToDictionary(c => c.Id, c => c.Code);
        var seenUids = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenCombos = new Dictionary<int, int>();
        var given = new List<(CategoryOptionCombo Row, string Key, string Uid)>();
        foreach (var row in table.Rows)
        {
            var comboCode = InputText.Clean(row["category_combo"]);
            var code = InputText.Clean(row["code"]);
            var uid = InputText.Clean(row["uid"]);
            var ok = !Overlong(table, row, comboCode, code);
            OptionCombo? optionCombo = null;
            if (comboCode.Length == 0) { Error(table, row, "类别组合代码为空"); ok = false; }
            else if (!_categoryCombos.TryGetValue(comboCode, out var combo) || !Shapes.TryGetValue(combo.Id, out var shape))
            {
                Error(table, row, $"未知的类别组合 \"{comboCode}\" (应为 categorycombos.csv 中的代码)");
                ok = false;
            }
            else if (code.Length == 0) { Error(table, row, $"类别组合 {comboCode} 的类别选项组合代码为空"); ok = false; }
            else if (shape.ByOptionsInAnyOrder(code, out var why) is { } found) { optionCombo = found; }
            else { Error(table, row, $"类别组合 {comboCode} 中没有类别选项组合 \"{code}\": {why}"); ok = false; }
            if (!CategoryOptionCombo.IsUid(uid))
            {
                Error(table, row, $"标识码 \"{Core.Model.InputLimits.Echo(uid)}\" 无效: 应为 11 位, 以字母开头, 只含英文字母和数字 (DHIS2 的标识码格式)");
                ok = false;
            }
            else if (SourceTable.IsDefaultCombo(uid)) { Error(table, row, $"{uid} 是 DHIS2 默认组合的标识码, 不能给其他类别选项组合"); ok = false; }
            else if (!seenUids.TryAdd(uid, row.Line)) { Error(table, row, $"标识码 {uid} 重复 (首次出现在第 {seenUids[uid]} 行)"); ok = false; }
            if (!ok)
            {
                continue;
            }
            if (!seenCombos.TryAdd(optionCombo!.Id, row.Line))
            {
                Error(table, row, $"类别选项组合 {comboCode} {optionCombo.Code} 重复 (首次出现在第 {seenCombos[optionCombo.Id]} 行)");
                continue;
            }
            if (storedUids.TryGetValue(uid, out var holder) && holder.Id != optionCombo.Id)
            {
                Error(table, row, $"标识码 {uid} 已属于类别选项组合 {comboCodes.GetValueOrDefault(holder.CategoryComboId)} {holder.Code}");
                continue;
            }
            var stored = _optionCombos.Single(o => o.Id == optionCombo.Id);
            if (stored.Uid != uid)
            {
                given.Add((stored, $"{comboCode}/{optionCombo.Code}", uid));
            }
        }
        foreach (var (row, key, uid) in given)
        {
            _audit.Add(("category_option_combo", key, row.Uid is null ? null : $"uid={row.Uid}", $"uid={uid}"));
            row.GiveUid(uid);
            _shapes = null;
        }
    }

    /// <summary>
    /// Gives every option combo of every combo an id once (the cross product of its categories' options, new options too):
    /// run after the categories and combos of the import, before anything reads a value's combo.
    /// </summary>
    private void StoreOptionCombos()
    {
        if (_shapes is not null)
        {
            return;
        }
        var nextId = NextId(_optionCombos, o => o.Id);
        foreach (var shape in ComboShape.All(_categories.Values, _categoryCombos.Values, _optionCombos).Values)
        {
            foreach (var missing in shape.OptionCombos.Where(o => o.Id < 0))
            {
                var row = new CategoryOptionCombo(nextId++, shape.Combo.Id, missing.Code);
                _optionCombos.Add(row);
                db.CategoryOptionCombos.Add(row);
            }
        }
        _shapes = ComboShape.All(_categories.Values, _categoryCombos.Values, _optionCombos);
    }

    /// <summary>The shapes of every combo as this import leaves them.</summary>
    private IReadOnlyDictionary<int, ComboShape> Shapes
    {
        get
        {
            StoreOptionCombos();
            return _shapes!;
        }
    }

    /// <summary>
    /// A value row's option combo: the default for an element without categories (the cell empty, or DHIS2's <c>default</c>),
    /// else the combo the cell names — its option codes in category order (<c>female.age0_4</c>) or its DHIS2 uid. Null
    /// with the reason in Chinese when the cell does not fit the element.
    /// </summary>
    private int? OptionComboOf(DataElement element, string comboText, out string why)
    {
        why = "";
        var text = InputText.Normalize(comboText);
        if (element.CategoryComboId is not { } c || !Shapes.TryGetValue(c, out var shape))
        {
            if (text.Length == 0 || SourceTable.IsDefaultCombo(text))
            {
                return OptionCombo.DefaultId;
            }
            why = $"{Named(element)} 不分类别, 不能填写类别选项组合 \"{text}\"";
            return null;
        }
        if (text.Length == 0)
        {
            why = $"{Named(element)} 按{shape.Combo.Name}分类, 须填写类别选项组合: {Listed(shape)}";
            return null;
        }
        if ((shape.ByCode(text) ?? shape.ByUid(text)) is { } combo)
        {
            return combo.Id;
        }
        why = $"未知的类别选项组合 \"{text}\": {Named(element)} 按{shape.Combo.Name}分类, {Listed(shape)}";
        return null;
    }

    /// <summary>A combo's option combos as a refusal lists them (the first eight), and the uid form when the metadata gave uids.</summary>
    private static string Listed(ComboShape shape)
    {
        var listed = string.Join("、", shape.OptionCombos.Take(8).Select(o => o.Code)) + (shape.OptionCombos.Count > 8 ? " 等" : "");
        return $"组合写作各类别选项代码依次以 \".\" 相连 ({listed})" + (shape.OptionCombos.Any(o => o.Uid is not null) ? " 或其标识码" : "");
    }

    /// <summary>Whether a formula's reference names an element, or options of its combo, as this import leaves them.</summary>
    private bool Names(string reference) =>
        Core.Indicators.FormulaReference.Resolve(reference, c => _elements.GetValueOrDefault(c), Shapes) is not null;

    /// <summary>An element as a refusal names it: with its code where the user typed codes (<see cref="NameElementCodes"/>).</summary>
    private string Named(DataElement element) => NameElementCodes ? $"{element.Name} ({element.Code})" : element.Name;

    /// <summary>A data-element row's <c>category_combo</c> cell: null (no combo), the combo, or false with an error added.</summary>
    private bool TryComboOf(SourceTable table, SourceRow row, string elementCode, out CategoryCombo? combo)
    {
        combo = null;
        var text = InputText.Clean(row["category_combo"]);
        if (text.Length == 0 || SourceTable.IsDefaultCombo(text))
        {
            return true;
        }
        if (_categoryCombos.TryGetValue(text, out combo))
        {
            return true;
        }
        Error(table, row, $"数据元 {elementCode} 的类别组合 \"{text}\" 未知 (应为 categorycombos.csv 中的代码)");
        return false;
    }
}
