using System.Globalization;
using System.Text;
using Yardstick.Core.Model;

namespace Yardstick.Core.Text;

/// <summary>
/// Folds the messy forms of numbers that arrive in files and forms — full-width digits and punctuation,
/// ideographic spaces, <c>，</c> thousands separators, <c>％</c> — to plain ASCII, without blanket NFKC
/// (which would turn <c>⒑</c> into "10." and invent numbers; see the domain glossary §4).
/// </summary>
public static class InputText
{
    /// <summary>
    /// Folds U+FF01–U+FF5E to ASCII and U+3000, U+2002, U+00A0 to a plain space, then trims.
    /// CJK sentence punctuation (。、“”) is kept, because it carries meaning.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var folded = Fold(c);
            if (folded != c)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
            }
            sb?.Append(folded);
        }
        return (sb?.ToString() ?? text).Trim();
    }

    /// <summary>The longest name (unit, element, indicator, plan) and code the store accepts (<see cref="InputLimits"/>).</summary>
    public const int MaxNameLength = InputLimits.Name, MaxCodeLength = InputLimits.Code;

    /// <summary>
    /// A name, code, title or note as stored: normalised, with control characters removed — they break the XML of .docx/.xlsx
    /// downloads and the lines of CSV and logs — and the bidi controls and line/paragraph separators (U+202A–U+202E,
    /// U+2066–U+2069, U+200E/U+200F, U+2028, U+2029), which make a title read backwards or break a line where none shows.
    /// No real name has either.
    /// </summary>
    public static string Clean(string text)
    {
        var normal = Normalize(text);
        return normal.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') < 0 && !normal.Contains('\u007F', StringComparison.Ordinal)
            && normal.AsSpan().IndexOfAny(Hidden) < 0
            ? normal
            : new string([.. normal.Where(c => !char.IsControl(c) && !Hidden.Contains(c))]).Trim();
    }

    private static readonly System.Buffers.SearchValues<char> Hidden = System.Buffers.SearchValues.Create(
        "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u2028\u2029\u200B\uFEFF");

    /// <summary>
    /// Whether a character is one <see cref="Clean"/> removes without a trace on screen: a control character, a bidi
    /// override or isolate, a line or paragraph separator, a zero-width space. For free text that is otherwise kept as typed.
    /// </summary>
    public static bool IsHidden(char c) => char.IsControl(c) || Hidden.Contains(c);

    /// <summary>Why a cleaned name or code is too long, or null.</summary>
    public static string? TooLong(string text, string what, int max) =>
        text.Length <= max ? null : $"{what}过长 ({text.Length:N0} 字), 最多 {max} 字";

    private static char Fold(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' or '\u2002' or '\u2003' or '\u00A0' or '\u2009' => ' ',
        '\u2212' => '-',
        _ => c,
    };

    /// <summary>
    /// Reads a decimal number as people write it: full-width digits, thousands separators (<c>,</c> or
    /// <c>，</c> between digit groups), surrounding spaces, a trailing <c>%</c> or <c>％</c> (kept as the
    /// number written: "85%" reads as 85, because rates are stored in the indicator's own unit).
    /// Exponents, hex and currency signs are refused.
    /// </summary>
    public static bool TryParseDecimal(string? text, out decimal value)
    {
        value = 0;
        if (text is null)
        {
            return false;
        }
        // Plain ASCII (what bulk files hold): no folding needed; the same parse as below.
        if (text.Length is > 0 and < 30 && !text.AsSpan().ContainsAnyExcept("0123456789.-"))
        {
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        }
        var s = Normalize(text).Replace(" ", "", StringComparison.Ordinal);
        if (s.EndsWith('%'))
        {
            s = s[..^1];
        }
        if (s.Length == 0)
        {
            return false;
        }
        if (s.Contains(',', StringComparison.Ordinal))
        {
            if (!HasWellFormedThousands(s))
            {
                return false;
            }
            s = s.Replace(",", "", StringComparison.Ordinal);
        }
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }

    // "1,234,567.5" is a number; "1,2" is more likely a list or a decimal comma, so it is refused
    // rather than silently read as 12.
    private static bool HasWellFormedThousands(string s)
    {
        var start = s.StartsWith('-') || s.StartsWith('+') ? 1 : 0;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? s[start..] : s[start..dot];
        var groups = integer.Split(',');
        if (groups[0].Length is < 1 or > 3)
        {
            return false;
        }
        return groups.Skip(1).All(g => g.Length == 3) && (dot < 0 || !s[dot..].Contains(',', StringComparison.Ordinal));
    }

    /// <summary>
    /// Reads a day as people type it: 2027-03-31, 2027-3-31, 2027/3/31 or 2027年3月31日 (full-width digits too), the year
    /// always in four digits. Whether the year is one the app takes is <see cref="InputLimits.Day"/>'s question.
    /// </summary>
    public static bool TryParseDay(string? text, out DateOnly day)
    {
        var s = Normalize(text ?? "").Replace('/', '-').Replace('年', '-').Replace('月', '-').TrimEnd('日');
        return DateOnly.TryParseExact(s, ["yyyy-M-d", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    /// <summary>Number of digits after the decimal point that the value carries, ignoring trailing zeros.</summary>
    public static int DecimalPlaces(decimal value) => Indicators.Rounding.WithoutTrailingZeros(value).Scale;
}
