namespace Yardstick.Core.Documents;

/// <summary>
/// Converts traditional characters to simplified with OpenCC's tables (<c>Documents/OpenCC</c>): phrases first,
/// longest match, then single characters, so that one-to-many characters (發/髮, 乾/幹) follow their phrase.
/// Each output piece reports which input range it came from, so source spans survive conversion.
/// </summary>
public sealed class TraditionalToSimplified
{
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _characterLookup;
    private readonly HashSet<char> _phraseStarts;
    private readonly int _longestPhrase;

    private TraditionalToSimplified(Dictionary<string, string> phrases, Dictionary<string, string> characters)
    {
        _phraseLookup = phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _characterLookup = characters.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseStarts = phrases.Keys.Select(k => k[0]).ToHashSet();
        _longestPhrase = phrases.Keys.Max(k => k.Length);
    }

    public static TraditionalToSimplified Default { get; } = new(Load("TSPhrases"), Load("TSCharacters"));

    /// <summary>Calls <paramref name="emit"/> with each output piece and the input range (start, length) it replaces.</summary>
    public void Convert(ReadOnlySpan<char> text, Action<string, int, int> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        var i = 0;
        while (i < text.Length)
        {
            if (_phraseStarts.Contains(text[i]))
            {
                var matched = false;
                for (var length = Math.Min(_longestPhrase, text.Length - i); length >= 2; length--)
                {
                    if (_phraseLookup.TryGetValue(text.Slice(i, length), out var simplified))
                    {
                        emit(simplified, i, length);
                        i += length;
                        matched = true;
                        break;
                    }
                }
                if (matched)
                {
                    continue;
                }
            }
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            if (_characterLookup.TryGetValue(text.Slice(i, width), out var character))
            {
                emit(character, i, width);
            }
            else
            {
                emit(text.Slice(i, width).ToString(), i, width);
            }
            i += width;
        }
    }

    public string Convert(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        Convert(text, (piece, _, _) => sb.Append(piece));
        return sb.ToString();
    }

    private static Dictionary<string, string> Load(string name)
    {
        using var stream = typeof(TraditionalToSimplified).Assembly.GetManifestResourceStream($"Yardstick.Core.Documents.OpenCC.{name}.txt")!;
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                table.TryAdd(line[..tab], line[(tab + 1)..]);
            }
        }
        return table;
    }
}
