using System.CommandLine;

namespace Yardstick.Cli.Commands;

/// <summary>The edge of the program: runs the parsed command and turns an unexpected exception into a message and exit code 2.</summary>
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
            return await root.Parse(args).InvokeAsync(config);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await (error ?? Console.Error).WriteLineAsync($"错误: {e.Message}");
            return 2;
        }
    }
}
