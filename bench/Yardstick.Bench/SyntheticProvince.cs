using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Bench;

/// <summary>
/// A seeded synthetic province: cities → counties → townships → villages, 20 data elements reported
/// monthly by every village for 60 months (2019–2023). Province scale is ≈20,000 villages and 24M values;
/// small is a tenth. Values are whole numbers, so both engines' sums are exact and comparable.
/// Beside them, 5 elements disaggregated by sex × 4 age groups (8 option combos) reported by every village for the last
/// year only (<see cref="DisaggregatedYears"/>: all five years would triple the province's files and its run) — in the
/// interchange files the product loads, not in the in-memory engine and DuckDB comparisons, which read the 20.
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

    public const int DisaggregatedYears = 1;

    /// <summary>The categories as <c>categories.csv</c> writes them: code, name, options (code:名称 by <c>;</c>).</summary>
    public static readonly (string Code, string Name, (string Code, string Name)[] Options)[] Categories =
    [
        ("sex", "性别", [("male", "男"), ("female", "女")]),
        ("age", "年龄组", [("age0_4", "0-4岁"), ("age5_14", "5-14岁"), ("age15_64", "15-64岁"), ("age65", "65岁及以上")]),
    ];

    public const string Combo = "sex_age";

    /// <summary>Each option combo's code in the combo's category order (<c>female.age0_4</c>).</summary>
    public static readonly string[] OptionCombos = [.. Categories[0].Options.SelectMany(s => Categories[1].Options.Select(a => $"{s.Code}.{a.Code}"))];

    /// <summary>The disaggregated elements' codes (<c>dd00</c>…), flows summed over months.</summary>
    public static readonly string[] Disaggregated = [.. Enumerable.Range(0, 5).Select(e => $"dd{e:D2}")];

    public long DisaggregatedValueCount => (long)Villages.Count * Disaggregated.Length * OptionCombos.Length * DisaggregatedYears * 12;

    /// <summary>Every value the files carry: the 20 elements' and the disaggregated ones'.</summary>
    public long FileValueCount => ValueCount + DisaggregatedValueCount;

    /// <summary>The disaggregated values (element, combo, village, month, value) in the order an export writes them.</summary>
    public IEnumerable<(string Element, string Combo, OrgUnit Village, int Year, int Month, int Value)> DisaggregatedValues()
    {
        var random = new Random(_seed + 1);
        foreach (var element in Disaggregated)
        {
            foreach (var village in Villages)
            {
                foreach (var combo in OptionCombos)
                {
                    for (var y = FirstYear + Years - DisaggregatedYears; y < FirstYear + Years; y++)
                    {
                        for (var m = 1; m <= 12; m++)
                        {
                            yield return (element, combo, village, y, m, random.Next(0, 50));
                        }
                    }
                }
            }
        }
    }

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
