using FsCheck;
using FsCheck.Xunit;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Tests.Targets;

/// <summary>Targets a document sets that no stored indicator judges: CZ2021's counts, levels and annex rows, and a 十四五 plan's.</summary>
public class DocumentTargetTests
{
    [Theory]
    [InlineData("护理型床位", "=", "50", "张", DocumentTargetKind.Count)]
    [InlineData("筛查任务", "=", "2000", "人", DocumentTargetKind.Count)]
    [InlineData("新招录全科专业规范化培训学员", ">=", "12", "名", DocumentTargetKind.Count)]
    [InlineData("示范中医馆", "range", "2-3", "个", DocumentTargetKind.Count)]
    [InlineData("原12类基本公共卫生服务项目经费标准人均", ">=", "96", "元", DocumentTargetKind.Level)]
    [InlineData("老年人健康体检率", ">=", "75", "%", DocumentTargetKind.Level)]
    [InlineData("每千人口执业(助理)医师数", ">=", "3.2", "人", DocumentTargetKind.Level)]
    [InlineData("基层医疗卫生机构总诊量比例", "qualitative", "稳步提升", null, DocumentTargetKind.Qualitative)]
    [InlineData("健康促进/健康创建", null, "薛家镇通过国家卫生镇复审", null, DocumentTargetKind.Qualitative)]
    public void A_target_is_a_count_a_level_or_qualitative_by_what_it_says(string name, string? comparator, string value, string? unit, DocumentTargetKind kind)
    {
        new DocumentTarget(name, comparator, value, unit, 2021).Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("开展婴幼儿照护服务从业人员培训100人次以上", ">=", "100", "人次", DocumentTargetKind.Count)]
    [InlineData("建成4个家庭医生工作室", "=", "4", "个", DocumentTargetKind.Count)]
    [InlineData("原12类基本公卫服务项目经费标准人均不低于96元", ">=", "96", "元", DocumentTargetKind.Level)]
    [InlineData("有偿签约人数占重点人群签约人数不低于15%", ">=", "15", "%", DocumentTargetKind.Level)]
    [InlineData("完成100台AED投放和5000人次急救培训", null, null, null, DocumentTargetKind.Qualitative)]
    [InlineData("薛家镇通过国家卫生镇复审", null, null, null, DocumentTargetKind.Qualitative)]
    public void An_annex_sentence_is_judged_on_its_one_figure_or_else_by_its_outcome(string sentence, string? comparator, string? value, string? unit,
        DocumentTargetKind kind)
    {
        var target = DocumentTarget.FromSentence("附表", sentence, 2021);

        target.Kind.ShouldBe(kind);
        if (comparator is not null)
        {
            (target.Comparator, target.Value, target.Unit).ShouldBe((comparator, value, unit));
        }
    }

    [Fact]
    public void A_count_is_measured_from_zero_at_the_base_year_so_half_way_through_half_is_on_track()
    {
        var beds = new DocumentTarget("护理型床位", "=", "50", "张", 2025);

        var midway = beds.Judge(2023, 2020, 30, null);
        midway.Expected.ShouldBe(30m);
        midway.Status.ShouldBe(TargetStatus.OnTrack);
        midway.ProgressPct.ShouldBe(60m);
        beds.Judge(2023, 2020, 20, null).Status.ShouldBe(TargetStatus.Lagging);
        beds.Judge(2025, 2020, 50, null).Status.ShouldBe(TargetStatus.Achieved);
        beds.Judge(2025, 2020, 49, null).Status.ShouldBe(TargetStatus.Overdue);
    }

    [Fact]
    public void A_one_year_count_lags_until_it_is_reached_and_a_range_is_reached_at_its_lower_bound()
    {
        var screening = new DocumentTarget("筛查任务", "=", "2000", "人", 2021);
        screening.Judge(2021, 2020, 1200, null).Status.ShouldBe(TargetStatus.Overdue);
        screening.Judge(2021, 2020, 2100, null).Status.ShouldBe(TargetStatus.Achieved);

        var clinics = new DocumentTarget("示范中医馆", "range", "2-3", "个", 2021);
        clinics.Number.ShouldBe(2m);
        clinics.Upper.ShouldBe(3m);
        clinics.Judge(2021, 2020, 2, null).Status.ShouldBe(TargetStatus.Achieved);
        clinics.Judge(2021, 2020, 1, null).Status.ShouldBe(TargetStatus.Overdue);
    }

    [Fact]
    public void A_level_has_no_path_from_zero_it_is_reached_or_not()
    {
        var funding = new DocumentTarget("原12类基本公共卫生服务项目经费标准人均", ">=", "96", "元", 2021);
        var judged = funding.Judge(2021, 2020, 90, null);
        judged.Expected.ShouldBeNull();
        judged.Status.ShouldBe(TargetStatus.Overdue);
        funding.Judge(2021, 2020, 96, null).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Fact]
    public void A_qualitative_target_is_judged_by_the_outcome_recorded_and_in_progress_lags_once_its_year_has_come()
    {
        var review = new DocumentTarget("健康促进/健康创建", null, "薛家镇通过国家卫生镇复审", null, 2025);
        review.Judge(2023, 2020, null, null).Status.ShouldBe(TargetStatus.NoData);
        review.Judge(2023, 2020, null, ItemOutcome.InProgress).Status.ShouldBe(TargetStatus.OnTrack);
        review.Judge(2025, 2020, null, ItemOutcome.InProgress).Status.ShouldBe(TargetStatus.Overdue);
        review.Judge(2023, 2020, null, ItemOutcome.NotAchieved).Status.ShouldBe(TargetStatus.Lagging);
        review.Judge(2023, 2020, null, ItemOutcome.Achieved).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Fact]
    public void A_count_without_a_figure_takes_the_outcome_a_department_recorded()
    {
        new DocumentTarget("康养服务中心", "=", "2", "家", 2021).Judge(2021, 2020, null, ItemOutcome.Achieved).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Theory]
    [InlineData("达成", ItemOutcome.Achieved)]
    [InlineData("已完成", ItemOutcome.Achieved)]
    [InlineData("未达成", ItemOutcome.NotAchieved)]
    [InlineData("推进中", ItemOutcome.InProgress)]
    [InlineData("in_progress", ItemOutcome.InProgress)]
    public void Outcomes_are_read_as_departments_write_them(string text, ItemOutcome outcome)
    {
        ItemOutcomes.TryParse(text, out var read).ShouldBeTrue();
        read.ShouldBe(outcome);
        ItemOutcomes.TryParse(read.Chinese(), out var again).ShouldBeTrue();
        again.ShouldBe(outcome);
    }

    [Property(MaxTest = 200)]
    public void More_done_never_judges_a_count_worse(PositiveInt target, NonNegativeInt done, NonNegativeInt more, byte year)
    {
        var rank = new Dictionary<TargetStatus, int> { [TargetStatus.Overdue] = 0, [TargetStatus.Lagging] = 0, [TargetStatus.OnTrack] = 1, [TargetStatus.Achieved] = 2 };
        var count = new DocumentTarget("培训工作", "=", target.Get.ToString(System.Globalization.CultureInfo.InvariantCulture), "人", 2025);
        var judgedIn = 2021 + year % 5;
        var less = count.Judge(judgedIn, 2020, done.Get, null).Status;
        var most = count.Judge(judgedIn, 2020, (decimal)done.Get + more.Get, null).Status;
        rank[most].ShouldBeGreaterThanOrEqualTo(rank[less]);
    }
}
