using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>A PDF's text layer as <c>pdftotext -layout</c> gives it, cleaned to what the author wrote.</summary>
public class PdfLayoutTextTests
{
    [Fact]
    public void Page_numbers_running_headers_and_hard_line_breaks_go_tables_stay()
    {
        var layout = string.Join('\f',
            """
            某县卫生健康工作要点
              一、加强公共卫生体系建设,到2025年家庭医生签约服务率达到
            75%以上,孕产妇系统管理率达到90%以上。
            指标            2020年        2025年
            婴儿死亡率      5.34          <8
                                   - 1 -
            """,
            """
            某县卫生健康工作要点
            1.做好传染病监测预警。完善多点触发机制,提高早期发现
            能力。(县疾控中心牵头)
                                   - 2 -
            """);

        var text = PdfLayoutText.Clean(layout);

        text.ShouldBe("""
            一、加强公共卫生体系建设,到2025年家庭医生签约服务率达到75%以上,孕产妇系统管理率达到90%以上。
            指标            2020年        2025年
            婴儿死亡率      5.34          <8
            1.做好传染病监测预警。完善多点触发机制,提高早期发现能力。(县疾控中心牵头)

            """.ReplaceLineEndings("\n"));
    }
}
