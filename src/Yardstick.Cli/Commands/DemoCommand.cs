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
            var (seeded, lines) = await TongliaoDemo.SeedAsync(context, Path.Combine(AppContext.BaseDirectory, "demo"), TimeProvider.System,
                cancellationToken: cancellationToken);
            foreach (var line in lines)
            {
                await (seeded ? output : result.InvocationConfiguration.Error).WriteLineAsync(line);
            }
            if (!seeded)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("演示库建立失败。");
                return 1;
            }
            var y = result.GetValue(year);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"通辽市“十四五”卫生健康事业发展规划 主要发展指标 — {y}年监测 (数据为合成演示数据, 非真实统计)");
            var (rows, error) = await Evaluations.PlanAsync(context, EngineLoader.OneShot, TongliaoDemo.PlanCode, TongliaoDemo.CityCode, y, result.GetValue(children), cancellationToken);
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
