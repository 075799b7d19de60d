using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>Seed 001 (通辽市“十四五”卫生健康事业发展规划) exercises a flattened table: one cell per line, "|" between rows,
/// categories only on a category's first row, shared rows (52.4/55.1), bounds as baselines (≥60) and relative targets.</summary>
public class PlanTableReaderTests
{
    private static readonly string Tongliao = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", "001_tongliao_plan.txt"));

    // Hand-checked against the table 主要发展指标 of seed 001: name, unit, baseline, comparator, target, nature, catalogue id.
    public static TheoryData<int, string, string, string?, string, string, string, string?> Expected => new()
    {
        { 0, "人均期望寿命", "岁", null, "=", "77.6", "预期性", "life_expectancy" },
        { 1, "婴儿死亡率", "‰", "5.34", "<", "10", "预期性", "infant_mortality_rate" },
        { 2, "5岁以下儿童死亡率", "‰", "6.49", "<", "10", "预期性", "under5_mortality_rate" },
        { 3, "孕产妇死亡率", "/10万", "18.27", "<", "20", "预期性", "maternal_mortality_ratio" },
        { 4, "重大慢性疾病过早死亡率", "%", "18.80", "reduce_pct", "10", "预期性", "premature_ncd_mortality" },
        { 5, "居民健康素养水平", "%", "20.7", "=", "26", "预期性", "health_literacy_level" },
        { 6, "15岁以上人群吸烟率", "%", null, "<=", "20", "预期性", "smoking_rate_15plus" },
        { 7, "高血压患者规范化管理率", "%", "52.4", ">=", "80", "约束性", "htn_standardized_mgmt_rate" },
        { 8, "2型糖尿病患者规范化管理率", "%", "55.1", ">=", "80", "约束性", "dm_standardized_mgmt_rate" },
        { 9, "以苏木乡镇(街道)为单位适龄儿童规划免疫疫苗接种率", "%", "99.29", ">=", "95", "约束性", "nip_vaccination_coverage_township" },
        { 10, "产前检测率", "%", "78.97", ">=", "75", "约束性", "prenatal_screening_rate" },
        { 11, "儿童青少年总体近视率", "%", null, "reduce_pp_per_year", "0.5", "预期性", "child_adolescent_myopia_rate" },
        { 12, "65岁及以上老年人城乡社区规范健康管理服务率", "%", "60", ">=", "65", "预期性", "elderly_health_mgmt_rate" },
        { 13, "艾滋病全人群感染率", "%", null, "<", "0.17", "预期性", "hiv_prevalence_total_pop" },
        { 14, "严重精神障碍管理率", "%", "97.45", ">", "90", "预期性", "smd_management_rate" },
        { 15, "孕产妇系统管理率", "%", "96.36", ">=", "90", "预期性", "maternal_systematic_mgmt_rate" },
        { 16, "3岁以下儿童系统管理率", "%", "94.54", ">=", "90", "预期性", "under3_systematic_mgmt_rate" },
        { 17, "每千人医疗卫生机构床位数", "张", "7.24", "=", "8", "预期性", "beds_per_1000" },
        { 18, "每千人执业(助理)医师数", "人", "2.99", "=", "3.6", "预期性", "licensed_doctors_per_1000" },
        { 19, "每千人注册护士数", "人", "2.69", "=", "4.0", "预期性", "registered_nurses_per_1000" },
        { 20, "每万人全科医师数", "人", "2.4", "=", "3.2", "预期性", "gps_per_10000" },
        { 21, "每万人公共卫生人员数", "人", "8.34", "increase_pct", "30", "约束性", "public_health_staff_per_10000" },
        { 22, "每千人3岁以下婴幼儿托位数", "个", "0.8", "=", "4", "预期性", "childcare_slots_per_1000" },
        { 23, "个人卫生支出占卫生总费用的比重", "%", "30.06", "<", "28", "预期性", "oop_share_of_the" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Seed_001_yields_every_indicator_of_the_table(int index, string name, string unit, string? baseline, string comparator, string target, string nature, string? code)
    {
        var indicators = DocumentReader.Read(Tongliao).Indicators;

        var i = indicators[index];
        i.Name.ShouldBe(name);
        i.Unit.ShouldBe(unit);
        i.BaselineYear.ShouldBe(2020);
        i.BaselineValue.ShouldBe(baseline is null ? null : decimal.Parse(baseline, System.Globalization.CultureInfo.InvariantCulture));
        i.TargetYear.ShouldBe(2025);
        i.Target!.Comparator.ShouldBe(comparator);
        i.Target.Value.ShouldBe(decimal.Parse(target, System.Globalization.CultureInfo.InvariantCulture));
        i.Nature.ShouldBe(nature);
        i.IndicatorCode.ShouldBe(code);
    }

    [Fact]
    public void Seed_001_has_22_rows_24_indicators_in_five_categories_each_quoting_its_source()
    {
        var reading = DocumentReader.Read(Tongliao);

        reading.Title.ShouldBe("通辽市“十四五”卫生健康事业发展规划");
        reading.Kind.ShouldBe("plan");
        reading.Indicators.Count.ShouldBe(24);
        reading.Indicators.Select(i => i.Source).Distinct().Count().ShouldBe(22);
        reading.Indicators.Select(i => i.Category).Distinct().ShouldBe(["健康水平", "健康生活", "健康服务", "资源配置", "健康保障"]);
        reading.Indicators[7].Source.ShouldContain("52.4/55.1");
        Tongliao.ShouldContain(reading.Indicators[23].Source);
    }

    [Theory]
    [InlineData("<10", null, "<", "<", 10)]
    [InlineData("≥95", null, ">=", ">=", 95)]
    [InlineData("≧90%", null, ">=", ">=", 90)]
    [InlineData("≤20", null, "<=", "<=", 20)]
    [InlineData(">90", null, ">", ">", 90)]
    [InlineData("比基期降低10%", null, "reduce_pct", "reduce_pct", 10)]
    [InlineData("2020基础上增长30%", null, "increase_pct", "increase_pct", 30)]
    [InlineData("在2020年基础上增长30%", null, "increase_pct", "increase_pct", 30)]
    [InlineData("每年降低0.5个百分点", null, "reduce_pp_per_year", "reduce_pp_per_year", 0.5)]
    [InlineData("比2015年降低10个百分点", null, "reduce_pp", null, 10)]
    [InlineData("26", 20.7, "=", ">=", 26)]
    [InlineData("28", 30.06, "=", "<=", 28)]
    [InlineData("3397", null, "=", ">=", 3397)]
    [InlineData("８０左右", null, "approx", ">=", 80)]
    public void Target_cells_read_as_written_and_are_judged_the_way_they_point(string cell, double? baseline, string written, string? judged, double value)
    {
        var target = TargetText.ParseCell(cell)!;

        target.Comparator.ShouldBe(written);
        ReadingTargets.Comparator(target.Comparator, target.Value, (decimal?)baseline, null).ShouldBe(judged);
        target.Value.ShouldBe((decimal)value);
    }

    [Fact]
    public void A_comparator_whose_value_was_cut_off_is_no_target()
    {
        TargetText.ParseCell("≧").ShouldBeNull();
    }

    [Fact]
    public void Empty_text_or_prose_without_tables_gives_an_empty_reading()
    {
        DocumentReader.Read("").Indicators.ShouldBeEmpty();
        DocumentReader.Read(string.Concat(Enumerable.Repeat("从前有座山,山里有座庙。", 20_000))).Indicators.ShouldBeEmpty();
    }

    [Fact]
    public void A_document_of_20_mb_is_read_without_hanging()
    {
        var big = string.Concat(Enumerable.Repeat(Tongliao, 20 * 1024 * 1024 / Tongliao.Length / 2));

        DocumentReader.Read(big).Indicators.Count.ShouldBeGreaterThan(24);
    }

    [Fact]
    public void Twenty_mb_of_damage_or_a_novel_gives_warnings_or_nothing_without_hanging()
    {
        var damaged = string.Concat(Enumerable.Repeat("納入?yún)\uE2F0_@項創新率100%,", 20 * 1024 * 1024 / 20 / 2));
        var novel = string.Concat(Enumerable.Repeat("他走了三里路,看见两个人在河边说话。", 300_000));

        var reading = DocumentReader.Read(damaged);
        var story = DocumentReader.Read(novel);

        reading.Warnings.ShouldNotBeEmpty();
        reading.Achievements.Concat(reading.ProseTargets).ShouldBeEmpty();
        story.Indicators.ShouldBeEmpty();
        story.Tasks.ShouldBeEmpty();
    }

    // Tables written for this test in the layouts the issue lists; columns in different orders, no seed or corpus row.
    [Fact]
    public void A_completion_table_keeps_the_actual_apart_from_the_target()
    {
        var text = """
            附表 “十三五”规划主要指标完成情况
            | 序号 | 指标 | 单位 | 2020年完成情况 | 2020年规划目标 | 属性 |
            | 1 | 孕产妇死亡率 | 1/10万 | 9.8 | ≤12 | 约束性 |
            | 2 | 每千人口执业(助理)医师数 | 人 | 3.1 | 2.8 | 预期性 |
            """;

        var indicators = DocumentReader.Read(text).Indicators;

        indicators.Select(i => $"{i.No}|{i.Name}|{i.Unit}|{i.Target?.Comparator}{i.Target?.Value}|{i.TargetYear}|{i.Actual}|{i.Nature}").ShouldBe(
        [
            "1|孕产妇死亡率|1/10万|<=12|2020|(2020, 9.8)|约束性",
            "2|每千人口执业(助理)医师数|人|=2.8|2020|(2020, 3.1)|预期性",
        ]);
    }

    [Fact]
    public void Two_target_years_give_two_targets_and_growth_is_not_one()
    {
        var text = """
            主要指标
            指标	基期水平	2022年目标值	2030年目标值	年均增长(%)	指标性质
            居民健康素养水平(%)	14.2	22	30	5	预期性
            """;

        var indicators = DocumentReader.Read(text).Indicators;

        indicators.Select(i => $"{i.Name}|{i.BaselineValue}|{i.TargetYear}:{i.Target?.Comparator}{i.Target?.Value}|{i.AnnualGrowth}").ShouldBe(
        [
            "居民健康素养水平|14.2|2022:=22|5",
            "居民健康素养水平|14.2|2030:=30|5",
        ]);
    }

    [Fact]
    public void A_flattened_table_with_a_bar_after_every_cell_carries_merged_categories_down()
    {
        var text = string.Join("\n", "一级指标", "|", "二级指标", "|", "三级指标", "|", "指标值", "|",
            "效益指标", "|", "社会效益", "|", "居民电子健康档案建档率", "|", "≥90%", "|", "老年人健康管理率", "|", "≥70%", "|");

        var indicators = DocumentReader.Read("2025年度绩效目标表\n" + text).Indicators;

        indicators.Select(i => $"{i.Category}|{i.Name}|{i.Target?.Comparator}{i.Target?.Value}|{i.Unit}").ShouldBe(
        [
            "效益指标/社会效益|居民电子健康档案建档率|>=90|%",
            "效益指标/社会效益|老年人健康管理率|>=70|%",
        ]);
    }

    [Fact]
    public void A_numbered_list_of_name_and_value_is_a_table_even_when_a_name_starts_with_a_digit()
    {
        var text = """
            1.孕产妇系统管理率≥90%
            2.3岁以下儿童系统管理率≥85%(2024年:80%)
            3.居民满意度较上年提高
            4.家庭医生签约人数12万人
            """;

        var indicators = DocumentReader.Read(text).Indicators;

        indicators.Select(i => $"{i.No}|{i.Name}|{i.Target?.Comparator}|{i.Target?.Value}{i.Target?.Text}|{i.Unit}|{i.PreviousTarget}").ShouldBe(
        [
            "1|孕产妇系统管理率|>=|90|%|",
            "2|3岁以下儿童系统管理率|>=|85|%|(2024, 80)",
            "3|居民满意度|qualitative|较上年提高||",
            "4|家庭医生签约人数|=|12|万人|",
        ]);
        DocumentReader.Read(text).ProseTargets.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(">=", "90", "≥90")]
    [InlineData("reduce_pct", "10", "比基期降低10%")]
    [InlineData("reduce_pp_per_year", "0.5", "每年降低0.5个百分点")]
    [InlineData("approx", "80", "80左右")]
    [InlineData("=", "2000", "2000")]
    public void Targets_are_written_as_plans_write_them(string word, string value, string written)
    {
        Yardstick.Core.Targets.Comparators.Written(word, value).ShouldBe(written);
        Yardstick.Core.Targets.Comparators.Chinese(word).ShouldNotContain("_");
    }

    /// <summary>
    /// Issue 26: a list numbered "(1)" that is really a table, its items ending in ";" and one item without a figure
    /// in the middle, is read as rows — the list goes on past the item it cannot read.
    /// </summary>
    [Fact]
    public void A_list_numbered_in_brackets_with_an_item_without_a_figure_is_read_as_rows()
    {
        var text = "须满足以下条件:\n\n(1)群眾對衛生狀況滿意率≥90%;\n\n(2)80%以上的社區建有體育健身設施;\n\n"
            + "(3)建成區綠化覆蓋率≥35%;\n\n(4)城市道路裝燈率達到100%;\n";

        var rows = DocumentReader.Read(text).Indicators;

        rows.Select(r => $"{r.Name}|{r.Target?.Comparator}{r.Target?.Value}").ShouldBe(
            ["群众对卫生状况满意率|>=90", "建成区绿化覆盖率|>=35", "城市道路装灯率|>=100"]);
    }

    /// <summary>
    /// Issue 26: a yearbook's table whose year columns run backwards (指标 | 2008年 | 2007年) reports what was reached
    /// and compares it with the year before: its rows are achievements of the first year, not targets.
    /// </summary>
    [Fact]
    public void A_table_whose_years_run_backwards_gives_achievements_not_targets()
    {
        var text = "表14 医疗卫生事业基本情况\n指 标\n|\n2008年\n|\n2007年\n|\n卫生机构数(个)\n|\n1770\n|\n2241\n|\n# 医院\n|\n165\n|\n163\n|\n";

        var reading = DocumentReader.Read(text);

        reading.Indicators.ShouldBeEmpty();
        reading.Achievements.Select(a => $"{a.Name}|{a.Value}|{a.Unit}|{a.Year}").ShouldBe(["卫生机构数|1770|个|2008", "医院|165||2008"]);
    }
}

/// <summary>Issue 26: a statistics table — labelled rows of plain counts under a header of measure words — is what was reached.</summary>
public class StatisticsTableReaderTests
{
    [Fact]
    public void Labelled_rows_of_counts_under_measure_words_are_achievements_of_the_caption_year()
    {
        var text = "表3 乡镇卫生院情况\n(2019年)\n  院数 床位数 卫生人员数\n(个) (张) (人)\n卫生院合计 40 1200 2300\n中心卫生院 12 600 1100\n28 600 1200\n一般卫生院 28 600 1200\n";

        var reading = DocumentReader.Read(text);
        var spaced = DocumentReader.Read(text.Replace("\n", "\n\n", StringComparison.Ordinal));

        spaced.Achievements.Select(a => a.Source).ShouldBe(reading.Achievements.Select(a => a.Source));
        reading.Indicators.ShouldBeEmpty();
        reading.Achievements.Select(a => $"{a.Name}|{a.Value}|{a.Unit}|{a.Year}").ShouldBe(
        [
            "卫生院院数|40|个|2019", "卫生院床位数|1200|张|2019", "卫生院卫生人员数|2300|人|2019",
            "中心卫生院院数|12|个|2019", "中心卫生院床位数|600|张|2019", "中心卫生院卫生人员数|1100|人|2019",
            "一般卫生院院数|28|个|2019", "一般卫生院床位数|600|张|2019", "一般卫生院卫生人员数|1200|人|2019",
        ]);
    }
}
