using System.Diagnostics;
using System.CommandLine;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Documents;
using Yardstick.Data.Values;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick evaluate --indicator C --orgunit C --period P</c> gives one indicator value;
/// <c>yardstick evaluate --plan C --orgunit C --year Y [--children]</c> judges a plan's targets.
/// JSON carries full precision; the table rounds to each indicator's decimals.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var indicator = new Option<string?>("--indicator") { Description = "指标代码" };
        var plan = new Option<string?>("--plan") { Description = "规划代码, 如 TL14" };
        var orgUnit = new Option<string>("--orgunit") { Description = "组织机构代码", Required = true };
        var period = new Option<string?>("--period") { Description = "期间: 2023, 2023S1, 2023Q1, 202303, 2023年第一季度…" };
        var year = new Option<int?>("--year") { Description = "评价年份 (与 --plan 一起用)" };
        var children = new Option<bool>("--children") { Description = "同时评价下一级各机构" };
        var group = new Option<string?>("--group") { Description = "机构分组代码: 只计该分组在本机构之内的成员" };
        var approvedOnly = new Option<string?>("--approved-only") { Description = "只统计已审核数据: 审核到该层级的报表 (市、县), 或 全部 (最终审核通过)" };
        var groupSet = new Option<string?>("--group-set") { Description = "机构分组集代码或名称: 按其中每个分组分列 (与 --indicator 一起用)" };
        var format = new Option<string>("--format") { Description = "json 或 table", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("json", "table");
        var command = new Command("evaluate", "计算指标值, 或按规划目标评价 (已达标/进度正常/进度滞后/较基期恶化/无数据)")
        {
            indicator, plan, orgUnit, period, year, children, group, groupSet, approvedOnly, format,
        };
        store.AddTo(command);
        command.Validators.Add(r =>
        {
            var byIndicator = r.GetValue(indicator) is not null;
            var byPlan = r.GetValue(plan) is not null;
            if (byIndicator == byPlan)
            {
                r.AddError("请给出 --indicator (配合 --period) 或 --plan (配合 --year), 二者选一");
            }
            else if (byIndicator && r.GetValue(period) is null)
            {
                r.AddError("--indicator 需要 --period");
            }
            else if (byPlan && r.GetValue(year) is null)
            {
                r.AddError("--plan 需要 --year");
            }
            else if (r.GetValue(groupSet) is not null && (byPlan || r.GetValue(group) is not null))
            {
                r.AddError("--group-set 只与 --indicator 一起用, 不与 --group 同用");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var json = result.GetValue(format) == "json";
            await using var db = await store.OpenExistingAsync(result, cancellationToken);
            if (db is null)
            {
                return 1;
            }
            if (result.GetValue(indicator) is { } indicatorCode)
            {
                if (!Period.TryParse(result.GetValue(period), out var p))
                {
                    await error.WriteLineAsync($"无法识别的期间 \"{result.GetValue(period)}\"");
                    return 1;
                }
                if (result.GetValue(groupSet) is { } setCode)
                {
                    var (breakdown, setProblem) = await Evaluations.GroupSetAsync(db, EngineLoader.OneShot, indicatorCode, result.GetValue(orgUnit)!, p, setCode, cancellationToken);
                    if (breakdown is null)
                    {
                        await error.WriteLineAsync(setProblem);
                        return 1;
                    }
                    if (json)
                    {
                        await output.WriteLineAsync(EvaluationOutput.Json(breakdown));
                        return 0;
                    }
                    foreach (var row in breakdown)
                    {
                        await EvaluationOutput.Table(row, output);
                    }
                    return 0;
                }
                var (evaluation, problem) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, indicatorCode, result.GetValue(orgUnit)!, p, result.GetValue(group), result.GetValue(approvedOnly), cancellationToken);
                if (evaluation is null)
                {
                    await error.WriteLineAsync(problem);
                    return 1;
                }
                await (json ? output.WriteLineAsync(EvaluationOutput.Json(evaluation)) : EvaluationOutput.Table(evaluation, output));
                return 0;
            }
            var (rows, planProblem) = await Evaluations.PlanAsync(db, EngineLoader.OneShot, result.GetValue(plan)!, result.GetValue(orgUnit)!,
                result.GetValue(year)!.Value, result.GetValue(children), result.GetValue(group), result.GetValue(approvedOnly), cancellationToken);
            if (rows is null)
            {
                await error.WriteLineAsync(planProblem);
                return 1;
            }
            // The document's own targets (counts, qualitative ones, the annex) follow, judged for the unit asked.
            var (documentTargets, _) = await Evaluations.DocumentTargetsAsync(db, EngineLoader.OneShot, result.GetValue(plan)!, result.GetValue(orgUnit)!,
                result.GetValue(year)!.Value, cancellationToken);
            var stored = await db.Plans.AsNoTracking().FirstAsync(p => p.Code == result.GetValue(plan), cancellationToken);
            var references = await DocumentTargets.ReferencesAsync(db, stored, cancellationToken);
            if (json)
            {
                await output.WriteLineAsync(EvaluationOutput.Json(rows, documentTargets ?? [], references));
                return 0;
            }
            await EvaluationOutput.Table(rows, output);
            foreach (var r in rows)
            {
                foreach (var reference in references[r.Indicator.Code])
                {
                    var (line, met) = reference.AsReference(r.Evaluation.Actual);
                    await output.WriteLineAsync($"参照值: {r.Indicator.Name} ({r.OrgUnit.Name}) {line}{(met switch { true => " — 达到", false => " — 未达到", _ => "" })}");
                }
            }
            if (documentTargets is { Count: > 0 })
            {
                await output.WriteLineAsync();
                await EvaluationOutput.Table(documentTargets, output);
            }
            return 0;
        });
        return command;
    }
}

/// <summary>How evaluations are printed: JSON with full precision, or a Chinese table rounded for reading.</summary>
internal static class EvaluationOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(IndicatorEvaluation e) => JsonSerializer.Serialize(EvaluationJson.Of(e), Indented);

    /// <summary>A group set's breakdown: an array of the one-figure objects, one a group.</summary>
    public static string Json(IReadOnlyList<IndicatorEvaluation> rows) => JsonSerializer.Serialize(rows.Select(EvaluationJson.Of), Indented);

    public static string Json(IReadOnlyList<PlanEvaluationRow> rows, IReadOnlyList<DocumentTargetRow> documentTargets, ILookup<string, PlanItem> references) =>
        JsonSerializer.Serialize(EvaluationJson.Of(rows, documentTargets, references), Indented);

    public static async Task Table(IndicatorEvaluation e, TextWriter output)
    {
        var d = e.Indicator.Decimals;
        await output.WriteLineAsync($"{e.Indicator.Name} ({e.Indicator.Code})  {(e.Group is { } g ? g.Label(e.OrgUnit) : e.OrgUnit.Name)}  {e.Period.ToChinese()}");
        await output.WriteLineAsync($"  值:   {Show(e.Value.Value, d)} {e.Indicator.Unit}");
        await output.WriteLineAsync($"  分子: {Show(e.Value.Numerator, 4)}");
        await output.WriteLineAsync($"  分母: {Show(e.Value.Denominator, 4)}{(e.Value.SmallDenominator ? "  (分母较小, 数值波动大)" : "")}");
        await output.WriteLineAsync($"  上报: {e.Completeness.Reported}/{e.Completeness.Expected} 个机构");
        if (e.Approved is { } approved)
        {
            await output.WriteLineAsync($"  {approved.Note}");
        }
    }

    public static Task Table(IReadOnlyList<PlanEvaluationRow> rows, TextWriter output)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "指标", "机构", "性质", "基期值", "目标值", "期望值", "现值", "完成进度", "状态" })
        {
            table.AddColumn(header);
        }
        foreach (var r in rows)
        {
            var e = r.Evaluation;
            var d = r.Indicator.Decimals;
            var target = r.Target.Comparator switch
            {
                Comparator.Range => $"{Show(e.TargetValue, d)}–{Show(e.TargetUpper, d)}",
                Comparator.ReducePct or Comparator.IncreasePct or Comparator.ReducePpPerYear or Comparator.IncreasePpPerYear
                    => $"{Show(e.TargetValue, d)} ({Comparators.Written(r.Target.Comparator.Word(), Rounding.Plain(r.Target.TargetValue ?? 0))})",
                Comparator.AtLeast or Comparator.GreaterThan or Comparator.AtMost or Comparator.LessThan or Comparator.EqualTo
                    => Comparators.Written(r.Target.Comparator.Word(), Show(e.TargetValue, d)),
                _ => throw new UnreachableException(),
            };
            table.AddRow(
                Markup.Escape($"{r.Indicator.Name}({r.Indicator.Unit})"),
                Markup.Escape(r.OrgUnit.Name),
                r.Target.Nature == TargetNature.Binding ? "约束" : "预期",
                Markup.Escape(e.Baseline is null ? "—" : $"{Show(e.Baseline, d)} ({e.BaselineYear}{(r.HasOwnBaseline ? ", 本单位" : "")})"),
                Markup.Escape(target),
                Show(e.Expected, d),
                Markup.Escape(Show(e.Actual, d) + (r.Value.SmallDenominator ? " *" : "") + (r.EachUnit is { } each ? "\n" + each.Chinese(v => Show(v, d), r.Value.Value) : "")),
                e.ProgressText,
                $"[{Colour(e.Status)}]{Markup.Escape(r.StatusText)}[/]");
        }
        var console = Write(table, output);
        var counts = rows.GroupBy(r => r.Evaluation.Status).OrderBy(g => g.Key).Select(g => $"{g.Key.Chinese()}{g.Count()}项");
        console.WriteLine($"共 {rows.Count} 项目标: {string.Join(", ", counts)}。* 分母较小, 数值波动大。");
        return Task.CompletedTask;
    }

    /// <summary>The document's own targets: as written, what they were judged on, the figure or outcome recorded, the status.</summary>
    public static Task Table(IReadOnlyList<DocumentTargetRow> rows, TextWriter output)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "编号", "文件目标 (原文)", "类型", "目标年", "现值/达成情况", "依据", "完成进度", "状态", "佐证" })
        {
            table.AddColumn(header);
        }
        foreach (var r in rows)
        {
            var e = r.Evaluation;
            table.AddRow(
                r.Item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(r.Item.Written),
                r.Target.Kind.Chinese(),
                r.Target.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(r.Shown),
                r.BasisChinese,
                e.ProgressText,
                $"[{Colour(e.Status)}]{e.Status.Chinese()}[/]",
                Markup.Escape(r.Result?.AttachmentName ?? ""));
        }
        var console = Write(table, output);
        var counts = rows.GroupBy(r => r.Evaluation.Status).OrderBy(g => g.Key).Select(g => $"{g.Key.Chinese()}{g.Count()}项");
        console.WriteLine($"文件中另有 {rows.Count} 项目标 (计数、定性、附表), 按登记的结果或数据元评价: {string.Join(", ", counts)}。登记结果: yardstick result --item 编号 …");
        return Task.CompletedTask;
    }

    /// <summary>Writes the table at least 160 columns wide, in colour only on a terminal; the console goes on for the summary line.</summary>
    private static IAnsiConsole Write(Table table, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = output == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        console.Write(table);
        return console;
    }

    private static string Show(decimal? value, int decimals) =>
        value is { } v ? Rounding.ForDisplay(v, decimals).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture) : "—";

    private static string Colour(TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "green",
        TargetStatus.OnTrack => "blue",
        TargetStatus.Lagging => "yellow",
        TargetStatus.Worsened or TargetStatus.Overdue => "red",
        TargetStatus.NotMet => "yellow",
        TargetStatus.NoData or TargetStatus.Incomplete or TargetStatus.NoBaseline or TargetStatus.NoUnitData => "grey",
        _ => throw new UnreachableException(),
    };
}
