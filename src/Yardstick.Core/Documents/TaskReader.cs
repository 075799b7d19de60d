using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>A key task of work points: number, title, body, lead leaders, responsible and cooperating units.</summary>
public sealed record KeyTask(
    string No,
    string? Section,
    string Title,
    string Body,
    IReadOnlyList<string> Leads,
    IReadOnlyList<string> Responsible,
    IReadOnlyList<string> Cooperating,
    string Source);

/// <summary>
/// Reads numbered tasks (<c>7.实施肿瘤筛查项目。…(牵头领导:邱新天;责任处室:卫健三处)</c>): the title runs to the first 。,
/// the closing parenthesis names leads (牵头领导), responsible units (责任处室 / 牵头单位 / 责任单位) and cooperating
/// units (配合单位 / 协同单位), several to a field separated by 、. In work points every numbered paragraph is a
/// task; elsewhere only those that name who is responsible.
/// </summary>
public static partial class TaskReader
{
    public static IReadOnlyList<KeyTask> Read(DocumentText document, bool everyNumberedParagraph)
    {
        ArgumentNullException.ThrowIfNull(document);
        var tasks = new List<KeyTask>();
        string? section = null;
        var offset = 0;
        foreach (var raw in document.Text.Split('\n'))
        {
            var start = offset;
            offset += raw.Length + 1;
            var line = raw.Trim();
            if (SectionPattern().Match(line) is { Success: true } s)
            {
                section = s.Groups["title"].Value.Trim();
                continue;
            }
            var m = TaskPattern().Match(line);
            if (!m.Success)
            {
                continue;
            }
            var who = WhoPattern().Match(line);
            if (!who.Success && !everyNumberedParagraph)
            {
                continue;
            }
            var fields = who.Success ? Fields(who.Groups["inner"].Value) : [];
            var body = (who.Success ? line[..who.Index] : line)[m.Groups["body"].Index..].Trim();
            tasks.Add(new KeyTask(
                m.Groups["no"].Value,
                section,
                m.Groups["title"].Value.Trim(),
                body,
                Names(fields, "牵头领导", "责任领导", "分管领导"),
                Names(fields, "责任处室", "责任科室", "牵头单位", "牵头部门", "责任单位", "责任部门"),
                Names(fields, "配合单位", "协同单位", "配合部门"),
                document.SourceOf(start + (raw.Length - raw.TrimStart().Length), line.Length)));
        }
        return tasks;
    }

    private static Dictionary<string, string> Fields(string inner)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in inner.Split([';', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOfAny([':', ':']);
            if (colon > 0)
            {
                fields[part[..colon].Trim()] = part[(colon + 1)..].Trim();
            }
        }
        return fields;
    }

    private static List<string> Names(Dictionary<string, string> fields, params string[] keys) =>
        keys.Where(fields.ContainsKey)
            .SelectMany(k => fields[k].Split(['、', ',', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"^(?<no>\d{1,3})[.、](?!\d)\s*(?<title>[^。]{2,80})。(?<body>.*)$")]
    private static partial Regex TaskPattern();

    [GeneratedRegex(@"\((?<inner>[^()]*(?:牵头领导|责任处室|责任科室|牵头单位|牵头部门|责任单位|责任部门)[::][^()]*)\)\s*$")]
    private static partial Regex WhoPattern();

    [GeneratedRegex(@"^[一二三四五六七八九十]+、(?<title>.{2,40})$")]
    private static partial Regex SectionPattern();
}
