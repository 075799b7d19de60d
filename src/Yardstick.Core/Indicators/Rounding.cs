namespace Yardstick.Core.Indicators;

/// <summary>
/// The one place values are rounded for display. Everyday Chinese rounding (四舍五入) is half away from
/// zero, not .NET's default of half to even. Stored and compared values are never rounded.
/// </summary>
public static class Rounding
{
    public static decimal ForDisplay(decimal value, int decimals) =>
        Math.Round(value, Math.Clamp(decimals, 0, 10), MidpointRounding.AwayFromZero);

    public static decimal? ForDisplay(decimal? value, int decimals) =>
        value is { } v ? ForDisplay(v, decimals) : null;

    /// <summary>The decimal as written, without trailing zeros or exponent: 82.50 → "82.5", 8.000 → "8".</summary>
    public static string Plain(decimal value) =>
        WithoutTrailingZeros(value).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same number with the smallest scale that holds it: 82.50 → 82.5, 1760172.0000 → 1760172.</summary>
    public static decimal WithoutTrailingZeros(decimal value) => value / 1.0000000000000000000000000000m;
}
