using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Tests.Scorecards;

/// <summary>
/// Scoring rules on hand-computed cases. 管理率: baseline 60 (2020) → ≥80 (2025), so 2023's point on the path is
/// 60 + 20 × 3/5 = 72. 死亡率: baseline 10 → ≤6, 2023's point 10 − 4 × 3/5 = 7.6.
/// </summary>
public class ScorecardTests
{
    private static readonly Indicator Rate = new(1, "rate", "管理率", "#{a}", "#{b}", 100, "%", Direction.Higher, 1);
    private static readonly Indicator Deaths = new(2, "deaths", "死亡率", "#{c}", "#{d}", 1000, "‰", Direction.Lower, 2);
    private static readonly Target RateTarget = new(1, 1, 1, 1, 2020, 60, 2025, 80, null, Comparator.AtLeast, TargetNature.Binding);
    private static readonly Target DeathsTarget = new(2, 1, 2, 1, 2020, 10, 2025, 6, null, Comparator.AtMost, TargetNature.Expected);
    private static readonly OrgUnit City = new(1, "C", "市", OrgUnitKind.City, null);

    private static JudgedTarget Row(string unit, Indicator indicator, Target target, decimal? actual, int year = 2023) =>
        JudgedTarget.Of(new PlanEvaluationRow(target, indicator, new OrgUnit(unit[0], unit, unit + "县", OrgUnitKind.County, City),
            TargetEvaluation.Evaluate(target, year, actual), new IndicatorValue(actual, null, null, false), new Completeness(1, 1), false));

    [Theory]
    [InlineData(75, 40)] // met this year's 72: full marks
    [InlineData(66, 20)] // (66 − 60) / (72 − 60) = half the way: 40 × 0.5
    [InlineData(58, 0)] // worse than the baseline: nothing
    public void Proportional_points_follow_the_share_of_the_way_to_this_years_point(decimal actual, decimal points)
    {
        var item = new ScoringItem("rate", 40, ScoringRule.Proportional);

        Scorecard.ScoreItem(item, Rate.Direction, TargetEvaluation.Evaluate(RateTarget, 2023, actual)).Points.ShouldBe(points);
    }

    [Theory]
    [InlineData(72, 40, 0)] // on the path: no gap
    [InlineData(66, 28, 6)] // 6 points short × 2 = 12 off
    [InlineData(50, 10, 22)] // 22 short × 2 = 44 off, floored at 10
    public void Deductions_are_per_point_of_gap_and_stop_at_the_floor(decimal actual, decimal points, decimal gap)
    {
        var item = new ScoringItem("rate", 40, ScoringRule.DeductPerPoint, Deduction: 2, Floor: 10);

        var score = Scorecard.ScoreItem(item, Rate.Direction, TargetEvaluation.Evaluate(RateTarget, 2023, actual));

        score.Points.ShouldBe(points);
        score.Gap.ShouldBe(gap);
    }

    [Fact]
    public void Full_marks_only_when_met_and_lower_is_better_counts_the_right_way()
    {
        var item = new ScoringItem("deaths", 20, ScoringRule.FullWhenMet);

        Scorecard.ScoreItem(item, Deaths.Direction, TargetEvaluation.Evaluate(DeathsTarget, 2023, 7.5m)).Points.ShouldBe(20);
        Scorecard.ScoreItem(item, Deaths.Direction, TargetEvaluation.Evaluate(DeathsTarget, 2023, 8m)).Points.ShouldBe(0);
    }

    [Fact]
    public void A_failed_veto_item_zeroes_the_total_and_no_data_earns_nothing()
    {
        IReadOnlyList<ScoringItem> scheme = [new("rate", 60, ScoringRule.Proportional), new("deaths", 40, ScoringRule.Veto)];
        var rows = new[]
        {
            Row("X", Rate, RateTarget, 75), Row("X", Deaths, DeathsTarget, 7),
            Row("Y", Rate, RateTarget, 66), Row("Y", Deaths, DeathsTarget, 9),
            Row("Z", Rate, RateTarget, null), Row("Z", Deaths, DeathsTarget, 7),
        };

        var card = Scorecard.Score(scheme, rows);

        card.Select(u => $"{u.OrgUnitCode}:{u.Total}:{u.Rank}:{u.Vetoed}").ShouldBe(["X:100:1:False", "Z:40:2:False", "Y:0:3:True"]);
        card.Single(u => u.OrgUnitCode == "Y").Items[0].Points.ShouldBe(30); // shown, though the veto zeroes the total
        card.Single(u => u.OrgUnitCode == "Z").Items[0].Status.ShouldBe(TargetStatus.NoData);
    }

    /// <summary>
    /// 管理率 by progress, 100 points, 2023's point 72 from 60: A's 70.4916 is 87.43 of the way (87.4300), C's 70.49155 87.4296,
    /// B's 70.4905 87.4208. Shown to two decimals A and C both score 87.43 and share rank 1; B's 87.42 is third, not tied with
    /// them although a one-decimal table would have shown all three as 87.4 (issue 25).
    /// </summary>
    [Fact]
    public void Issue_25_totals_are_kept_to_two_decimals_and_equal_shown_totals_share_a_rank()
    {
        IReadOnlyList<ScoringItem> scheme = [new("rate", 100, ScoringRule.Proportional)];

        var card = Scorecard.Score(scheme, [Row("A", Rate, RateTarget, 70.4916m), Row("B", Rate, RateTarget, 70.4905m), Row("C", Rate, RateTarget, 70.49155m)]);

        card.Select(u => $"{u.OrgUnitCode}:{u.Total}:{u.Rank}").ShouldBe(["A:87.43:1", "C:87.43:1", "B:87.42:3"]);
        card[1].Items[0].Points.ShouldBe(87.4295833333333333333333333m, 0.0000001m);
        Scorecard.TieRule.ShouldContain("总分相同者名次并列");
    }

    [Fact]
    public void Equal_totals_share_a_rank_and_the_next_rank_skips_and_last_years_change_is_shown()
    {
        IReadOnlyList<ScoringItem> scheme = [new("rate", 50, ScoringRule.FullWhenMet), new("deaths", 50, ScoringRule.FullWhenMet)];
        var rows = new[]
        {
            Row("A", Rate, RateTarget, 80), Row("A", Deaths, DeathsTarget, 9),
            Row("B", Rate, RateTarget, 60), Row("B", Deaths, DeathsTarget, 7),
            Row("C", Rate, RateTarget, 60), Row("C", Deaths, DeathsTarget, 9),
            Row("D", Rate, RateTarget, 90), Row("D", Deaths, DeathsTarget, 6),
        };
        var lastYear = new[]
        {
            Row("A", Rate, RateTarget, 70, 2022), Row("A", Deaths, DeathsTarget, 8, 2022),
            Row("B", Rate, RateTarget, 60, 2022), Row("B", Deaths, DeathsTarget, 9, 2022),
        };

        var card = Scorecard.Score(scheme, rows, lastYear);

        card.Select(u => $"{u.OrgUnitCode}:{u.Total}:{u.Rank}").ShouldBe(["D:100:1", "A:50:2", "B:50:2", "C:0:4"]);
        var a = card.Single(u => u.OrgUnitCode == "A");
        (a.PreviousTotal, a.PreviousRank, a.Change).ShouldBe((100m, 1, -50m));
        card.Single(u => u.OrgUnitCode == "C").PreviousTotal.ShouldBeNull();
    }

    [Fact]
    public void A_scheme_file_is_read_with_chinese_rule_words_and_every_bad_line_named()
    {
        var (items, errors) = ScoringScheme.Parse("indicator,weight,rule,deduction,floor\nrate,40,按差距扣分,2,10\ndeaths,２０,一票否决,,\nx,abc,按进度,,\ny,5,随便,,\n");

        items.ShouldBe([new ScoringItem("rate", 40, ScoringRule.DeductPerPoint, 2, 10), new ScoringItem("deaths", 20, ScoringRule.Veto)]);
        errors.ShouldBe(["第4行: 权重无效 \"abc\"", "第5行: 无法识别的计分规则 \"随便\" (应为 达标得满分、按进度、按差距扣分、一票否决 或 加分项)"]);
        ScoringScheme.Equal(["a", "b", "c", "d"]).Sum(i => i.Weight).ShouldBe(100);
    }

    [Fact]
    public void Issue_24_a_scheme_file_keeps_weights_from_0_to_1000_with_two_decimals_and_at_most_500_rows()
    {
        var (items, errors) = ScoringScheme.Parse("indicator,weight,rule,deduction,floor\nrate,79228162514264337593543950335,达标得满分,,\ndeaths,10.555,按进度,,\nx,10.50,按差距扣分,2000,\ny,1000,按进度,,\n");

        items.ShouldBe([new ScoringItem("y", 1000, ScoringRule.Proportional)]);
        errors.Count.ShouldBe(3);
        errors[0].ShouldStartWith("第2行: 权重应在 0 到 1000 之间");
        errors[1].ShouldStartWith("第3行: 权重最多 2 位小数");
        errors[2].ShouldStartWith("第4行: 扣分值无效 \"2000\"");
        ScoringScheme.Parse("indicator,weight,rule\n" + string.Concat(Enumerable.Range(0, 501).Select(k => $"i{k},1,按进度\n"))).Errors
            .ShouldBe(["计分方案最多 500 行 (收到 501 行)"]);
        var issues = new IssueList();
        foreach (var k in Enumerable.Range(1, 250))
        {
            issues.Add($"第{k}行");
        }
        issues.Listed().ShouldBe([.. Enumerable.Range(1, 100).Select(k => $"第{k}行"), "另有 150 条问题未列出"]);
        InputLimits.Echo(new string('x', 1_000_000)).Length.ShouldBe(InputLimits.Echoed);
    }

    [Fact]
    public void Issue_24_any_stored_scheme_scores_without_overflow()
    {
        var scheme = new[]
        {
            new ScoringItem("rate", decimal.MaxValue, ScoringRule.Proportional),
            new ScoringItem("deaths", decimal.MaxValue, ScoringRule.DeductPerPoint, decimal.MaxValue, decimal.MaxValue),
            new ScoringItem("unmeasured", decimal.MaxValue, ScoringRule.Proportional),
            new ScoringItem("tiny", 0.0000000000000000000000000001m, ScoringRule.Proportional),
        };
        JudgedTarget[] rows = [Row("A", Rate, RateTarget, 66), Row("A", Deaths, DeathsTarget, 9), Row("B", Rate, RateTarget, 90), Row("B", Deaths, DeathsTarget, 5)];

        var scores = Scorecard.Score(scheme, rows, rows);
        var (scored, unmeasured) = Scorecard.Redistribute([new ScoringItem("unmeasured", 50, ScoringRule.Proportional), scheme[3] with { Key = "rate" }], rows);

        scores.Count.ShouldBe(2);
        scores.ShouldAllBe(u => u.Total >= 0 && u.Total <= 3 * InputLimits.SchemeWeight);
        scores[0].OrgUnitCode.ShouldBe("B");
        unmeasured.ShouldBeEmpty("nothing measured is left to share the weight with");
        scored.ShouldBe([scheme[3] with { Key = "rate" }]);
    }

    [Fact]
    public void A_document_target_is_named_by_its_number_and_a_recorded_outcome_earns_all_or_nothing()
    {
        var (items, errors) = ScoringScheme.Parse("indicator,weight,rule\n#12,30,按进度\n文件目标 13,30,按进度\n＃14,40,达标得满分\n");
        errors.ShouldBeEmpty();
        items.Select(i => i.Key).ShouldBe(["#12", "#13", "#14"]);
        ScoringScheme.DocumentItemId("#12").ShouldBe(12);
        ScoringScheme.DocumentItemId("imr").ShouldBeNull();

        var qualitative = new DocumentTarget("健康素养水平", "qualitative", "持续提高", null, 2025);
        var item = new ScoringItem("#13", 30, ScoringRule.Proportional);
        Scorecard.ScoreItem(item, Direction.Higher, qualitative.Judge(2023, 2020, null, ItemOutcome.Achieved)).Points.ShouldBe(30);
        Scorecard.ScoreItem(item, Direction.Higher, qualitative.Judge(2023, 2020, null, ItemOutcome.InProgress)).Points.ShouldBe(30, "推进中 before its year is on track");
        Scorecard.ScoreItem(item, Direction.Higher, qualitative.Judge(2025, 2020, null, ItemOutcome.InProgress)).Points.ShouldBe(0, "推进中 in its year is late");
        Scorecard.ScoreItem(item, Direction.Higher, qualitative.Judge(2023, 2020, null, null)).Status.ShouldBe(TargetStatus.NoData);
    }

    /// <summary>
    /// 管理率 40 + 死亡率 40 + 城市调查 20 points, the survey measured by no county: its 20 go to the other two in proportion
    /// (40 × 100/80 = 50 each). A bonus of 5 adds on top when met.
    /// </summary>
    [Fact]
    public void An_item_no_unit_measures_gives_its_weight_to_the_others_and_a_bonus_adds_on_top()
    {
        IReadOnlyList<ScoringItem> scheme =
        [
            new("rate", 40, ScoringRule.FullWhenMet), new("deaths", 40, ScoringRule.FullWhenMet), new("survey", 20, ScoringRule.FullWhenMet),
            new("extra", 5, ScoringRule.Bonus),
        ];
        var survey = new Indicator(3, "survey", "调查", "#{s}", null, 1, "%", Direction.Higher, 1);
        var extra = new Indicator(4, "extra", "加分", "#{e}", null, 1, "%", Direction.Higher, 1);
        var surveyTarget = new Target(3, 1, 3, 1, 2020, 60, 2025, 80, null, Comparator.AtLeast, TargetNature.Binding);
        var extraTarget = new Target(4, 1, 4, 1, 2020, 60, 2025, 80, null, Comparator.AtLeast, TargetNature.Binding);
        var rows = new[]
        {
            Row("A", Rate, RateTarget, 75), Row("A", Deaths, DeathsTarget, 9), Row("A", survey, surveyTarget, null), Row("A", extra, extraTarget, 90),
            Row("B", Rate, RateTarget, 75), Row("B", Deaths, DeathsTarget, 7), Row("B", survey, surveyTarget, null), Row("B", extra, extraTarget, 50),
        };

        var (scored, unmeasured) = Scorecard.Redistribute(scheme, rows);
        var card = Scorecard.Score(scheme, rows);

        unmeasured.ShouldBe(["survey"]);
        scored.Select(i => (i.Key, i.Weight)).ShouldBe([("rate", 50m), ("deaths", 50m), ("extra", 5m)]);
        // B meets both (100) and misses the bonus; A meets 管理率 (50) and the bonus (5), misses 死亡率.
        card.Select(u => $"{u.OrgUnitCode}:{u.Total:0.##}").ShouldBe(["B:100", "A:55"]);
    }

    /// <summary>
    /// Issue 25: a per-township target is judged for the one county that has townships in the tree; the other counties' rows
    /// say 下级单位无数据. Those counties are not given 0 for it: it is out of their score, and its weight goes to their other
    /// items — a county meeting everything else scores 100, as the county judged on all items and meeting them does.
    /// </summary>
    [Fact]
    public void An_item_a_unit_cannot_be_judged_on_goes_out_of_its_score_and_its_weight_to_its_other_items()
    {
        var scheme = new[] { new ScoringItem("rate", 40, ScoringRule.FullWhenMet), new ScoringItem("deaths", 60, ScoringRule.FullWhenMet) };
        var notJudged = Row("B", Rate, RateTarget, 75) with
        {
            Evaluation = TargetEvaluation.Evaluate(RateTarget, 2023, 75) with { Status = TargetStatus.NoUnitData, ProgressPct = null },
        };
        var rows = new[] { Row("A", Rate, RateTarget, 75), Row("A", Deaths, DeathsTarget, 7), notJudged, Row("B", Deaths, DeathsTarget, 7) };

        var scores = Scorecard.Score(scheme, rows).ToDictionary(u => u.OrgUnitCode);

        scores["A"].Total.ShouldBe(100);
        scores["B"].Total.ShouldBe(100);
        scores["B"].Rank.ShouldBe(1);
        var left = scores["B"].Items.Single(i => i.Key == "rate");
        (left.Points, left.Weight, left.Status, left.Note).ShouldBe((0m, 0m, TargetStatus.NoUnitData, Scorecard.OutOfScoreNote));
        scores["B"].Items.Single(i => i.Key == "deaths").Weight.ShouldBe(100);

        // A county that did not report the rate (无数据) still gets nothing for it.
        var unreported = Scorecard.Score(scheme, [Row("A", Rate, RateTarget, 75), Row("A", Deaths, DeathsTarget, 7), Row("C", Rate, RateTarget, null), Row("C", Deaths, DeathsTarget, 7)]);
        unreported.Single(u => u.OrgUnitCode == "C").Total.ShouldBe(60);
    }

    [Fact]
    public void Task_completion_counts_on_time_closed_late_closed_and_overdue_open_tasks_due_in_the_year()
    {
        var today = new DateOnly(2026, 12, 2);
        IReadOnlyList<(DateOnly?, DateOnly?, int?)> tasks =
        [
            (new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 20), null), // on time: 1
            (new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 15), null), // late: 0.5
            (new DateOnly(2026, 9, 30), null, null), // overdue, open: 0
            (new DateOnly(2026, 12, 31), null, null), // not yet due: not counted
            (new DateOnly(2025, 12, 31), new DateOnly(2025, 12, 1), null), // last year's: not counted
        ];
        var evaluation = TaskCompletion.Judge(tasks, 2026, today);

        evaluation.Actual.ShouldBe(50m); // (1 + 0.5 + 0) / 3
        evaluation.Status.ShouldBe(TargetStatus.Lagging);
        TaskCompletion.Judge([(new DateOnly(2026, 12, 31), (DateOnly?)null, (int?)null)], 2026, today).Status.ShouldBe(TargetStatus.NoData);
        var item = new ScoringItem(ScoringScheme.TaskKey, 10, ScoringRule.Proportional);
        Scorecard.ScoreItem(item, Direction.Higher, evaluation).Points.ShouldBe(5);
    }

    [Fact]
    public void Issue_29_a_closed_task_earns_its_rating_over_five_of_its_credit()
    {
        var today = new DateOnly(2026, 12, 2);
        IReadOnlyList<(DateOnly?, DateOnly?, int?)> tasks =
        [
            (new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 20), 4), // on time, rated 4: 0.8
            (new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 15), 5), // late, rated 5: 0.5
            (new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 30), 1), // on the day, rated 1: 0.2
        ];

        var evaluation = TaskCompletion.Judge(tasks, 2026, today);

        evaluation.Actual.ShouldBe(50m); // (0.8 + 0.5 + 0.2) / 3
        TaskCompletion.Credit(new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 1), 3).ShouldBe(0.3m);
        TaskCompletion.Credit(new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 1), null).ShouldBe(1m, "closed before ratings existed: full credit");
    }

    /// <summary>
    /// 孕产妇死亡率 ≤ 22/10万, one death among 3,344 births this year (29.9: over). Pooled with 2 deaths in 7,000 and 3,600
    /// births before, still under 10万: no veto, scored by progress. With 120,000 births before and 10 deaths, the pooled rate
    /// (1 + 10) / 123,344 = 8.9 meets it: no veto either, and the note says which rate was judged.
    /// </summary>
    [Fact]
    public void A_veto_on_a_small_denominator_judges_a_pooled_rate_or_none()
    {
        var mmr = new Indicator(5, "mmr", "孕产妇死亡率", "#{d}", "#{b}", 100000, "/10万", Direction.Lower, 1);
        var target = new Target(5, 1, 5, 1, 2020, 18, 2025, 22, null, Comparator.AtMost, TargetNature.Binding);
        var county = new OrgUnit(9, "K", "某县", OrgUnitKind.County, City);
        PlanEvaluationRow Year(int year, decimal deaths, decimal births)
        {
            var value = mmr.FromParts(deaths, births);
            return new PlanEvaluationRow(target, mmr, county, TargetEvaluation.Evaluate(target, year, value.Value), value, new Completeness(1, 1), false);
        }
        var veto = new ScoringItem("mmr", 20, ScoringRule.Veto);

        var few = SmallNumbers.Judge(Year(2023, 1, 3344), [Year(2022, 0, 3600), Year(2021, 1, 3400)]);
        few.TooFewForVeto.ShouldBeTrue();
        few.Note.ShouldBe("分母较小 (2021–2023年合计 10,344), 不作一票否决或扣分, 按进度计分");
        var fewScore = Scorecard.ScoreItem(veto, few);
        fewScore.Met.ShouldBeFalse();
        Scorecard.Score([veto], [few]).Single().Vetoed.ShouldBeFalse();

        var pooled = SmallNumbers.Judge(Year(2023, 1, 3344), [Year(2022, 5, 60000), Year(2021, 5, 60000)]);
        pooled.TooFewForVeto.ShouldBeFalse();
        Math.Round(pooled.Evaluation.Actual!.Value, 4).ShouldBe(8.9181m);
        pooled.Note.ShouldBe("本年分母较小 (3,344), 按2021–2023年合并率 8.9/10万 评价");
        Scorecard.Score([veto], [pooled]).Single().Vetoed.ShouldBeFalse();
        Scorecard.Score([veto], [JudgedTarget.Of(Year(2023, 1, 3344))]).Single().Vetoed.ShouldBeTrue("judged on the year alone, one death vetoes");
    }

    [Fact]
    public void Issue_24_the_equal_split_is_in_hundredths_and_sums_to_exactly_100()
    {
        foreach (var count in Enumerable.Range(1, 120))
        {
            var weights = ScoringScheme.Equal(Enumerable.Range(0, count).Select(k => $"i{k}")).Select(i => i.Weight).ToList();

            weights.Sum().ShouldBe(100m, $"{count} items");
            weights.ShouldAllBe(w => InputLimits.SchemeNumberRefusal(w, "权重") == null);
            (weights.Max() - weights.Min()).ShouldBeLessThanOrEqualTo(0.01m);
        }
        ScoringScheme.Equal(["a", "b", "c"]).Select(i => i.Weight).ShouldBe([33.34m, 33.33m, 33.33m]);
    }

    [Fact]
    public void Issue_24_an_item_listed_twice_is_a_bad_line_naming_it_and_its_first_line()
    {
        var (items, errors) = ScoringScheme.Parse("indicator,weight,rule\nrate,50,按进度\n#12,25,按进度\nrate,25,按进度\n文件目标12,10,按进度\n");

        items.Select(i => i.Key).ShouldBe(["rate", "#12"]);
        errors.ShouldBe(["第4行: 指标或文件目标 \"rate\" 重复, 第2行已列出 (每项只能列一次)", "第5行: 指标或文件目标 \"#12\" 重复, 第3行已列出 (每项只能列一次)"]);
    }
}
