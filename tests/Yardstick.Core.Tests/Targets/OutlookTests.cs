using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Tests.Targets;

/// <summary>Issue 28: each target projected to its year from the years observed, and its 预警 light.</summary>
public class OutlookTests
{
    private static readonly OrgUnit County = new(1, "C", "某县", OrgUnitKind.County, null);
    private static readonly Indicator Coverage = new(1, "hbv", "乙肝疫苗接种率", "#{given}", "#{due}", 100, "%", Direction.Higher, 2);
    private static readonly Indicator InfantMortality = new(2, "imr", "婴儿死亡率", "#{given}", "#{due}", 1000, "‰", Direction.Lower, 2);

    /// <summary>One county's (due, given) per year from <paramref name="first"/>.</summary>
    private static IndicatorEngine Engine(int first, params (int Due, int Given)[] years)
    {
        var due = new DataElement(1, "due", "分母", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var given = new DataElement(2, "given", "分子", ValueKind.Count, OrgUnitAggregation.Sum, TimeAggregation.Sum);
        var engine = new IndicatorEngine([County], [due, given], first - 1, first + years.Length + 5);
        engine.Load(years.SelectMany((y, k) => new[]
        {
            new DataValue(1, County.Id, Period.OfYear(first + k), y.Due),
            new DataValue(2, County.Id, Period.OfYear(first + k), y.Given),
        }));
        return engine;
    }

    private static PlanEvaluationRow Judge(IndicatorEngine engine, Indicator indicator, Target target, int year) =>
        PlanEvaluation.Evaluate(engine, [target], new Dictionary<int, Indicator> { [indicator.Id] = indicator }, [County], year).Single();

    [Fact]
    public void A_level_rising_a_point_a_year_is_projected_in_a_straight_line_and_is_green()
    {
        var engine = Engine(2017, (1000, 700), (1000, 710), (1000, 720), (1000, 730));
        var target = new Target(1, 1, Coverage.Id, County.Id, 2017, 70, 2025, 78, null, Comparator.AtLeast, TargetNature.Expected);

        var row = Judge(engine, Coverage, target, 2020);

        row.Projection.ShouldNotBeNull();
        row.Projection.Trend.ShouldBe(TrendKind.Linear);
        Math.Round(row.Projection.Value, 6).ShouldBe(78m);
        Math.Round(row.Projection.Low!.Value, 6).ShouldBe(78m);
        row.Projection.Status.ShouldBe(ProjectedStatus.LikelyMet);
        row.Projection.StatusChinese.ShouldBe("预计达标");
        row.Evaluation.Status.ShouldBe(TargetStatus.OnTrack);
        row.Light.ShouldBe(Light.Green);
    }

    [Fact]
    public void A_falling_rate_halving_every_year_is_projected_on_a_log_scale()
    {
        // 8‰, 4‰, 2‰: halving a year reaches 0.5‰ in 2022 — a straight line would run below zero.
        var engine = Engine(2018, (10000, 80), (10000, 40), (10000, 20));
        var target = new Target(1, 1, InfantMortality.Id, County.Id, 2018, 8, 2022, 1, null, Comparator.AtMost, TargetNature.Expected);

        var row = Judge(engine, InfantMortality, target, 2020);

        row.Projection!.Trend.ShouldBe(TrendKind.LogLinear);
        Math.Round(row.Projection.Value, 6).ShouldBe(0.5m);
        row.Projection.Status.ShouldBe(ProjectedStatus.LikelyMet);
        row.Light.ShouldBe(Light.Green);
    }

    [Fact]
    public void A_flat_series_far_below_its_target_is_red_even_at_the_kind_end_of_its_interval()
    {
        var engine = Engine(2015, (1000, 700), (1000, 705), (1000, 700), (1000, 705), (1000, 700), (1000, 705));
        var target = new Target(1, 1, Coverage.Id, County.Id, 2015, 70, 2025, 90, null, Comparator.AtLeast, TargetNature.Expected);

        var row = Judge(engine, Coverage, target, 2020);

        row.Projection!.Status.ShouldBe(ProjectedStatus.LikelyMissed);
        row.Projection.High!.Value.ShouldBeLessThan(90m);
        row.Light.ShouldBe(Light.Red);
    }

    [Fact]
    public void A_lights_reason_names_the_branch_that_lit_it_for_the_draft_task_to_quote()
    {
        var flat = Engine(2015, (1000, 700), (1000, 705), (1000, 700), (1000, 705), (1000, 700), (1000, 705));
        var far = new Target(1, 1, Coverage.Id, County.Id, 2015, 70, 2025, 90, null, Comparator.AtLeast, TargetNature.Expected);
        var overdue = new Target(1, 1, Coverage.Id, County.Id, 2017, 70, 2018, 78, null, Comparator.AtLeast, TargetNature.Expected);

        // 2020: half the time from 2015 to 2025 gone, 2.5% of the way from 70 to 90 done (70.5).
        var red = Judge(flat, Coverage, far, 2020);
        var late = Judge(Engine(2017, (1000, 700), (1000, 710)), Coverage, overdue, 2018);

        Outlook.LitWhy(red, red.Projection, WarningThresholds.Default).ShouldBe((Light.Red, "按趋势预计2025年难以达标, 连95%预测区间的有利一端也达不到目标, 落后序时进度 47.5 个百分点"));
        Outlook.LitWhy(late, late.Projection, WarningThresholds.Default)!.Value.Why.ShouldBe("目标年已到仍未达标 (到期未达标)");
        Outlook.LitWhy(late, late.Projection, WarningThresholds.Default)!.Value.Light.ShouldBe(late.Light!.Value);
    }

    [Fact]
    public void Behind_schedule_with_a_trend_that_still_reaches_the_target_is_yellow()
    {
        // 70 → 70 → 70 → 73: the last year's jump carries the trend to 78 by 2025 only at the interval's top; the path says
        // 37.5% of the time is gone and 37.5% of the way done, so it is the projection that warns.
        var engine = Engine(2017, (1000, 700), (1000, 700), (1000, 700), (1000, 730));
        var target = new Target(1, 1, Coverage.Id, County.Id, 2017, 70, 2025, 78, null, Comparator.AtLeast, TargetNature.Expected);

        var row = Judge(engine, Coverage, target, 2020);

        row.Projection!.Status.ShouldBe(ProjectedStatus.LikelyMissed);
        row.Projection.High!.Value.ShouldBeGreaterThan(78m);
        row.Light.ShouldBe(Light.Yellow);
    }

    [Fact]
    public void A_target_past_its_year_unmet_is_red_and_a_row_without_a_figure_has_no_light()
    {
        var engine = Engine(2017, (1000, 700), (1000, 710));
        var target = new Target(1, 1, Coverage.Id, County.Id, 2017, 70, 2018, 78, null, Comparator.AtLeast, TargetNature.Expected);

        Judge(engine, Coverage, target, 2018).Light.ShouldBe(Light.Red);
        Judge(engine, Coverage, target, 2020).Light.ShouldBeNull();
    }

    [Fact]
    public void One_year_alone_is_not_projected()
    {
        var engine = Engine(2020, (1000, 700));
        var target = new Target(1, 1, Coverage.Id, County.Id, null, null, 2025, 78, null, Comparator.AtLeast, TargetNature.Expected);

        var row = Judge(engine, Coverage, target, 2020);

        row.Projection.ShouldBeNull();
        row.Evaluation.Status.ShouldBe(TargetStatus.NotMet);
        row.Light.ShouldBe(Light.Yellow);
    }

    [Fact]
    public void A_plans_red_threshold_decides_a_noisy_series_far_behind_schedule()
    {
        // Half the time gone (2017 → 2025, judged 2021), an eighth of the way done: 37.5 points behind. The trend misses 78 but
        // its interval reaches it, so only the distance behind schedule makes it red — past the default 20, not past 40.
        var engine = Engine(2017, (1000, 700), (1000, 720), (1000, 690), (1000, 720), (1000, 710));
        var target = new Target(1, 1, Coverage.Id, County.Id, 2017, 70, 2025, 78, null, Comparator.AtLeast, TargetNature.Expected);

        var row = PlanEvaluation.Evaluate(engine, [target], new Dictionary<int, Indicator> { [Coverage.Id] = Coverage }, [County], 2021).Single();
        var lenient = PlanEvaluation.Evaluate(engine, [target], new Dictionary<int, Indicator> { [Coverage.Id] = Coverage }, [County], 2021, new WarningThresholds(0, 40)).Single();

        Outlook.ScheduleGap(row).ShouldBe(37.5m);
        row.Projection!.Status.ShouldBe(ProjectedStatus.LikelyMissed);
        row.Projection.High!.Value.ShouldBeGreaterThan(78m);
        row.Light.ShouldBe(Light.Red);
        lenient.Light.ShouldBe(Light.Yellow);
    }

    [Theory]
    [InlineData(0, 20, null)]
    [InlineData(10, 5, "红灯阈值 (5) 不能小于黄灯阈值 (10)")]
    [InlineData(-1, 20, "预警阈值须为 0–100 个百分点")]
    [InlineData(null, 101, "预警阈值须为 0–100 个百分点")]
    [InlineData(30, null, "红灯阈值 (20) 不能小于黄灯阈值 (30)")]
    public void A_plans_thresholds_are_points_from_0_to_100_and_red_never_before_yellow(int? yellow, int? red, string? refusal)
    {
        Plan.WarningsRefusal(yellow, red).ShouldBe(refusal);
    }
}
