using System.Text;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>
/// A document's text normalised for reading, with a map back to the original: <see cref="SourceOf"/> gives
/// the exact original span of any range of <see cref="Text"/>, so every extracted item can quote its source.
/// Normalising folds full-width ASCII (U+FF01–U+FF5E) and odd spaces, maps Ⅱ型 to 2型, and drops the
/// pinyin that some documents put after characters (<c>衛(wèi)生</c>), then converts traditional characters to
/// simplified (<see cref="TraditionalToSimplified"/>) — never blanket NFKC, which would turn <c>⒑</c> into "10."
/// (glossary §4).
/// </summary>
public sealed partial class DocumentText
{
    private readonly int[] _origin;

    private DocumentText(string original, string text, int[] origin)
    {
        Original = original;
        Text = text;
        _origin = origin;
    }

    public string Original { get; }

    [GeneratedRegex(@"(?<=[\p{IsCJKUnifiedIdeographs}\u3000-\u303F\uFF00-\uFFEF‰、])[ \u00A0\u3000](?=[^\s])|(?<=[^\s])[ \u00A0\u3000](?=[\p{IsCJKUnifiedIdeographs}\u3000-\u303F\uFF00-\uFFEF‰、])")]
    private static partial Regex SpaceBesideHan();
    public string Text { get; }

    public static DocumentText Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var drop = new bool[original.Length];
        foreach (Match m in PinyinAnnotation().Matches(original))
        {
            for (var i = m.Index; i < m.Index + m.Length; i++)
            {
                drop[i] = true;
            }
        }
        // A single space beside a Chinese character is a layout artefact (a PDF's "到 2025 年", "5 岁", a wrapped line's
        // "健康 素养"); a run of spaces is kept, as it may align a table's columns.
        foreach (Match m in SpaceBesideHan().Matches(original))
        {
            drop[m.Index] = true;
        }
        var text = new StringBuilder(original.Length);
        var origin = new List<int>(original.Length + 1);
        for (var i = 0; i < original.Length; i++)
        {
            if (drop[i] || original[i] == '\r' || original[i] == '\uFEFF')
            {
                continue;
            }
            var c = original[i];
            c = c switch
            {
                // A full-width ？ stays: an ASCII ? between Han characters is a sign of damage (glossary §4.6).
                >= '\uFF01' and <= '\uFF5E' and not '\uFF1F' => (char)(c - 0xFEE0),
                '\u3000' or '\u2002' or '\u2003' or '\u00A0' or '\u2009' => ' ',
                'Ⅱ' when i + 1 < original.Length && original[i + 1] == '型' => '2',
                'Ⅰ' when i + 1 < original.Length && original[i + 1] == '型' => '1',
                _ => c,
            };
            text.Append(c);
            origin.Add(i);
        }
        origin.Add(original.Length);

        var simplified = new StringBuilder(text.Length);
        var simplifiedOrigin = new List<int>(origin.Count);
        TraditionalToSimplified.Default.Convert(text.ToString(), (piece, start, length) =>
        {
            simplified.Append(piece);
            for (var k = 0; k < piece.Length; k++)
            {
                // A phrase whose simplified form is shorter still ends where the original phrase ended.
                simplifiedOrigin.Add(origin[k == piece.Length - 1 ? start + length - 1 : Math.Min(start + k, start + length - 1)]);
            }
        });
        simplifiedOrigin.Add(original.Length);
        return new DocumentText(original, simplified.ToString(), [.. simplifiedOrigin]);
    }

    /// <summary>
    /// Spans of <see cref="Text"/> that look garbled (glossary §4.6): private-use code points, a <c>?</c> or <c>_@</c>
    /// after a Han character and before another or a pinyin fragment (<c>納入?yún)</c>), enclosed alphanumerics (⒑). Readers flag them for review and take no figures from them.
    /// </summary>
    public IReadOnlyList<(int Start, int Length)> Garbled => _garbled ??= [.. GarbledPattern().Matches(Text).Select(m => (m.Index, m.Length))];

    private IReadOnlyList<(int Start, int Length)>? _garbled;

    /// <summary>Whether any part of <c>Text[start..(start + length)]</c> lies in a garbled span.</summary>
    public bool IsGarbled(int start, int length)
    {
        // Spans are in text order and do not overlap: find the first that ends after start (a document full of
        // damage must not make every clause scan every span).
        var spans = Garbled;
        var (low, high) = (0, spans.Count);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (spans[mid].Start + spans[mid].Length <= start)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low < spans.Count && spans[low].Start < start + length;
    }

    /// <summary>The original text behind <c>Text[start..(start + length)]</c>.</summary>
    public string SourceOf(int start, int length)
    {
        var from = _origin[start];
        var to = length == 0 ? from : _origin[start + length - 1] + 1;
        return Original[from..to];
    }

    // Up to a few Han characters either side of the damage, so the warning shows where it is.
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}{0,4}(?:[\uE000-\uF8FF\u2460-\u24FF]|(?<=\p{IsCJKUnifiedIdeographs})(?:\?+|_@)(?=\p{IsCJKUnifiedIdeographs}|[a-zāáǎàēéěèīíǐìōóǒòūúǔù]))[^\s,。;]{0,8}")]
    private static partial Regex GarbledPattern();

    // A Han character followed by one toned pinyin syllable in parentheses: 衛(wèi), 區(qū), 發(fā).
    // Enumerators (一), units (‰) and anything with digits or Han characters inside stay.
    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs})\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)")]
    private static partial Regex PinyinAnnotation();
}
