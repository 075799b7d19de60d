using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Yardstick.Core.Documents;
using Yardstick.Data.Documents;

namespace Yardstick.Cli.Commands;

/// <summary><c>yardstick read FILE</c>: what the document reader finds in a plan, work points or summary; stores nothing.</summary>
public static class ReadCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "文档: .txt (UTF-8 或 GB18030) 或 .docx; \"-\" 读取粘贴到标准输入的文字" };
        var format = new Option<string>("--format") { Description = "json、table 或 text (规范化后的全文, 便于核对)", DefaultValueFactory = _ => "json" };
        var score = new Option<string?>("--score") { Description = "与期望结果 (同样格式的 JSON) 对照, 按条目种类打印查准率和查全率" };
        format.AcceptOnlyFromAmong("json", "table", "text");
        var command = new Command("read", "读取规划/工作要点/总结文档, 列出识别出的指标表和重点任务 (不写入数据库)") { file, format, score };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var path = result.GetValue(file)!;
            string text;
            try
            {
                // "-" reads pasted text from standard input.
                text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : DocumentFile.ReadText(path);
            }
            catch (DocumentFileException e)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
            if (result.GetValue(format) == "text")
            {
                await output.WriteLineAsync(DocumentText.Normalize(text).Text);
                return 0;
            }
            var reading = DocumentReader.Read(text);
            if (result.GetValue(format) == "table")
            {
                await output.WriteLineAsync($"{reading.Title} ({reading.Kind}): {reading.Indicators.Count} 项指标, {reading.Tasks.Count} 项任务, {reading.ProseTargets.Count} 项文中目标, {reading.Achievements.Count} 项完成情况");
                foreach (var w in reading.Warnings)
                {
                    await output.WriteLineAsync($"  注意: {w}");
                }
                foreach (var i in reading.Indicators)
                {
                    await output.WriteLineAsync($"  {i.Category} | {i.Name} ({i.Unit}) | {i.BaselineYear}: {i.BaselineValue} | {i.TargetYear}: {i.Target?.Comparator} {i.Target?.Value}{i.Target?.Text} | {i.Nature} | {i.IndicatorCode}");
                }
                foreach (var p in reading.ProseTargets)
                {
                    await output.WriteLineAsync($"  目标 [{p.Comparator}] {p.Name} {p.Value}{p.Text}{p.Unit} ({p.Year}) {p.IndicatorCode}");
                }
                foreach (var p in reading.Achievements)
                {
                    await output.WriteLineAsync($"  完成 {p.Name} {p.Value}{p.Text}{p.Unit} ({p.Year}) {p.IndicatorCode}");
                }
                foreach (var a in reading.Annex)
                {
                    await output.WriteLineAsync($"  附表 {a.Category} | {a.Content} | {a.Target} | {a.Origin} | {a.Lead}");
                }
                foreach (var t in reading.Tasks)
                {
                    await output.WriteLineAsync($"  {t.No}. {t.Title} | 牵头领导: {string.Join('、', t.Leads)} | 责任: {string.Join('、', t.Responsible)}");
                }
                return 0;
            }
            if (result.GetValue(score) is { } expectedPath)
            {
                var expected = JsonNode.Parse(await File.ReadAllTextAsync(expectedPath, cancellationToken))!;
                await output.WriteLineAsync($"{Path.GetFileName(path)} 对照 {Path.GetFileName(expectedPath)}:");
                foreach (var s in ReadingJson.Compare(expected, ReadingJson.ToJson(reading)))
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {s.Kind,-14} precision {s.Precision:F3}  recall {s.Recall:F3}  (found {s.Found}, expected {s.Expected}, matched {s.Matched})"));
                    foreach (var missed in s.Missed)
                    {
                        await output.WriteLineAsync($"      漏: {missed}");
                    }
                    foreach (var extra in s.Extra)
                    {
                        await output.WriteLineAsync($"      多: {extra}");
                    }
                }
                return 0;
            }
            await output.WriteLineAsync(ReadingJson.Serialize(reading));
            return 0;
        });
        return command;
    }
}
