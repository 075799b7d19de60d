namespace Yardstick.Core.Model;

/// <summary>One option of a category: 女 (<c>female</c>), 0–4岁 (<c>age0_4</c>).</summary>
public sealed record CategoryOption(string Code, string Name)
{
    /// <summary>
    /// <c>male:男;female:女</c> as options, or null with the reason in Chinese: an option without a code or a name, a
    /// code with a '.' (it joins option codes in a combo's code) or written twice.
    /// </summary>
    public static IReadOnlyList<CategoryOption>? ParseList(string? text, out string why)
    {
        why = "";
        var options = new List<CategoryOption>();
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOfAny([':', '：']);
            var code = colon < 0 ? "" : part[..colon].Trim();
            var name = colon < 0 ? "" : part[(colon + 1)..].Trim();
            if (code.Length == 0 || name.Length == 0)
            {
                why = $"选项应写作 代码:名称 (如 male:男), 收到 {part}";
                return null;
            }
            if (code.Contains('.', StringComparison.Ordinal) || code.Length > InputLimits.Code)
            {
                why = $"选项代码不能含 \".\" 且不超过 {InputLimits.Code} 个字符: {code}";
                return null;
            }
            if (options.Any(o => o.Code == code))
            {
                why = $"选项代码重复: {code}";
                return null;
            }
            options.Add(new CategoryOption(code, name));
        }
        if (options.Count == 0)
        {
            why = "类别至少要有一个选项";
            return null;
        }
        return options;
    }
}
