using Yardstick.Core.Documents;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Tests.Targets;

/// <summary>
/// "以乡镇为单位适龄儿童免疫规划疫苗接种率≥95%" (glossary §1, threshold per unit): every township must reach 95%; the county
/// passes only if all do, whatever its pooled rate.
/// </summary>
public class EachUnitTargetTests
{
    private static readonly OrgUnit County = new(1, "C", "某县", OrgUnitKind.County, null);
    private static readonly OrgUnit[] Townships =
    [
        new(2, "T1", "甲镇", OrgUnitKind.Township, County),
        new(3, "T2", "乙镇", OrgUnitKind.Township, County),
        new(4, "T3", "丙乡", OrgUnitKind.Township, County),
    ];

    private static readonly Indicator Coverage = new(1, "nip", "适龄儿童免疫规划疫苗接种率", "#{given}", "#{due}", 100, "%", Direction.Higher, 2);

    private static IndicatorEngine Engine(params (int Due, int? Given)[] byTownship)
    {
        var due = new DataElement(1, "due", "应种剂次", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var given = new DataElement(2, "given", "实种剂次", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var engine = new IndicatorEngine([County, .. Townships], [due, given], 2023, 2023);
        engine.Load(byTownship.SelectMany((t, k) => t.Given is { } g
            ? new[] { new DataValue(1, Townships[k].Id, Period.OfYear(2023), t.Due), new DataValue(2, Townships[k].Id, Period.OfYear(2023), g) }
            : []));
        return engine;
    }

    private static PlanEvaluationRow Judge(IndicatorEngine engine, OrgUnit unit)
    {
        var target = new Target(1, 1, 1, County.Id, null, null, 2023, 95, null, Comparator.AtLeast, TargetNature.Binding);
        target.RequireEachUnit(OrgUnitKind.Township);
        return PlanEvaluation.Evaluate(engine, [target], new Dictionary<int, Indicator> { [1] = Coverage }, [unit], 2023).Single();
    }

    [Fact]
    public void A_county_whose_pooled_rate_passes_lags_while_one_township_misses()
    {
        // Pooled: (970 + 980 + 90) ÷ 2100 = 97.1%, above 95; 丙乡 at 90% is not.
        var row = Judge(Engine((1000, 970), (1000, 980), (100, 90)), County);

        row.Value.Value!.Value.ShouldBeGreaterThan(95m);
        row.Evaluation.Status.ShouldBe(TargetStatus.Lagging);
        row.Evaluation.Actual.ShouldBe(90m);
        row.EachUnit!.Met.ShouldBe(2);
        row.EachUnit.Total.ShouldBe(3);
        row.EachUnit.Worst!.Name.ShouldBe("丙乡");
        row.EachUnit.Chinese(v => $"{v:0.#}", row.Value.Value).ShouldBe("以乡镇街道苏木为单位: 达标 2/3 个; 现值为最差的丙乡 90, 合计值 97.1");
    }

    [Fact]
    public void Every_township_reaching_it_achieves_it_and_a_township_is_judged_on_its_own_value()
    {
        var engine = Engine((1000, 960), (1000, 990), (100, 95));
        Judge(engine, County).Evaluation.Status.ShouldBe(TargetStatus.Achieved);
        var township = Judge(engine, Townships[2]);
        township.EachUnit.ShouldBeNull();
        township.Evaluation.Actual.ShouldBe(95m);
    }

    /// <summary>
    /// Issue 25: a township that has sent one month of a year it reported whole the year before is not judged on that month
    /// (its 93 would read 较基期恶化 for the county); the county is 数据不完整, and the row says which township is partial.
    /// </summary>
    [Fact]
    public void A_township_with_part_of_the_year_is_not_judged_on_it_and_leaves_the_county_incomplete()
    {
        var due = new DataElement(1, "due", "应种剂次", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var given = new DataElement(2, "given", "实种剂次", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var engine = new IndicatorEngine([County, .. Townships], [due, given], 2022, 2023);
        var values = new List<DataValue>();
        foreach (var township in Townships)
        {
            for (var month = 1; month <= 12; month++)
            {
                values.Add(new DataValue(1, township.Id, Period.OfMonth(2022, month), 100));
                values.Add(new DataValue(2, township.Id, Period.OfMonth(2022, month), 98));
                // 2023: the first two townships whole and on target; 丙乡 one month at 93%.
                if (township != Townships[2] || month == 1)
                {
                    values.Add(new DataValue(1, township.Id, Period.OfMonth(2023, month), 100));
                    values.Add(new DataValue(2, township.Id, Period.OfMonth(2023, month), township == Townships[2] ? 93 : 97));
                }
            }
        }
        engine.Load(values);

        var row = Judge(engine, County);

        row.Evaluation.Status.ShouldBe(TargetStatus.Incomplete);
        row.EachUnit!.Met.ShouldBe(2);
        row.EachUnit.Partial.ShouldBe(1);
        row.EachUnit.WithoutData.ShouldBe(0);
        row.EachUnit.Chinese(v => $"{v:0.#}", row.Value.Value).ShouldStartWith("以乡镇街道苏木为单位: 达标 2/3 个, 数据不完整 1 个");
    }

    [Fact]
    public void A_township_without_a_value_cannot_be_shown_to_pass()
    {
        var row = Judge(Engine((1000, 960), (1000, 990), (100, null)), County);
        row.Evaluation.Status.ShouldBe(TargetStatus.Incomplete);
        row.EachUnit!.WithoutData.ShouldBe(1);
    }

    [Fact]
    public void Issue_25_a_county_whose_townships_have_no_figures_is_not_judged_on_its_pooled_value_and_says_why()
    {
        var engine = Engine((1000, null), (1000, null), (100, null));
        engine.SetValue(1, County.Id, Period.OfYear(2023), 2000);
        engine.SetValue(2, County.Id, Period.OfYear(2023), 1950);

        var row = Judge(engine, County);

        row.Value.Value.ShouldBe(97.5m);
        row.Evaluation.Status.ShouldBe(TargetStatus.NoUnitData);
        row.StatusText.ShouldBe("乡镇街道苏木无数据 (合计值 97.5)");
        row.Evaluation.ProgressText.ShouldBe("—");
        row.EachUnit!.WithoutData.ShouldBe(3);
    }

    [Fact]
    public void Issue_25_a_county_with_no_figure_at_all_is_the_only_one_without_data()
    {
        var row = Judge(Engine((1000, null), (1000, null), (100, null)), County);

        row.Value.Value.ShouldBeNull();
        row.Evaluation.Status.ShouldBe(TargetStatus.NoData);
        row.StatusText.ShouldBe("无数据");
    }

    [Theory]
    [InlineData("以乡镇(街道)为单位适龄儿童国家免疫规划疫苗接种率≥90%", OrgUnitKind.Township)]
    [InlineData("适龄儿童免疫规划疫苗接种率以乡(镇、街道)为单位保持在90%以上", OrgUnitKind.Township)]
    [InlineData("以苏木乡镇(街道)为单位适龄儿童规划免疫疫苗接种率(%)", OrgUnitKind.Township)]
    [InlineData("以县(市、区)为单位达到95%", OrgUnitKind.County)]
    [InlineData("适龄儿童免疫规划疫苗接种率保持在90%以上", null)]
    public void The_tier_is_read_as_plans_write_it(string text, OrgUnitKind? kind)
    {
        ReadingTargets.EachUnit(text).ShouldBe(kind);
    }
}
