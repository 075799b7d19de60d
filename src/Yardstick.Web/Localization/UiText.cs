using System.Globalization;

namespace Yardstick.Web.Localization;

/// <summary>
/// The second locale. Pages are written in Chinese, and each visible text goes through <c>T["中文"]</c>: under the
/// English culture (chosen on the 语言 link, kept in a cookie) it is looked up in <c>en.tsv</c> (Chinese, tab, English;
/// <c>{0}</c> placeholders kept), and a text without an English line stays Chinese. Chinese is the default whatever
/// the browser asks for. Messages from the importer and the reports stay Chinese.
/// </summary>
public sealed class UiText
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Words = new(Load);

    public static IReadOnlyDictionary<string, string> EnglishWords => Words.Value;

    public bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == English;

    public string Lang => IsEnglish ? English : Chinese;

    public string this[string chinese] => IsEnglish && Words.Value.TryGetValue(chinese, out var english) ? english : chinese;

    /// <summary>A text with placeholders: <c>T.F("{0}年", 2023)</c> is 2023年 or "2023".</summary>
    public string F(string chinese, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[chinese], args);

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(UiText).Assembly.GetManifestResourceStream("Yardstick.Web.Localization.en.tsv")
            ?? throw new InvalidOperationException("en.tsv is not embedded");
        using var reader = new StreamReader(stream);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                words[line[..tab]] = line[(tab + 1)..];
            }
        }
        return words;
    }
}
