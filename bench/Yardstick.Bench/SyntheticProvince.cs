using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Bench;

/// <summary>
/// A seeded synthetic province: cities → counties → townships → villages, 20 data elements reported
/// monthly by every village for 60 months (2019–2023). Province scale is ≈20,000 villages and 24M values;
/// small is a tenth. Values are whole numbers, so both engines' sums are exact and comparable.
/// </summary>
internal sealed class SyntheticProvince
{
    public const int FirstYear = 2019;
    public const int Years = 5;

    public SyntheticProvince(string scale, int seed)
    {
        var (cities, countiesPerCity, townshipsPerCounty, villages) = scale == "province" ? (14, 7, 15, 20_000) : (2, 5, 15, 2_000);
        var random = new Random(seed);
        var id = 1;
        var province = new OrgUnit(id++, "P", "合成省", OrgUnitKind.Province, null);
        Units.Add(province);
        var townships = new List<OrgUnit>();
        for (var c = 0; c < cities; c++)
        {
            var city = new OrgUnit(id++, $"C{c:D2}", $"合成市{c}", OrgUnitKind.City, province);
            Units.Add(city);
            for (var k = 0; k < countiesPerCity; k++)
            {
                var county = new OrgUnit(id++, $"C{c:D2}K{k:D2}", $"合成县{c}-{k}", OrgUnitKind.County, city);
                Units.Add(county);
                for (var t = 0; t < townshipsPerCounty; t++)
                {
                    var township = new OrgUnit(id++, $"{county.Code}T{t:D2}", $"合成乡镇{c}-{k}-{t}", OrgUnitKind.Township, county);
                    Units.Add(township);
                    townships.Add(township);
                }
            }
        }
        for (var v = 0; v < villages; v++)
        {
            var township = townships[v % townships.Count];
            var village = new OrgUnit(id++, $"{township.Code}V{v:D5}", $"合成村{v}", OrgUnitKind.Village, township);
            Units.Add(village);
            Villages.Add(village);
        }
        // Pairs (numerator, denominator); the first three are flows summed over months, the last two stocks.
        for (var e = 0; e < 20; e++)
        {
            var stock = e is >= 6 and < 10;
            Elements.Add(new DataElement(e + 1, $"de{e:D2}", $"数据元{e}", ValueKind.Count, OrgUnitAggregation.Sum, stock ? TimeAggregation.Last : TimeAggregation.Sum));
        }
        for (var i = 0; i < 5; i++)
        {
            Indicators.Add(new Indicator(i + 1, $"ind{i}", $"指标{i}", $"#{{de{2 * i:D2}}}", $"#{{de{2 * i + 1:D2}}}", i < 3 ? 1000 : 100, "", Direction.Higher, 2));
        }
        _seed = random.Next();
    }

    private readonly int _seed;

    public List<OrgUnit> Units { get; } = [];
    public List<OrgUnit> Villages { get; } = [];
    public List<DataElement> Elements { get; } = [];
    public List<Indicator> Indicators { get; } = [];

    public long ValueCount => (long)Villages.Count * Elements.Count * Years * 12;

    /// <summary>Every value, in primary-key order (element, unit, period), generated on the fly.</summary>
    public IEnumerable<DataValue> Values()
    {
        var random = new Random(_seed);
        foreach (var element in Elements)
        {
            var denominator = element.Id % 2 == 0;
            foreach (var village in Villages)
            {
                for (var y = 0; y < Years; y++)
                {
                    for (var m = 1; m <= 12; m++)
                    {
                        var value = denominator ? random.Next(200, 400) : random.Next(0, 200);
                        yield return new DataValue(element.Id, village.Id, Period.OfMonth(FirstYear + y, m), value);
                    }
                }
            }
        }
    }
}
