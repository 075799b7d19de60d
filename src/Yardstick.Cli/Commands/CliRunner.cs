using System.CommandLine;
using System.CommandLine.Invocation;

namespace Yardstick.Cli.Commands;

/// <summary>
/// The edge of the program: runs the parsed command, says parse errors in Chinese (exit code 1, with the command's help), and
/// turns an unexpected exception into a message and exit code 2.
/// </summary>
public static class CliRunner
{
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var config = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Action is ParseErrorAction)
            {
                // The library would say them in English and follow them with its English help.
                foreach (var problem in parsed.Errors)
                {
                    await config.Error.WriteLineAsync(ChineseHelp.Error(problem.Message));
                }
                await config.Output.WriteLineAsync();
                ChineseHelp.Write(parsed.CommandResult.Command, config.Output);
                return 1;
            }
            return await parsed.InvokeAsync(config);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store's own words ("See the inner exception", "database is locked") tell a user nothing.
            var message = Data.StoreErrors.IsBusy(e) ? "数据库正忙 (另一个导入或网页写入持有写锁), 本次未写入任何数据, 请稍后重试"
                : Data.StoreErrors.IsConflict(e) ? "另一项导入同时写入了相同的机构、数据元或编号, 本次未写入任何数据, 请重试"
                : ChineseHelp.Error(e.Message);
            await (error ?? Console.Error).WriteLineAsync($"错误: {message}");
            return 2;
        }
    }
}
