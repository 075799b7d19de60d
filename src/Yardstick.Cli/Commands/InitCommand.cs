using System.CommandLine;
using Yardstick.Data;

namespace Yardstick.Cli.Commands;

/// <summary><c>yardstick init</c>: creates the store, or upgrades an existing one to the latest schema.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var command = new Command("init", "创建数据库, 或把已有数据库升级到最新结构 (数据保留)");
        store.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var location = store.Location(result);
            await using var db = location.Open();
            var before = await SchemaMigrator.CurrentVersionAsync(db, cancellationToken);
            var after = await SchemaMigrator.MigrateAsync(db, cancellationToken: cancellationToken);
            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync(before == after
                ? $"{location}: 结构已是最新 (版本 {after})"
                : $"{location}: 结构版本 {before} → {after}");
            return 0;
        });
        return command;
    }
}
