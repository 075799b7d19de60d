using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>One row of a work-point annex of key target tasks (重点目标任务).</summary>
/// <param name="Category">目标类别, merged over several rows (公卫服务体系建设).</param>
/// <param name="Content">任务(指标)内容 (基础设施建设).</param>
/// <param name="Target">目标任务 as written (完成5家发热门诊建设).</param>
/// <param name="Origin">目标来源 (区民生实事项目, 市卫健委目标任务).</param>
/// <param name="Lead">牵头单位 (卫健三处).</param>
/// <param name="Source">The exact original span of the target cell.</param>
public sealed record AnnexTarget(string Category, string Content, string Target, string Origin, string Lead, string Source);

/// <summary>
/// Reads the annex table of key target tasks (目标类别 / 任务(指标)内容 / 目标任务 / 目标来源 / 牵头单位) even when it
/// arrives flattened one cell per line with merged cells written once (seed 002). Each line is classed by what it
/// holds: an origin (…目标任务, …实事项目, …专班任务), a lead unit (卫健三处, 爱卫办), a target (a number, an action verb,
/// or a long cell), else a label. Labels before a target name its category and content — the last label is the
/// content, any before it the category, wrapped over lines. Merged origin and lead cells follow the row they begin
/// on and hold until the next one: a row takes the origin written after it before the next target, else the last.
/// With <c>|</c> separators each row is one line and the columns are read by position.
/// </summary>
public static partial class AnnexReader
{
    /// <summary>Where the annex table's header begins in the normalised text, or null when there is none.</summary>
    public static int? StartOf(DocumentText document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var header = HeaderPattern().Match(document.Text);
        return header.Success ? header.Index : null;
    }

    public static IReadOnlyList<AnnexTarget> Read(DocumentText document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.Text;
        var header = HeaderPattern().Match(text);
        if (!header.Success)
        {
            return [];
        }
        var lines = new List<(string Text, int Start)>();
        var at = header.Index + header.Length;
        foreach (var raw in text[at..].Split('\n'))
        {
            var trimmed = raw.Trim();
            if (trimmed.Length > 0)
            {
                lines.Add((trimmed, at + raw.IndexOf(trimmed, StringComparison.Ordinal)));
            }
            at += raw.Length + 1;
        }
        return lines.Any(l => l.Text.Count(c => c == '|') >= 3) ? FromBars(document, lines) : FromCells(document, lines);
    }

    private enum CellKind { Label, Target, Origin, Lead, End }

    private static CellKind KindOf(string cell) => cell switch
    {
        _ when EndOfTable().IsMatch(cell) => CellKind.End,
        _ when OriginPattern().IsMatch(cell) => CellKind.Origin,
        _ when LeadPattern().IsMatch(cell) => CellKind.Lead,
        _ when cell.Length >= 9 || cell.Any(char.IsDigit) || TargetVerb().IsMatch(cell) => CellKind.Target,
        _ => CellKind.Label,
    };

    private static List<AnnexTarget> FromCells(DocumentText document, List<(string Text, int Start)> lines)
    {
        var kinds = new List<CellKind>();
        foreach (var line in lines)
        {
            var kind = KindOf(line.Text);
            if (kind == CellKind.End || line.Text.Length > 60)
            {
                break;
            }
            kinds.Add(kind);
        }
        var rows = new List<AnnexTarget>();
        var (category, content, origin, lead) = ("", "", "", "");
        var labels = new List<string>();
        for (var i = 0; i < kinds.Count; i++)
        {
            var cell = lines[i].Text;
            switch (kinds[i])
            {
                case CellKind.Label:
                    labels.Add(cell);
                    break;
                case CellKind.Target:
                    if (labels.Count > 0)
                    {
                        content = labels[^1];
                        if (labels.Count > 1)
                        {
                            category = string.Concat(labels.Take(labels.Count - 1));
                        }
                        labels.Clear();
                    }
                    // The origin and lead written after this row (before the next target) are its own; else the last ones hold.
                    var (rowOrigin, rowLead) = (origin, lead);
                    for (var j = i + 1; j < kinds.Count && kinds[j] != CellKind.Target && kinds[j] != CellKind.Label; j++)
                    {
                        if (kinds[j] == CellKind.Origin)
                        {
                            rowOrigin = lines[j].Text;
                        }
                        else
                        {
                            rowLead = lines[j].Text;
                        }
                    }
                    rows.Add(new AnnexTarget(category, content, cell, rowOrigin, rowLead, document.SourceOf(lines[i].Start, cell.Length)));
                    break;
                case CellKind.Origin:
                    origin = cell;
                    break;
                case CellKind.Lead:
                    lead = cell;
                    break;
            }
        }
        return rows;
    }

    // "| 公卫服务体系建设 | 基础设施建设 | 完成5家发热门诊建设 | 区民生实事项目 | 卫健三处 |": empty cells repeat the one above.
    private static List<AnnexTarget> FromBars(DocumentText document, List<(string Text, int Start)> lines)
    {
        var rows = new List<AnnexTarget>();
        var last = new string[5];
        foreach (var (line, start) in lines)
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 3)
            {
                if (rows.Count > 0)
                {
                    break;
                }
                continue;
            }
            for (var k = 0; k < Math.Min(5, cells.Length); k++)
            {
                if (cells[k].Length > 0)
                {
                    last[k] = cells[k];
                }
            }
            var target = cells.Length > 2 ? cells[2] : "";
            if (target.Length > 0)
            {
                rows.Add(new AnnexTarget(last[0] ?? "", last[1] ?? "", target, last[3] ?? "", last[4] ?? "",
                    document.SourceOf(start + line.IndexOf(target, StringComparison.Ordinal), target.Length)));
            }
        }
        return rows;
    }

    // The header: the five column names in order, one per line or between bars.
    [GeneratedRegex(@"目标类别[\s|]*任务(?:\(指标\))?内容[\s|]*目标任务[\s|]*目标来源[\s|]*(?:牵头单位|责任单位|牵头处室|责任处室)[\s|]*")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^(?:区|市|县|省)?(?:专班任务|民生实事项目|卫健委目标任务|目标任务|重点任务|考核任务|(?:政府|党委)?(?:工作报告|重点工作)任务|为民办实事项目)$")]
    private static partial Regex OriginPattern();

    [GeneratedRegex(@"^(?:[\p{IsCJKUnifiedIdeographs}]{0,4}[一二三四五六七八九十\d]处|[\p{IsCJKUnifiedIdeographs}]{1,6}(?:办|科|处|室|中心|站)|局机关各处室)(?:[、,][\p{IsCJKUnifiedIdeographs}]{1,8})*$")]
    private static partial Regex LeadPattern();

    [GeneratedRegex(@"^(?:推进|完成|建成|创建|启动|开展|选择|培养|新招录|新增|实现|通过|建设|确保|力争|争创|提高|降低|控制|落实|组织|举办|引进)|与|通过|达到|不低于|不少于|以上|以下")]
    private static partial Regex TargetVerb();

    [GeneratedRegex(@"^(?:附件\d*|抄送|扫一扫|打印|关闭)")]
    private static partial Regex EndOfTable();
}
