using System.Numerics;
using FsCheck.Xunit;
using Yardstick.Core.Indicators;

namespace Yardstick.Core.Tests.Indicators;

public class QuotientTests
{
    [Theory]
    [InlineData(1900, 20, "95")]
    [InlineData(1000, 3, "333.333333333333333333")]
    [InlineData(2000, 3, "666.666666666666666667")]
    [InlineData(269, 100, "2.69")]
    [InlineData(0, 7, "0")]
    [InlineData(-1, 8, "-0.125")]
    [InlineData(3, 7, "0.428571428571428571")]
    public void Whole_numbers_divide_exactly_or_to_eighteen_places_half_away_from_zero(long dividend, long divisor, string expected) =>
        Rounding.Plain(Indicator.Quotient(dividend, divisor)).ShouldBe(expected);

    [Fact]
    public void Fractions_and_huge_numbers_fall_back_to_decimal_division()
    {
        Indicator.Quotient(1m, 3.5m).ShouldBe(1m / 3.5m);
        Indicator.Quotient(ulong.MaxValue * 10m, 7m).ShouldBe(ulong.MaxValue * 10m / 7m);
        Indicator.Quotient(1m, 5_000_000_000m).ShouldBe(1m / 5_000_000_000m);
        Indicator.Quotient(2_500m, 2.50m).ShouldBe(1000m);
        Indicator.Quotient(decimal.MaxValue, 10m, 5m).ShouldBe(decimal.MaxValue / 10m * 5m);
    }

    /// <summary>Checked against exact big-integer arithmetic: the 18-place rounding of the true quotient, half away from zero.</summary>
    [Property(MaxTest = 2000)]
    public void Equals_the_true_quotient_rounded_at_eighteen_places(ulong dividend, uint divisor, bool negative)
    {
        if (divisor == 0 || dividend / divisor >= 80_000_000_000UL)
        {
            return;
        }
        var value = Indicator.Quotient(negative ? -(decimal)dividend : dividend, divisor);

        var scaled = BigInteger.Multiply(dividend, BigInteger.Pow(10, 18));
        var expected = BigInteger.DivRem(scaled, divisor, out var rest);
        if (rest * 2 >= divisor)
        {
            expected++;
        }
        var scale = value.Scale;
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        (mantissa * BigInteger.Pow(10, 18 - scale)).ShouldBe(expected);
        (value < 0).ShouldBe(negative && expected != 0);
    }
}
