using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>
/// Clause patterns of issue 26 read for documents nobody here has read: each sentence is invented for the test (its own
/// place, indicator and numbers), one per rule of the grammar.
/// </summary>
public partial class ProseTargetReaderTests
{
    [Fact]
    public void An_account_names_a_change_since_a_base_after_the_figure_before_it()
    {
        // "X a, 较上年增加b", "X同比增长b%", "X达到a%,比上年提高b个百分点", "X较YYYY年下降了b%".
        var reading = DocumentReader.Read("""
            北岭镇2024年卫生健康工作总结
            一、工作成效
            全镇卫生院实有床位236张,较上年增加18张。
            居民健康体检人数3.4万人,同比增长7.5%。
            孕产妇产前检查率达到93.6%,比上年提高2.8个百分点。
            新生儿死亡率较2021年下降了12.5%。
            """);

        reading.Kind.ShouldBe("summary");
        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "卫生院实有床位|236|张",
            "卫生院实有床位较上年增加|18|张",
            "居民健康体检人数|34000|人",
            "居民健康体检人数增长率|7.5|%",
            "孕产妇产前检查率|93.6|%",
            "孕产妇产前检查率比上年提高|2.8|个百分点",
            "新生儿死亡率较2021年下降幅度|12.5|%",
        ]);
        reading.ProseTargets.ShouldBeEmpty();
    }

    [Fact]
    public void A_summary_that_ends_with_next_years_plan_is_a_summary_and_reads_both_parts()
    {
        var reading = DocumentReader.Read("""
            东溪县卫生健康局2022年工作总结及2023年工作计划
            一、2022年工作开展情况
            全年开展健康讲座64场次,家庭医生累计签约9.2万人,出院病人1.6万人次。
            二、2023年工作计划
            儿童青少年近视筛查率达到95%以上。
            """);

        reading.Kind.ShouldBe("summary");
        reading.Tasks.ShouldBeEmpty();
        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}|{p.Year}").ShouldBe(
        [
            "健康讲座|64|场次|2022",
            "家庭医生累计签约|92000|人|2022",
            "出院病人|16000|人次|2022",
        ]);
        reading.ProseTargets.Select(Show).ShouldBe(["儿童青少年近视筛查率|>=|95|%|2023|"]);
    }

    [Fact]
    public void A_five_year_plan_in_plain_quotes_dates_its_goals_and_reads_its_achievements_section_as_achieved()
    {
        // "十X五" in ASCII quotes names the plan's end; "由2015年的a提高到2020年的b" is not "by 2020"; a heading of
        // 发展成就 is a look back.
        var reading = DocumentReader.Read("""
            西岗区"十五五"全民健康规划
            第一章 规划背景
            第一节 "十四五"时期发展成就
            城乡居民医保参保率稳定在97%以上,每千人口全科医生数由2020年的2.1人提高到2025年的3.4人。
            第二章 发展目标
            每千人口全科医生数达到4.2人,居民健康素养水平提高到38%。
            """);

        reading.Kind.ShouldBe("plan");
        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Year}").ShouldBe(
        [
            "城乡居民医保参保率|97|2025",
            "每千人口全科医生数|3.4|2025",
        ]);
        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Year}").ShouldBe(
        [
            "每千人口全科医生数|>=|4.2|2030",
            "居民健康素养水平|>=|38|2030",
        ]);
    }

    [Fact]
    public void A_distributed_or_shared_value_gives_each_subject_the_measure_of_the_list()
    {
        // "A、B患者规范管理率分别…", "A、B、C的阻断率均…", "每万人口A数、B数分别…".
        var reading = DocumentReader.Read("""
            某州慢性病防治实施方案
            二、工作目标
            到2027年,肺结核、慢阻肺患者规范管理率分别达到92%和70%。
            梅毒、乙肝的母婴传播阻断率达到96%以上。
            每万人口全科医生数、公共卫生人员数分别达到4.5人和9人。
            """);

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "肺结核患者规范管理率|>=|92|%",
            "慢阻肺患者规范管理率|>=|70|%",
            "梅毒母婴传播阻断率|>=|96|%",
            "乙肝母婴传播阻断率|>=|96|%",
            "每万人口全科医生数|>=|4.5|人",
            "每万人口公共卫生人员数|>=|9|人",
        ]);
    }

    [Fact]
    public void A_target_restated_as_a_change_in_brackets_is_one_target_and_a_yearly_growth_is_a_rate()
    {
        var reading = DocumentReader.Read("""
            某区老年健康服务行动计划
            二、行动目标
            到2026年,老年人中医药健康管理率提升至80%(较2023年提高6个百分点),家庭病床服务人次年均增长8%。
            """);

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "老年人中医药健康管理率|>=|80|%",
            "家庭病床服务人次年均增长率|=|8|%",
        ]);
    }

    [Fact]
    public void A_unit_written_twice_reads_as_one()
    {
        TargetText.ParseCell("提高3个百分点个百分点").ShouldBe(new TargetText("increase_pp", 3));
        TargetText.ParseCell("降低1.5个百分点个百分点").ShouldBe(new TargetText("reduce_pp", 1.5m));
    }
}

public partial class ProseTargetReaderTests
{
    [Fact]
    public void An_account_titled_as_work_done_reads_gaps_to_an_average_and_figures_with_a_remark_in_brackets()
    {
        // "…工作情况" is an account; "X a%,高于全省平均水平b个百分点"; "X达到n家(同比增长m%)".
        var reading = DocumentReader.Read("""
            2021年度青石县卫生健康工作情况
            全县乡镇卫生院达到17家(同比增长6.3%)。
            全县儿童免疫规划疫苗接种率达到98.2%,高于全省平均水平1.4个百分点。
            """);

        reading.Kind.ShouldBe("summary");
        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "乡镇卫生院|17|家",
            "乡镇卫生院增长率|6.3|%",
            "儿童免疫规划疫苗接种率|98.2|%",
            "儿童免疫规划疫苗接种率高于全省平均水平|1.4|个百分点",
        ]);
    }

    [Fact]
    public void A_plan_names_each_patient_group_once_and_leaves_the_funding_standard_of_an_action_out()
    {
        var reading = DocumentReader.Read("""
            某县2026年家庭医生签约服务工作方案
            一、工作目标
            脑卒中患者和冠心病患者随访管理率分别达到75%、70%。
            二、保障措施
            县财政按照每人每年12元的标准安排签约服务补助资金。
            """);

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}").ShouldBe(
        [
            "脑卒中患者随访管理率|>=|75",
            "冠心病患者随访管理率|>=|70",
        ]);
    }
}

public partial class ProseTargetReaderTests
{
    [Fact]
    public void An_account_reads_a_task_done_an_approximate_count_and_a_change_whose_measure_was_named_before()
    {
        // "完成…任务n例" is done, not required; "n万余人"; "X明显改善,从YYYY年的a提高到YYYY年b".
        var reading = DocumentReader.Read("""
            某市2020年妇幼健康工作总结
            一、工作成效
            截至10月底全市完成产前筛查任务2468例。
            开展母乳喂养宣传活动,覆盖群众2万余人。
            全市产后访视率稳步提高,从2016年的71.3%提高到2020年88.5%。
            """);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}|{p.Year}").ShouldBe(
        [
            "产前筛查任务|2468|例|2020",
            "覆盖群众|20000|人|2020",
            "产后访视率|88.5|%|2020",
        ]);
        reading.ProseTargets.ShouldBeEmpty();
    }
}

public partial class ProseTargetReaderTests
{
    [Fact]
    public void An_account_names_a_rates_relative_fall_from_its_base_year()
    {
        // "X从YYYY年的a下降到YYYY年的b,下降了c%": c is X's fall since the base year.
        var reading = DocumentReader.Read("""
            某省妇幼健康事业发展报告
            一、主要成就
            新生儿死亡率从2012年的6.8‰下降到2022年的3.1‰,下降了54.4%。
            """);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "新生儿死亡率|3.1|‰",
            "新生儿死亡率较2012年下降幅度|54.4|%",
        ]);
    }

    [Fact]
    public void A_plans_figures_of_structure_funding_shares_speakers_and_restatements_are_not_extra_targets()
    {
        // "规划分为12章"; "X承担30%"; "须满足15个条件"; "专家指出…"; "在YYYY年基础上提高b,达到a" (one target); the same
        // target stated twice (one).
        var reading = DocumentReader.Read("""
            某市全民健康规划(2026-2030年)
            规划分为12章。市级财政承担30%。创建单位须满足15个条件。
            二、规划目标
            专家指出2030年全市人均预期寿命增至81岁。到2030年,人均预期寿命在2025年的基础之上提高1岁,达到81岁。
            人均预期寿命达到81岁。
            """);

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Year}").ShouldBe(
        [
            "人均预期寿命|>=|81|2030",
        ]);
    }
}

public partial class ProseTargetReaderTests
{
    [Fact]
    public void A_rate_after_a_count_of_the_same_work_is_of_the_same_people()
    {
        // "全区共有X a家"; "Y人群Z人数a,Z率b": the rate is Y人群Z率.
        var reading = DocumentReader.Read("""
            某区2025年卫生健康工作总结
            全区共有社区卫生服务中心14家。高血压患者规范管理人数达到2.6万人,规范管理率为69.4%。
            """);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "社区卫生服务中心|14|家",
            "高血压患者规范管理人数|26000|人",
            "高血压患者规范管理率|69.4|%",
        ]);
    }
}

public partial class ProseTargetReaderTests
{
    [Fact]
    public void An_account_reads_people_named_with_an_age_a_share_of_the_years_plan_and_things_that_were_finished()
    {
        // "为n万名YY岁以上X开展Z,Z率b"; "完成投资a亿元,占年度计划的b%"; "新建X n个,已竣工m个".
        var reading = DocumentReader.Read("""
            某县2026年上半年卫生健康工作情况
            为1.3万名60岁以上老年人开展眼病筛查,筛查率达到58.2%。
            县中医院迁建项目完成投资0.9亿元,占年度计划的45%。新建卫生院周转房6栋,已竣工4栋。新建村卫生室9个,已竣工7个。
            """);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "开展眼病筛查的60岁以上老年人|13000|名",
            "60岁以上老年人筛查率|58.2|%",
            "县中医院迁建项目完成投资|90000000|元",
            "县中医院迁建项目完成投资计划完成率|45|%",
            "村卫生室|9|个",
            "竣工的村卫生室|7|个",
        ]);
    }
}
