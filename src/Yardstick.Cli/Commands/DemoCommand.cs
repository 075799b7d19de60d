using System.CommandLine;
using Yardstick.Core.Documents;
using Yardstick.Data;
using Yardstick.Data.Demo;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick demo</c>: builds a fresh embedded database with the Tongliao plan and its synthetic data
/// through the ordinary importer, then prints the plan's evaluation for the city and its 旗县市区.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "演示数据库文件 (会被重建)", DefaultValueFactory = _ => "yardstick-demo.db" };
        var year = new Option<int>("--year") { Description = "评价年份", DefaultValueFactory = _ => TongliaoDemo.LastYear };
        var children = new Option<bool>("--children") { Description = "同时列出各旗县市区" };
        var command = new Command("demo", "用通辽市“十四五”规划和合成数据建立演示库, 并打印评价表") { db, year, children };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var path = result.GetValue(db)!;
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(f);
            }
            await using var context = DatabaseLocation.Sqlite(path).Open();
            await SchemaMigrator.MigrateAsync(context, cancellationToken: cancellationToken);
            var folder = Path.Combine(AppContext.BaseDirectory, "demo", "tongliao");
            var tables = new List<SourceTable>();
            foreach (var file in TongliaoDemo.MetadataFiles(folder))
            {
                var (read, issues) = SourceTable.Read(file);
                if (issues.Count > 0)
                {
                    await ImportCommand.Report(new ImportResult(issues, new Dictionary<InterchangeKind, int>()), output, result.InvocationConfiguration.Error);
                    return 1;
                }
                tables.AddRange(read);
            }
            tables.Add(TongliaoDemo.SyntheticValues());
            var outcome = await new Importer(context, TimeProvider.System).ImportAsync(tables, "demo", TongliaoDemo.Source, cancellationToken: cancellationToken);
            await ImportCommand.Report(outcome, output, result.InvocationConfiguration.Error);
            if (!outcome.Succeeded)
            {
                return 1;
            }
            // The plans come from the commission's own documents, read the way `yardstick import-plan` reads them.
            foreach (var (document, code, unit) in new[]
            {
                (TongliaoDemo.PlanDocument(folder), TongliaoDemo.PlanCode, (string?)TongliaoDemo.CityCode),
                (Path.Combine(AppContext.BaseDirectory, "demo", "changzhou", "workpoints.txt"), "CZ2021", null),
            })
            {
                var reading = DocumentReader.Read(DocumentFile.ReadText(document));
                var stored = await new Importer(context, TimeProvider.System).ImportPlanAsync(reading, code, unit, "demo", Path.GetFileName(document), cancellationToken);
                await ImportCommand.Report(stored, output, result.InvocationConfiguration.Error);
                if (!stored.Succeeded)
                {
                    return 1;
                }
                await output.WriteLineAsync($"读取《{reading.Title}》存为规划 {code}: 主要发展指标 {reading.Indicators.Count} 项, 文中目标 {reading.ProseTargets.Count} 项, "
                    + $"重点任务 {reading.Tasks.Count} 项, 附表目标 {reading.Annex.Count} 项");
            }
            var y = result.GetValue(year);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"通辽市“十四五”卫生健康事业发展规划 主要发展指标 — {y}年监测 (数据为合成演示数据, 非真实统计)");
            var (rows, error) = await Evaluations.PlanAsync(context, TongliaoDemo.PlanCode, TongliaoDemo.CityCode, y, result.GetValue(children), cancellationToken);
            if (rows is null)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(error);
                return 1;
            }
            await EvaluationOutput.Table(rows, output);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"演示库: {Path.GetFullPath(path)}。试试: yardstick evaluate --db {path} --plan TL14 --orgunit 150500 --year {y} --children --format json");
            return 0;
        });
        return command;
    }
}
