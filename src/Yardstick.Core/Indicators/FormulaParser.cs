using System.Globalization;
using Yardstick.Core.Text;

namespace Yardstick.Core.Indicators;

/// <summary>
/// Parses formula text: <c>#{code}</c> references, decimal constants, + − × ÷ (also * /), parentheses and
/// unary minus. Full-width characters are folded first, so <c>＃｛births｝×１０００</c> parses too.
/// </summary>
public static class FormulaParser
{
    public static Formula Parse(string text) =>
        TryParse(text, out var formula, out var error) ? formula : throw new FormatException(error);

    /// <summary>On failure, <paramref name="error"/> says in Chinese what is wrong and where.</summary>
    public static bool TryParse(string? text, out Formula formula, out string error)
    {
        formula = new Formula.Number(0);
        error = "";
        var s = InputText.Normalize(text ?? "").Replace('×', '*').Replace('÷', '/');
        if (s.Length == 0)
        {
            error = "公式为空";
            return false;
        }
        var reader = new Reader(s);
        try
        {
            formula = reader.Expression();
            reader.SkipSpaces();
            if (!reader.AtEnd)
            {
                error = $"公式第 {reader.Position + 1} 个字符处有多余内容: \"{s[reader.Position..]}\"";
                return false;
            }
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    // A recursive-descent reader; FormatException stays inside TryParse, which turns it into a value.
    private sealed class Reader(string text)
    {
        public int Position { get; private set; }
        public bool AtEnd => Position >= text.Length;

        public Formula Expression()
        {
            var left = Term();
            while (true)
            {
                SkipSpaces();
                if (AtEnd || (text[Position] != '+' && text[Position] != '-'))
                {
                    return left;
                }
                var op = text[Position++];
                left = new Formula.Binary(op, left, Term());
            }
        }

        private Formula Term()
        {
            var left = Factor();
            while (true)
            {
                SkipSpaces();
                if (AtEnd || (text[Position] != '*' && text[Position] != '/'))
                {
                    return left;
                }
                var op = text[Position++];
                left = new Formula.Binary(op, left, Factor());
            }
        }

        private Formula Factor()
        {
            SkipSpaces();
            if (AtEnd)
            {
                throw new FormatException("公式在末尾缺少数值或数据元");
            }
            var c = text[Position];
            if (c == '-')
            {
                Position++;
                return new Formula.Negate(Factor());
            }
            if (c == '(')
            {
                Position++;
                var inner = Expression();
                SkipSpaces();
                if (AtEnd || text[Position] != ')')
                {
                    throw new FormatException($"公式第 {Position + 1} 个字符处缺少右括号");
                }
                Position++;
                return inner;
            }
            if (c == '#')
            {
                if (Position + 1 >= text.Length || text[Position + 1] != '{')
                {
                    throw new FormatException($"公式第 {Position + 1} 个字符处: 数据元引用应写作 #{{代码}}");
                }
                var close = text.IndexOf('}', Position + 2);
                if (close < 0)
                {
                    throw new FormatException($"公式第 {Position + 1} 个字符处的数据元引用缺少 }}");
                }
                var code = text[(Position + 2)..close].Trim();
                if (code.Length == 0)
                {
                    throw new FormatException($"公式第 {Position + 1} 个字符处的数据元代码为空");
                }
                Position = close + 1;
                return new Formula.Reference(code);
            }
            if (char.IsAsciiDigit(c) || c == '.')
            {
                var start = Position;
                while (!AtEnd && (char.IsAsciiDigit(text[Position]) || text[Position] == '.'))
                {
                    Position++;
                }
                var number = text[start..Position];
                if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                {
                    throw new FormatException($"公式第 {start + 1} 个字符处的数字无效: {number}");
                }
                return new Formula.Number(value);
            }
            throw new FormatException($"公式第 {Position + 1} 个字符处无法识别: '{c}'");
        }

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }
    }
}
