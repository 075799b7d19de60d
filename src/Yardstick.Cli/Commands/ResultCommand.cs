using System.CommandLine;
using Yardstick.Data.Documents;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick result --item N --orgunit C --year Y (--actual X | --outcome 达成) [--note …] [--evidence FILE]</c>: records what a
/// department achieved on one of a plan document's own targets (a count, a level without an indicator, a qualitative one);
/// <c>--element CODE</c> links a count to a data element instead. The item numbers are those <c>yardstick evaluate --plan</c> prints.
/// </summary>
public static class ResultCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var item = new Option<long>("--item") { Description = "文件目标的编号 (yardstick evaluate --plan 的“编号”列)", Required = true };
        var orgUnit = new Option<string?>("--orgunit") { Description = "组织机构代码 (登记结果时必填)" };
        var year = new Option<int?>("--year") { Description = "结果所属年份 (登记结果时必填)" };
        var actual = new Option<string?>("--actual") { Description = "完成数 (计数或水平目标), 如 2100" };
        var outcome = new Option<string?>("--outcome") { Description = "达成情况: 达成、未达成 或 推进中" };
        var note = new Option<string>("--note") { Description = "说明", DefaultValueFactory = _ => "" };
        var department = new Option<string?>("--department") { Description = "责任处室" };
        var evidence = new Option<string?>("--evidence") { Description = "佐证材料文件 (最大 10 MB)" };
        var element = new Option<string?>("--element") { Description = "改为按此数据元的年度汇总判断 (计数目标); 给空字符串取消" };
        var actor = new Option<string>("--actor") { Description = "记入审计日志的操作人 (默认为当前系统用户)" };
        var command = new Command("result", "登记文件目标 (计数、定性、附表目标) 的完成情况和佐证材料, 或把计数目标关联到数据元")
        {
            item, orgUnit, year, actual, outcome, note, department, evidence, element, actor,
        };
        store.AddTo(command);
        command.Validators.Add(r =>
        {
            var records = r.GetValue(actual) is not null || r.GetValue(outcome) is not null;
            if (!records && r.GetResult(element) is null)
            {
                r.AddError("请给出 --actual 或 --outcome (登记结果), 或 --element (关联数据元)");
            }
            else if (records && (r.GetValue(orgUnit) is null || r.GetValue(year) is null))
            {
                r.AddError("登记结果需要 --orgunit 和 --year");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            await using var db = await store.OpenExistingAsync(result, cancellationToken);
            if (db is null)
            {
                return 1;
            }
            var who = result.GetValue(actor) ?? Environment.UserName;
            var id = result.GetValue(item);
            if (result.GetResult(element) is not null)
            {
                var linked = await DocumentTargets.LinkElementAsync(db, id, result.GetValue(element), who, null, TimeProvider.System.GetUtcNow(), cancellationToken);
                if (linked is not null)
                {
                    await error.WriteLineAsync(linked);
                    return 1;
                }
                await output.WriteLineAsync(string.IsNullOrWhiteSpace(result.GetValue(element)) ? $"文件目标 {id} 已取消关联数据元" : $"文件目标 {id} 已关联数据元 {result.GetValue(element)}");
            }
            if (result.GetValue(actual) is null && result.GetValue(outcome) is null)
            {
                return 0;
            }
            byte[]? content = null;
            if (result.GetValue(evidence) is { } path)
            {
                if (!File.Exists(path))
                {
                    await error.WriteLineAsync($"找不到佐证材料文件 {path}");
                    return 1;
                }
                if (new FileInfo(path).Length > DocumentTargets.MaxAttachmentBytes)
                {
                    await error.WriteLineAsync($"佐证材料不能超过 {DocumentTargets.MaxAttachmentBytes / 1024 / 1024} MB");
                    return 1;
                }
                content = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            var refusal = await DocumentTargets.RecordAsync(db, new ItemResultInput(id, result.GetValue(orgUnit)!, result.GetValue(year)!.Value,
                result.GetValue(actual), result.GetValue(outcome), result.GetValue(note)!, result.GetValue(department),
                result.GetValue(evidence) is { } p ? Path.GetFileName(p) : null, content), who, null, TimeProvider.System.GetUtcNow(), cancellationToken);
            if (refusal is not null)
            {
                await error.WriteLineAsync(refusal);
                return 1;
            }
            await output.WriteLineAsync($"已登记文件目标 {id} 在 {result.GetValue(orgUnit)} {result.GetValue(year)}年的结果");
            return 0;
        });
        return command;
    }
}
