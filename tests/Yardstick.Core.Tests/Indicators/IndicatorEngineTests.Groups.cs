using FsCheck.Xunit;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Indicators;

public partial class IndicatorEngineTests
{
    [Property(MaxTest = 60)]
    public void A_group_restricted_figure_is_the_sum_over_the_members_units_inside_the_unit_each_counted_once(int seed)
    {
        var world = new RandomWorld(seed);
        var engine = Engine(world);
        var random = new Random(seed);
        // Any units may be members, nested ones included: a member under another member must not be counted twice.
        var members = world.Units.Where(_ => random.Next(4) == 0).Select(u => u.Id).ToHashSet();
        bool UnderAMember(OrgUnit u) => u.LineageIds.Any(members.Contains);

        foreach (var period in new[] { Period.OfYear(2022), Period.OfQuarter(2021, 3) })
        {
            foreach (var unit in world.Units)
            {
                var counted = world.Units.Where(u => u.IsWithin(unit) && UnderAMember(u)).ToList();
                var num = counted.Count == 0 ? null : NaiveReference.ElementValueOver(world.Numerator, counted, world.Values, period);
                var den = counted.Count == 0 ? null : NaiveReference.ElementValueOver(world.Denominator, counted, world.Values, period);

                var value = engine.Evaluate(Rate, unit.Id, period, members);

                value.Numerator.ShouldBe(num);
                value.Denominator.ShouldBe(den);
                value.Value.ShouldBe(num is { } n && den is { } d && d != 0 ? Indicator.Quotient(n, d, 1000) : null);
                engine.ElementValue("den", unit.Id, period, members).ShouldBe(den);
                // The roots named are disjoint subtrees covering exactly the counted units.
                var roots = engine.GroupRoots(unit.Id, members);
                world.Units.Where(u => roots.Any(r => u.IsWithin(r))).Select(u => u.Id).Order().ShouldBe(counted.Select(u => u.Id).Order());
                roots.Count(r => roots.Any(o => o != r && r.IsWithin(o))).ShouldBe(0);
            }
        }
    }

    [Property(MaxTest = 30)]
    public void A_group_of_averaged_elements_averages_over_every_reporting_unit_of_its_members(int seed)
    {
        var world = new RandomWorld(seed, OrgUnitAggregation.Average, TimeAggregation.Average);
        var engine = Engine(world);
        var random = new Random(seed);
        var members = world.Units.Where(_ => random.Next(3) == 0).Select(u => u.Id).ToHashSet();
        foreach (var unit in world.Units)
        {
            var counted = world.Units.Where(u => u.IsWithin(unit) && u.LineageIds.Any(members.Contains)).ToList();
            engine.ElementValue("den", unit.Id, Period.OfYear(2022), members)
                .ShouldBe(counted.Count == 0 ? null : NaiveReference.ElementValueOver(world.Denominator, counted, world.Values, Period.OfYear(2022)));
        }
    }

    [Fact]
    public void A_group_with_no_member_inside_the_unit_has_no_figure_and_nothing_expected()
    {
        var world = new RandomWorld(3);
        var engine = Engine(world);
        var leaf = world.Units[^1];
        var elsewhere = world.Units.Where(u => !u.IsWithin(leaf) && !leaf.IsWithin(u)).Select(u => u.Id).Take(1).ToHashSet();

        engine.Evaluate(Rate, leaf.Id, Period.OfYear(2022), elsewhere).ShouldBe(IndicatorValue.NoData);
        engine.CompletenessOf(Rate, leaf.Id, Period.OfYear(2022), elsewhere).ShouldBe(new Completeness(0, 0));
    }
}
