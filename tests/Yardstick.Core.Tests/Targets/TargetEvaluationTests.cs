using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Tests.Targets;

public class TargetEvaluationTests
{
    private static Target Target(Comparator comparator, decimal? target, decimal? baseline = null, int? baseYear = 2020, decimal? upper = null) =>
        new(1, 1, 1, 1, baseline is null ? null : baseYear, baseline, 2025, target, upper, comparator, TargetNature.Expected);

    private static TargetEvaluation Judge(Target t, decimal? actual, int year = 2023) => TargetEvaluation.Evaluate(t, year, actual);

    [Theory]
    [InlineData(Comparator.AtLeast, 80, 80, TargetStatus.Achieved)]
    [InlineData(Comparator.AtLeast, 80, 79.99, TargetStatus.NotMet)]
    [InlineData(Comparator.GreaterThan, 90, 90, TargetStatus.NotMet)]
    [InlineData(Comparator.GreaterThan, 90, 90.01, TargetStatus.Achieved)]
    [InlineData(Comparator.AtMost, 20, 20, TargetStatus.Achieved)]
    [InlineData(Comparator.LessThan, 10, 10, TargetStatus.NotMet)]
    [InlineData(Comparator.LessThan, 10, 9.99, TargetStatus.Achieved)]
    [InlineData(Comparator.EqualTo, 0, 0, TargetStatus.Achieved)]
    [InlineData(Comparator.EqualTo, 0, 1, TargetStatus.NotMet)]
    public void Absolute_comparators_without_baseline_are_met_or_not_never_lagging(Comparator comparator, double target, double actual, TargetStatus status)
    {
        Judge(Target(comparator, (decimal)target), (decimal)actual).Status.ShouldBe(status);
    }

    [Fact]
    public void Range_needs_the_value_inside_both_bounds()
    {
        var sexRatio = Target(Comparator.Range, 103, baseline: 110, upper: 107);

        Judge(sexRatio, 105).Status.ShouldBe(TargetStatus.Achieved);
        Judge(sexRatio, 107).Status.ShouldBe(TargetStatus.Achieved);
        Judge(sexRatio, 108).Status.ShouldBe(TargetStatus.Lagging);
        Judge(sexRatio, 111).Status.ShouldBe(TargetStatus.Worsened);
        Judge(sexRatio, 108).ProgressPct.ShouldBe(2m / 3 * 100);
    }

    [Fact]
    public void Expected_follows_the_straight_path_and_decides_on_track()
    {
        var htn = Target(Comparator.AtLeast, 80, baseline: 52.4m);

        var judged = Judge(htn, 70, year: 2023);

        judged.Expected.ShouldBe(52.4m + (80 - 52.4m) * 3 / 5);
        judged.Status.ShouldBe(TargetStatus.OnTrack);
        Judge(htn, 68.96m).Status.ShouldBe(TargetStatus.OnTrack);
        Judge(htn, 68.95m).Status.ShouldBe(TargetStatus.Lagging);
        Judge(htn, 52.3m).Status.ShouldBe(TargetStatus.Worsened);
        Judge(htn, null).Status.ShouldBe(TargetStatus.NoData);
    }

    [Fact]
    public void Glossary_5_2_progress_is_share_of_the_required_improvement()
    {
        var judged = Judge(Target(Comparator.AtLeast, 80, baseline: 52.4m), 57600m / 70000 * 100, year: 2025);

        judged.Status.ShouldBe(TargetStatus.Achieved);
        Rounding.ForDisplay(judged.ProgressPct!.Value, 1).ShouldBe(108.3m);
    }

    [Fact]
    public void Glossary_5_4_relative_targets_derive_the_level_from_the_baseline()
    {
        var ncd = Judge(Target(Comparator.ReducePct, 10, baseline: 18.80m), 17.5m);
        var staff = Judge(Target(Comparator.IncreasePct, 30, baseline: 8.34m), 10.64m, year: 2025);
        var myopia = Judge(Target(Comparator.ReducePpPerYear, 0.5m, baseline: 52.0m), 50.4m);

        ncd.TargetValue.ShouldBe(16.92m);
        ncd.Expected.ShouldBe(18.80m + (16.92m - 18.80m) * 3 / 5);
        ncd.Status.ShouldBe(TargetStatus.OnTrack);
        staff.TargetValue.ShouldBe(10.842m);
        staff.Status.ShouldBe(TargetStatus.Overdue, "judged in its own target year and still short");
        myopia.TargetValue.ShouldBe(49.5m);
        myopia.Expected.ShouldBe(50.5m);
        myopia.Status.ShouldBe(TargetStatus.OnTrack);
        Judge(Target(Comparator.IncreasePpPerYear, 1, baseline: 70), 76, year: 2025).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Fact]
    public void Issue_25_a_relative_target_without_baseline_says_so_beside_its_figure()
    {
        var judged = Judge(Target(Comparator.ReducePpPerYear, 0.5m), 51);
        var missing = Judge(Target(Comparator.ReducePpPerYear, 0.5m), null);

        judged.TargetValue.ShouldBeNull();
        judged.Actual.ShouldBe(51);
        judged.Status.ShouldBe(TargetStatus.NoBaseline);
        judged.Status.Chinese().ShouldBe("缺少基期值");
        judged.ProgressText.ShouldBe("—");
        missing.Status.ShouldBe(TargetStatus.NoData);
    }

    [Fact]
    public void Issue_25_a_level_target_without_baseline_is_never_called_lagging_it_is_held_to_the_target_value()
    {
        // 人均预期寿命 ≥77.6 at 77 and 15岁以上人群吸烟率 ≤20 at 21.5, no baseline in the plan: 基期值 and 应达 read "—",
        // yet the row said 进度滞后 — a pace no one could measure.
        var lifeExpectancy = Judge(Target(Comparator.AtLeast, 77.6m), 77m);
        var smoking = Judge(Target(Comparator.AtMost, 20), 21.5m);

        foreach (var judged in new[] { lifeExpectancy, smoking })
        {
            judged.Status.ShouldBe(TargetStatus.NotMet);
            judged.Status.IsLagging().ShouldBeFalse();
            judged.Status.IsJudged().ShouldBeTrue("held against the target value, so 考核 still scores it");
            judged.Status.Chinese().ShouldBe("未达目标值");
            judged.Expected.ShouldBeNull();
        }
    }

    [Fact]
    public void Issue_25_a_target_missed_in_or_after_its_own_year_is_overdue_not_lagging()
    {
        // CZ2021's 孕产妇死亡率 ≤8 by 2021, judged in 2023 at 12.8: 进度滞后 spoke of a pace when the deadline had passed.
        var maternal = new Target(1, 1, 1, 1, null, null, 2021, 8, null, Comparator.AtMost, TargetNature.Expected);
        var withBaseline = Target(Comparator.AtLeast, 80, baseline: 52.4m);

        TargetEvaluation.Evaluate(maternal, 2023, 12.8m).Status.ShouldBe(TargetStatus.Overdue);
        TargetEvaluation.Evaluate(maternal, 2021, 12.8m).Status.ShouldBe(TargetStatus.Overdue);
        TargetEvaluation.Evaluate(maternal, 2020, 12.8m).Status.ShouldBe(TargetStatus.NotMet);
        TargetEvaluation.Evaluate(maternal, 2023, 7.5m).Status.ShouldBe(TargetStatus.Achieved);
        Judge(withBaseline, 70, year: 2025).Status.ShouldBe(TargetStatus.Overdue);
        Judge(withBaseline, 50, year: 2026).Status.ShouldBe(TargetStatus.Overdue, "past the deadline, not 较基期恶化");
        Judge(withBaseline, 68.95m, year: 2023).Status.ShouldBe(TargetStatus.Lagging, "before the deadline the path still decides");
        TargetStatus.Overdue.Chinese().ShouldBe("到期未达标");
        TargetStatus.Overdue.IsLagging().ShouldBeTrue("the 通报 and the lagging lists name it");
        TargetStatus.Overdue.Word().ShouldBe("overdue");
    }

    [Fact]
    public void Lower_is_better_targets_worsen_when_the_value_rises_above_baseline()
    {
        var oop = Target(Comparator.LessThan, 28, baseline: 30.06m);

        Judge(oop, 28.8m).Status.ShouldBe(TargetStatus.OnTrack);
        Judge(oop, 29.5m).Status.ShouldBe(TargetStatus.Lagging);
        Judge(oop, 30.5m).Status.ShouldBe(TargetStatus.Worsened);
        Judge(oop, 27.9m).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Fact]
    public void Count_targets_report_progress_as_share_of_the_target()
    {
        var screening = TargetEvaluation.Evaluate(Target(Comparator.AtLeast, 2000), 2023, 1500, countsFromZero: true);

        screening.ProgressPct.ShouldBe(75);
        screening.Progress.ShouldBe(ProgressBasis.FromZero);
        screening.ProgressText.ShouldBe("75%");
        screening.Expected.ShouldBeNull();
        screening.Status.ShouldBe(TargetStatus.NotMet);
    }

    [Fact]
    public void A_baseline_already_at_the_target_has_no_percentage_and_must_stay_there()
    {
        // Tongliao's 孕产妇死亡率: baseline 18.27/10万 already under <20; shown as −316.2% beside 已达标 before.
        var maternal = Target(Comparator.LessThan, 20, baseline: 18.27m);

        var judged = Judge(maternal, 12.8m);
        judged.Status.ShouldBe(TargetStatus.Achieved);
        judged.ProgressPct.ShouldBeNull();
        judged.Progress.ShouldBe(ProgressBasis.BaselineMet);
        judged.ProgressText.ShouldBe("基期已达标");
        judged.Expected.ShouldBe(20, "the path is to stay at the target, not to climb towards it");

        var slipped = Judge(maternal, 20.5m);
        slipped.Status.ShouldBe(TargetStatus.Worsened);
        slipped.ProgressText.ShouldBe("基期已达标");
        Judge(maternal, 20m).Status.ShouldBe(TargetStatus.Worsened, "at the bound of a strict ceiling is not on track");
        Judge(Target(Comparator.AtLeast, 75, baseline: 78.97m), 83.22m).ProgressText.ShouldBe("基期已达标");
    }

    [Fact]
    public void Without_a_baseline_a_level_or_a_lower_is_better_rate_has_no_progress()
    {
        // 15岁以上人群吸烟率 ≤20 at 21.5 showed 107.5% beside 进度滞后; 艾滋病感染率 <0.17 at 0.12 showed 70.6% beside 已达标;
        // 人均预期寿命 ≥77.6 at 77 showed 99.2%.
        var smoking = Judge(Target(Comparator.AtMost, 20), 21.5m);
        var hiv = Judge(Target(Comparator.LessThan, 0.17m), 0.12m);
        var lifeExpectancy = Judge(Target(Comparator.AtLeast, 77.6m), 77m);

        smoking.Status.ShouldBe(TargetStatus.NotMet);
        hiv.Status.ShouldBe(TargetStatus.Achieved);
        foreach (var judged in new[] { smoking, hiv, lifeExpectancy })
        {
            judged.ProgressPct.ShouldBeNull();
            judged.Progress.ShouldBe(ProgressBasis.NoBaseline);
            judged.ProgressText.ShouldBe("—");
        }
        TargetEvaluation.Evaluate(Target(Comparator.AtMost, 20), 2023, 10, countsFromZero: true).ProgressPct.ShouldBeNull("a count to keep low has no share");
    }

    [Fact]
    public void Progress_is_the_share_of_the_way_for_lower_is_better_targets_too()
    {
        var oop = Judge(Target(Comparator.LessThan, 28, baseline: 30.06m), 29.22m);

        Rounding.ForDisplay(oop.ProgressPct!.Value, 1).ShouldBe(40.8m);
        oop.ProgressText.ShouldBe("40.8%");
        Judge(Target(Comparator.AtLeast, 65, baseline: 60), 57.9m).ProgressText.ShouldBe("-42%", "going backwards is negative");
    }

    [Fact]
    public void Before_the_baseline_and_after_the_target_year_the_path_is_clamped()
    {
        var t = Target(Comparator.AtLeast, 80, baseline: 60);

        Judge(t, 70, year: 2027).Expected.ShouldBe(80);
        Judge(t, 70, year: 2019).Expected.ShouldBe(60);
    }

    [Fact]
    public void Status_words_are_the_ones_users_read()
    {
        TargetStatus.Achieved.Chinese().ShouldBe("已达标");
        TargetStatus.OnTrack.Chinese().ShouldBe("进度正常");
        TargetStatus.Lagging.Chinese().ShouldBe("进度滞后");
        TargetStatus.Worsened.Chinese().ShouldBe("较基期恶化");
        TargetStatus.NoData.Chinese().ShouldBe("无数据");
        TargetStatus.NoBaseline.Chinese().ShouldBe("缺少基期值");
        TargetStatus.OnTrack.Word().ShouldBe("on_track");
        TargetStatus.NoUnitData.Word().ShouldBe("no_unit_data");
    }
}
