using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Yardstick.Cli.Commands;

/// <summary>
/// <c>--help</c> and parse errors in Chinese throughout. System.CommandLine writes its section titles, usage words,
/// "(REQUIRED)", "[default: …]", the built-in options' descriptions and its parse errors in English (its zh-Hans resources
/// leave half of them so) and keeps its help writer internal, so this action writes the sections itself, labelling options
/// and arguments the library's way (names and metavariables: what one types), and <see cref="Error"/> says its messages again.
/// </summary>
public sealed class ChineseHelp : SynchronousCommandLineAction
{
    /// <summary>Help before a parse error is reported: <c>yardstick scorecard --help</c> without its required options still helps.</summary>
    public override bool ClearsParseErrors => true;

    /// <summary>Gives the root's <c>--help</c> (passed down to every command) this action, and <c>--help</c> and <c>--version</c> Chinese descriptions.</summary>
    public static RootCommand Apply(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options)
        {
            switch (option)
            {
                case HelpOption help:
                    help.Description = "显示帮助和用法";
                    help.Action = new ChineseHelp();
                    break;
                case VersionOption version:
                    version.Description = "显示版本号";
                    break;
            }
        }
        return root;
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
        return 0;
    }

    /// <summary>The help of <paramref name="command"/>: 说明, 用法, 参数, 选项, 命令 (the sections it has), a blank line between.</summary>
    public static void Write(Command command, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var sections = new List<(string Title, IReadOnlyList<(string Name, string Text)> Rows)>();
        if (!string.IsNullOrWhiteSpace(command.Description))
        {
            sections.Add(("说明", [("", command.Description)]));
        }
        sections.Add(("用法", [("", Usage(command))]));
        sections.Add(("参数", [.. command.Arguments.Where(a => !a.Hidden)
            .Select(a => (Label(a), WithDefault(a.Description, a.HasDefaultValue ? a.GetDefaultValue() : null)))]));
        sections.Add(("选项", [.. OptionsOf(command)
            .Select(o => (Label(o) + (o.Required ? " (必填)" : ""), WithDefault(o.Description, o.HasDefaultValue && !IsFlag(o) ? o.GetDefaultValue() : null)))]));
        sections.Add(("命令", [.. command.Subcommands.Where(c => !c.Hidden)
            .Select(c => (string.Join(' ', [c.Name, .. c.Arguments.Where(a => !a.Hidden).Select(Label)]), c.Description ?? ""))]));
        foreach (var (title, rows) in sections.Where(s => s.Rows.Count > 0))
        {
            output.WriteLine(title + ":");
            var width = rows.Max(r => Width(r.Name));
            foreach (var (name, text) in rows)
            {
                output.WriteLine(name.Length == 0 ? "  " + text : $"  {name}{new string(' ', width - Width(name))}  {text}".TrimEnd());
            }
            output.WriteLine();
        }
    }

    /// <summary>
    /// A parse error in Chinese: the library's messages ("Option '--plan' is required.") said again, ours (from validators)
    /// as they are.
    /// </summary>
    public static string Error(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var (pattern, chinese) in LibraryErrors)
        {
            var match = Regex.Match(message, pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (match.Success)
            {
                return chinese(match.Groups);
            }
        }
        return message;
    }

    private static readonly (string Pattern, Func<GroupCollection, string> Chinese)[] LibraryErrors =
    [
        (@"^Option '(.+)' is required\.$", g => $"缺少必填选项 {g[1]}"),
        (@"^Required argument '(.+)' missing for command: '(.+)'\.$", g => $"{g[2]} 缺少参数 <{g[1]}>"),
        (@"^Required argument missing for option: '(.+)'\.$", g => $"选项 {g[1]} 缺少值"),
        (@"^Required command was not provided\.$", _ => "请给出要执行的命令"),
        (@"^Unrecognized command or argument '(.+)'\.$", g => $"无法识别的命令或参数: {g[1]}"),
        (@"^Option '(.+)' expects a single argument but (\d+) were provided\.$", g => $"选项 {g[1]} 只能给一个值 (给了 {g[2]} 个)"),
        (@"^Argument '(.*)' not recognized\. Must be one of:(.*)$", g => $"{g[1]} 不是可选的值; 可选: {Choices(g[2].Value)}"),
        (@"^Cannot parse argument '(.*)' for (?:option|command) '(.+)' as expected type '(.+?)'\.(?: Did you mean one of the following\?(.*))?$",
            g => $"{g[2]} 的值 {g[1]} 无效{TypeWord(g[3].Value)}" + (g[4].Success && g[4].Value.Trim().Length > 0 ? $"; 可选: {Choices(g[4].Value)}" : "")),
        (@"^File does not exist: '(.+)'\.$", g => $"文件不存在: {g[1]}"),
        (@"^Directory does not exist: '(.+)'\.$", g => $"目录不存在: {g[1]}"),
        (@"^(.+) option cannot be combined with other arguments\.$", g => $"{g[1]} 不能与其他参数一起使用"),
    ];

    private static string TypeWord(string type) => type switch
    {
        "System.Int32" or "System.Int64" => ", 应为整数",
        "System.Decimal" or "System.Double" => ", 应为数字",
        "System.DateOnly" or "System.DateTime" => ", 应为日期 (如 2026-12-31)",
        _ => "",
    };

    private static string Choices(string list) =>
        string.Join("、", list.Split(['\n', '\r', '\t', ' ', '\'', ','], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The command line to type: the command's path with each level's arguments, then [命令] and [选项] when it has them.</summary>
    private static string Usage(Command command)
    {
        var words = new List<string>();
        foreach (var level in Lineage(command))
        {
            words.Add(level is RootCommand root ? root.HelpName ?? root.Name : level.Name);
            words.AddRange(level.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[{Label(a)}]" : Label(a)));
        }
        if (command.Subcommands.Any(c => !c.Hidden))
        {
            words.Add("[命令]");
        }
        if (OptionsOf(command).Count > 0)
        {
            words.Add("[选项]");
        }
        return string.Join(' ', words);
    }

    /// <summary>The command's own options, then those its ancestors pass down (<c>--help</c>; <c>--version</c> is the root's own).</summary>
    private static List<Option> OptionsOf(Command command) =>
    [
        .. command.Options.Where(o => !o.Hidden),
        .. Lineage(command).Where(c => c != command).SelectMany(c => c.Options.Where(o => o.Recursive && !o.Hidden)),
    ];

    /// <summary>The command and its ancestors, root first.</summary>
    private static List<Command> Lineage(Command command)
    {
        var line = new List<Command>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            line.Insert(0, c);
        }
        return line;
    }

    /// <summary>An argument as usage shows it: <c>&lt;FILE&gt;</c>, <c>&lt;FILE&gt;...</c> when it takes several.</summary>
    private static string Label(Argument argument) =>
        $"<{argument.HelpName ?? argument.Name}>" + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : "");

    /// <summary>
    /// An option as one types it: its names, shortest first, then its value's metavariable — its help name, else the values
    /// it accepts (<c>&lt;json|table|text&gt;</c>), else its name — unless it is a flag.
    /// </summary>
    private static string Label(Option option)
    {
        // --help's Windows spellings (/?, /h) work but are not advertised.
        var names = string.Join(", ", option.Aliases.Append(option.Name).Where(n => n[0] != '/').Distinct().OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal));
        if (IsFlag(option))
        {
            return names;
        }
        var accepted = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        return $"{names} <{option.HelpName ?? (accepted.Count > 0 ? string.Join('|', accepted) : option.Name.TrimStart('-'))}>";
    }

    private static bool IsFlag(Option option) => option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool);

    /// <summary>Columns on a terminal: a Chinese character takes two.</summary>
    private static int Width(string text) => text.Sum(c => c >= 0x2E80 ? 2 : 1);

    private static string WithDefault(string? description, object? value) =>
        value is null || value is string { Length: 0 } ? description ?? ""
            : string.Create(CultureInfo.InvariantCulture, $"{description} [默认: {value}]");
}
