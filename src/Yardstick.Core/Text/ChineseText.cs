namespace Yardstick.Core.Text;

/// <summary>
/// Chinese typography for the documents we write (GB/T 15834 punctuation): a comma, semicolon, colon or bracket that
/// sits against Chinese text is the full-width one (，；：（）), without the spaces an ASCII one carries. Punctuation
/// between Latin letters or digits is left alone — "1,234", "10:23", "(|z| > 3.5)" and codes stay as they are.
/// </summary>
public static class ChineseText
{
    public static string Punctuate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        var output = new System.Text.StringBuilder(text.Length);
        // Whether each open bracket became full-width: its closing one follows it ("（及时率50%）", not "（及时率50%)").
        var open = new Stack<bool>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var before = Previous(text, i);
            var after = Next(text, i);
            if (c == '(')
            {
                open.Push(IsChinese(after));
            }
            string? wide = c switch
            {
                ',' when IsChinese(before) || IsChinese(after) => "，",
                ';' when IsChinese(before) || IsChinese(after) => "；",
                ':' when IsChinese(before) || IsChinese(after) => "：",
                '(' when open.Peek() => "（",
                ')' when (open.Count > 0 ? open.Pop() : IsChinese(before)) => "）",
                _ => null,
            };
            if (wide is null)
            {
                output.Append(c);
                continue;
            }
            // The spaces an ASCII mark carries go with it; a full-width one holds its own space.
            while (output.Length > 0 && output[^1] == ' ')
            {
                output.Length--;
            }
            output.Append(wide);
            while (i + 1 < text.Length && text[i + 1] == ' ')
            {
                i++;
            }
        }
        return output.ToString();
    }

    private static char Previous(string text, int i)
    {
        for (var k = i - 1; k >= 0; k--)
        {
            if (text[k] != ' ')
            {
                return text[k];
            }
        }
        return '\0';
    }

    private static char Next(string text, int i)
    {
        for (var k = i + 1; k < text.Length; k++)
        {
            if (text[k] != ' ')
            {
                return text[k];
            }
        }
        return '\0';
    }

    /// <summary>A Han character, or a full-width mark or unit sign that belongs to Chinese text (。、‰ …).</summary>
    private static bool IsChinese(char c) =>
        c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef' or '‰' or '“' or '”' or '—' or '…';
}
