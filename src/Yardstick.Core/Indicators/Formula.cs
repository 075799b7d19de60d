using System.Diagnostics;

namespace Yardstick.Core.Indicators;

/// <summary>
/// An arithmetic expression over data elements, e.g. <c>#{infant_deaths} + #{neonatal_deaths}</c>.
/// Evaluation returns null for "no data", which is different from zero.
/// </summary>
public abstract record Formula
{
    public sealed record Number(decimal Value) : Formula;
    public sealed record Reference(string DataElementCode) : Formula;
    public sealed record Negate(Formula Operand) : Formula;
    public sealed record Binary(char Operator, Formula Left, Formula Right) : Formula;

    /// <summary>
    /// Missing data follows DHIS2's "skip if all values missing" for sums: in <c>a + b</c> a missing side
    /// counts as zero while the other has data; a product or quotient with a missing side is missing,
    /// and so is division by zero.
    /// </summary>
    public decimal? Evaluate(Func<string, decimal?> valueOf) => this switch
    {
        Number n => n.Value,
        Reference r => valueOf(r.DataElementCode),
        Negate n => -n.Operand.Evaluate(valueOf),
        Binary b => Apply(b.Operator, b.Left.Evaluate(valueOf), b.Right.Evaluate(valueOf)),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// Turns the formula into a delegate over an index (an org unit's position), given a reader per data
    /// element: evaluating a whole column then walks no tree and looks nothing up by name. Same rules as
    /// <see cref="Evaluate"/>.
    /// </summary>
    public Func<int, decimal?> Compile(Func<string, Func<int, decimal?>> readerOf) => this switch
    {
        Number n => _ => n.Value,
        Reference r => readerOf(r.DataElementCode),
        Negate n => n.Operand.Compile(readerOf) is var operand ? i => -operand(i) : throw new UnreachableException(),
        Binary b => (b.Left.Compile(readerOf), b.Right.Compile(readerOf)) is var (left, right)
            ? i => Apply(b.Operator, left(i), right(i))
            : throw new UnreachableException(),
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// The formula as a person reads it, each element by its name: "婴儿死亡数 + 5岁以下死亡数". Brackets are kept only where
    /// the order of operations needs them.
    /// </summary>
    public string Written(Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        return Write(this, 0);

        string Write(Formula f, int outer) => f switch
        {
            Number n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Reference r => nameOf(r.DataElementCode),
            Negate n => "−" + Write(n.Operand, 3),
            Binary b => Precedence(b.Operator) is var p && Write(b.Left, p) + $" {Symbol(b.Operator)} " + Write(b.Right, p + 1) is var text
                ? (p < outer ? $"({text})" : text)
                : throw new UnreachableException(),
            _ => throw new UnreachableException(),
        };
        static int Precedence(char op) => op is '*' or '/' ? 2 : 1;
        static string Symbol(char op) => op switch { '*' => "×", '/' => "÷", '-' => "−", _ => op.ToString() };
    }

    /// <summary>Codes of the data elements the formula reads, each once, in order of appearance.</summary>
    public IReadOnlyList<string> References()
    {
        var codes = new List<string>();
        Collect(this, codes);
        return codes;

        static void Collect(Formula f, List<string> codes)
        {
            switch (f)
            {
                case Reference r when !codes.Contains(r.DataElementCode, StringComparer.Ordinal):
                    codes.Add(r.DataElementCode);
                    break;
                case Negate n:
                    Collect(n.Operand, codes);
                    break;
                case Binary b:
                    Collect(b.Left, codes);
                    Collect(b.Right, codes);
                    break;
            }
        }
    }

    private static decimal? Apply(char op, decimal? left, decimal? right) => op switch
    {
        '+' => left is null && right is null ? null : (left ?? 0) + (right ?? 0),
        '-' => left is null && right is null ? null : (left ?? 0) - (right ?? 0),
        '*' => left * right,
        '/' => right is null or 0 ? null : left / right,
        _ => throw new UnreachableException($"operator {op}"),
    };
}
