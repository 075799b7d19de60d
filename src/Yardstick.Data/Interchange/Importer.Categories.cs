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
            why = $"{Named(element)} 按{shape.Combo.Name}分类, 须填写类别选项组合 (如 {shape.OptionCombos[0].Code})";
            return null;
        }
        if ((shape.ByCode(text) ?? shape.ByUid(text)) is { } combo)
        {
            return combo.Id;
        }
        var listed = string.Join("、", shape.OptionCombos.Take(8).Select(o => o.Code)) + (shape.OptionCombos.Count > 8 ? " 等" : "");
        why = $"未知的类别选项组合 \"{text}\": {Named(element)} 按{shape.Combo.Name}分类, 组合写作各类别选项代码依次以 \".\" 相连 ({listed})";
        return null;
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
