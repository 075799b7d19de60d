namespace Yardstick.Core.Indicators;

/// <summary>
/// A computed measure: numerator ÷ denominator × factor (or numerator × factor without a denominator),
/// shown with a unit label and a number of decimals. Rates per 1,000 (‰) or 100,000 (/10万) differ
/// only in factor and unit.
/// </summary>
public sealed class Indicator
{
    private Formula? _numeratorFormula;
    private Formula? _denominatorFormula;

    private Indicator() { }

    public Indicator(int id, string code, string name, string numerator, string? denominator,
        decimal factor, string unit, Direction direction, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code.Trim();
        Update(name, numerator, denominator, factor, unit, direction, decimals);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Numerator { get; private set; } = "";

    /// <summary>Null or empty for a count or a value measured directly (life expectancy).</summary>
    public string? Denominator { get; private set; }

    public decimal Factor { get; private set; } = 1;
    public string Unit { get; private set; } = "";
    public Direction Direction { get; private set; }
    public int Decimals { get; private set; }

    public Formula NumeratorFormula => _numeratorFormula ??= FormulaParser.Parse(Numerator);

    public Formula? DenominatorFormula =>
        string.IsNullOrWhiteSpace(Denominator) ? null : _denominatorFormula ??= FormulaParser.Parse(Denominator);

    public bool IsRatio => DenominatorFormula is not null;

    /// <summary>
    /// A tally of things or people (床位数 张, 筛查 人次), read off its unit: no denominator, factor 1 and a unit that counts.
    /// A count starts from zero, so a target for it has progress without a baseline; a level (人均预期寿命 岁) does not.
    /// </summary>
    public bool IsCount => !IsRatio && Factor == 1 && CountUnits.Contains(Unit);

    private static readonly HashSet<string> CountUnits =
        ["个", "人", "人次", "次", "例", "张", "家", "所", "台", "户", "项", "间", "名", "床", "辆", "件", "份", "场", "支", "对"];

    /// <summary>Data element codes read by the numerator and the denominator.</summary>
    public IReadOnlyList<string> DataElementCodes =>
        NumeratorFormula.References().Concat(DenominatorFormula?.References() ?? []).Distinct(StringComparer.Ordinal).ToList();

    public void Update(string name, string numerator, string? denominator, decimal factor, string unit,
        Direction direction, int decimals)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        _numeratorFormula = FormulaParser.Parse(numerator);
        _denominatorFormula = string.IsNullOrWhiteSpace(denominator) ? null : FormulaParser.Parse(denominator);
        Name = name.Trim();
        Numerator = numerator.Trim();
        Denominator = string.IsNullOrWhiteSpace(denominator) ? null : denominator.Trim();
        Factor = factor;
        Unit = unit.Trim();
        Direction = direction;
        Decimals = decimals;
    }

    /// <summary>
    /// The value from already aggregated element values; null (no data) when the numerator has no data
    /// or the denominator is missing or zero.
    /// </summary>
    public IndicatorValue Evaluate(Func<string, decimal?> valueOf) =>
        FromParts(NumeratorFormula.Evaluate(valueOf), DenominatorFormula?.Evaluate(valueOf));

    /// <summary>The value from an evaluated numerator and denominator (null denominator for a non-ratio).</summary>
    public IndicatorValue FromParts(decimal? numerator, decimal? denominator)
    {
        try
        {
            if (!IsRatio)
            {
                return new IndicatorValue(numerator * Factor, numerator, null, false);
            }
            decimal? value = numerator is { } n && denominator is { } d && d != 0 ? Quotient(n, d, Factor) : null;
            return new IndicatorValue(value, numerator, denominator, IsSmallDenominator(denominator));
        }
        catch (OverflowException)
        {
            // A value beyond decimal's range means nothing to anyone: no value, the parts kept for whoever looks.
            return new IndicatorValue(null, numerator, denominator, false);
        }
    }

    /// <summary>
    /// <paramref name="dividend"/> × <paramref name="factor"/> ÷ <paramref name="divisor"/>, exact when it terminates within 18 decimal places and
    /// otherwise rounded half away from zero at the 18th, without trailing zeros (1900 ÷ 20 = 95, 1000 ÷ 3 =
    /// 333.333333333333333333). Counts divide in a few machine divisions: decimal division costs ~150 ns, and a
    /// province's full evaluation does half a million of them. Anything beyond whole numbers under 2^64 ÷ 2^32, or a
    /// quotient of 8·10^10 or more, takes decimal arithmetic (28 significant digits).
    /// </summary>
    internal static decimal Quotient(decimal dividend, decimal divisor, decimal factor = 1)
    {
        if (!TryWhole(dividend, out var n, out var negativeQ) || !TryWhole(factor, out var f, out var negativeF)
            || Math.BigMul(n, f, out var q) != 0 || !TryWhole(divisor, out var r, out var negativeR)
            || r > uint.MaxValue || r == 0 || q / r >= 80_000_000_000UL)
        {
            // Multiplying first keeps the most digits; dividing first keeps a huge dividend from overflowing.
            return Math.Abs(dividend) <= decimal.MaxValue / Math.Abs(factor) ? dividend * factor / divisor : dividend / divisor * factor;
        }
        negativeQ ^= negativeF;
        const ulong Billion = 1_000_000_000UL;
        // Eighteen decimals in two steps of nine: rest < r < 2^32, so rest × 10^9 fits in 64 bits. Each remainder
        // comes from a multiplication, not a second division.
        var whole = q / r;
        var rest = q - whole * r;
        var high = rest * Billion / r;
        rest = rest * Billion - high * r;
        var low = rest * Billion / r;
        rest = rest * Billion - low * r;
        var fraction = high * Billion + low + (rest >= r - rest ? 1UL : 0UL);
        byte scale = 18;
        if (fraction == Billion * Billion)
        {
            whole++;
            fraction = 0;
        }
        if (fraction == 0)
        {
            scale = 0;
        }
        while (scale > 0 && fraction % 10 == 0)
        {
            fraction /= 10;
            scale--;
        }
        var mantissa = (UInt128)whole * Pow10[scale] + fraction;
        var negative = negativeQ != negativeR && mantissa != 0;
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, scale);
    }

    private static readonly ulong[] Pow10 = PowersOfTen(19);

    private static ulong[] PowersOfTen(int count)
    {
        var powers = new ulong[count];
        powers[0] = 1;
        for (var i = 1; i < count; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }

    /// <summary>The magnitude of a whole-number decimal that fits in 64 bits (1000.00 counts: trailing zeros are no fraction).</summary>
    private static bool TryWhole(decimal value, out ulong magnitude, out bool negative)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        negative = bits[3] < 0;
        magnitude = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        if (bits[2] != 0)
        {
            return false;
        }
        for (var scale = (bits[3] >> 16) & 0xFF; scale > 0; scale--)
        {
            if (magnitude % 10 != 0)
            {
                return false;
            }
            magnitude /= 10;
        }
        return true;
    }

    /// <summary>
    /// A denominator smaller than the factor means one more case moves the rate by more than one unit
    /// (one maternal death among 7,420 births adds 13.5 per 100,000), so the value is shown with a warning.
    /// </summary>
    public bool IsSmallDenominator(decimal? denominator) =>
        denominator is { } d && Factor > 1 && d > 0 && d < Factor;
}

/// <summary>An indicator's value with the parts it came from. Full precision; round only for display.</summary>
public readonly record struct IndicatorValue(decimal? Value, decimal? Numerator, decimal? Denominator, bool SmallDenominator)
{
    public static IndicatorValue NoData { get; } = new(null, null, null, false);
}
