namespace Yardstick.Core.Model;

/// <summary>
/// The categories a data element is split by, in order (性别 × 年龄组). A value is stored per option combo: one option of
/// each category, the combo's code their codes in category order joined by '.' (<c>female.age0_4</c>). An element
/// without a combo has the default combo (<see cref="OptionCombo.DefaultId"/>): one figure, no options.
/// </summary>
public sealed class CategoryCombo
{
    private CategoryCombo() { }

    public CategoryCombo(int id, string code, string name, string categories)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code.Trim();
        Update(name, categories);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>Category codes separated by ';', in order.</summary>
    public string Categories { get; private set; } = "";

    public IReadOnlyList<string> CategoryCodes => Categories.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public void Update(string name, string categories)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(categories);
        Name = name.Trim();
        Categories = string.Join(';', categories.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}
