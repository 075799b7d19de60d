using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Indicators;

/// <summary>
/// The aggregation rules written the slow, obvious way, to check the engine against: for each unit in the
/// subtree, combine its own values inside the period over time, then combine units.
/// </summary>
internal static class NaiveReference
{
    public static decimal? ElementValue(DataElement element, IReadOnlyList<OrgUnit> units, IReadOnlyList<DataValue> values, OrgUnit root, Period period)
    {
        var inScope = element.OrgUnitAggregation == OrgUnitAggregation.None ? [root] : units.Where(u => u.IsWithin(root)).ToList();
        return ElementValueOver(element, inScope, values, period);
    }

    /// <summary>The element combined over exactly these units, each counted once.</summary>
    public static decimal? ElementValueOver(DataElement element, IReadOnlyList<OrgUnit> inScope, IReadOnlyList<DataValue> values, Period period)
    {
        var perUnit = new List<decimal>();
        foreach (var unit in inScope)
        {
            var own = values.Where(v => v.DataElementId == element.Id && v.OrgUnitId == unit.Id && period.Contains(v.Period)).ToList();
            if (own.Count == 0)
            {
                continue;
            }
            perUnit.Add(element.TimeAggregation switch
            {
                TimeAggregation.Sum => own.Sum(v => v.Value),
                TimeAggregation.Average => own.Sum(v => v.Value) / own.Count,
                _ => own.OrderBy(v => v.Period.End).ThenBy(v => -v.Period.Type.Length()).Last().Value,
            });
        }
        if (perUnit.Count == 0)
        {
            return null;
        }
        return element.OrgUnitAggregation == OrgUnitAggregation.Average ? perUnit.Sum() / perUnit.Count : perUnit.Sum();
    }
}

/// <summary>A random tree with random values, the same for the same seed.</summary>
internal sealed class RandomWorld
{
    public RandomWorld(int seed, OrgUnitAggregation orgUnitAggregation = OrgUnitAggregation.Sum, TimeAggregation denominatorTime = TimeAggregation.Sum, bool weeksAndOctoberYears = false)
    {
        var random = new Random(seed);
        var root = new OrgUnit(1, "R", "root", OrgUnitKind.City, null);
        Units.Add(root);
        var next = 2;
        var frontier = new List<OrgUnit> { root };
        for (var depth = 0; depth < 3; depth++)
        {
            var created = new List<OrgUnit>();
            foreach (var parent in frontier)
            {
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    var unit = new OrgUnit(next, "U" + next, "unit " + next, (OrgUnitKind)Math.Min((int)parent.Kind + 1, 5), parent);
                    next++;
                    created.Add(unit);
                }
            }
            Units.AddRange(created);
            frontier = created;
        }
        Numerator = new DataElement(1, "num", "numerator", ValueKind.Count, orgUnitAggregation, TimeAggregation.Sum);
        Denominator = new DataElement(2, "den", "denominator", ValueKind.Number, orgUnitAggregation, denominatorTime);
        PeriodType[] types = weeksAndOctoberYears
            ? [PeriodType.Week, PeriodType.Week, PeriodType.Week, PeriodType.Month, PeriodType.Quarter, PeriodType.Year, PeriodType.FinancialOct]
            : [PeriodType.Month, PeriodType.Quarter, PeriodType.Year];
        var used = new HashSet<(int, int, Period)>();
        foreach (var unit in Units)
        {
            foreach (var element in new[] { Numerator, Denominator })
            {
                for (var k = random.Next(0, weeksAndOctoberYears ? 12 : 6); k > 0; k--)
                {
                    var type = types[random.Next(types.Length)];
                    var year = 2021 + random.Next(0, 2);
                    var period = type switch
                    {
                        PeriodType.Week => Period.OfWeek(year, random.Next(1, System.Globalization.ISOWeek.GetWeeksInYear(year) + 1)),
                        PeriodType.FinancialOct => Period.OfFinancialOct(year),
                        _ => Period.Create(type, year, random.Next(0, 12 / type.MonthsIn()) * type.MonthsIn() + 1),
                    };
                    if (!used.Add((element.Id, unit.Id, period)))
                    {
                        continue;
                    }
                    var value = element == Numerator ? random.Next(0, 50) : Math.Round((decimal)random.NextDouble() * 1000, random.Next(0, 3));
                    Values.Add(new DataValue(element.Id, unit.Id, period, value));
                }
            }
        }
    }

    public List<OrgUnit> Units { get; } = [];
    public DataElement Numerator { get; }
    public DataElement Denominator { get; }
    public List<DataValue> Values { get; } = [];
}
