using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>What a planning document holds, as read; nothing is stored until a person confirms it.</summary>
public sealed record DocumentReading(string Title, string Kind, IReadOnlyList<PlanIndicator> Indicators, IReadOnlyList<KeyTask> Tasks,
    IReadOnlyList<ProseItem> ProseTargets, IReadOnlyList<ProseItem> Achievements)
{
    /// <summary>Rows of an annex table of key target tasks (重点目标任务), when the document has one.</summary>
    public IReadOnlyList<AnnexTarget> Annex { get; init; } = [];

    /// <summary>Reference values quoted for comparison (省定7‰, 国家标准…), each named after the measure compared with them.</summary>
    public IReadOnlyList<ProseItem> References { get; init; } = [];

    /// <summary>What a person should look at before trusting the reading, in Chinese (疑似乱码 …).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Reads a commission's own document (plan, work points, summary) into structured items: the title, the kind and year,
/// indicator tables, key tasks with their owners, the annex of key targets, prose targets and achievements — by the
/// structure of the text. Measured on the reading corpus (<see cref="ReadingCorpus"/>), which it was developed on: that
/// score is fit; only documents nobody here has read say how general it is (docs/READER.md).
/// </summary>
public static partial class DocumentReader
{
    public static DocumentReading Read(string text, IndicatorCatalogue? catalogue = null)
    {
        var document = DocumentText.Normalize(text);
        var title = TitleOf(document.Text);
        var year = YearOf(title, document.Text);
        var kind = KindOf(title, document, year);
        catalogue ??= IndicatorCatalogue.Default;
        var context = new DocumentContext(kind, year, kind == "plan" ? PlanEndYearOf(title, document.Text) : null);
        var tables = new List<(int Start, int End)>();
        var reached = new List<ProseItem>();
        var indicators = PlanTableReader.Read(document, catalogue, context.Year ?? context.PlanEndYear, tables, reached);
        reached.AddRange(StatisticsTableReader.Read(document, catalogue, context.Year, tables));
        var references = new List<ProseItem>();
        var (targets, achievements) = ProseTargetReader.Read(document, catalogue, context, tables, references);
        return new DocumentReading(title, kind, indicators,
            TaskReader.Read(document, kind), targets, [.. reached, .. achievements])
        {
            Annex = AnnexReader.Read(document),
            References = references,
            Warnings = WarningsOf(document),
        };
    }

    /// <summary>
    /// The document's own title: among the first lines, the shortest that names a document type and is not the
    /// covering notice (关于印发…的通知); else the first line.
    /// </summary>
    private static string TitleOf(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(12).ToList();
        return lines.FirstOrDefault(l => l.Length <= 60 && TitleEnding().IsMatch(l) && !l.Contains("关于印发", StringComparison.Ordinal) && !Enumerator().IsMatch(l))
            ?? lines.FirstOrDefault() ?? "";
    }

    /// <summary>
    /// The year a summary reports on or work points plan for: the first year in the title, else the one the opening
    /// announces ("2016年是“十三五”规划的开局之年", "今年是2021年").
    /// </summary>
    private static int? YearOf(string title, string text)
    {
        if (YearPattern().Match(title) is { Success: true } y)
        {
            return Number(y.Groups[1].Value);
        }
        var opening = text[..Math.Min(text.Length, 1500)];
        if (OpeningYear().Match(opening) is { Success: true } o)
        {
            return Number(o.Groups[1].Value);
        }
        // A page's date line ("发布时间:2021-11-5", "2020-10-29 10:09", "2019年02月21日"): the year it speaks from.
        return DateLine().Match(opening) is { Success: true } d ? Number(d.Groups[1].Value) : null;
    }

    /// <summary>A plan's target year: 十四五 → 2025, "(2021-2025年)", else the first "到2025年" of the text.</summary>
    private static int? PlanEndYearOf(string title, string text)
    {
        if (FiveYearPlan().Match(title + text[..Math.Min(text.Length, 3000)]) is { Success: true } f)
        {
            // 十一五 ends in 2010; each later plan five years on.
            return 2010 + ("一二三四五".IndexOf(f.Groups[1].Value, StringComparison.Ordinal) * 5);
        }
        if (YearRange().Match(title) is { Success: true } r)
        {
            return Number(r.Groups[2].Value);
        }
        return ByYear().Match(text) is { Success: true } b ? Number(b.Groups[1].Value) : null;
    }

    // The first few garbled spans by line, then how many more: a damaged file must not bury the reading in warnings.
    private static List<string> WarningsOf(DocumentText document)
    {
        const int Shown = 20;
        var warnings = new List<string>();
        var (line, counted) = (1, 0);
        foreach (var (start, length) in document.Garbled.Take(Shown))
        {
            line += document.Text.AsSpan(counted, start - counted).Count('\n');
            counted = start;
            warnings.Add($"第{line}行疑似乱码, 未从中提取数字: {document.SourceOf(start, length)}");
        }
        if (document.Garbled.Count > Shown)
        {
            warnings.Add($"另有 {document.Garbled.Count - Shown} 处疑似乱码未列出");
        }
        return warnings;
    }

    private static int Number(string digits) => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"((?:19|20)\d{2})年(?:是|,|,|全|我)")]
    private static partial Regex OpeningYear();

    // The closing quote may be any a page uses: “十四五”, "十四五", 「十四五」.
    [GeneratedRegex(@"十([一二三四五])五(?:[”""」』']|规划|时期|期间)")]
    private static partial Regex FiveYearPlan();

    [GeneratedRegex(@"((?:19|20)\d{2})\s*[-—~至]+\s*((?:19|20)\d{2})")]
    private static partial Regex YearRange();

    // "到2025年" ahead; not 到 after a verb of change ("由2015年的a提高到2020年的b" is the end of a change already made).
    [GeneratedRegex(@"(?<!提高|提升|增长|增加|上升|降低|下降|减少|降|增|升)到((?:19|20)\d{2})年")]
    private static partial Regex ByYear();

    /// <summary>
    /// What the document is: its title says so (…要点, …总结, …报告), else its sentences do — a text whose clauses report
    /// more than they set (a bulletin, a press release, an excerpt without its title) is a summary. A text that hands out
    /// numbered tasks to named units (任务分解, 分工方案, 责任书) is work points, even when it also sets targets.
    /// </summary>
    private static string KindOf(string title, DocumentText document, int? year)
    {
        var text = document.Text;
        var probe = title.Length > 0 ? title : text[..Math.Min(text.Length, 200)];
        // "YYYY年工作总结和YYYY年工作计划": a summary that ends with next year's plan is a summary; the kind the title names
        // first is the document's, the other its closing part.
        var (work, summary) = (WorkpointsTitle().Match(probe), SummaryTitle().Match(probe));
        if (summary.Success && (!work.Success || summary.Index < work.Index))
        {
            return "summary";
        }
        if (work.Success)
        {
            return "workpoints";
        }
        if (TaskReader.Read(document, "plan").Count(t => t.Leads.Count + t.Responsible.Count > 0) >= 2)
        {
            return "workpoints";
        }
        if (PlanTitle().IsMatch(probe))
        {
            return "plan";
        }
        var (past, ahead) = ProseTargetReader.Leanings(text, new DocumentContext("plan", year, null));
        return past > ahead ? "summary" : "plan";
    }

    // …工作要点, …工作计划, …任务分解, …分工方案, …责任分解, …目标责任书: a document that hands out work.
    [GeneratedRegex("要点|工作计划|分解|分工|责任书|任务清单")]
    private static partial Regex WorkpointsTitle();

    // …工作情况, …执行情况: an account of the year, as much as a 总结.
    [GeneratedRegex("总结|报告|汇报|公报|通报|公示|成就|成效|回顾|(?:工作|完成|执行|进展|开展)情况")]
    private static partial Regex SummaryTitle();

    [GeneratedRegex("规划|纲要|方案|计划|意见|目标|行动")]
    private static partial Regex PlanTitle();

    [GeneratedRegex(@"((?:19|20)\d{2})\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")]
    private static partial Regex DateLine();

    // A title ends with the kind of document it is: …发展规划, …工作要点, …工作总结及2022年工作思路.
    [GeneratedRegex(@"((?:19|20)\d{2})年")]
    private static partial Regex YearPattern();

    [GeneratedRegex("(规划|要点|总结|报告|汇报|方案|计划|思路|公报|通报|情况)(\\(.*\\))?$")]
    private static partial Regex TitleEnding();

    // Section headings (一、 (一) 1.) are not titles.
    [GeneratedRegex(@"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])")]
    private static partial Regex Enumerator();
}
