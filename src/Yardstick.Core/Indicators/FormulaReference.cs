using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

/// <summary>
/// What a formula's <c>#{…}</c> names — the one rule for the engine, the importer's checks and the validation rules: an
/// element's code (all its values, the sum over its option combos), or the code followed by options of its combo —
/// <c>#{births.female}</c> every combo with that option (summed over the other categories), <c>#{deaths.female.age0}</c>
/// the combos with all of them —, or by an option combo's DHIS2 uid (<c>#{deuid.cocuid}</c>).
/// </summary>
/// <param name="OptionCombos">Null: the element whole; else the option combos named.</param>
public sealed record FormulaReference(DataElement Element, IReadOnlyList<OptionCombo>? OptionCombos)
{
    /// <summary>
    /// The reference resolved against the elements (by code) and the combos; null when it names nothing: an unknown
    /// code, an element without categories followed by options, options its combo lacks.
    /// </summary>
    public static FormulaReference? Resolve(string reference, Func<string, DataElement?> elementByCode, IReadOnlyDictionary<int, ComboShape> combos)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(elementByCode);
        ArgumentNullException.ThrowIfNull(combos);
        if (elementByCode(reference) is { } whole)
        {
            return new FormulaReference(whole, null);
        }
        // Element codes may hold a '.' themselves: the longest element code the reference starts with is the element.
        for (var dot = reference.LastIndexOf('.'); dot > 0; dot = reference.LastIndexOf('.', dot - 1))
        {
            if (elementByCode(reference[..dot]) is not { } element)
            {
                continue;
            }
            if (element.CategoryComboId is not { } c || !combos.TryGetValue(c, out var shape))
            {
                return null;
            }
            var rest = reference[(dot + 1)..];
            var matching = shape.Matching(rest);
            if (matching.Count == 0 && shape.ByUid(rest) is { } byUid)
            {
                matching = [byUid];
            }
            return matching.Count == 0 ? null : new FormulaReference(element, matching);
        }
        return null;
    }

    /// <summary>Whether a reference reads the element with this code (whole, or any of its options).</summary>
    public static bool Reads(string reference, string elementCode)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(elementCode);
        return reference == elementCode || (reference.StartsWith(elementCode, StringComparison.Ordinal) && reference.Length > elementCode.Length && reference[elementCode.Length] == '.');
    }

    /// <summary>The reference in words: the element's name, and the options named in brackets (5岁以下儿童死亡数 (女 · 0岁)).</summary>
    public string Words => OptionCombos is null ? Element.Name
        : OptionCombos.Count == 1 ? $"{Element.Name} ({OptionCombos[0].Name})"
        : $"{Element.Name} ({string.Join(" · ", OptionCombos[0].Options.Where(o => OptionCombos.All(c => c.Has(o.Code))).Select(o => o.Name))})";
}
