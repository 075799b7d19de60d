using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>
/// Clause patterns of issue 26 (point 4), each in sentences written for the test: directions without a figure, ratios and
/// fractions, comparators after a modal, and changes "from a to b" in an account.
/// </summary>
public partial class ProseTargetReaderTests
{
    [Fact]
    public void A_plans_goals_read_directions_ratios_fractions_and_modal_comparators()
    {
        var reading = DocumentReader.Read("""
            某市妇幼健康发展规划(2021-2025年)
            二、主要目标
            到2025年,新生儿死亡率降低,儿童龋齿患病率得到控制,县级医院服务能力排名明显提升,孕产妇死亡率应小于12/10万。
            医患比不低于1:1.5。剖宫产率要在2020年基础上下降1/5。
            全力推动基层服务能力水平提升。
            """);

        reading.ProseTargets.Select(p => $"{Show(p)}|{p.Text}").ShouldBe(
        [
            "新生儿死亡率|qualitative|||2025|neonatal_mortality_rate|降低",
            "儿童龋齿患病率|qualitative|||2025||得到控制",
            "县级医院服务能力排名|qualitative|||2025||明显提升",
            "孕产妇死亡率|<|12|/10万|2025|maternal_mortality_ratio|",
            "医患比|>=|||2025||1:1.5",
            "剖宫产率|reduce_pct|||2025|cesarean_rate|1/5",
        ]);
    }

    [Fact]
    public void An_account_reads_the_level_a_measure_changed_to_and_the_change_in_its_units()
    {
        var reading = DocumentReader.Read("""
            某县2022年卫生健康工作总结
            一、工作成效
            全县每千人口执业医师数从2.1人增至2.6人,婴儿死亡率从5.2‰降至4.1‰。
            据统计公报显示,全县居民人均预期寿命由2021年的78.1岁提高到2022年的78.4岁。
            全县门诊人次达到1,250万人次,比2021年增加120万人次。
            """);

        reading.Achievements.Select(Show).ShouldBe(
        [
            "每千人口执业医师数|=|2.6|人|2022|licensed_doctors_per_1000",
            "婴儿死亡率|=|4.1|‰|2022|infant_mortality_rate",
            "居民人均预期寿命|=|78.4|岁|2022|life_expectancy",
            "门诊人次|=|12500000|人次|2022|",
            "门诊人次比2021年增加|=|1200000|人次|2022|",
        ]);
        reading.ProseTargets.ShouldBeEmpty();
    }
}
