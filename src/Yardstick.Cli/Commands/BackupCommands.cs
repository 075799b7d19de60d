using System.CommandLine;
using Yardstick.Data.Backups;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>yardstick backup</c> (a consistent copy of the whole store while the app runs, with its manifest) and
/// <c>yardstick restore</c> (into an empty store, then verified): <see cref="StoreBackup"/>.
/// </summary>
public static class BackupCommands
{
    public static Command CreateBackup()
    {
        var store = new StoreOptions();
        var output = new Option<string>("--out") { Description = "备份文件 (压缩包; 不覆盖已有文件)", Required = true };
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "应用的数据保护密钥文件 (只在清单中记下文件名, 不放入备份; 默认 SQLite 库旁的 .key 文件)",
        };
        var command = new Command("backup", "备份整个数据库 (应用运行中也可): 各表、审计链与清单; 密钥文件须另行保管") { output, keyFile };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var location = store.Location(result);
            // The web app's default key file sits beside its SQLite database; named only when it is there.
            var key = result.GetValue(keyFile) ?? (location.SqlitePath is { } db && File.Exists(db + ".key") ? db + ".key" : null);
            var say = result.InvocationConfiguration.Output;
            try
            {
                var taken = await StoreBackup.CreateAsync(location, result.GetValue(output)!, key, TimeProvider.System,
                    new Progress(result.InvocationConfiguration.Error), cancellationToken);
                var m = taken.Manifest;
                await say.WriteLineAsync($"备份完成: {taken.File} ({taken.Bytes / 1024.0 / 1024.0:F1} MB)");
                await say.WriteLineAsync($"  时间 {m.TakenAt}, 结构版本 {m.SchemaVersion}, {m.Tables.Count} 张表共 {m.Tables.Values.Sum():N0} 行");
                await say.WriteLineAsync($"  数值 {m.Values.Values.Sum(v => v.Count):N0} 个 ({m.Values.Count} 个数据元), 审计链 {m.AuditRows:N0} 条, 末条哈希 {m.AuditHeadHash ?? "无"}");
                await say.WriteLineAsync($"  {BackupManifest.KeyFileWords}{(m.KeyFile is null ? "" : $" (密钥文件: {m.KeyFile})")}");
                return 0;
            }
            catch (BackupRefusedException refused)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(refused.Message);
                return 1;
            }
        });
        return command;
    }

    public static Command CreateRestore()
    {
        var store = new StoreOptions();
        var file = new Argument<string>("FILE") { Description = "yardstick backup 写出的备份文件" };
        var command = new Command("restore", "把备份恢复到一个空数据库, 并核对结构版本、各表行数、审计链和指标引擎的数值") { file };
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var say = result.InvocationConfiguration.Output;
            try
            {
                var restored = await StoreBackup.RestoreAsync(result.GetValue(file)!, store.Location(result), new Progress(result.InvocationConfiguration.Error), cancellationToken);
                await say.WriteLineAsync($"已恢复 {restored.Manifest.TakenAt} 的备份到 {store.Location(result)}。核对:");
                foreach (var line in restored.Verified)
                {
                    await say.WriteLineAsync($"  ✓ {line}");
                }
                foreach (var line in restored.Problems)
                {
                    await say.WriteLineAsync($"  ✗ {line}");
                }
                await say.WriteLineAsync(restored.Whole
                    ? $"恢复完整。{BackupManifest.KeyFileWords}{(restored.Manifest.KeyFile is null ? "" : $" (备份时的密钥文件: {restored.Manifest.KeyFile})")}。"
                    : "恢复后的数据库与备份清单不符 (见上), 请勿使用, 并检查备份文件。");
                return restored.Whole ? 0 : 2;
            }
            catch (BackupRefusedException refused)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(refused.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Each step on standard error as it starts, so a long backup shows it is working and the output stays the result.</summary>
    private sealed class Progress(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine(value);
    }
}
