using FsCheck.Xunit;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Indicators;

/// <summary>Values split by category option combos (性别 × 年龄组): totals, options and single combos.</summary>
public partial class IndicatorEngineTests
{
    private static readonly Category Sex = new(1, "sex", "性别", "male:男;female:女");
    private static readonly Category Age = new(2, "age", "年龄组", "age0:0岁;age1_4:1–4岁;age5_14:5–14岁");
    private static readonly CategoryCombo SexAge = new(1, "sex_age", "性别年龄", "sex;age");

    /// <summary>The combo's shape with option combos numbered 1… as a store would number them.</summary>
    private static IReadOnlyDictionary<int, ComboShape> Combos()
    {
        var codes = new[] { "male", "female" }.SelectMany(s => new[] { "age0", "age1_4", "age5_14" }.Select(a => $"{s}.{a}")).ToList();
        return ComboShape.All([Sex, Age], [SexAge], codes.Select((c, i) => new CategoryOptionCombo(i + 1, SexAge.Id, c)));
    }

    /// <summary>A random tree, and random values of each option combo of a disaggregated element (some left out).</summary>
    private static (RandomWorld World, DataElement Deaths, List<DataValue> Values, IReadOnlyList<OptionCombo> OptionCombos) Split(int seed, TimeAggregation time)
    {
        var world = new RandomWorld(seed);
        var deaths = new DataElement(7, "deaths", "死亡数", ValueKind.Count, OrgUnitAggregation.Sum, time);
        deaths.UseCategoryCombo(SexAge.Id);
        var combos = Combos()[SexAge.Id].OptionCombos;
        var random = new Random(seed);
        var values = new List<DataValue>();
        foreach (var unit in world.Units)
        {
            foreach (var combo in combos)
            {
                for (var month = 1; month <= 12; month++)
                {
                    if (random.Next(3) > 0)
                    {
                        values.Add(new DataValue(deaths.Id, unit.Id, Period.OfMonth(2022, month), random.Next(0, 50), OptionComboId: combo.Id));
                    }
                }
            }
        }
        return (world, deaths, values, combos);
    }

    private static decimal? Sum(IEnumerable<decimal?> parts) =>
        parts.Where(p => p is not null).Select(p => p!.Value).DefaultIfEmpty().Sum() is var s && parts.Any(p => p is not null) ? s : null;

    [Property(MaxTest = 40)]
    public void An_elements_total_is_the_sum_of_its_option_combos_each_aggregated_first(int seed, bool stock)
    {
        var (world, deaths, values, combos) = Split(seed, stock ? TimeAggregation.Last : TimeAggregation.Sum);
        var engine = new IndicatorEngine(world.Units, [deaths], 2021, 2022, Combos());
        engine.Load(values);

        foreach (var period in new[] { Period.OfYear(2022), Period.OfQuarter(2022, 3), Period.OfMonth(2022, 7) })
        {
            foreach (var unit in world.Units)
            {
                // Each combo checked against the slow reference over that combo's values alone.
                var perCombo = combos.ToDictionary(c => c.Code, c => NaiveReference.ElementValue(deaths, world.Units,
                    [.. values.Where(v => v.OptionComboId == c.Id)], unit, period));
                foreach (var combo in combos)
                {
                    engine.ElementValue($"deaths.{combo.Code}", unit.Id, period).ShouldBe(perCombo[combo.Code]);
                }
                engine.ElementValue("deaths", unit.Id, period).ShouldBe(Sum(perCombo.Values));
                engine.ElementValue("deaths.female", unit.Id, period).ShouldBe(Sum(combos.Where(c => c.Has("female")).Select(c => perCombo[c.Code])));
                engine.ElementValue("deaths.age1_4", unit.Id, period).ShouldBe(Sum(combos.Where(c => c.Has("age1_4")).Select(c => perCombo[c.Code])));
            }
        }
    }

    [Property(MaxTest = 30)]
    public void A_changed_option_value_moves_the_total_and_its_options_as_a_fresh_build_would(int seed)
    {
        var (world, deaths, values, combos) = Split(seed, TimeAggregation.Sum);
        var engine = new IndicatorEngine(world.Units, [deaths], 2021, 2022, Combos());
        engine.Load(values);
        var total = new Indicator(2, "total", "total", "#{deaths}", null, 1, "人", Direction.Lower, 0);
        var girls = new Indicator(3, "girls", "girls", "#{deaths.female.age1_4}", "#{deaths.female}", 100, "%", Direction.Lower, 2);
        var year = Period.OfYear(2022);
        _ = engine.EvaluateAll([total, girls], [year]);
        var random = new Random(seed);
        var unit = world.Units[random.Next(world.Units.Count)];
        var combo = combos[random.Next(combos.Count)];
        var changed = new DataValue(deaths.Id, unit.Id, Period.OfMonth(2022, random.Next(1, 13)), random.Next(0, 100), OptionComboId: combo.Id);

        engine.SetValue(changed.DataElementId, changed.OrgUnitId, changed.Period, changed.Value, changed.OptionComboId).ShouldBeTrue();

        values.RemoveAll(v => v.OrgUnitId == changed.OrgUnitId && v.Period == changed.Period && v.OptionComboId == changed.OptionComboId);
        values.Add(changed);
        var fresh = new IndicatorEngine(world.Units, [deaths], 2021, 2022, Combos());
        fresh.Load(values);
        foreach (var u in world.Units)
        {
            engine.Evaluate(total, u.Id, year).ShouldBe(fresh.Evaluate(total, u.Id, year));
            engine.Evaluate(girls, u.Id, year).ShouldBe(fresh.Evaluate(girls, u.Id, year));
        }
    }

    [Fact]
    public void A_snapshot_keeps_each_option_combos_values()
    {
        var (world, deaths, values, _) = Split(7, TimeAggregation.Sum);
        var engine = new IndicatorEngine(world.Units, [deaths], 2021, 2022, Combos());
        engine.Load(values);
        using var file = new MemoryStream();
        engine.WriteSnapshot(file, "store|1|t");
        file.Position = 0;
        IndicatorEngine.SnapshotLabel(file).ShouldBe("store|1|t");

        var read = IndicatorEngine.ReadSnapshot(file, world.Units, [deaths], Combos());

        read.ValueCount.ShouldBe(values.Count);
        foreach (var code in new[] { "deaths", "deaths.male", "deaths.female.age0" })
        {
            read.ElementValue(code, world.Units[0].Id, Period.OfYear(2022)).ShouldBe(engine.ElementValue(code, world.Units[0].Id, Period.OfYear(2022)));
        }
    }

    [Fact]
    public void A_reference_to_an_option_the_combo_lacks_names_nothing()
    {
        var (world, deaths, values, _) = Split(3, TimeAggregation.Sum);
        var engine = new IndicatorEngine(world.Units, [deaths], 2021, 2022, Combos());
        engine.Load(values);

        engine.ElementValue("deaths.urban", world.Units[0].Id, Period.OfYear(2022)).ShouldBeNull();
        engine.ElementValue("deaths.female", world.Units[0].Id, Period.OfYear(2022)).ShouldNotBeNull();
    }
}
