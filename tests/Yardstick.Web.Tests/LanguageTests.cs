using System.Text.RegularExpressions;
using Yardstick.Web.Localization;

namespace Yardstick.Web.Tests;

/// <summary>Every text a page sends through T["…"] has its English line, so the English interface has no Chinese holes.</summary>
public sealed partial class LanguageTests
{
    [Fact]
    public void Every_text_on_the_pages_has_an_english_line()
    {
        var pages = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Artifacts.Folder))!, "src", "Yardstick.Web", "Pages");
        var keys = Directory.GetFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value))
            .Distinct().ToList();
        keys.Count.ShouldBeGreaterThan(150);
        keys.Where(k => !UiText.EnglishWords.ContainsKey(k)).ShouldBeEmpty();
        // Placeholders survive translation.
        foreach (var key in keys.Where(k => k.Contains("{0}", StringComparison.Ordinal)))
        {
            UiText.EnglishWords[key].ShouldContain("{0}", customMessage: key);
        }
    }

    [GeneratedRegex("T\\[\"([^\"]+)\"\\]|T\\.F\\(\"([^\"]+)\"")]
    private static partial Regex KeyPattern();
}
