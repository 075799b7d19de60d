using System.CommandLine;
using System.Text.RegularExpressions;
using Yardstick.Cli.Commands;

namespace Yardstick.Cli.Tests;

/// <summary>
/// <c>--help</c> of the root and of every command, and the parse errors, in Chinese (issue 25, point 10): no ASCII word of
/// three or more letters but the commands' and options' own names, the metavariables, and the names of the formats,
/// products and values one types that the descriptions quote.
/// </summary>
public sealed partial class ChineseHelpTests
{
    /// <summary>Not English prose: formats, products, a connection string's keys, the CSV columns, roles and commands a description quotes.</summary>
    private static readonly HashSet<string> Quoted = new(StringComparer.Ordinal)
    {
        "Yardstick", "SQLite", "PostgreSQL", "Host", "localhost", "Database", "yardstick", "Username", "CSV", "JSON", "DHIS",
        "csv", "xlsx", "xls", "docx", "doc", "wps", "pdf", "PDF", "html", "htm", "txt", "UTF", "API", "Chromium", "echo", "Authorization", "Bearer", "expected", "json", "truth", "docs",
        "orgunits", "dataelements", "datasets", "indicators", "targets", "rules", "datavalues",
        "indicator", "weight", "rule", "deduction", "floor", "tasks", "cli",
        "admin", "security", "auditor", "planner", "department", "reporter", "reviewer", "viewer",
        "geojson", "properties",
    };

    [Fact]
    public async Task Issue_25_help_of_every_command_is_Chinese_but_for_what_one_types()
    {
        var commands = Walk(YardstickCommand.Create(), []).ToList();
        var names = commands.SelectMany(c => c.Command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Append(c.Command.Name))
            .SelectMany(n => n.Split('-', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var english = new List<string>();

        foreach (var (_, path) in commands)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CliRunner.RunAsync(YardstickCommand.Create(), [.. path, "--help"], output, error);

            code.ShouldBe(0, error.ToString());
            var text = output.ToString();
            text.ShouldContain("用法:");
            var metavariables = Metavariable().Matches(text).SelectMany(m => m.Groups[1].Value.Split('|', '-')).ToHashSet(StringComparer.Ordinal);
            english.AddRange(Word().Matches(text).Select(m => m.Value).Where(w => !names.Contains(w) && !metavariables.Contains(w) && !Quoted.Contains(w))
                .Distinct().Select(w => $"yardstick {string.Join(' ', path)} --help: {w}"));
        }

        commands.Count.ShouldBeGreaterThan(15);
        english.ShouldBeEmpty();
    }

    [Fact]
    public async Task Issue_25_parse_errors_are_Chinese_and_followed_by_the_commands_help()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliRunner.RunAsync(YardstickCommand.Create(), ["scorecard", "--year", "abc", "--bogus"], output, error);

        code.ShouldBe(1);
        error.ToString().ShouldBe("无法识别的命令或参数: --bogus\n缺少必填选项 --plan\n缺少必填选项 --orgunit\n--year 的值 abc 无效, 应为整数\n", StringCompareShould.IgnoreLineEndings);
        output.ToString().ShouldContain("用法:\n  yardstick scorecard [选项]", Case.Sensitive);
        output.ToString().ShouldContain("--plan <plan> (必填)");
    }

    [Fact]
    public async Task The_executable_answers_help_in_Chinese()
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "yardstick"), "--help") { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0);
        text.ShouldStartWith("说明:");
        text.ShouldContain("用法:\n  yardstick [命令] [选项]");
        text.ShouldContain("-?, -h, --help  显示帮助和用法");
        text.ShouldContain("--version       显示版本号");
        text.ShouldNotContain("Usage");
    }

    private static IEnumerable<(Command Command, string[] Path)> Walk(Command command, string[] path)
    {
        yield return (command, path);
        foreach (var sub in command.Subcommands)
        {
            foreach (var found in Walk(sub, [.. path, sub.Name]))
            {
                yield return found;
            }
        }
    }

    [GeneratedRegex(@"<([^<>]+)>")]
    private static partial Regex Metavariable();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Word();
}
