using System.Text.RegularExpressions;
using Yardstick.Core.Text;

namespace Yardstick.Core.Documents;

/// <summary>
/// The catalogue of known indicators (<c>catalogue/indicators.csv</c>: id, Chinese name, aliases) that names
/// found in documents are linked to. A name matches exactly (ignoring spaces, brackets and 人/人口) or, failing
/// that, by character-pair similarity, because plans reword names freely (重大慢性疾病过早死亡率 for 重大慢性病过早死亡率).
/// </summary>
public sealed partial class IndicatorCatalogue
{
    private const double MinimumSimilarity = 0.72;
    private readonly List<(string Id, string Key)> _names = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _matches = new(StringComparer.Ordinal);

    public IndicatorCatalogue(IEnumerable<(string Id, string Name, IEnumerable<string> Aliases)> entries)
    {
        foreach (var (id, name, aliases) in entries)
        {
            foreach (var n in aliases.Prepend(name).Where(a => a.Length > 0))
            {
                _names.Add((id, Key(n)));
            }
        }
    }

    /// <summary>The catalogue shipped with Yardstick.</summary>
    public static IndicatorCatalogue Default { get; } = LoadDefault();

    public int Count => _names.Select(n => n.Id).Distinct().Count();

    /// <summary>The id of the catalogued indicator this name stands for, or null.</summary>
    public string? Match(string name) => _matches.GetOrAdd(Key(name), MatchKey);

    private string? MatchKey(string key)
    {
        if (key.Length == 0)
        {
            return null;
        }
        var exact = _names.FirstOrDefault(n => n.Key == key);
        if (exact.Id is not null)
        {
            return exact.Id;
        }
        var best = _names.Select(n => (n.Id, Score: Similarity(key, n.Key))).MaxBy(n => n.Score);
        return best.Score >= MinimumSimilarity ? best.Id : null;
    }

    private static IndicatorCatalogue LoadDefault()
    {
        using var stream = typeof(IndicatorCatalogue).Assembly.GetManifestResourceStream("Yardstick.Core.Documents.indicators.csv")!;
        using var reader = new StreamReader(stream);
        var rows = CsvText.Read(reader.ReadToEnd()).ToList();
        var header = rows[0].Fields;
        int Col(string name) => Array.IndexOf(header, name);
        var (id, zh, aliases) = (Col("id"), Col("name_zh"), Col("aliases_zh"));
        return new IndicatorCatalogue(rows.Skip(1).Where(r => r.Fields.Length > aliases)
            .Select(r => (r.Fields[id], r.Fields[zh], (IEnumerable<string>)r.Fields[aliases].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))));
    }

    private static string Key(string name) =>
        Brackets().Replace(InputText.Normalize(name), "").Replace(" ", "", StringComparison.Ordinal)
            .Replace("人口", "人", StringComparison.Ordinal).Replace("Ⅱ型", "2型", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Dice coefficient over character pairs: 1 for equal strings, 0 for nothing in common.</summary>
    private static double Similarity(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2)
        {
            return a == b ? 1 : 0;
        }
        var pairs = new Dictionary<(char, char), int>();
        for (var i = 0; i + 1 < a.Length; i++)
        {
            pairs[(a[i], a[i + 1])] = pairs.GetValueOrDefault((a[i], a[i + 1])) + 1;
        }
        var common = 0;
        for (var i = 0; i + 1 < b.Length; i++)
        {
            if (pairs.TryGetValue((b[i], b[i + 1]), out var n) && n > 0)
            {
                pairs[(b[i], b[i + 1])] = n - 1;
                common++;
            }
        }
        return 2.0 * common / (a.Length - 1 + b.Length - 1);
    }

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Brackets();
}
