using FsCheck.Xunit;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Indicators;

public partial class IndicatorEngineTests
{
    private static readonly Indicator Rate = new(1, "rate", "rate", "#{num}", "#{den}", 1000, "‰", Direction.Lower, 2);

    private static IndicatorEngine Engine(RandomWorld world)
    {
        var engine = new IndicatorEngine(world.Units, [world.Numerator, world.Denominator], 2021, 2022);
        engine.Load(world.Values);
        return engine;
    }

    [Property(MaxTest = 60)]
    public void A_ratio_up_the_tree_is_sum_of_numerators_over_sum_of_denominators(int seed)
    {
        var world = new RandomWorld(seed);
        var engine = Engine(world);

        foreach (var period in new[] { Period.OfYear(2021), Period.OfQuarter(2022, 2), Period.OfHalf(2021, 2), Period.OfMonth(2022, 5) })
        {
            foreach (var unit in world.Units)
            {
                var num = NaiveReference.ElementValue(world.Numerator, world.Units, world.Values, unit, period);
                var den = NaiveReference.ElementValue(world.Denominator, world.Units, world.Values, unit, period);
                var value = engine.Evaluate(Rate, unit.Id, period);

                value.Numerator.ShouldBe(num);
                value.Denominator.ShouldBe(den);
                value.Value.ShouldBe(num is { } n && den is { } d && d != 0 ? Indicator.Quotient(n, d, 1000) : null);
            }
        }
    }

    [Property(MaxTest = 30)]
    public void Stocks_average_and_non_additive_elements_match_the_reference(int seed)
    {
        foreach (var (ou, time) in new[] { (OrgUnitAggregation.Sum, TimeAggregation.Last), (OrgUnitAggregation.Average, TimeAggregation.Average), (OrgUnitAggregation.None, TimeAggregation.Last) })
        {
            var world = new RandomWorld(seed, ou, time);
            var engine = Engine(world);
            foreach (var unit in world.Units)
            {
                engine.ElementValue("den", unit.Id, Period.OfYear(2022))
                    .ShouldBe(NaiveReference.ElementValue(world.Denominator, world.Units, world.Values, unit, Period.OfYear(2022)));
            }
        }
    }

    [Property(MaxTest = 40)]
    public void A_changed_value_leaves_every_aggregate_as_a_fresh_build_would(int seed)
    {
        var world = new RandomWorld(seed);
        var engine = Engine(world);
        var year = Period.OfYear(2022);
        _ = engine.EvaluateAll([Rate], [year, Period.OfQuarter(2022, 1)]);
        var random = new Random(seed);
        var unit = world.Units[random.Next(world.Units.Count)];
        var changed = new DataValue(world.Numerator.Id, unit.Id, Period.OfMonth(2022, random.Next(1, 13)), random.Next(0, 100));

        engine.SetValue(changed.DataElementId, changed.OrgUnitId, changed.Period, changed.Value);

        world.Values.RemoveAll(v => v.DataElementId == changed.DataElementId && v.OrgUnitId == changed.OrgUnitId && v.Period == changed.Period);
        world.Values.Add(changed);
        var fresh = Engine(world);
        foreach (var u in world.Units)
        {
            engine.Evaluate(Rate, u.Id, year).ShouldBe(fresh.Evaluate(Rate, u.Id, year));
            engine.Evaluate(Rate, u.Id, Period.OfQuarter(2022, 1)).ShouldBe(fresh.Evaluate(Rate, u.Id, Period.OfQuarter(2022, 1)));
        }
    }

    [Property(MaxTest = 40)]
    public void Changed_and_removed_values_leave_completeness_as_a_fresh_build_would(int seed)
    {
        var world = new RandomWorld(seed);
        var engine = Engine(world);
        var periods = new[] { Period.OfYear(2022), Period.OfQuarter(2022, 3), Period.OfYear(2021) };
        foreach (var p in periods)
        {
            _ = engine.CompletenessOf(Rate, world.Units[0].Id, p);   // tables built, then kept up to date
        }
        var random = new Random(seed);
        for (var k = 0; k < 5; k++)
        {
            var unit = world.Units[random.Next(world.Units.Count)];
            var element = random.Next(2) == 0 ? world.Numerator : world.Denominator;
            var period = Period.OfMonth(random.Next(2021, 2023), random.Next(1, 13));
            decimal? value = random.Next(3) == 0 ? null : random.Next(0, 100);
            engine.SetValue(element.Id, unit.Id, period, value);
            world.Values.RemoveAll(v => v.DataElementId == element.Id && v.OrgUnitId == unit.Id && v.Period == period);
            if (value is { } v)
            {
                world.Values.Add(new DataValue(element.Id, unit.Id, period, v));
            }
        }

        var fresh = Engine(world);
        foreach (var p in periods)
        {
            foreach (var u in world.Units)
            {
                engine.CompletenessOf(Rate, u.Id, p).ShouldBe(fresh.CompletenessOf(Rate, u.Id, p));
            }
        }
    }

    [Fact]
    public void A_snapshot_read_onto_the_same_tree_gives_each_unit_its_own_values()
    {
        var world = new RandomWorld(7);
        var engine = Engine(world);
        using var file = new MemoryStream();
        engine.WriteSnapshot(file, "label");
        file.Position = 0;

        IndicatorEngine.SnapshotLabel(file).ShouldBe("label");
        var read = IndicatorEngine.ReadSnapshot(file, world.Units, [world.Numerator, world.Denominator]);

        foreach (var u in world.Units)
        {
            read.Evaluate(Rate, u.Id, Period.OfYear(2022)).ShouldBe(engine.Evaluate(Rate, u.Id, Period.OfYear(2022)));
        }
        IndicatorEngine.SnapshotLabel(new MemoryStream("not a snapshot"u8.ToArray())).ShouldBeNull();
    }

    [Property(MaxTest = 40)]
    public void A_snapshot_read_onto_a_changed_tree_keeps_every_value_of_the_units_and_elements_still_there(int seed)
    {
        var world = new RandomWorld(seed);
        var engine = Engine(world);
        using var file = new MemoryStream();
        engine.WriteSnapshot(file, "label");

        // Today: the last unit moved to the root, the one before it closed, and an element added — the snapshot no longer
        // matches the tree, so it is read through the snapshot's own tree and copied unit by unit.
        var root = world.Units[0];
        var moved = world.Units[^1];
        var closed = world.Units.Count > 2 ? world.Units[^2] : null;
        var today = world.Units.Where(u => u != moved && u != closed && u.ParentId != closed?.Id && u.ParentId != moved.Id).ToList();
        today.Add(new OrgUnit(moved.Id, moved.Code, moved.Name, moved.Kind, root));
        var added = new DataElement(3, "beds", "床位数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
        file.Position = 0;
        IndicatorEngine.SnapshotLabel(file);
        var reshaped = IndicatorEngine.ReadSnapshot(file, today, [world.Numerator, world.Denominator, added]);

        var expected = new IndicatorEngine(today, [world.Numerator, world.Denominator, added], 2021, 2022);
        var kept = today.Select(u => u.Id).ToHashSet();
        expected.Load(world.Values.Where(v => kept.Contains(v.OrgUnitId)));
        reshaped.ValueCount.ShouldBe(expected.ValueCount);
        foreach (var u in today)
        {
            foreach (var year in new[] { 2021, 2022 })
            {
                reshaped.Evaluate(Rate, u.Id, Period.OfYear(year)).ShouldBe(expected.Evaluate(Rate, u.Id, Period.OfYear(year)));
            }
        }
    }

    [Fact]
    public void A_value_the_engine_cannot_hold_is_refused_and_nothing_else_changes()
    {
        var city = new OrgUnit(1, "C", "市", OrgUnitKind.City, null);
        var beds = new DataElement(1, "beds", "床位数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
        var engine = new IndicatorEngine([city], [beds], 2023, 2023);
        engine.SetValue(1, 1, Period.OfYear(2023), 6900).ShouldBeTrue();

        engine.SetValue(1, 1, Period.OfYear(2023), 10000000000000000000m).ShouldBeFalse();
        engine.SetValue(1, 1, Period.OfYear(2023), 0.0000000001m).ShouldBeFalse();
        engine.Load([new DataValue(1, 1, Period.OfYear(2023), 99999999999999999999m)]).ShouldBe(1);

        engine.ElementValue("beds", 1, Period.OfYear(2023)).ShouldBe(6900);
    }

    /// <summary>
    /// Values that each fit but whose totals leave 64 bits (a township typing 9·10^18 twice): the totals are kept in
    /// decimals and every unit still answers — the parent's figure included — before and after further writes.
    /// </summary>
    [Fact]
    public void Totals_beyond_64_bits_still_answer_for_every_unit()
    {
        var city = new OrgUnit(1, "C", "市", OrgUnitKind.City, null);
        var a = new OrgUnit(2, "A", "甲", OrgUnitKind.Township, city);
        var b = new OrgUnit(3, "B", "乙", OrgUnitKind.Township, city);
        var deaths = new DataElement(1, "deaths", "死亡数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var births = new DataElement(2, "births", "活产数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var rate = new Indicator(1, "rate", "死亡率", "#{deaths}", "#{births}", 1000, "‰", Direction.Lower, 2);
        var engine = new IndicatorEngine([city, a, b], [deaths, births], 2023, 2023);
        const decimal huge = 9_000_000_000_000_000_000m;
        engine.Load([
            new DataValue(1, 2, Period.OfMonth(2023, 1), 3), new DataValue(2, 2, Period.OfMonth(2023, 1), 1000),
            new DataValue(1, 3, Period.OfMonth(2023, 1), 2), new DataValue(2, 3, Period.OfMonth(2023, 1), huge),
            new DataValue(2, 3, Period.OfMonth(2023, 2), huge),
        ]);
        var year = Period.OfYear(2023);

        engine.Evaluate(rate, 2, year).Value.ShouldBe(3m);
        engine.Evaluate(rate, 1, year).Denominator.ShouldBe(2 * huge + 1000);
        engine.EvaluateAll([rate], [year]).ValuesOf(0, 0).ToArray().Length.ShouldBe(3);

        engine.SetValue(2, 2, Period.OfMonth(2023, 3), huge).ShouldBeTrue();
        engine.Evaluate(rate, 1, year).Denominator.ShouldBe(3 * huge + 1000);
        engine.Evaluate(rate, 2, year).Denominator.ShouldBe(huge + 1000);
    }

    [Fact]
    public void Flows_add_up_over_months_and_stocks_take_the_last_value()
    {
        var city = new OrgUnit(1, "C", "市", OrgUnitKind.City, null);
        var births = new DataElement(1, "births", "活产数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var beds = new DataElement(2, "beds", "床位数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
        var engine = new IndicatorEngine([city], [births, beds], 2023, 2023);
        engine.Load([
            new DataValue(1, 1, Period.OfMonth(2023, 1), 100), new DataValue(1, 1, Period.OfMonth(2023, 2), 120),
            new DataValue(2, 1, Period.OfMonth(2023, 1), 500), new DataValue(2, 1, Period.OfMonth(2023, 11), 530),
            new DataValue(2, 1, Period.OfQuarter(2023, 2), 510),
        ]);

        engine.ElementValue("births", 1, Period.OfYear(2023)).ShouldBe(220);
        engine.ElementValue("beds", 1, Period.OfYear(2023)).ShouldBe(530);
        engine.ElementValue("beds", 1, Period.OfHalf(2023, 1)).ShouldBe(510);
        engine.ElementValue("beds", 1, Period.OfQuarter(2023, 3)).ShouldBeNull();
    }

    [Fact]
    public void Glossary_5_2_city_rate_is_not_the_mean_of_banner_rates()
    {
        var city = new OrgUnit(1, "C", "市", OrgUnitKind.City, null);
        var banners = new[] { new OrgUnit(2, "A", "A旗", OrgUnitKind.County, city), new OrgUnit(3, "B", "B旗", OrgUnitKind.County, city), new OrgUnit(4, "D", "C旗", OrgUnitKind.County, city) };
        var managed = new DataElement(1, "managed", "已管理", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
        var standard = new DataElement(2, "standard", "规范管理", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
        var htn = new Indicator(1, "htn", "高血压患者规范管理率", "#{standard}", "#{managed}", 100, "%", Direction.Higher, 2);
        var engine = new IndicatorEngine([city, .. banners], [managed, standard], 2025, 2025);
        var y = Period.OfYear(2025);
        engine.Load([
            new DataValue(1, 2, y, 40000), new DataValue(2, 2, y, 34000),
            new DataValue(1, 3, y, 25000), new DataValue(2, 3, y, 19000),
            new DataValue(1, 4, y, 5000), new DataValue(2, 4, y, 4600),
        ]);

        var value = engine.Evaluate(htn, 1, y);

        value.Numerator.ShouldBe(57600);
        value.Denominator.ShouldBe(70000);
        Rounding.ForDisplay(value.Value!.Value, 2).ShouldBe(82.29m);
        engine.Evaluate(htn, 3, y).Value.ShouldBe(76m);
    }

    [Fact]
    public void A_value_reported_at_a_parent_counts_for_it_and_its_ancestors_and_completeness_is_reported()
    {
        var county = new OrgUnit(1, "X", "县", OrgUnitKind.County, null);
        var township = new OrgUnit(2, "T", "镇", OrgUnitKind.Township, county);
        var v1 = new OrgUnit(3, "V1", "村1", OrgUnitKind.Village, township);
        var v2 = new OrgUnit(4, "V2", "村2", OrgUnitKind.Village, township);
        var beds = new DataElement(1, "beds", "床位数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Last);
        var count = new Indicator(1, "beds", "床位", "#{beds}", null, 1, "张", Direction.Higher, 0);
        var engine = new IndicatorEngine([county, township, v1, v2], [beds], 2022, 2023);
        engine.Load([new DataValue(1, 2, Period.OfYear(2023), 60), new DataValue(1, 3, Period.OfYear(2023), 2), new DataValue(1, 4, Period.OfYear(2022), 3)]);

        engine.Evaluate(count, 1, Period.OfYear(2023)).Value.ShouldBe(62);
        engine.Evaluate(count, 2, Period.OfYear(2023)).Value.ShouldBe(62);
        engine.CompletenessOf(count, 1, Period.OfYear(2023)).ShouldBe(new Completeness(2, 3, 2, 3));
    }

    /// <summary>
    /// The case a township reporter met: two infant deaths and 55 births entered for November only. The year's rate is
    /// read from one month of twelve: coverage 1/12, partial — and with a monthly data set assigning both townships, the
    /// county owes 24 township-months and has 1.
    /// </summary>
    [Fact]
    public void One_month_of_a_year_is_a_partial_year_with_coverage_one_twelfth()
    {
        var county = new OrgUnit(1, "C", "县", OrgUnitKind.County, null);
        var dalin = new OrgUnit(2, "D", "大林镇", OrgUnitKind.Township, county);
        var qianjia = new OrgUnit(3, "Q", "钱家店镇", OrgUnitKind.Township, county);
        var births = new DataElement(1, "live_births", "活产数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var deaths = new DataElement(2, "infant_deaths", "婴儿死亡数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var imr = new Indicator(1, "imr", "婴儿死亡率", "#{infant_deaths}", "#{live_births}", 1000, "‰", Direction.Lower, 2);
        var engine = new IndicatorEngine([county, dalin, qianjia], [births, deaths], 2022, 2023);
        engine.Load([new DataValue(1, 2, Period.OfMonth(2023, 11), 55), new DataValue(2, 2, Period.OfMonth(2023, 11), 2)]);

        var year = engine.CompletenessOf(imr, 2, Period.OfYear(2023));
        year.ShouldBe(new Completeness(1, 1, 1, 12));
        year.Coverage.ShouldBe(Math.Round(1m / 12, 4));
        year.IsPartial.ShouldBeTrue();
        engine.CompletenessOf(imr, 2, Period.OfMonth(2023, 11)).IsPartial.ShouldBeFalse();

        engine.UseDataSets([new Core.Reporting.DataSet(1, "mch", "妇幼月报", PeriodType.Month, 10, 0, "live_births;infant_deaths", "level:4")]);
        engine.CompletenessOf(imr, 1, Period.OfYear(2023)).ShouldBe(new Completeness(1, 2, 1, 24));
        engine.CompletenessOf(imr, 1, Period.OfQuarter(2023, 4)).ShouldBe(new Completeness(1, 2, 1, 6));
        engine.SetValue(1, 3, Period.OfMonth(2023, 12), 40).ShouldBeTrue();
        engine.CompletenessOf(imr, 1, Period.OfQuarter(2023, 4)).ShouldBe(new Completeness(2, 2, 2, 6));
    }

    [Fact]
    public void Glossary_5_3_a_rate_over_a_small_denominator_is_flagged()
    {
        var district = new OrgUnit(1, "D", "新北区", OrgUnitKind.County, null);
        var births = new DataElement(1, "births", "活产数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var deaths = new DataElement(2, "mdeaths", "孕产妇死亡数", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var mmr = new Indicator(1, "mmr", "孕产妇死亡率", "#{mdeaths}", "#{births}", 100000, "/10万", Direction.Lower, 2);
        var engine = new IndicatorEngine([district], [births, deaths], 2021, 2021);
        engine.Load([new DataValue(1, 1, Period.OfYear(2021), 7420), new DataValue(2, 1, Period.OfYear(2021), 1)]);

        var value = engine.Evaluate(mmr, 1, Period.OfYear(2021));

        Rounding.ForDisplay(value.Value!.Value, 2).ShouldBe(13.48m);
        value.SmallDenominator.ShouldBeTrue();
    }

    [Fact]
    public void EvaluateAll_gives_the_same_values_as_one_at_a_time()
    {
        var world = new RandomWorld(42);
        var engine = Engine(world);
        var periods = new[] { Period.OfYear(2021), Period.OfYear(2022) };

        var table = engine.EvaluateAll([Rate], periods);

        for (var p = 0; p < periods.Length; p++)
        {
            foreach (var unit in world.Units)
            {
                table[0, p, unit.Id].ShouldBe(Engine(world).Evaluate(Rate, unit.Id, periods[p]));
            }
        }
    }

    [Fact]
    public void A_value_with_more_decimals_than_before_keeps_maintained_totals_exact()
    {
        var county = new OrgUnit(1, "X", "县", OrgUnitKind.County, null);
        var town = new OrgUnit(2, "T", "镇", OrgUnitKind.Township, county);
        var spend = new DataElement(1, "spend", "支出(万元)", ValueKind.Number, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var total = new Indicator(1, "spend", "支出", "#{spend}", null, 1, "万元", Direction.Neutral, 2);
        var engine = new IndicatorEngine([county, town], [spend], 2023, 2023);
        engine.Load([new DataValue(1, 2, Period.OfMonth(2023, 1), 10), new DataValue(1, 1, Period.OfMonth(2023, 1), 5)]);
        engine.EvaluateAll([total], [Period.OfYear(2023)]).ValuesOf(0, 0)[0].Value.ShouldBe(15);

        engine.SetValue(1, 2, Period.OfMonth(2023, 2), 2789.925m);
        engine.SetValue(1, 1, Period.OfMonth(2023, 1), null);

        engine.Evaluate(total, 1, Period.OfYear(2023)).Value.ShouldBe(2799.925m);
        engine.Evaluate(total, 2, Period.OfYear(2023)).Value.ShouldBe(2799.925m);
    }
}
