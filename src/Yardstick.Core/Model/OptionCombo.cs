namespace Yardstick.Core.Model;

/// <summary>One option combo as the engine and the forms use it: its id, code, options in category order and DHIS2 uid if any.</summary>
public sealed record OptionCombo(int Id, string Code, IReadOnlyList<CategoryOption> Options, string? Uid = null)
{
    /// <summary>The default combo of an element without categories.</summary>
    public const int DefaultId = 0;

    /// <summary>The combo's options in Chinese, as an audit line or a form shows it: 女 · 0–4岁.</summary>
    public string Name => string.Join(" · ", Options.Select(o => o.Name));

    /// <summary>Whether the combo holds this option (of any of its categories).</summary>
    public bool Has(string optionCode) => Options.Any(o => o.Code == optionCode);
}
