using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>Seed 002 (常州新北区 2021年全区卫生健康工作要点) exercises numbered tasks that end in (牵头领导:…;责任处室:…),
/// several leads and units to a field, under 一、二、… section headings.</summary>
public class TaskReaderTests
{
    private static readonly string Changzhou = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", "002_changzhou_workpoints.txt"));

    // Hand-copied from the document: number, title, leads, responsible units.
    private static readonly string[] Expected =
    [
        "1|强化政治建设|唐爱民|卫健一处",
        "2|强化主体责任|唐爱民、陈海华、邱新天|卫健一处",
        "3|抓好新冠肺炎疫情常态化防控|唐爱民、陈海华、邱新天|卫健二处、卫健三处、区疾控中心",
        "4|加强公共卫生应急体系建设|唐爱民、陈海华、邱新天|卫健一处、卫健二处、卫健三处、区疾控中心",
        "5|加强疾病预防控制|陈海华|卫健二处、区疾控中心",
        "6|提升基本公共卫生服务实效|陈海华|卫健二处",
        "7|实施肿瘤筛查项目|邱新天|卫健三处",
        "8|提升职业健康管理水平|陈海华|卫健二处、区疾控中心、区卫生监督所",
        "9|积极落实分级诊疗制度|邱新天|卫健三处",
        "10|提升基层医疗机构服务能力|邱新天|卫健三处",
        "11|提升院前急救能力|邱新天|卫健三处",
        "12|持续提升信息化水平|陈海华|卫健二处",
        "13|加强基层中医药服务体系建设|邱新天|卫健三处",
        "14|加强中医人才培养|邱新天|卫健三处",
        "15|推进健康城镇和“健康细胞”建设|陈海华|爱卫办",
        "16|深入开展爱国卫生运动|陈海华|爱卫办",
        "17|持续加强母婴健康保障工作|陈海华|卫健二处、区妇计中心",
        "18|提升人口与家庭发展能力|唐爱民|卫健四处",
        "19|加强老龄健康服务|唐爱民|卫健四处、老龄办",
        "20|精心谋划全区卫生健康“十四五”规划|唐爱民|综合计财处",
        "21|强化卫生健康法治保障|唐爱民、陈海华、邱新天|局机关各处室、区卫生监督所",
        "22|加强卫生人才引育工作|唐爱民|卫健一处",
        "23|加强宣传教育和舆论引导|唐爱民|综合计财处",
        "24|抓好安全生产巩固提升|唐爱民|局机关各处室、区直属事业单位",
    ];

    [Fact]
    public void Seed_002_yields_all_24_tasks_with_their_leads_and_departments()
    {
        var reading = DocumentReader.Read(Changzhou);

        reading.Title.ShouldBe("2021年全区卫生健康工作要点");
        reading.Kind.ShouldBe("workpoints");
        reading.Tasks.Select(t => $"{t.No}|{t.Title}|{string.Join('、', t.Leads)}|{string.Join('、', t.Responsible)}").ShouldBe(Expected);
    }

    [Fact]
    public void A_task_keeps_its_section_body_and_exact_source()
    {
        var task = DocumentReader.Read(Changzhou).Tasks[6];

        task.Section.ShouldBe("完善公共卫生体系建设");
        task.Body.ShouldContain("按时完成2000人的筛查任务");
        task.Body.ShouldNotContain("牵头领导");
        Changzhou.ShouldContain(task.Source);
        task.Source.ShouldStartWith("7.实施肿瘤筛查项目");
    }

    // Written for this test in the ways work points name owners; no corpus or seed sentence.
    private const string ManyForms = """
        某区2025年卫生健康重点工作任务分解

        一、提升公共卫生服务能力

        (一)做好传染病监测预警。完善多点触发机制。(区疾控中心牵头,区卫生监督所、各街道参与)

        (二)推进慢病综合防治。开展高血压、糖尿病

          患者规范管理。(区卫健委医政科、区中医院按职责分工负责)

        二、深化医改

        1.推动紧密型医共体建设。
        牵头责任单位:区卫健委体改科
        主要协作单位:区医保局、区财政局
        完成时限:2025年12月

        2.完善家庭医生签约服务。(牵头单位:基层卫生科;配合单位:各镇(街道)卫生院;完成时限:2025年9月)

        三、强化保障

        ①加强人才培养。落实住院医师规范化培训。(人事科负责)
        """;

    [Fact]
    public void Owners_are_read_however_they_are_written()
    {
        var tasks = DocumentReader.Read(ManyForms).Tasks;

        tasks.Select(t => $"{t.No}|{t.Title}|{string.Join('、', t.Leads)}|{string.Join('、', t.Responsible)}|{string.Join('、', t.Cooperating)}|{t.Deadline}").ShouldBe(
        [
            "(一)|做好传染病监测预警|区疾控中心|区卫生监督所、各街道|区卫生监督所、各街道|",
            "(二)|推进慢病综合防治|区卫健委医政科、区中医院|||",
            "1|推动紧密型医共体建设|区卫健委体改科|区医保局、区财政局|区医保局、区财政局|2025年12月",
            "2|完善家庭医生签约服务|基层卫生科|各镇(街道)卫生院|各镇(街道)卫生院|2025年9月",
            "①|加强人才培养|人事科|||",
        ]);
        // The title is the first sentence even when a PDF wrapped the paragraph; the body keeps the wrapped text whole.
        tasks[1].Body.ShouldBe("开展高血压、糖尿病患者规范管理。");
        tasks[0].Section.ShouldBe("提升公共卫生服务能力");
    }

    [Fact]
    public void Headings_goals_and_indicator_lines_are_not_tasks()
    {
        var text = """
            某县2024年健康促进行动方案
            一、工作目标
            (一)居民健康素养水平≥28%
            (二)经常参加体育锻炼人数比例达到40%
            二、重点任务
            (一)普及健康知识
            1.开展健康科普进社区活动。每季度至少一次。
            2.建设健康步道。
            三、项目信息
            (1)项目名称:健康步道建设。
            """;

        DocumentReader.Read(text).Tasks.Select(t => t.No).ShouldBe(["1", "2"]);
    }

    [Theory]
    [InlineData("一.", "一")]
    [InlineData("㈠", "㈠")]
    [InlineData("第一,", "第一,")]
    [InlineData("1)", "1)")]
    [InlineData("⑴", "⑴")]
    public void Numbers_of_every_style_start_a_task(string number, string no)
    {
        var text = $"某区2025年卫生健康工作要点\n{number}做好季节性传染病防控工作。\n";

        DocumentReader.Read(text).Tasks.ShouldHaveSingleItem().No.ShouldBe(no);
    }

    [Fact]
    public void A_closing_bracket_of_unit_names_alone_names_the_lead_first()
    {
        var text = """
            某市2025年卫生健康工作要点
            1.推进紧密型县域医共体建设。(市卫生健康委、市医保局、市财政局)
            2.完善村卫生室运行补助机制。【市卫生健康委】
            """;

        var tasks = DocumentReader.Read(text).Tasks;

        tasks.Select(t => $"{t.No}|{string.Join('、', t.Leads)}|{string.Join('、', t.Responsible)}")
            .ShouldBe(["1|市卫生健康委|市医保局、市财政局", "2|市卫生健康委|"]);
    }

    [Fact]
    public void A_bracket_of_places_or_facilities_names_no_owner()
    {
        var text = """
            某县卫生健康发展规划
            二、主要任务
            1.加强基层医疗卫生机构建设(乡镇卫生院、村卫生室)。
            """;

        var task = DocumentReader.Read(text).Tasks.ShouldHaveSingleItem();

        task.Leads.ShouldBeEmpty();
    }

    [Fact]
    public void Under_a_units_column_a_cell_of_unit_names_is_the_rows_owners()
    {
        var text = """
            某省妇女发展规划主要目标任务责任分工
            序号 主要任务 责任单位
            1.完善妇幼健康服务体系
            省卫生健康委
            省发展改革委、省财政厅
            2.提高妇女常见病筛查率
            省卫生健康委、省妇联
            """;

        var reading = DocumentReader.Read(text);

        reading.Kind.ShouldBe("workpoints");
        reading.Tasks.Select(t => $"{t.No}|{string.Join('、', t.Leads)}|{string.Join('、', t.Responsible)}")
            .ShouldBe(["1|省卫生健康委|省发展改革委、省财政厅", "2|省卫生健康委|省妇联"]);
    }

    [Fact]
    public void A_plan_that_hands_numbered_tasks_to_named_units_is_work_points()
    {
        var text = """
            某市健康城市建设实施方案
            到2025年,全市居民健康素养水平达到30%。
            1.开展健康细胞建设。(牵头单位:市卫生健康委;责任单位:各区)
            2.推进控烟工作。(市爱卫办牵头,市教育局配合)
            """;

        DocumentReader.Read(text).Kind.ShouldBe("workpoints");
    }

    /// <summary>
    /// A responsibility table flattened to one cell per line: points (——) under each numbered item, then its unit cells; the
    /// first unit of each row leads, the others — a unit written without 厅/局 among them — are responsible; a page number
    /// among the cells is no unit.
    /// </summary>
    [Fact]
    public void Unit_cells_after_an_items_points_are_its_owners()
    {
        var reading = DocumentReader.Read("""
            某区2023年妇幼健康工作任务分解表
            序号 主要任务 牵头单位 配合单位
            1.儿童健康服务覆盖全区。
            ——儿童健康管理率达到90%。
            区卫健委
            区教育局
            区财政局
            ——儿童眼保健覆盖率提高。
            区卫健委
            区残联
            2.提高出生缺陷防治水平。
            区卫健委
            区新闻出版
            区民政局
            3
            """);

        reading.Tasks.Select(t => $"{t.No}|{t.Title}|{string.Join('、', t.Leads)}|{string.Join('、', t.Responsible)}").ShouldBe(
        [
            "1|儿童健康服务覆盖全区|区卫健委|区教育局、区财政局、区残联",
            "2|提高出生缺陷防治水平|区卫健委|区新闻出版、区民政局",
        ]);
    }

    /// <summary>
    /// A plan's items as titles with their paragraph below, and items that start with a verb of work under a heading that is
    /// itself an action, are tasks; "name reaches value" after an action is the task's aim, not an indicator line.
    /// </summary>
    [Fact]
    public void Titles_with_a_body_and_actions_under_an_action_heading_are_tasks()
    {
        var reading = DocumentReader.Read("""
            某县全民健康行动方案
            三、主要任务
            (一)加强慢性病综合防控
            以高血压、糖尿病为重点,推进医防融合,建立慢性病患者健康管理团队。
            (二)提升基层服务能力
            全面推进乡镇卫生院标准化建设,加强村医队伍建设和培训工作。
            四、其他
            (一)解决儿童健康突出问题,提高儿童健康水平
            1.启动儿童视力筛查项目,筛查率达到90%。
            2.做好新生儿疾病筛查工作。
            """);

        reading.Tasks.Select(t => $"{t.No}|{t.Title}").ShouldBe(
        [
            "(一)|加强慢性病综合防控",
            "(二)|提升基层服务能力",
            "1|启动儿童视力筛查项目,筛查率达到90%",
            "2|做好新生儿疾病筛查工作",
        ]);
    }

    /// <summary>Without a heading, a plan's numbered items are tasks when they read as actions or commit to a figure; a
    /// page's numbered furniture is not.</summary>
    [Fact]
    public void Headless_items_are_tasks_only_when_they_act_or_commit_to_a_figure()
    {
        var reading = DocumentReader.Read("""
            某县卫生健康发展规划
            1、年内新建社区卫生服务站。
            2、居民健康档案建档率稳定在90%以上。
            版权声明
            1、本网所有内容的版权均属于作者。未经书面许可,不得转载。
            """);

        reading.Tasks.Select(t => $"{t.No}|{t.Title}").ShouldBe(["1|年内新建社区卫生服务站", "2|居民健康档案建档率稳定在90%以上"]);
    }
}
