using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Reports;

/// <summary>
/// The report as one self-contained HTML page (A4 print CSS, charts as inline SVG): what headless Chromium prints to
/// PDF, and where the chart images of the .docx come from. Same figures as the .docx: both come from
/// <see cref="ReportDocuments.TableRows"/>.
/// </summary>
public static class ReportHtml
{
    private const string Fonts = "'FangSong','仿宋','STFangsong','Noto Serif CJK SC','Noto Sans CJK SC',serif";

    public static string Page(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(report.PlanName)}}</title>
            <style>
            @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
            body { font-family: {{Fonts}}; font-size: 16pt; line-height: 28pt; color: #000; }
            h1 { font-family: 'Noto Serif CJK SC','SimSun',serif; font-size: 22pt; text-align: center; line-height: 1.5; margin: 0; }
            h2 { font-family: 'SimHei','黑体','Noto Sans CJK SC',sans-serif; font-size: 16pt; font-weight: normal; margin: 12pt 0 0; }
            h3 { font-family: 'KaiTi','楷体','Noto Serif CJK SC',serif; font-size: 16pt; font-weight: normal; margin: 0; }
            p { text-indent: 2em; margin: 0; text-align: justify; }
            .centre { text-align: center; text-indent: 0; }
            table { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 14pt; }
            th, td { border: 0.5pt solid #000; padding: 2pt; text-align: center; }
            /* A heading never ends a page; a table's heading row repeats on every page and is never left alone at a page's foot. */
            h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
            thead { display: table-header-group; }
            tr { break-inside: avoid; page-break-inside: avoid; }
            h2 + table, thead, thead + tbody tr:first-child { break-before: avoid; page-break-before: avoid; }
            </style></head><body>
            <h1>{{E(report.PlanName)}}</h1><h1>{{E(Title(report))}}</h1><p class="centre">（{{E(report.OrgUnitName)}}）</p>
            <h2>一、总体情况</h2><p>{{E(report.Summary())}}</p>
            {{Chart(report)}}
            <h2>二、主要指标完成情况</h2><table><thead><tr>
            """);
        foreach (var h in ReportDocuments.TableHeader(report.Kind))
        {
            html.Append("<th>").Append(E(h)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in ReportDocuments.TableRows(report))
        {
            html.Append("<tr>");
            foreach (var c in row)
            {
                html.Append("<td>").Append(E(c)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table><h2>三、进度滞后的指标</h2>");
        foreach (var line in ReportDocuments.LaggingLines(report))
        {
            html.Append("<p>").Append(E(line)).Append("</p>");
        }
        if (report.WarningLines() is { Count: > 0 } warnings)
        {
            html.Append("<h3>预警</h3>");
            foreach (var line in warnings)
            {
                html.Append("<p>").Append(E(line)).Append("</p>");
            }
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    public static string Title(PlanReport report) => PlanReport.Title(report.Kind, report.Year);

    /// <summary>
    /// Progress toward each target as horizontal bars coloured by status (green met or on track, amber lagging, red
    /// worse than the baseline, grey no data), capped at 100%: people read the picture before the table.
    /// </summary>
    public static string Chart(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Room on the left for a name of 22 characters at 13 px (65岁及以上老年人城乡社区规范健康管理服务率), on the right for 较基期恶化.
        const int Left = 300, Width = 320;
        var height = ChartHeight(report);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="700" height="{height}" viewBox="0 0 700 {height}" font-family="'Noto Sans CJK SC',sans-serif" font-size="13">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="700" height="{height}" fill="#fff"/><text x="350" y="18" text-anchor="middle" font-size="15">各项指标完成进度 ({report.Year}年)</text>""");
        for (var k = 0; k < report.Rows.Count; k++)
        {
            var r = report.Rows[k];
            var y = Top + (k * RowHeight);
            var share = r.Evaluation.Status == TargetStatus.Achieved ? 1m : Math.Clamp((r.Evaluation.ProgressPct ?? 0) / 100, 0, 1);
            var colour = r.Evaluation.Status switch
            {
                TargetStatus.Achieved or TargetStatus.OnTrack => "#5cb85c",
                TargetStatus.Lagging => "#f0ad4e",
                TargetStatus.Worsened or TargetStatus.Overdue => "#d9534f",
                TargetStatus.NotMet => "#f0ad4e",
                TargetStatus.NoData or TargetStatus.Incomplete or TargetStatus.NoBaseline or TargetStatus.NoUnitData => "#bbbbbb",
                _ => throw new UnreachableException(),
            };
            var name = r.Indicator.Name.Length > 22 ? r.Indicator.Name[..21] + "…" : r.Indicator.Name;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y + 15}" text-anchor="end">{E(name)}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{y + 3}" width="{Width}" height="{RowHeight - 6}" fill="#f2f2f2"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{y + 3}" width="{(int)(Width * share)}" height="{RowHeight - 6}" fill="{colour}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left + Width + 6}" y="{y + 15}">{E(r.StatusText)}</text>""");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private const int RowHeight = 22, Top = 30;

    /// <summary>The chart's height in pixels: a row per target.</summary>
    public static int ChartHeight(PlanReport report) => Top + ((report?.Rows.Count ?? 0) * RowHeight) + 20;

    /// <summary>The chart alone on a page sized to it, for a screenshot.</summary>
    public static string ChartPage(PlanReport report) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>html,body{{margin:0;padding:0;background:#fff}}</style></head><body>{Chart(report)}</body></html>";

    // Every text of the page goes through ChineseText.Punctuate, as the .docx's does: full-width ，；：（） in Chinese sentences.
    private static string E(string text) => WebUtility.HtmlEncode(Core.Text.ChineseText.Punctuate(text));
}
