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
}
