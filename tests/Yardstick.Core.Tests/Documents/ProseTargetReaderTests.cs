using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>The prose forms named in issue 3, each read as name, comparator, value, unit, year and catalogue id.</summary>
public partial class ProseTargetReaderTests
{
    private static string Show(ProseItem p) => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}|{p.Year}|{p.IndicatorCode}";

    [Fact]
    public void Work_point_prose_yields_targets_in_every_form()
    {
        var reading = DocumentReader.Read("""
            某县2016年卫生计生工作要点
            家庭医生签约服务率90%以上,剖宫产率控制在42%以内,每千人口床位数达到8张。
            人口自然增长率控制在6.5‰以内。孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别控制在22/10万、6‰、9‰以下。
            严重精神障碍患者检出率4.8‰、管理率80%、治疗率60%以上。2013年项目完工率100%、投用率90%。
            完成2000人次的筛查任务,新增护理型床位50张。
            """);

        reading.ProseTargets.Select(Show).ShouldBe(
        [
            "家庭医生签约服务率|>=|90|%|2016|family_doctor_contract_rate",
            "剖宫产率|<=|42|%|2016|cesarean_rate",
            "每千人口床位数|>=|8|张|2016|beds_per_1000",
            "人口自然增长率|<=|6.5|‰|2016|population_natural_growth_rate",
            "孕产妇死亡率|<=|22|/10万|2016|maternal_mortality_ratio",
            "婴儿死亡率|<=|6|‰|2016|infant_mortality_rate",
            "5岁以下儿童死亡率|<=|9|‰|2016|under5_mortality_rate",
            "严重精神障碍患者检出率|>=|4.8|‰|2016|smd_detection_rate",
            "严重精神障碍患者管理率|>=|80|%|2016|smd_management_rate",
            "严重精神障碍患者治疗率|>=|60|%|2016|smd_treatment_rate",
            "项目完工率|=|100|%|2013|",
            "项目投用率|=|90|%|2013|",
            "筛查任务|=|2000|人次|2016|",
            "护理型床位|=|50|张|2016|",
        ]);
        reading.Achievements.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("某市2023年卫生健康工作要点", true)]
    [InlineData("某市2023年卫生健康工作总结", false)]
    public void The_documents_own_year_is_one_work_points_set_to_work_in_and_one_a_summary_reports_on(string title, bool target)
    {
        var reading = DocumentReader.Read(title + "\n一、主要工作\n2023年,完成2000人次的肿瘤筛查,新增护理型床位50张。\n");

        (target ? reading.ProseTargets : reading.Achievements).Select(p => $"{p.Name}|{p.Value}|{p.Unit}|{p.Year}").ShouldBe(["肿瘤筛查|2000|人次|2023", "护理型床位|50|张|2023"]);
        (target ? reading.Achievements : reading.ProseTargets).ShouldBeEmpty();
    }

    [Fact]
    public void A_threshold_quoted_for_comparison_is_a_reference_line_for_the_measure_before_it_not_a_result()
    {
        var reading = DocumentReader.Read("""
            某市2021年卫生健康工作总结
            一、主要成绩
            全市孕产妇死亡率0,婴儿死亡率2.69‰,均低于省定14/10万和7‰的控制指标。
            """);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}").ShouldBe(["孕产妇死亡率|0", "婴儿死亡率|2.69"]);
        reading.References.Select(p => $"{p.Reference}|{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}|{p.IndicatorCode}").ShouldBe(
        [
            "省定|孕产妇死亡率|<|14|/10万|maternal_mortality_ratio",
            "省定|婴儿死亡率|<|7|‰|infant_mortality_rate",
        ]);
        var back = ReadingJson.FromJson(ReadingJson.ToJson(reading));
        back.References.Select(p => (p.Reference, p.Name, p.Value)).ShouldBe(reading.References.Select(p => (p.Reference, p.Name, p.Value)));
    }

    [Fact]
    public void Summary_figures_are_achievements_and_wan_multiplies()
    {
        var reading = DocumentReader.Read("""
            某市2021年卫生健康工作总结
            全市婴儿死亡率2.69‰,每千人口床位数7.12张,参合率达98.2%。完成白内障手术治疗44例。累计接种176.0172万剂次。
            """);

        reading.Kind.ShouldBe("summary");
        reading.Achievements.Select(Show).ShouldBe(
        [
            "婴儿死亡率|=|2.69|‰|2021|infant_mortality_rate",
            "每千人口床位数|=|7.12|张|2021|beds_per_1000",
            "参合率|=|98.2|%|2021|ncms_enrollment_rate",
            "白内障手术治疗|=|44|例|2021|",
            "接种|=|1760172|剂次|2021|",
        ]);
        reading.ProseTargets.ShouldBeEmpty();
    }

    [Fact]
    public void Shared_values_changes_from_a_base_and_counted_objects_are_read_whole()
    {
        var reading = DocumentReader.Read("""
            某县2016年卫生计生工作要点
            突发公共卫生事件信息报告率、应急响应率和妥善处置率均达100%。流动人口重点信息反馈率、接收率、及时率达95%以上。
            建立健全我县20个医疗质量控制中心。卫生厕所普及率提高3个百分点,基层医疗卫生机构诊疗量提升10%以上。
            2013年项目完工率100%,2014年项目开工率100%。
            """);

        reading.ProseTargets.Select(Show).ShouldBe(
        [
            "突发公共卫生事件信息报告率|>=|100|%|2016|phe_report_rate",
            "应急响应率|>=|100|%|2016|phe_response_rate",
            "妥善处置率|>=|100|%|2016|phe_proper_handling_rate",
            "流动人口重点信息反馈率|>=|95|%|2016|floating_pop_info_rates",
            "流动人口重点信息接收率|>=|95|%|2016|",
            "流动人口重点信息及时率|>=|95|%|2016|",
            "医疗质量控制中心|=|20|个|2016|",
            "卫生厕所普及率|increase_pp|3|个百分点|2016|sanitary_toilet_coverage",
            "基层医疗卫生机构诊疗量|increase_pct|10|%|2016|primary_care_visit_share",
            "项目完工率|=|100|%|2013|",
            "项目开工率|=|100|%|2014|",
        ]);
    }

    [Fact]
    public void A_plans_review_of_the_last_period_holds_achievements_and_its_goals_hold_targets()
    {
        var reading = DocumentReader.Read("""
            某市“十四五”卫生健康事业发展规划
            一、规划背景
            (一)发展基础
            2020年婴儿死亡率、孕产妇死亡率分别由2015年的6.45‰、23.74/10万下降到5.34‰、18.27/10万。县域内就诊率由2015年的61%提高到76%。
            二、发展目标
            人均预期寿命在2020年基础上提高1岁,每千人口床位数达到8张。
            """);

        reading.Achievements.Select(Show).ShouldBe(
        [
            "婴儿死亡率|=|5.34|‰|2020|infant_mortality_rate",
            "孕产妇死亡率|=|18.27|/10万|2020|maternal_mortality_ratio",
            "县域内就诊率|=|76|%|2020|in_county_visit_rate",
        ]);
        reading.ProseTargets.Select(Show).ShouldBe(
        [
            "人均预期寿命|increase_pp|1|岁|2025|life_expectancy",
            "每千人口床位数|>=|8|张|2025|beds_per_1000",
        ]);
    }

    [Fact]
    public void A_summarys_plans_for_next_year_are_targets_for_that_year()
    {
        var reading = DocumentReader.Read("""
            2021年卫生健康工作总结及2022年工作思路
            一、2021年工作情况
            全市每千人口床位数7.12张,婴儿死亡率2.69‰,均低于省定7‰的控制指标。
            二、2022年工作思路
            新增省级卫生乡镇2个。
            """);

        reading.Achievements.Select(Show).ShouldBe(
        [
            "每千人口床位数|=|7.12|张|2021|beds_per_1000",
            "婴儿死亡率|=|2.69|‰|2021|infant_mortality_rate",
        ]);
        reading.ProseTargets.Select(Show).ShouldBe(["省级卫生乡镇|=|2|个|2022|"]);
    }

    [Fact]
    public void Coverage_is_a_target_to_achieve_in_goals_and_an_achievement_in_a_review()
    {
        var reading = DocumentReader.Read("""
            某市“十四五”卫生健康事业发展规划
            一、规划背景
            (一)发展基础
            健康促进旗县建设实现全覆盖。
            二、发展目标
            推动基本公共卫生服务全覆盖,在实现“国医堂”全覆盖的基础上建设示范国医堂。
            """);

        reading.Achievements.Select(a => $"{a.Name}|{a.Comparator}|{a.Text}|{a.Year}").ShouldBe(["健康促进旗县建设|=|全覆盖|2020"]);
        reading.ProseTargets.Select(a => $"{a.Name}|{a.Comparator}|{a.Text}|{a.Year}").ShouldBe(["基本公共卫生服务|achieve|全覆盖|2025"]);
    }

    [Fact]
    public void Every_item_quotes_its_exact_source()
    {
        const string Text = "某县工作要点\n孕产妇死亡率、婴儿死亡率分别控制在２２/10万、６‰以下。";

        var reading = DocumentReader.Read(Text);

        reading.ProseTargets.Count.ShouldBe(2);
        reading.ProseTargets.ShouldAllBe(p => Text.Contains(p.Source));
        reading.ProseTargets[0].Source.ShouldContain("２２/10万");
    }

    [Fact]
    public void Values_in_a_bracket_after_the_year_compared_with_are_not_results()
    {
        var text = """
            某县2024年妇幼健康工作总结
            2024年,全县产前检查率达到96.2%,新生儿访视率达到93.5%,较2020年(90.1%和88.4%)分别提高6.1%和5.1%。
            """;

        var reading = DocumentReader.Read(text);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}").ShouldBe(
            ["产前检查率|96.2", "新生儿访视率|93.5", "产前检查率增长率|6.1", "新生儿访视率增长率|5.1"]);
    }
}
