using Yardstick.Core.Documents;
using Yardstick.Core.Model;
using Yardstick.Core.Text;

namespace Yardstick.Core.Maps;

/// <summary>
/// Matches a place name written in a boundary file (科尔沁, 科爾沁區, ｋ…) to one of the units it may mean, tolerating what
/// files from other sources do differently — full-width forms and spaces (<see cref="InputText.Normalize"/>), traditional
/// characters (<see cref="TraditionalToSimplified"/>), a tier word left off or added (科尔沁 / 科尔沁区) — and never guessing
/// between two units: a name that fits two is refused with both named.
/// </summary>
public static class PlaceNames
{
    // Longest first, so 自治旗 is taken off whole and not as 旗.
    private static readonly string[] TierWords =
    [
        "特别行政区", "街道办事处", "自治区", "自治州", "自治县", "自治旗", "林区", "新区", "地区", "街道", "苏木", "嘎查", "社区",
        "省", "市", "盟", "州", "区", "县", "旗", "镇", "乡", "村",
    ];

    /// <summary>The name as written, folded: full-width to ASCII, no spaces, traditional characters to simplified.</summary>
    public static string Folded(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TraditionalToSimplified.Default.Convert(InputText.Normalize(name).Replace(" ", "", StringComparison.Ordinal));
    }

    /// <summary>The folded name without its tier word (科尔沁区 → 科尔沁), kept whole when that would leave one character (东区).</summary>
    public static string Stem(string name)
    {
        var folded = Folded(name);
        foreach (var word in TierWords)
        {
            if (folded.Length - word.Length >= 2 && folded.EndsWith(word, StringComparison.Ordinal))
            {
                return folded[..^word.Length];
            }
        }
        return folded;
    }

    /// <summary>
    /// The one candidate the name means: the one whose folded name is the same, else the one with the same stem; null with
    /// the candidates it could mean (several: ambiguous; none: not found).
    /// </summary>
    public static (OrgUnit? Unit, IReadOnlyList<OrgUnit> Tied) Match(string written, IReadOnlyList<OrgUnit> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var folded = Folded(written);
        var same = candidates.Where(c => Folded(c.Name) == folded).ToList();
        if (same.Count == 0)
        {
            var stem = Stem(written);
            same = [.. candidates.Where(c => Stem(c.Name) == stem)];
        }
        return same.Count == 1 ? (same[0], same) : (null, same);
    }
}
