using System.CommandLine;
using System.Text.Json;
using Yardstick.Core.Documents;
using Yardstick.Core.Text;

namespace Yardstick.Cli.Commands;

/// <summary><c>yardstick read FILE</c>: what the document reader finds in a plan, work points or summary; stores nothing.</summary>
public static class ReadCommand
{
    private const long MaxBytes = 64L * 1024 * 1024;

    private static Dictionary<string, object?> Item(ProseItem p) => new()
    {
        ["name"] = p.Name,
        ["comparator"] = p.Comparator,
        ["value"] = p.Value,
        ["unit"] = p.Unit,
        ["year"] = p.Year,
        ["indicator_code"] = p.IndicatorCode,
        ["source"] = p.Source,
    };

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "文档 (.txt, UTF-8 或 GB18030)" };
        var format = new Option<string>("--format") { Description = "json 或 table", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table");
        var command = new Command("read", "读取规划/工作要点/总结文档, 列出识别出的指标表和重点任务 (不写入数据库)") { file, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"文件不存在: {path}");
                return 1;
            }
            if (new FileInfo(path).Length > MaxBytes)
            {
                await error.WriteLineAsync($"文件超过 {MaxBytes / 1024 / 1024} MB, 不像是一份规划文档: {path}");
                return 1;
            }
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                await error.WriteLineAsync($"这是二进制文件, 不是文本文档: {path} (.docx 支持见 issue 3)");
                return 1;
            }
            var reading = DocumentReader.Read(TextDecoding.Decode(bytes));
            if (result.GetValue(format) == "table")
            {
                await output.WriteLineAsync($"{reading.Title} ({reading.Kind}): {reading.Indicators.Count} 项指标, {reading.Tasks.Count} 项任务, {reading.ProseTargets.Count} 项文中目标, {reading.Achievements.Count} 项完成情况");
                foreach (var i in reading.Indicators)
                {
                    await output.WriteLineAsync($"  {i.Category} | {i.Name} ({i.Unit}) | {i.BaselineYear}: {i.BaselineValue} | {i.TargetYear}: {i.Target?.Comparator} {i.Target?.Value}{i.Target?.Text} | {i.Nature} | {i.IndicatorCode}");
                }
                foreach (var p in reading.ProseTargets.Concat(reading.Achievements))
                {
                    await output.WriteLineAsync($"  [{p.Comparator}] {p.Name} {p.Value}{p.Unit} ({p.Year}) {p.IndicatorCode}");
                }
                foreach (var t in reading.Tasks)
                {
                    await output.WriteLineAsync($"  {t.No}. {t.Title} | 牵头领导: {string.Join('、', t.Leads)} | 责任: {string.Join('、', t.Responsible)}");
                }
                return 0;
            }
            await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["title"] = reading.Title,
                ["kind"] = reading.Kind,
                ["indicators"] = reading.Indicators.Select(i => new Dictionary<string, object?>
                {
                    ["category"] = i.Category,
                    ["name"] = i.Name,
                    ["unit"] = i.Unit,
                    ["baseline"] = new Dictionary<string, object?> { ["year"] = i.BaselineYear, ["value"] = i.BaselineValue },
                    ["target"] = new Dictionary<string, object?> { ["year"] = i.TargetYear, ["comparator"] = i.Target?.Comparator, ["value"] = (object?)i.Target?.Value ?? i.Target?.Text },
                    ["nature"] = i.Nature,
                    ["indicator_code"] = i.IndicatorCode,
                    ["source"] = i.Source,
                }),
                ["prose_targets"] = reading.ProseTargets.Select(Item),
                ["tasks"] = reading.Tasks.Select(t => new Dictionary<string, object?>
                {
                    ["no"] = t.No,
                    ["section"] = t.Section,
                    ["title"] = t.Title,
                    ["body"] = t.Body,
                    ["leads"] = t.Leads,
                    ["responsible"] = t.Responsible,
                    ["cooperating"] = t.Cooperating,
                    ["source"] = t.Source,
                }),
                ["achievements"] = reading.Achievements.Select(Item),
            }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        });
        return command;
    }
}
