namespace Yardstick.Core.Model;

/// <summary>
/// A combo with its categories and every option combo (the cross product, first category slowest), each with its stored
/// id: what the engine keeps series of, what an import checks a <c>categoryoptioncombo</c> against, what a form draws.
/// </summary>
public sealed class ComboShape
{
    private readonly Dictionary<string, OptionCombo> _byCode;

    /// <param name="stored">The combo's stored option combos by code; a code not stored yet gets id -1 (an import not yet written).</param>
    public ComboShape(CategoryCombo combo, IReadOnlyList<Category> categories, IReadOnlyDictionary<string, CategoryOptionCombo> stored)
    {
        ArgumentNullException.ThrowIfNull(combo);
        ArgumentNullException.ThrowIfNull(stored);
        Combo = combo;
        Categories = categories;
        IReadOnlyList<IReadOnlyList<CategoryOption>> product = [[]];
        foreach (var category in categories)
        {
            product = [.. product.SelectMany(p => category.OptionList.Select(o => (IReadOnlyList<CategoryOption>)[.. p, o]))];
        }
        OptionCombos = [.. product.Select(options =>
        {
            var code = CodeOf(options);
            return stored.TryGetValue(code, out var row) ? new OptionCombo(row.Id, code, options, row.Uid) : new OptionCombo(-1, code, options);
        })];
        _byCode = OptionCombos.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public CategoryCombo Combo { get; }
    public IReadOnlyList<Category> Categories { get; }
    public IReadOnlyList<OptionCombo> OptionCombos { get; }

    /// <summary>The option combo of a code written in category order (<c>female.age0_4</c>); null when the combo has none.</summary>
    public OptionCombo? ByCode(string code) => _byCode.GetValueOrDefault(code.Trim());

    /// <summary>
    /// The option combo a metadata file names by its options in any order, each by code or else by name (<c>age0_4.female</c>,
    /// <c>女.0–4岁</c>), joined by '.': DHIS2 lists a combo's options in no fixed order. Null with the reason in Chinese when
    /// the parts do not name one option of each category, or a part names options of two categories. Values keep the one
    /// strict form (<see cref="ByCode"/>), so a data file reads the same whatever metadata came before it.
    /// </summary>
    public OptionCombo? ByOptionsInAnyOrder(string text, out string why)
    {
        ArgumentNullException.ThrowIfNull(text);
        why = "";
        if (ByCode(text) is { } exact)
        {
            return exact;
        }
        var chosen = new CategoryOption?[Categories.Count];
        foreach (var part in text.Split('.', StringSplitOptions.TrimEntries))
        {
            var matches = Matches(o => o.Code == part);
            if (matches.Count == 0)
            {
                matches = Matches(o => o.Name == part);
            }
            if (matches.Count == 0)
            {
                why = $"\"{part}\" 不是{Combo.Name}任何类别的选项代码或名称";
                return null;
            }
            if (matches.Count > 1)
            {
                why = $"\"{part}\" 同是{string.Join("、", matches.Select(m => Categories[m.Index].Name))}的选项, 无法确定; 请按类别顺序写选项代码";
                return null;
            }
            var (index, option) = matches[0];
            if (chosen[index] is not null)
            {
                why = $"{Categories[index].Name}的选项写了两次";
                return null;
            }
            chosen[index] = option;
        }
        var missing = Categories.Where((_, i) => chosen[i] is null).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            why = $"缺少{string.Join("、", missing)}的选项";
            return null;
        }
        return ByCode(CodeOf(chosen.OfType<CategoryOption>()));
    }

    private List<(int Index, CategoryOption Option)> Matches(Func<CategoryOption, bool> fits) =>
        [.. Categories.Select((c, i) => (i, c.OptionList.FirstOrDefault(fits))).Where(m => m.Item2 is not null).Select(m => (m.i, m.Item2!))];

    /// <summary>The option combo with this DHIS2 uid, if the metadata gave it one.</summary>
    public OptionCombo? ByUid(string uid) => OptionCombos.FirstOrDefault(c => c.Uid is not null && c.Uid == uid.Trim());

    /// <summary>The option combo with this stored id.</summary>
    public OptionCombo? ById(int id) => OptionCombos.FirstOrDefault(c => c.Id == id);

    /// <summary>
    /// The option combos a formula's part after the element names: one option (<c>female</c>: every combo with it), or
    /// options of several categories (<c>female.age0_4</c>: the combos with all of them). Empty when no combo matches.
    /// </summary>
    public IReadOnlyList<OptionCombo> Matching(string options)
    {
        var wanted = options.Split('.');
        return [.. OptionCombos.Where(c => wanted.All(c.Has))];
    }

    public static string CodeOf(IEnumerable<CategoryOption> options) => string.Join('.', options.Select(o => o.Code));

    /// <summary>The shapes of every stored combo, with their option combos' ids; a combo naming a missing category is left out.</summary>
    public static IReadOnlyDictionary<int, ComboShape> All(IEnumerable<Category> categories, IEnumerable<CategoryCombo> combos,
        IEnumerable<CategoryOptionCombo> optionCombos)
    {
        var byCode = categories.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var stored = optionCombos.GroupBy(o => o.CategoryComboId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, CategoryOptionCombo>)g.ToDictionary(o => o.Code, StringComparer.Ordinal));
        var shapes = new Dictionary<int, ComboShape>();
        foreach (var combo in combos)
        {
            if (combo.CategoryCodes.All(byCode.ContainsKey))
            {
                shapes[combo.Id] = new ComboShape(combo, [.. combo.CategoryCodes.Select(c => byCode[c])],
                    stored.GetValueOrDefault(combo.Id) ?? new Dictionary<string, CategoryOptionCombo>());
            }
        }
        return shapes;
    }
}
