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
        if (!IsRatio)
        {
            return new IndicatorValue(numerator * Factor, numerator, null, false);
        }
        decimal? value = numerator is { } n && denominator is { } d && d != 0 ? n / d * Factor : null;
        return new IndicatorValue(value, numerator, denominator, IsSmallDenominator(denominator));
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
