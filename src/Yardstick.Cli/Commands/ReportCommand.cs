using Yardstick.Data.Values;
using System.CommandLine;
using Yardstick.Data.Reports;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick report</c> (年度监测 / 中期评估 / 终期评估 as .docx or .xlsx) and <c>yardstick notice</c> (通报 as .docx):
/// the documents a commission sends, written from the store's figures.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var (store, plan, orgUnit, year, output) = Options("报告文件: .docx (公文格式, 附图表), .xlsx (同样的表格) 或 .pdf (由 Chromium 打印网页版)");
        var kind = new Option<string>("--kind") { Description = "monitoring (年度监测) | midterm (中期评估) | final (终期评估)", DefaultValueFactory = _ => "monitoring" };
        kind.AcceptOnlyFromAmong("monitoring", "midterm", "final");
        var group = new Option<string?>("--group") { Description = "机构分组代码: 报告只计该分组在本机构之内的成员" };
        var approvedOnly = new Option<string?>("--approved-only") { Description = "只统计已审核数据: 审核到该层级的报表 (市、县), 或 全部 (最终审核通过); 报告标题写明" };
        var command = new Command("report", "生成规划评估报告: 总体情况、指标完成表、滞后指标及责任处室、重点任务、数据质量") { plan, orgUnit, year, kind, group, approvedOnly, output };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(output)!;
            var error = result.InvocationConfiguration.Error;
            if (Path.GetExtension(path).ToLowerInvariant() is not (".docx" or ".xlsx" or ".pdf"))
            {
                await error.WriteLineAsync($"--out 须为 .docx、.xlsx 或 .pdf: {path}");
                return 1;
            }
            var db = await store.OpenExistingAsync(result, cancellationToken);
            if (db is null)
            {
                return 1;
            }
            await using (db)
            {
                var reportKind = result.GetValue(kind) switch { "midterm" => ReportKind.Midterm, "final" => ReportKind.Final, _ => ReportKind.Monitoring };
                var (report, problem) = await PlanReport.BuildAsync(db, EngineLoader.OneShot, result.GetValue(plan)!, result.GetValue(orgUnit)!, result.GetValue(year), reportKind,
                    Core.Model.LocalClock.Today(TimeProvider.System), result.GetValue(group), result.GetValue(approvedOnly), cancellationToken);
                if (report is null)
                {
                    await error.WriteLineAsync(problem);
                    return 1;
                }
                string? note;
                try
                {
                    note = await ReportDocuments.WriteAsync(path, report, cancellationToken);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    await error.WriteLineAsync(e.Message);
                    return 1;
                }
                if (note is not null)
                {
                    await error.WriteLineAsync("提示: " + note);
                }
                await result.InvocationConfiguration.Output.WriteLineAsync(report.Summary());
                await result.InvocationConfiguration.Output.WriteLineAsync($"已写出 {Path.GetFullPath(path)}");
                return 0;
            }
        });
        return command;
    }

    public static Command CreateNotice()
    {
        var (store, plan, orgUnit, year, output) = Options("通报文件 (.docx)");
        var organ = new Option<string?>("--organ-code") { Description = "发文字号的机关代字 (如 通卫健); 缺省取单位名称首字加「卫健」" };
        var number = new Option<int?>("--number") { Description = "发文字号的序号; 缺省留空 (〔年份〕　号), 印发时手填" };
        var group = new Option<string?>("--group") { Description = "机构分组代码: 各下级单位只计该分组在其之内的成员, 没有成员的下级单位不列" };
        var command = new Command("notice", "生成通报: 列出目标进度滞后或数据报送不完整的下级单位, 按滞后目标数排名") { plan, orgUnit, year, output, organ, number, group };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var db = await store.OpenExistingAsync(result, cancellationToken);
            if (db is null)
            {
                return 1;
            }
            await using (db)
            {
                var (notice, problem) = await NoticeReport.BuildAsync(db, EngineLoader.OneShot, result.GetValue(plan)!, result.GetValue(orgUnit)!, result.GetValue(year),
                    Core.Model.LocalClock.Today(TimeProvider.System), cancellationToken, groupCode: result.GetValue(group));
                if (notice is null)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync(problem);
                    return 1;
                }
                notice = notice with { OrganCode = result.GetValue(organ), Number = result.GetValue(number) };
                var path = result.GetValue(output)!;
                notice.WriteDocx(path);
                if (notice.Subject is { } subject)
                {
                    await result.InvocationConfiguration.Output.WriteLineAsync($"{subject}: {notice.GroupDefinition}");
                }
                foreach (var line in notice.Lines)
                {
                    await result.InvocationConfiguration.Output.WriteLineAsync($"{line.Rank}. {line.OrgUnit}: 滞后 {line.Lagging.Count} 项, 年度数据不全的指标 {line.Unreported.Count} 项"
                        + (line.LateReports.Count > 0 ? ", " + string.Join("; ", line.LateReports) : ""));
                }
                await result.InvocationConfiguration.Output.WriteLineAsync($"已写出 {Path.GetFullPath(path)}");
                return 0;
            }
        });
        return command;
    }

    private static (StoreOptions Store, Option<string> Plan, Option<string> OrgUnit, Option<int> Year, Option<string> Output) Options(string outputHelp) =>
        (new StoreOptions(),
            new Option<string>("--plan") { Description = "规划代码", Required = true },
            new Option<string>("--orgunit") { Description = "组织机构代码", Required = true },
            new Option<int>("--year") { Description = "年份", Required = true },
            new Option<string>("--out") { Description = outputHelp, Required = true });
}
