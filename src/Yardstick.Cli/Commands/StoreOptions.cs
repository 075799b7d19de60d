using System.CommandLine;
using Yardstick.Data;

namespace Yardstick.Cli.Commands;

/// <summary>The options every command takes to find the store: <c>--db PATH</c> (SQLite) or <c>--connection STRING</c> (PostgreSQL).</summary>
public sealed class StoreOptions
{
    public Option<string?> Db { get; } = new("--db")
    {
        Description = $"SQLite 数据库文件路径 (默认 {DatabaseLocation.DefaultSqlitePath})",
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL 连接字符串, 如 \"Host=localhost;Database=yardstick;Username=…\"",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(Connection);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Db) is not null && result.GetValue(Connection) is not null)
            {
                result.AddError("--db 和 --connection 只能给出一个");
            }
        });
    }

    /// <summary>
    /// Opens a store that already exists, for commands that only read: a mistyped path must say so, not
    /// quietly create an empty database. Null (after writing the reason) when there is none.
    /// </summary>
    public async Task<YardstickDb?> OpenExistingAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var location = Location(result);
        if (location.SqlitePath is { } path && !File.Exists(path))
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"{location}: 数据库不存在, 请先运行 yardstick init 和 yardstick import");
            return null;
        }
        var db = location.Open();
        if (await SchemaMigrator.CurrentVersionAsync(db, cancellationToken) == 0)
        {
            await db.DisposeAsync();
            await result.InvocationConfiguration.Error.WriteLineAsync($"{location}: 数据库未初始化, 请先运行 yardstick init 和 yardstick import");
            return null;
        }
        return db;
    }

    public DatabaseLocation Location(ParseResult result) =>
        result.GetValue(Connection) is { } pg ? DatabaseLocation.Postgres(pg) : DatabaseLocation.Sqlite(result.GetValue(Db) ?? DatabaseLocation.DefaultSqlitePath);
}
