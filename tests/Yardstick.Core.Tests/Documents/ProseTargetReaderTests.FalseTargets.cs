using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>Issue 25 point 4: figures that are no target of the document, or whose name is a place, a body or a modifier.</summary>
public partial class ProseTargetReaderTests
{
    private static readonly string Tongliao = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", "001_tongliao_plan.txt"));

    private static string Plan(string goals) => "某市“十四五”卫生健康事业发展规划\n一、发展目标\n" + goals + "\n";

    [Fact]
    public void Issue_25_a_percentage_of_places_or_bodies_names_the_share_that_does_something_not_the_places()
    {
        var reading = DocumentReader.Read(Plan("""
            到2025年,全市70%的乡镇卫生院建成“群众满意的乡镇卫生院”,三级医院60%的门诊科室开展预约诊疗。
            90%的村卫生室、80%的社区卫生服务站至少配备1名全科医生。
            """));

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "乡镇卫生院建成群众满意的乡镇卫生院的比例|70|%",
            "三级医院门诊科室开展预约诊疗的比例|60|%",
            "村卫生室至少配备1名全科医生的比例|90|%",
            "社区卫生服务站至少配备1名全科医生的比例|80|%",
        ]);
    }

    [Fact]
    public void Issue_25_a_percentage_before_a_goal_or_a_base_is_not_a_share_of_things()
    {
        var reading = DocumentReader.Read(Plan("居民健康素养水平提高到30%的目标,门诊人次在增长5%的基础上保持稳定。"));

        reading.ProseTargets.Select(p => p.Name).ShouldNotContain(n => n.EndsWith("的比例", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_25_the_tongliao_plans_shares_of_towns_and_wards_are_named_for_what_they_reach()
    {
        var shares = DocumentReader.Read(Tongliao).ProseTargets.Where(p => p.Unit == "%" && p.Name.EndsWith("的比例", StringComparison.Ordinal)).Select(p => $"{p.Name}|{p.Value}");

        shares.ShouldBe(
        [
            "旗县(市、区)所在地城镇、苏木乡镇所在地的镇和城市社区建成健康示范城镇(社区)的比例|50",
            "二级及以上医院病房开展优质护理服务的比例|100",
        ]);
    }

    [Fact]
    public void Issue_25_one_thing_for_each_unit_is_a_standard_of_provision_not_a_count_to_reach()
    {
        var reading = DocumentReader.Read(Plan("""
            每个乡镇配备1名专职公共卫生医生,每户家庭拥有1本健康手册和1张就诊卡,各村卫生室配置1台心电图机。
            每个行政村至少建成1个村卫生室,每个乡镇卫生院配备救护车3辆,新建社区卫生服务中心1所。
            """));

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "村卫生室(每个行政村)|>=|1|个",
            "每个乡镇卫生院配备救护车|=|3|辆",
            "社区卫生服务中心|=|1|所",
        ]);
    }

    [Fact]
    public void Issue_25_the_tongliao_plans_family_doctor_health_record_and_card_for_each_household_are_not_targets()
    {
        var names = DocumentReader.Read(Tongliao).ProseTargets.Select(p => p.Name).ToList();

        names.ShouldNotContain(n => n.Contains("家庭医生", StringComparison.Ordinal) || n.Contains("动态管理", StringComparison.Ordinal) || n.Contains("服务功能", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_25_how_many_parts_a_programme_has_is_its_scope_not_a_figure()
    {
        var reading = DocumentReader.Read(Plan("""
            围绕控烟、减盐、限酒、健身、睡眠等6个专项行动,从4个方面推进健康细胞建设,建成健康促进医院12家。
            """));

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(["健康促进医院|12|家"]);
    }

    [Fact]
    public void Issue_25_the_tongliao_plans_count_of_actions_is_neither_a_target_nor_an_achievement()
    {
        var reading = DocumentReader.Read(Tongliao);

        reading.ProseTargets.Concat(reading.Achievements).ShouldNotContain(p => p.Name.EndsWith("行动", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_25_how_party_and_mass_organisations_are_built_is_not_a_health_target()
    {
        var reading = DocumentReader.Read(Plan("""
            坚持党建带群建,实现医院党支部全覆盖,工会组织覆盖率达到100%。推进乡镇卫生院标准化建设全覆盖,家庭医生签约服务率达到80%。
            """));

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value ?? 0}{p.Text}").ShouldBe(
        [
            "乡镇卫生院标准化建设|achieve|0全覆盖",
            "家庭医生签约服务率|>=|80",
        ]);
    }

    [Fact]
    public void Issue_25_the_tongliao_plan_sets_no_target_for_its_mass_organisations()
    {
        DocumentReader.Read(Tongliao).ProseTargets.ShouldNotContain(p => p.Name.Contains("群团", StringComparison.Ordinal));
    }

    [Fact]
    public void Issue_25_a_count_names_the_things_counted_with_what_they_have_or_did_never_a_modifier_or_a_verb_phrase()
    {
        var reading = DocumentReader.Read(Plan("""
            每个县至少有1所县级医院开设有床位的康复科,新建2个具有示范作用的紧密型医联体,3家医院晋升为三级医院。
            支持2所医院创建省级区域医疗中心。
            """));

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "开设有床位的康复科的县级医院(每个县)|>=|1|所",
            "具有示范作用的紧密型医联体|=|2|个",
            "晋升为三级医院的医院|=|3|家",
            "创建省级区域医疗中心的医院|=|2|所",
        ]);
    }

    [Fact]
    public void Issue_25_the_tongliao_plans_counted_facilities_are_named_for_what_they_provide()
    {
        var counted = DocumentReader.Read(Tongliao).ProseTargets.Where(p => p.Unit is "所" or "家" && p.Value == 1).Select(p => p.Name);

        counted.ShouldBe(
        [
            "设置有病房的精神科的公立医院(常住人口超过30万的旗县(市、区))",
            "设置精神心理门诊的旗县级公立医院(常住人口30万以下的旗县(市、区))",
            "设置有病房的儿科的公立综合医院(旗县)",
            "儿童医院或妇儿医院",
            "承担区域内职业病诊断的医疗卫生机构(市级)",
            "承担职业健康检查的医疗卫生机构(各旗县市区)",
        ]);
    }

    [Fact]
    public void Issue_25_a_count_of_places_that_scopes_the_next_count_is_not_a_figure_of_its_own()
    {
        var reading = DocumentReader.Read("""
            某县2021年卫生健康工作总结
            一、工作情况
            全县12个乡镇的35家村卫生室完成标准化改造,新建健康小屋8个。
            """);

        reading.Achievements.Select(p => $"{p.Name}|{p.Value}|{p.Unit}").ShouldBe(["完成标准化改造的村卫生室|35|家", "健康小屋|8|个"]);
    }

    [Fact]
    public void Issue_25_the_tongliao_plan_keeps_its_real_targets_and_none_of_the_ones_no_one_wrote()
    {
        var reading = DocumentReader.Read(Tongliao);
        var targets = reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}{p.Text}{p.Unit}").ToList();

        reading.Indicators.Count.ShouldBe(24);
        targets.ShouldContain("每千人口床位数|>=|8张");
        targets.ShouldContain("急救分站数量|>=|50个");
        targets.ShouldContain("法定传染病报告率|>=|95%");
        targets.ShouldContain("基层医疗卫生机构中医馆(蒙医馆)|achieve|全覆盖");
        targets.ShouldContain("登记在册的严重精神障碍患者管理率|>=|90%");
        foreach (var name in (string[])["旗县", "病房", "动态管理", "服务功能完善", "合格家庭医生", "群团组织", "具体行动"])
        {
            reading.ProseTargets.ShouldNotContain(p => p.Name == name);
        }
        targets.Count.ShouldBe(31);
    }

    [Fact]
    public void Issue_25_a_minimum_count_for_each_unit_of_a_kind_names_the_units_it_holds_for()
    {
        var reading = DocumentReader.Read(Plan("各乡镇至少建成1个标准化预防接种门诊,每个社区卫生服务中心不少于3名全科医生,新增救护车20辆。"));

        reading.ProseTargets.Select(p => $"{p.Name}|{p.Comparator}|{p.Value}|{p.Unit}").ShouldBe(
        [
            "标准化预防接种门诊(各乡镇)|>=|1|个",
            "全科医生(每个社区卫生服务中心)|>=|3|名",
            "救护车|=|20|辆",
        ]);
    }
}
