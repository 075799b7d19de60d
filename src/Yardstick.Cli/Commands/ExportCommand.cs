using System.CommandLine;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Data.OrgUnits;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick export --out DIR</c> writes every kind as CSV, and the org units' boundaries and points as
/// <c>orgunits.geojson</c> when there are any (and <c>categoryoptioncombos.csv</c> only when some combo has a DHIS2 uid); <c>--kind K --out FILE</c> writes one (.csv, .xlsx, or .json for values).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var kind = new Option<string?>("--kind") { Description = "orgunits | dataelements | indicators | targets | datavalues (不给则导出全部到目录)" };
        var output = new Option<string>("--out") { Description = "输出文件 (.csv/.xlsx/.json) 或目录", Required = true };
        var command = new Command("export", "按导入格式导出数据") { kind, output };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var console = result.InvocationConfiguration.Output;
            await using var db = await store.OpenExistingAsync(result, cancellationToken);
            if (db is null)
            {
                return 1;
            }
            var target = result.GetValue(output)!;
            if (result.GetValue(kind) is { } word)
            {
                if (!InterchangeKinds.TryParse(word, out var k))
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"未知的种类 \"{word}\"");
                    return 1;
                }
                var n = await Exporter.ExportAsync(db, k, target, cancellationToken);
                await console.WriteLineAsync($"{target}: {n} 行");
                return 0;
            }
            Directory.CreateDirectory(target);
            foreach (var k in InterchangeKinds.All)
            {
                if (k.IsOptional() && (await Exporter.RowsAsync(db, k, cancellationToken)).Count == 0)
                {
                    continue;
                }
                var path = Path.Combine(target, k.Word() + ".csv");
                var n = await Exporter.ExportAsync(db, k, path, cancellationToken);
                await console.WriteLineAsync($"{path}: {n} 行");
            }
            // Boundaries and points only when some unit has one: a store without maps exports what it always did.
            var geometry = Path.Combine(target, "orgunits.geojson");
            if (await OrgUnitGeometries.ExportAsync(db, geometry, cancellationToken) is > 0 and var features)
            {
                await console.WriteLineAsync($"{geometry}: {features} 个要素");
            }
            return 0;
        });
        return command;
    }
}
