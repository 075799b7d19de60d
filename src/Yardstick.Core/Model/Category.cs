namespace Yardstick.Core.Model;

/// <summary>
/// One way a figure is split: 性别 into 男 and 女, 年龄组 into the commission's age groups, 城乡. Its options are kept as
/// written in <c>categories.csv</c> (<c>male:男;female:女</c>) — the same ';'-list a data set keeps its elements in —
/// and read as <see cref="OptionList"/>.
/// </summary>
public sealed class Category
{
    private Category() { }

    public Category(int id, string code, string name, string options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Code = code.Trim();
        Update(name, options);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>The options as <c>code:名称</c> separated by ';', in their order.</summary>
    public string Options { get; private set; } = "";

    public IReadOnlyList<CategoryOption> OptionList => CategoryOption.ParseList(Options, out _)
        ?? throw new FormatException($"类别 {Code} 的选项无法读取: {Options}");

    public void Update(string name, string options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (CategoryOption.ParseList(options, out var why) is null)
        {
            throw new ArgumentException(why, nameof(options));
        }
        Name = name.Trim();
        Options = options.Trim();
    }
}
