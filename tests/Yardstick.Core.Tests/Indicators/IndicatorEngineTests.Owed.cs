using FsCheck.Xunit;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Tests.Indicators;

/// <summary>
/// Issue 24, break 7: a unit owes an element as often as it reported it the year before (the months it reported, not every
/// month of the finest type seen), and a stock only its period's last owed value.
/// </summary>
public partial class IndicatorEngineTests
{
    private static readonly OrgUnit OwedCounty = new(1, "C", "科尔沁区", OrgUnitKind.County, null);
    private static readonly OrgUnit OwedTownship = new(2, "T", "大林镇", OrgUnitKind.Township, OwedCounty);
    private static readonly DataElement Beds = new(1, "beds", "床位数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
    private static readonly DataElement Managed = new(2, "managed", "登记管理人数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
    private static readonly DataElement Standard = new(3, "standard", "规范管理人数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
    private static readonly DataElement Discharges = new(4, "discharges", "出院人数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
    private static readonly Indicator BedCount = new(1, "beds", "床位数", "#{beds}", null, 1, "张", Direction.Higher, 0);
    private static readonly Indicator Managing = new(2, "htn", "高血压患者规范管理率", "#{standard}", "#{managed}", 100, "%", Direction.Higher, 2);
    private static readonly Indicator Turnover = new(3, "turnover", "病床周转次数", "#{discharges}", "#{beds}", 1, "次", Direction.Higher, 2);

    /// <summary>Stocks at 202206, 202212, 202306 and 202312 (December of 2023 left out when asked), discharges every month.</summary>
    private static IndicatorEngine Fixture(bool withDecember2023 = true)
    {
        var engine = new IndicatorEngine([OwedCounty, OwedTownship], [Beds, Managed, Standard, Discharges], 2022, 2023);
        var values = new List<DataValue>();
        foreach (var year in new[] { 2022, 2023 })
        {
            foreach (var month in new[] { 6, 12 })
            {
                if (year == 2023 && month == 12 && !withDecember2023)
                {
                    continue;
                }
                var p = Period.OfMonth(year, month);
                values.AddRange([new DataValue(1, 2, p, 100 + month), new DataValue(2, 2, p, 4000 + month), new DataValue(3, 2, p, 3400 + month)]);
            }
            for (var month = 1; month <= 12; month++)
            {
                values.Add(new DataValue(4, 2, Period.OfMonth(year, month), 300));
            }
        }
        engine.Load(values);
        return engine;
    }

    private static IReadOnlyList<PlanEvaluationRow> Judge2023(IndicatorEngine engine)
    {
        Target[] targets =
        [
            new(1, 1, 1, OwedCounty.Id, null, null, 2023, 100, null, Comparator.AtLeast, TargetNature.Binding),
            new(2, 1, 2, OwedCounty.Id, null, null, 2023, 80, null, Comparator.AtLeast, TargetNature.Binding),
            new(3, 1, 3, OwedCounty.Id, null, null, 2023, 30, null, Comparator.AtLeast, TargetNature.Binding),
        ];
        var indicators = new Dictionary<int, Indicator> { [1] = BedCount, [2] = Managing, [3] = Turnover };
        return PlanEvaluation.Evaluate(engine, targets, indicators, [OwedCounty, OwedTownship], 2023);
    }

    [Fact]
    public void Issue_24_stocks_reported_twice_a_year_beside_a_monthly_flow_make_a_complete_judged_year()
    {
        var engine = Fixture();

        var rows = Judge2023(engine);

        rows.Count.ShouldBe(6);
        foreach (var row in rows)
        {
            row.Completeness.IsPartial.ShouldBeFalse($"{row.Indicator.Name} at {row.OrgUnit.Name}");
            row.Completeness.Coverage.ShouldBe(1m);
            row.Evaluation.Status.ShouldBe(TargetStatus.Achieved, $"{row.Indicator.Name} at {row.OrgUnit.Name}");
        }
        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 1, 1));
        engine.CompletenessOf(Turnover, OwedCounty.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 12, 12));
        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfHalf(2023, 1)).ShouldBe(new Completeness(1, 1, 1, 1));
        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfQuarter(2023, 1)).Expected.ShouldBe(0);
    }

    [Fact]
    public void Issue_24_a_stock_without_its_last_owed_value_leaves_the_year_incomplete_even_beside_a_monthly_flow()
    {
        var engine = Fixture(withDecember2023: false);

        var rows = Judge2023(engine);

        rows.Count.ShouldBe(6);
        rows.ShouldAllBe(r => r.Evaluation.Status == TargetStatus.Incomplete);
        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 0, 1));
        engine.CompletenessOf(Managing, OwedCounty.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 0, 1));
        engine.CompletenessOf(Turnover, OwedTownship.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 11, 12));
        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfHalf(2023, 1)).IsPartial.ShouldBeFalse();
    }

    [Fact]
    public void Issue_24_a_unit_that_reported_twelve_months_and_then_six_is_partial()
    {
        var engine = new IndicatorEngine([OwedCounty, OwedTownship], [Discharges], 2022, 2023);
        engine.Load([
            .. Enumerable.Range(1, 12).Select(m => new DataValue(4, 2, Period.OfMonth(2022, m), 300)),
            .. Enumerable.Range(1, 6).Select(m => new DataValue(4, 2, Period.OfMonth(2023, m), 300)),
        ]);
        var count = new Indicator(4, "discharged", "出院人数", "#{discharges}", null, 1, "人", Direction.Higher, 0);

        var year = engine.CompletenessOf(count, OwedCounty.Id, Period.OfYear(2023));

        year.ShouldBe(new Completeness(1, 1, 6, 12));
        year.IsPartial.ShouldBeTrue();
        engine.CompletenessOf(count, OwedTownship.Id, Period.OfHalf(2023, 1)).IsPartial.ShouldBeFalse();
        engine.CompletenessOf(count, OwedTownship.Id, Period.OfHalf(2023, 2)).ShouldBe(new Completeness(0, 1, 0, 6));
    }

    [Fact]
    public void Issue_24_a_data_set_still_decides_what_is_owed_and_a_stock_in_it_owes_its_last_period()
    {
        var engine = Fixture();
        engine.UseDataSets([new Core.Reporting.DataSet(1, "hosp", "医疗服务月报", PeriodType.Month, 10, 0, "beds;discharges", "level:4")]);

        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 1, 1));
        engine.CompletenessOf(BedCount, OwedTownship.Id, Period.OfMonth(2023, 5)).ShouldBe(new Completeness(0, 1, 0, 1));
        engine.CompletenessOf(Turnover, OwedTownship.Id, Period.OfYear(2023)).ShouldBe(new Completeness(1, 1, 12, 12));

        engine.UseDataSets([new Core.Reporting.DataSet(1, "hosp", "医疗服务月报", PeriodType.Month, 10, 0, "beds;discharges", "level:3")]);
        engine.CompletenessOf(Turnover, OwedTownship.Id, Period.OfYear(2023)).Expected.ShouldBe(0);
    }

    /// <summary>
    /// Any reporting pattern (per unit and element, any mix of years, halves, quarters and months) repeated in the next
    /// year makes that year complete; taking out one period a flow owes (every value the unit holds in or over it) makes it
    /// partial; and a live engine brought there value by value counts what a fresh load counts.
    /// </summary>
    [Property(MaxTest = 150)]
    public void Issue_24_a_reporting_pattern_repeated_is_complete_and_one_owed_period_less_is_not(int seed)
    {
        var random = new Random(seed);
        var world = new PatternWorld(random);
        var engine = world.Engine(world.Repeated());
        var second = Period.OfYear(2023);

        foreach (var unit in world.Units)
        {
            foreach (var indicator in world.Indicators)
            {
                foreach (var p in Subperiods(2023))
                {
                    engine.CompletenessOf(indicator, unit.Id, p).IsPartial.ShouldBeFalse($"{indicator.Code} {unit.Code} {p}: {world}");
                }
            }
        }

        var (reporter, flow, owed) = world.AnOwedFlowPeriod(random);
        if (owed is { } gone)
        {
            var fewer = world.Repeated().Where(v => !(v.OrgUnitId == reporter.Id && v.Period.Year == 2023 && Overlaps(v.Period, gone))).ToList();
            var partial = world.Engine(fewer);
            var flowOnly = new Indicator(9, "flow", "flow", "#{" + flow.Code + "}", null, 1, "次", Direction.Higher, 0);
            foreach (var indicator in world.Indicators.Append(flowOnly).Where(i => i.DataElementCodes.Contains(flow.Code)))
            {
                partial.CompletenessOf(indicator, reporter.Id, second).IsPartial.ShouldBeTrue($"{indicator.Code} without {gone}: {world}");
                partial.CompletenessOf(indicator, world.Units[0].Id, second).IsPartial.ShouldBeTrue();
            }
            var onlyFlowGone = world.Repeated().Where(v => !(v.OrgUnitId == reporter.Id && v.DataElementId == flow.Id && v.Period.Year == 2023 && Overlaps(v.Period, gone)));
            world.Engine([.. onlyFlowGone]).CompletenessOf(flowOnly, reporter.Id, second).IsPartial.ShouldBeTrue();
        }
    }

    [Property(MaxTest = 100)]
    public void Issue_24_completeness_kept_up_value_by_value_is_what_a_fresh_load_counts(int seed)
    {
        var random = new Random(seed);
        var world = new PatternWorld(random);
        var start = world.Repeated().Where(_ => random.Next(3) > 0).ToList();
        var engine = world.Engine(start);
        var periods = Subperiods(2023).Append(Period.OfYear(2022)).ToList();
        foreach (var p in periods)
        {
            foreach (var indicator in world.Indicators)
            {
                _ = engine.CompletenessOf(indicator, world.Units[0].Id, p);
            }
        }
        var end = world.Repeated().Where(_ => random.Next(4) > 0).ToList();
        end.AddRange(world.Random(random, 6));
        end = [.. end.DistinctBy(v => (v.DataElementId, v.OrgUnitId, v.Period))];

        foreach (var v in start.Where(s => !end.Any(e => e.DataElementId == s.DataElementId && e.OrgUnitId == s.OrgUnitId && e.Period == s.Period)))
        {
            engine.SetValue(v.DataElementId, v.OrgUnitId, v.Period, null).ShouldBeTrue();
        }
        foreach (var v in end)
        {
            engine.SetValue(v.DataElementId, v.OrgUnitId, v.Period, v.Value).ShouldBeTrue();
        }

        var fresh = world.Engine(end);
        foreach (var p in periods)
        {
            foreach (var indicator in world.Indicators)
            {
                foreach (var unit in world.Units)
                {
                    engine.CompletenessOf(indicator, unit.Id, p).ShouldBe(fresh.CompletenessOf(indicator, unit.Id, p), $"{indicator.Code} {unit.Code} {p}");
                }
            }
        }
    }

    private static IEnumerable<Period> Subperiods(int year) =>
    [
        Period.OfYear(year), Period.OfHalf(year, 1), Period.OfHalf(year, 2),
        .. Enumerable.Range(1, 4).Select(q => Period.OfQuarter(year, q)),
        .. Enumerable.Range(1, 12).Select(m => Period.OfMonth(year, m)),
    ];

    private static bool Overlaps(Period a, Period b) => a.StartIndex <= b.EndIndex && b.StartIndex <= a.EndIndex;

    /// <summary>A county of three townships, two flows and two stocks, each reported by each township in a random pattern.</summary>
    private sealed class PatternWorld
    {
        private static readonly PeriodType[] Types = [PeriodType.Year, PeriodType.SixMonth, PeriodType.Quarter, PeriodType.Month];

        public PatternWorld(Random random)
        {
            var county = new OrgUnit(1, "C", "县", OrgUnitKind.County, null);
            Units = [county, .. Enumerable.Range(2, 3).Select(i => new OrgUnit(i, "T" + i, "镇" + i, OrgUnitKind.Township, county))];
            Elements =
            [
                new(1, "f1", "flow 1", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum),
                new(2, "f2", "flow 2", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum),
                new(3, "s1", "stock 1", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last),
                new(4, "s2", "stock 2", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last),
            ];
            Indicators =
            [
                new(1, "f1_f2", "f1÷f2", "#{f1}", "#{f2}", 1000, "‰", Direction.Lower, 2),
                new(2, "f1_s1", "f1÷s1", "#{f1}", "#{s1}", 1, "", Direction.Higher, 2),
                new(3, "s1_s2", "s2÷s1", "#{s2}", "#{s1}", 100, "%", Direction.Higher, 2),
                new(4, "s2", "s2", "#{s2}", null, 1, "", Direction.Higher, 0),
            ];
            foreach (var unit in Units.Skip(1))
            {
                foreach (var element in Elements)
                {
                    if (random.Next(5) == 0)
                    {
                        continue;
                    }
                    var periods = new HashSet<Period>();
                    // Mostly one period type, sometimes a second beside it (a year also given month by month, a half then quarters).
                    for (var k = random.Next(4) == 0 ? 2 : 1; k > 0; k--)
                    {
                        var type = Types[random.Next(Types.Length)];
                        var slots = 12 / type.MonthsIn();
                        var chosen = random.Next(3) == 0 ? (1 << slots) - 1 : random.Next(1, 1 << slots);
                        for (var s = 0; s < slots; s++)
                        {
                            if ((chosen & (1 << s)) != 0)
                            {
                                periods.Add(Period.Create(type, 2022, s * type.MonthsIn() + 1));
                            }
                        }
                    }
                    Pattern[(unit, element)] = [.. periods];
                }
            }
        }

        public IReadOnlyList<OrgUnit> Units { get; }
        public IReadOnlyList<DataElement> Elements { get; }
        public IReadOnlyList<Indicator> Indicators { get; }
        public Dictionary<(OrgUnit Unit, DataElement Element), List<Period>> Pattern { get; } = [];

        /// <summary>Every pattern in 2022 and again in 2023.</summary>
        public List<DataValue> Repeated() =>
        [
            .. Pattern.SelectMany(kv => kv.Value.SelectMany(p => new[]
            {
                new DataValue(kv.Key.Element.Id, kv.Key.Unit.Id, p, 10 + p.StartMonth),
                new DataValue(kv.Key.Element.Id, kv.Key.Unit.Id, Period.Create(p.Type, 2023, p.StartMonth), 20 + p.StartMonth),
            })),
        ];

        /// <summary>Values anywhere: any unit (the county too), element, period type and year.</summary>
        public IEnumerable<DataValue> Random(Random random, int count) => Enumerable.Range(0, count).Select(_ =>
        {
            var type = Types[random.Next(Types.Length)];
            var period = Period.Create(type, 2022 + random.Next(2), random.Next(12 / type.MonthsIn()) * type.MonthsIn() + 1);
            return new DataValue(Elements[random.Next(Elements.Count)].Id, Units[random.Next(Units.Count)].Id, period, random.Next(100));
        });

        /// <summary>A period a township owes for a flow in 2023: one its pattern holds that holds no shorter one of it.</summary>
        public (OrgUnit Unit, DataElement Flow, Period? Owed) AnOwedFlowPeriod(Random random)
        {
            var flows = Pattern.Where(kv => kv.Key.Element.TimeAggregation == TimeAggregation.Sum).ToList();
            if (flows.Count == 0)
            {
                return (Units[0], Elements[0], null);
            }
            var ((unit, flow), periods) = flows[random.Next(flows.Count)];
            var owed = periods.Where(p => !periods.Any(q => q != p && p.Contains(q))).ToList();
            var pick = owed[random.Next(owed.Count)];
            return (unit, flow, Period.Create(pick.Type, 2023, pick.StartMonth));
        }

        public IndicatorEngine Engine(List<DataValue> values)
        {
            var engine = new IndicatorEngine(Units, Elements, 2022, 2023);
            engine.Load(values);
            return engine;
        }

        public override string ToString() =>
            string.Join("; ", Pattern.Select(kv => $"{kv.Key.Unit.Code}/{kv.Key.Element.Code}: {string.Join(',', kv.Value)}"));
    }
}
