using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Yardstick.Core.Documents;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick import-plan FILE --plan CODE</c>: stores what the reader found in a plan, work points or summary —
/// or a reading someone reviewed and edited as JSON — as a new plan with its targets, items and tasks, all or nothing.
/// </summary>
public static class ImportPlanCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var file = new Argument<string>("FILE") { Description = "文档 (.txt、.docx、.doc、.wps、.pdf、.xlsx/.xls、网页 .html/.htm), 或经人工核对修改过的识别结果 (yardstick read --format json 的输出, .json)" };
        var plan = new Option<string>("--plan") { Description = "新规划的代码 (如 TL14)", Required = true };
        var orgUnit = new Option<string?>("--orgunit") { Description = "规划目标所属的组织机构代码 (默认: 库中唯一的顶级机构)" };
        var actor = new Option<string>("--actor") { Description = "记入审计日志的操作人 (默认为当前系统用户)" };
        var command = new Command("import-plan", "把文档识别结果存为一个新规划: 指标表中已建指标的行成为目标, 文中目标、完成情况、附表与重点任务全部保存; 全部成功或全部不写") { file, plan, orgUnit, actor };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var path = result.GetValue(file)!;
            DocumentReading reading;
            try
            {
                reading = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    ? ReadingJson.FromJson(JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken)) ?? throw new JsonException("空文件"))
                    : DocumentReader.Read(DocumentFile.ReadText(path));
            }
            catch (Exception e) when (e is DocumentFileException or JsonException or IOException)
            {
                await error.WriteLineAsync(e is JsonException ? $"{path}: 不是有效的识别结果 JSON: {e.Message}" : e.Message);
                return 1;
            }
            await using var db = store.Location(result).Open();
            await SchemaMigrator.MigrateAsync(db, cancellationToken: cancellationToken);
            var outcome = await new Importer(db, TimeProvider.System).ImportPlanAsync(reading, result.GetValue(plan)!, result.GetValue(orgUnit),
                result.GetValue(actor) ?? Environment.UserName, Path.GetFileName(path), cancellationToken);
            await ImportCommand.Report(outcome, output, error);
            if (outcome.Succeeded)
            {
                await output.WriteLineAsync($"规划 {result.GetValue(plan)} \"{reading.Title}\": {reading.Indicators.Count} 项指标, {reading.ProseTargets.Count} 项文中目标, "
                    + $"{reading.Achievements.Count} 项完成情况, {reading.References.Count} 项参照值, {reading.Annex.Count} 行附表, {reading.Tasks.Count} 项重点任务已保存");
            }
            return outcome.Succeeded ? 0 : 1;
        });
        return command;
    }
}
