using System.CommandLine;
using Spectre.Console;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Data.OrgUnits;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick import FILE…</c>: all files in one all-or-nothing transaction; every bad row is listed. A GeoJSON file
/// (<c>.geojson</c>, imported alone) gives org units their boundaries or points (<see cref="OrgUnitGeometries.ImportAsync"/>).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var files = new Argument<string[]>("FILE")
        {
            Description = "CSV / xlsx / DHIS2 JSON 文件; 种类由表头判断 (orgunits, dataelements, datasets, indicators, targets, rules, datavalues); 或一个 .geojson 文件 (机构边界与位置)",
            Arity = ArgumentArity.OneOrMore,
        };
        var actor = new Option<string>("--actor") { Description = "记入审计日志的操作人 (默认为当前系统用户)" };
        var ignoreLocks = new Option<bool>("--ignore-lock-dates")
        {
            Description = "补录历史数据: 不受报表锁定期限限制 (已上报待审核或已审核的报表仍不能改)",
        };
        var deleteBlanks = new Option<bool>("--delete-blank-values") { Description = "数值为空的行删除已存的值 (记入审计日志)" };
        var timing = new Option<bool>("--timing") { Description = "在标准错误输出中列出各阶段用时 (秒), 用于查找大批导入慢在哪里" };
        var parent = new Option<string?>("--parent") { Description = ".geojson: 没有 properties.code 或代码不存在的要素, 按 properties.name 在此机构的下级中匹配" };
        var partial = new Option<bool>("--partial") { Description = ".geojson: 有要素匹配不到机构时, 仍导入匹配到的 (列出未匹配的); 不给则全部不导入" };
        var command = new Command("import", "导入文件: 任一行有错则全部不导入, 并列出每个错误行 (文件:行号: 原因)") { files, actor, ignoreLocks, deleteBlanks, timing, parent, partial };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            await using var db = store.Location(result).Open();
            await SchemaMigrator.MigrateAsync(db, cancellationToken: cancellationToken);
            var importer = new Importer(db, TimeProvider.System)
            {
                IgnoreLockDates = result.GetValue(ignoreLocks),
                DeleteBlankValues = result.GetValue(deleteBlanks),
                SkipBlankValues = result.GetValue(deleteBlanks),
                PhaseTimed = result.GetValue(timing) ? (phase, took) => error.WriteLine($"用时 {took.TotalSeconds:F2} 秒: {phase}") : null,
            };
            var paths = result.GetValue(files)!;
            var who = result.GetValue(actor) ?? Environment.UserName;
            if (paths.Any(IsGeoJson))
            {
                if (paths.Length > 1)
                {
                    await error.WriteLineAsync("GeoJSON 文件 (.geojson) 请单独导入, 一次一个: 它按机构代码或名称匹配已有的机构, 不与其他文件一起检查。");
                    return 1;
                }
                if (!File.Exists(paths[0]))
                {
                    await error.WriteLineAsync($"{Path.GetFileName(paths[0])}: 文件不存在");
                    return 1;
                }
                var geometry = await OrgUnitGeometries.ImportAsync(db, TimeProvider.System, Path.GetFileName(paths[0]),
                    await File.ReadAllBytesAsync(paths[0], cancellationToken), result.GetValue(parent), result.GetValue(partial), who,
                    cancellationToken: cancellationToken);
                foreach (var issue in geometry.Issues)
                {
                    await (issue.IsError ? error : output).WriteLineAsync((issue.IsError ? "" : "未匹配: ") + issue);
                }
                await (geometry.Succeeded ? output : error).WriteLineAsync(geometry.Succeeded
                    ? $"导入完成: {geometry.Features} 个要素, 匹配 {geometry.Matched} 个机构, 更新 {geometry.Stored} 个边界或位置"
                    : $"导入失败: {geometry.Issues.Count(i => i.IsError)} 处错误, 未写入任何边界。");
                return geometry.Succeeded ? 0 : 1;
            }
            var outcome = await WithProgressAsync(p => importer.ImportAsync(paths, who, p, cancellationToken));
            await Report(outcome, output, error);
            return outcome.Succeeded ? 0 : 1;
        });
        return command;
    }

    private static bool IsGeoJson(string path) => Path.GetExtension(path).Equals(".geojson", StringComparison.OrdinalIgnoreCase);

    internal static async Task Report(ImportResult outcome, TextWriter output, TextWriter error)
    {
        foreach (var issue in outcome.Issues)
        {
            await (issue.IsError ? error : output).WriteLineAsync((issue.IsError ? "" : "提示: ") + issue);
        }
        if (outcome.Succeeded)
        {
            var counts = string.Join(", ", outcome.Rows.Where(r => r.Value > 0).Select(r => $"{r.Key.Word()} {r.Value} 行"));
            await output.WriteLineAsync(counts.Length > 0 ? $"导入完成: {counts}" : "导入完成");
        }
        else
        {
            await error.WriteLineAsync($"导入失败: {outcome.Issues.Count(i => i.IsError)} 处错误, 未写入任何数据。");
        }
    }

    /// <summary>Shows a progress bar for the values written when a person watches a terminal; plain otherwise.</summary>
    internal static async Task<T> WithProgressAsync<T>(Func<IProgress<long>?, Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(null);
        }
        T result = default!;
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask("写入数据值").IsIndeterminate();
            result = await work(new Progress<long>(n => task.Description = $"写入数据值 {n:N0}"));
        });
        return result;
    }
}
