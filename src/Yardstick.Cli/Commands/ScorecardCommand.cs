using Yardstick.Data.Values;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Targets;
using Yardstick.Data.Reports;

namespace Yardstick.Cli.Commands;

/// <summary><c>yardstick scorecard --plan C --orgunit C --year Y [--scheme F] [--out F.xlsx] [--group G]</c>: the 考核 of a unit's children (restricted to a group).</summary>
public static class ScorecardCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var plan = new Option<string>("--plan") { Description = "规划代码", Required = true };
        var orgUnit = new Option<string>("--orgunit") { Description = "上级单位代码: 对其下级单位考核排名", Required = true };
        var year = new Option<int>("--year") { Description = "考核年份", Required = true };
        var scheme = new Option<string?>("--scheme") { Description = "计分方案 CSV (indicator,weight,rule,deduction,floor; indicator 为指标代码或文件目标编号如 #12; rule: 达标得满分/按进度/按差距扣分/一票否决/加分项; indicator 写 tasks 为重点任务完成情况); 默认各目标等权、按进度得分 (文件目标只计有下级单位数据或登记结果的)" };
        var output = new Option<string?>("--out") { Description = "写出 .xlsx (按得分着色的考核表和计分规则)" };
        var group = new Option<string?>("--group") { Description = "机构分组代码: 各下级单位只计该分组在其之内的成员, 没有成员的下级单位不参加排名" };
        var command = new Command("scorecard", "考核: 按规划目标给下级单位计分、排名 (并列同名次), 与上年比较") { plan, orgUnit, year, scheme, output, group };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            IReadOnlyList<ScoringItem>? items = null;
            if (result.GetValue(scheme) is { } schemePath)
            {
                if (!File.Exists(schemePath))
                {
                    await error.WriteLineAsync($"文件不存在: {schemePath}");
                    return 1;
                }
                var (parsed, errors) = ScoringScheme.Parse(await File.ReadAllTextAsync(schemePath, cancellationToken));
                if (errors.Count > 0)
                {
                    foreach (var e in errors)
                    {
                        await error.WriteLineAsync($"{Path.GetFileName(schemePath)}: {e}");
                    }
                    return 1;
                }
                items = parsed;
            }
            var db = await store.OpenExistingAsync(result, cancellationToken);
            if (db is null)
            {
                return 1;
            }
            await using (db)
            {
                var (report, problem) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, result.GetValue(plan)!, result.GetValue(orgUnit)!, result.GetValue(year), items,
                    Core.Model.LocalClock.Today(TimeProvider.System), cancellationToken, result.GetValue(group));
                if (report is null)
                {
                    await error.WriteLineAsync(problem);
                    return 1;
                }
                var table = new Table().Title($"{report.PlanName} {report.Year}年考核 ({report.OrgUnitName}下级单位)");
                foreach (var column in new[] { "排名", "单位", "总分", "较上年", "上年排名", "滞后项 (进度滞后或较基期恶化)" })
                {
                    table.AddColumn(column);
                }
                foreach (var u in report.Units)
                {
                    var missed = u.Items.Where(i => i.Status.IsLagging()).Select(i => report.Names[i.Key]).ToList();
                    var lagging = missed.Count == 0 ? "—" : $"{missed.Count}项: {string.Join("、", missed.Take(3))}{(missed.Count > 3 ? "等" : "")}";
                    table.AddRow(Markup.Escape(u.Rank.ToString(CultureInfo.InvariantCulture)), Markup.Escape(u.OrgUnitName + (u.Vetoed ? " (一票否决)" : "")),
                        Number(u.Total), u.Change is { } c ? Number(c) : "—", u.PreviousRank?.ToString(CultureInfo.InvariantCulture) ?? "—", Markup.Escape(lagging));
                }
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(stdout),
                    Ansi = stdout == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
                });
                console.Profile.Width = Math.Max(console.Profile.Width, 160);
                if (report.GroupDefinition is { } definition)
                {
                    console.WriteLine(definition);
                }
                console.Write(table);
                foreach (var note in report.Notes())
                {
                    console.WriteLine(note);
                }
                if (result.GetValue(output) is { } path)
                {
                    XlsxWriter.Write(path, report.Sheets());
                    await stdout.WriteLineAsync($"已写出 {Path.GetFullPath(path)}");
                }
                return 0;
            }
        });
        return command;
    }

    private static string Number(decimal value) => Scorecard.Rounded(value).ToString("0.##", CultureInfo.InvariantCulture);
}
