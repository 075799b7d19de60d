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
    private readonly Dictionary<string, string> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _display = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), string?> _matches = new();

    public IndicatorCatalogue(IEnumerable<(string Id, string Name, IEnumerable<string> Aliases)> entries)
        : this(entries.Select(e => (e.Id, e.Name, e.Aliases, "")))
    {
    }

    /// <param name="entries">Each indicator with its unit as the catalogue writes it (%, ‰, /10万, years, beds per 1,000 residents, count…).</param>
    public IndicatorCatalogue(IEnumerable<(string Id, string Name, IEnumerable<string> Aliases, string Unit)> entries)
    {
        foreach (var (id, name, aliases, unit) in entries)
        {
            _units[id] = unit;
            _display.TryAdd(id, name);
            foreach (var n in aliases.Prepend(name).Where(a => a.Length > 0))
            {
                _names.Add((id, Key(n)));
            }
        }
    }

    /// <summary>The catalogue shipped with Yardstick.</summary>
    public static IndicatorCatalogue Default { get; } = LoadDefault();

    public int Count => _names.Select(n => n.Id).Distinct().Count();

    /// <summary>Each catalogued indicator's id and Chinese name, in the catalogue's order (for pickers).</summary>
    public IReadOnlyList<(string Id, string Name)> Entries => [.. _display.Select(d => (d.Key, d.Value))];

    /// <summary>
    /// The id of the catalogued indicator this name stands for, or null. With a <paramref name="unit"/> as written
    /// in the text, only indicators measured in a compatible unit qualify: "基层医疗卫生机构4家" is a count of
    /// facilities, not the share of visits that primary care takes.
    /// </summary>
    public string? Match(string name, string? unit = null) => _matches.GetOrAdd((Key(name), UnitClass(unit)), MatchKey);

    private string? MatchKey((string Key, string UnitClass) wanted)
    {
        var (key, unitClass) = wanted;
        if (key.Length == 0)
        {
            return null;
        }
        var candidates = _names.Where(n => unitClass.Length == 0 || _units[n.Id].Length == 0 || UnitClass(_units[n.Id]) == unitClass
            || (unitClass is "per" or "count" && UnitClass(_units[n.Id]) is "per" or "count")).ToList();
        var exact = candidates.FirstOrDefault(n => n.Key == key);
        if (exact.Id is not null)
        {
            return exact.Id;
        }
        var best = candidates.Select(n => (n.Id, Score: Similarity(key, n.Key))).DefaultIfEmpty().MaxBy(n => n.Score);
        return best.Score >= MinimumSimilarity ? best.Id : null;
    }

    // Units that can measure the same indicator fall in one class: rates in %, in ‰, per 10万; ages; money; counts
    // and per-population figures (张, 人, 个 are both "8张" per 1,000 and "50张" of new beds).
    private static string UnitClass(string? unit) => unit switch
    {
        null or "" => "",
        "%" or "个百分点" => "%",
        "‰" => "‰",
        "/10万" => "/10万",
        "岁" or "years" => "years",
        _ when unit.Contains('元', StringComparison.Ordinal) => "money",
        _ when unit.Contains("per", StringComparison.Ordinal) => "per",
        _ when unit.Contains("males", StringComparison.Ordinal) => "ratio",
        _ => "count",
    };

    private static IndicatorCatalogue LoadDefault()
    {
        using var stream = typeof(IndicatorCatalogue).Assembly.GetManifestResourceStream("Yardstick.Core.Documents.indicators.csv")!;
        using var reader = new StreamReader(stream);
        var rows = CsvText.Read(reader.ReadToEnd()).ToList();
        var header = rows[0].Fields;
        int Col(string name) => Array.IndexOf(header, name);
        var (id, zh, aliases, unit) = (Col("id"), Col("name_zh"), Col("aliases_zh"), Col("unit"));
        return new IndicatorCatalogue(rows.Skip(1).Where(r => r.Fields.Length > Math.Max(aliases, unit))
            .Select(r => (r.Fields[id], r.Fields[zh], (IEnumerable<string>)AliasesOf(r.Fields[aliases]), r.Fields[unit])));
    }

    /// <summary>
    /// The aliases of a catalogue cell, split at the ';' between them but not at one inside a bracketed note:
    /// "产前检测率 (某市用语; 推定)" is one alias, whose note <see cref="Key"/> then drops.
    /// </summary>
    internal static IReadOnlyList<string> AliasesOf(string cell)
    {
        var aliases = new List<string>();
        var (depth, start) = (0, 0);
        for (var k = 0; k <= cell.Length; k++)
        {
            if (k == cell.Length || (depth == 0 && cell[k] is ';' or '；'))
            {
                if (cell[start..k].Trim() is { Length: > 0 } alias)
                {
                    aliases.Add(alias);
                }
                start = k + 1;
            }
            else
            {
                depth = Math.Max(0, depth + (cell[k] is '(' or '（' ? 1 : cell[k] is ')' or '）' ? -1 : 0));
            }
        }
        return aliases;
    }

    private static string Key(string name) =>
        Brackets().Replace(InputText.Normalize(name), "").Replace(" ", "", StringComparison.Ordinal)
            .Replace("人口", "人", StringComparison.Ordinal).Replace("Ⅱ型", "2型", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Dice coefficient over character pairs: 1 for equal strings, 0 for nothing in common.</summary>
    internal static double Similarity(string a, string b)
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
