using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>The prose forms named in issue 3, each read as name, comparator, value, unit, year and catalogue id.</summary>
public class ProseTargetReaderTests
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
            "项目完工率|>=|100|%|2013|",
            "项目投用率|>=|90|%|2013|",
            "筛查任务|>=|2000|人次|2016|",
            "护理型床位|>=|50|张|2016|",
        ]);
        reading.Achievements.ShouldBeEmpty();
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
            "累计接种|=|1760172|剂次|2021|",
        ]);
        reading.ProseTargets.ShouldBeEmpty();
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
}
