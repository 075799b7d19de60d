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
        var file = new Argument<string?>("FILE") { Description = "文档: .txt (UTF-8 或 GB18030)、.docx、.doc、.wps、.pdf (有文字层)、.xlsx/.xls 或网页 .html/.htm; \"-\" 读取粘贴到标准输入的文字", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "json、table 或 text (规范化后的全文, 便于核对)", DefaultValueFactory = _ => "json" };
        var score = new Option<string?>("--score")
        {
            Description = "与期望结果 (同样格式的 JSON) 对照, 按条目种类打印查准率、查全率和 F1; 给一个目录 (不给 FILE) 则对照其中所有文档: "
                + "docs/*.txt 与 truth/*.json (语料库, 第一行是来源网址), 或 *.txt 与 *.expected.json",
        };
        var verbose = new Option<bool>("--verbose") { Description = "对照目录时列出每篇文档漏读和多读的条目, 最后按原因分组 (数值不同、名称不同、目标与完成情况读混、未读出、多读) 并附原文" };
        var forms = new Option<bool>("--forms") { Description = "对照目录时把每篇文档的表格换成几种文字形式 (单元格以 | 结尾、空行分隔、每行一格、制表符分隔的行…) 和几种文件 (.docx、.html、PDF) 分别对照, 打印各形式的 F1" };
        format.AcceptOnlyFromAmong("json", "table", "text");
        var command = new Command("read", "读取规划/工作要点/总结文档, 列出识别出的指标表和重点任务 (不写入数据库)") { file, format, score, verbose, forms };
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var path = result.GetValue(file);
            if (path is null)
            {
                if (result.GetValue(score) is not { } corpus || !Directory.Exists(corpus))
                {
                    await error.WriteLineAsync("请给出要读取的文档, 或用 --score 目录 对照一批文档");
                    return 2;
                }
                return result.GetValue(forms)
                    ? await ScoreFormsAsync(corpus, result.GetValue(verbose), output, cancellationToken)
                    : await ScoreCorpusAsync(corpus, result.GetValue(verbose), output, cancellationToken);
            }
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
                    await WriteScoreAsync(output, s, details: true);
                }
                return 0;
            }
            await output.WriteLineAsync(ReadingJson.Serialize(reading));
            return 0;
        });
        return command;
    }

    /// <summary>Scores a whole directory (<see cref="ReadingCorpus"/>): one line per document, then the totals per kind.</summary>
    private static async Task<int> ScoreCorpusAsync(string directory, bool verbose, TextWriter output, CancellationToken cancellationToken)
    {
        var documents = ReadingCorpus.Score(directory);
        foreach (var d in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = d.ExpectedKind is { } k && k != d.Reading.Kind ? $" [读作 {d.Reading.Kind}, 应为 {k}]" : "";
            await output.WriteLineAsync($"{d.Name}{kind}: " + string.Join("  ",
                d.Scores.Where(s => s.Found + s.Expected > 0).Select(s => $"{s.Kind} {s.Matched}/{s.Expected} (读出 {s.Found})")));
            if (verbose)
            {
                foreach (var s in d.Scores)
                {
                    await WriteScoreAsync(output, s, details: true, onlyDetails: true);
                }
            }
        }
        if (documents.Count == 0)
        {
            await output.WriteLineAsync($"{directory} 中没有可对照的文档 (docs/*.txt 与 truth/*.json, 或 *.txt 与 *.expected.json)");
            return 2;
        }
        await output.WriteLineAsync($"合计 {documents.Count} 篇文档:");
        foreach (var s in ReadingJson.Score.Sum(documents.SelectMany(d => d.Scores)))
        {
            await WriteScoreAsync(output, s, details: false);
        }
        if (verbose)
        {
            await WriteErrorsAsync(documents, output);
        }
        return 0;
    }

    /// <summary>
    /// Error analysis: per kind, the misses and false finds of every document grouped by cause (most frequent first),
    /// each with the words it quotes, so the next rule is written for the commonest cause, not for one sentence.
    /// </summary>
    private static async Task WriteErrorsAsync(IReadOnlyList<ReadingCorpus.Document> documents, TextWriter output)
    {
        await output.WriteLineAsync("按原因分组的漏读和多读:");
        var errors = documents.SelectMany(d => d.Scores.SelectMany(s => s.Errors.Select(e => (Document: d.Name, s.Kind, Error: e))));
        foreach (var kind in errors.GroupBy(e => e.Kind))
        {
            await output.WriteLineAsync($"  {kind.Key}:");
            foreach (var cause in kind.GroupBy(e => e.Error.Cause).OrderByDescending(g => g.Count()))
            {
                await output.WriteLineAsync($"    {ReadingJson.Describe(cause.Key)} ({cause.Count()}):");
                foreach (var (document, _, error) in cause)
                {
                    // One line per error: a table row's quote spans lines.
                    var quote = error.Quote.ReplaceLineEndings(" ");
                    quote = quote.Length > 60 ? quote[..60] + "…" : quote;
                    await output.WriteLineAsync($"      {(error.Missed ? "漏" : "多")} {document[..Math.Min(2, document.Length)]} {error.Item} 「{quote}」");
                }
            }
        }
    }

    /// <summary>Scores a directory once per table form (<see cref="TableForms"/>): one line per form, F1 per kind.</summary>
    /// <remarks>With <paramref name="verbose"/>, each document a form reads differently from the first is listed with its misses.</remarks>
    private static async Task<int> ScoreFormsAsync(string directory, bool verbose, TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReadingCorpus.Document>? first = null;
        // The text forms of a table, then the files a plan arrives as (.docx, .html, PDF), each written and read back.
        var forms = new List<(string Name, TableForm Form, Func<string, string>? Through)>();
        forms.AddRange(Enum.GetValues<TableForm>().Select(f => (f.ToString(), f, (Func<string, string>?)null)));
        foreach (var file in Enum.GetValues<FileForm>())
        {
            // Every PDF printed in one LibreOffice run and kept, by content, for the next measurement.
            forms.Add((file.ToString(), TableForm.BarCells, file is FileForm.Pdf or FileForm.GovernmentPdf
                ? DocumentForms.ThroughPdfs(ReadingCorpus.Texts(directory).Select(t => t.Text), Path.Combine(Path.GetTempPath(), "yardstick-pdf-forms"), file == FileForm.GovernmentPdf)
                : t => DocumentForms.ThroughFile(t, file)));
        }
        foreach (var (name, form, through) in forms)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var documents = ReadingCorpus.Score(directory, form: form, through: through);
            first ??= documents;
            var totals = ReadingJson.Score.Sum(documents.SelectMany(d => d.Scores));
            var scores = totals.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Kind} {s.F1:F3}"));
            await output.WriteLineAsync($"{name,-16} " + string.Join("  ", scores));
            foreach (var (d, f) in documents.Zip(first).Where(p => verbose && !p.First.Scores.Select(s => s.Matched + s.Found).SequenceEqual(p.Second.Scores.Select(s => s.Matched + s.Found))))
            {
                await output.WriteLineAsync($"  {d.Name}");
                foreach (var s in d.Scores)
                {
                    await WriteScoreAsync(output, s, details: true, onlyDetails: true);
                }
            }
        }
        return 0;
    }

    private static async Task WriteScoreAsync(TextWriter output, ReadingJson.Score s, bool details, bool onlyDetails = false)
    {
        if (!onlyDetails)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Kind,-14} precision {s.Precision:F3}  recall {s.Recall:F3}  F1 {s.F1:F3}  (found {s.Found}, expected {s.Expected}, matched {s.Matched})"));
        }
        if (!details)
        {
            return;
        }
        foreach (var missed in s.Missed)
        {
            await output.WriteLineAsync($"      漏 {s.Kind}: {missed}");
        }
        foreach (var extra in s.Extra)
        {
            await output.WriteLineAsync($"      多 {s.Kind}: {extra}");
        }
    }
}
