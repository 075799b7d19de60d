using System.Text;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>A key task: number as printed, title, body, leads, responsible and cooperating units, deadline.</summary>
public sealed record KeyTask(
    string No,
    string? Section,
    string Title,
    string Body,
    IReadOnlyList<string> Leads,
    IReadOnlyList<string> Responsible,
    IReadOnlyList<string> Cooperating,
    string Source)
{
    /// <summary>完成时限 as written ("2024年12月"), when the document gives one.</summary>
    public string? Deadline { get; init; }
}

/// <summary>
/// Reads numbered work items by the structure of the text, not by any one document's wording:
/// <list type="bullet">
/// <item>Numbers at every level official documents use (一、 (一) 1. 1、 (1) ①), ordered as GB/T 9704 orders them; an
/// item followed by a deeper one is a heading, the last level is the task.</item>
/// <item>A paragraph runs over wrapped lines (a PDF's hard breaks, a unit name split across them) until a sentence or a
/// bracket closes it and the next line starts something new; whitespace inside Chinese text is a wrap, not a space.</item>
/// <item>Who does it, however it is written: labelled fields (<c>牵头领导:</c>, <c>牵头单位:</c>, <c>牵头责任单位:</c>,
/// <c>责任处室:</c>, <c>责任单位:</c>, <c>配合单位:</c>, <c>主要协作单位:</c>, <c>完成时限:</c>) in a bracket or on lines of
/// their own, and sentences in a closing bracket (<c>(X负责)</c>, <c>(X牵头负责)</c>, <c>(X、Y按职责分工负责)</c>,
/// <c>(X牵头,Y参与)</c>). Leads are those who lead (牵头, 负责); partners (配合, 协作, 参与) are responsible and
/// cooperating.</item>
/// <item>An item is a task when it names who does it, or when it stands in work points or under a heading of tasks
/// (任务, 工作, 措施, 行动…) — but not under goals, principles or background, and not a bare "name ≥ value" line, which
/// is an indicator.</item>
/// </list>
/// </summary>
public static partial class TaskReader
{
    public static IReadOnlyList<KeyTask> Read(DocumentText document, string kind)
    {
        ArgumentNullException.ThrowIfNull(document);
        var blocks = Blocks(document.Text);
        var tasks = new List<KeyTask>();
        var headings = new string?[Levels + 1];
        for (var k = 0; k < blocks.Count; k++)
        {
            var block = blocks[k];
            if (block.Level > 0)
            {
                Array.Clear(headings, block.Level, headings.Length - block.Level);
            }
            var next = blocks.Skip(k + 1).FirstOrDefault(b => b.Level > 0);
            var who = Who(block.Text);
            // An item followed by a deeper one is the heading over it, unless it names its own owners.
            if (block.Level > 0 && next is not null && next.Level > block.Level && !who.Named)
            {
                headings[block.Level] = block.Title;
                continue;
            }
            var section = headings.LastOrDefault(h => h is not null);
            // "(一)加强X的Y" on a line of its own, its paragraph on the next: a title with a body is a
            // sentence of work as much as one closed by 。.
            var hasBody = block.Level > 0 && k + 1 < blocks.Count && blocks[k + 1].Level == 0 && blocks[k + 1].Text.Length >= 20;
            if (!IsTask(block, who, [.. headings.Reverse().OfType<string>()], kind, hasBody))
            {
                if (block.Level == 1)
                {
                    headings[1] = block.Title;
                }
                continue;
            }
            tasks.Add(new KeyTask(block.No.TrimEnd('.', '、'), section, block.Title, block.Body, who.Leads, who.Responsible, who.Cooperating,
                document.SourceOf(block.Start, block.FirstLineLength))
            { Deadline = who.Deadline });
        }
        return tasks;
    }

    /// <param name="headings">The headings above the item, nearest first.</param>
    /// <param name="hasBody">Whether an unnumbered paragraph follows the item (its title is a heading line, its text the paragraph).</param>
    private static bool IsTask(Block block, Owners who, IReadOnlyList<string> headings, string kind, bool hasBody)
    {
        if (who.Named)
        {
            return true;
        }
        // A task is a sentence of work: a title closed by 。, not a heading and not a "name ≥ value" line.
        // A title that names goals or background ("一、工作目标") is a heading over them, whatever follows.
        if (block.Level == 0 || !(block.Sentence || hasBody) || IndicatorLine().IsMatch(block.Title) || FieldLine().IsMatch(block.Title)
            || (!block.Sentence && NotTasksHeading().IsMatch(block.Title)))
        {
            return false;
        }
        // The nearest heading that says what its items are decides: 主要任务 over 构建…体系 over the item.
        var says = headings.FirstOrDefault(h => NotTasksHeading().IsMatch(h) || TasksHeading().IsMatch(h));
        if (says is not null && NotTasksHeading().IsMatch(says))
        {
            return false;
        }
        // A summary tells what was done: its numbered paragraphs are tasks only when they name owners. Without a heading
        // above them, a plan's top-level items (一、) are its chapters, not tasks.
        return kind switch
        {
            "workpoints" => true,
            "summary" => false,
            // Without any heading, a plan's deep items (1. (1) ①) are tasks when they read as actions or commit to a figure
            // (a 责任书's "3、X率稳定在n%以上"): a page's furniture ("1、本网所有内容的版权…") is numbered too. Under a heading
            // that is itself an action ("(三)解决X问题,提高Y水平"), items that start with a verb of work ("1.启动X项目") are
            // the actions it is done by.
            _ => says is not null || (headings.Count == 0 && block.Level >= 3
                    && (WorkVerbFirst().IsMatch(block.Title) || block.Title.AsSpan().ContainsAnyInRange('0', '9')))
                || (headings.Count > 0 && WorkVerbFirst().IsMatch(headings[0]) && WorkVerbFirst().IsMatch(block.Title)),
        };
    }

    // A sentence that starts with a verb of work (after a time and an adverb of manner, if any): an imperative, what is to be done.
    [GeneratedRegex(@"^(?:上半年|下半年|年内|年底前|全年|今年|\d{4}年(?:底前|内)?)?(?:大力|积极|全面|切实|着力|进一步|继续|持续|稳步|努力)?(?:开工|新建|建设|启动|加强|做好|建立|健全|完善|推进|推动|推广|实施|开展|提高|提升|强化|落实|深化|促进|加快|优化|扩大|规范|创新|构建|打造|坚持|解决|保障|确保|抓好|推行|改善|巩固|加大|降低|控制|防治|统筹|夯实|完成|组织|实行|探索|发展|增强|普及)")]
    private static partial Regex WorkVerbFirst();

    private const int Levels = 5;

    private sealed record Block(int Level, string No, int Start, int FirstLineLength, string Text)
    {
        private int TitleEnd => Text.IndexOf('。', StringComparison.Ordinal) is var e and >= 0 ? e : Text.Length;

        /// <summary>The first sentence, without its number and a trailing owners' bracket.</summary>
        public string Title => OwnersBracket().Replace(Text[No.Length..TitleEnd], "").Trim();

        public string Body => TitleEnd + 1 < Text.Length ? OwnersBracket().Replace(LabelledLines().Replace(Text[(TitleEnd + 1)..], ""), "").Trim() : "";

        public bool Sentence => Text.Contains('。', StringComparison.Ordinal);
    }

    /// <summary>
    /// Paragraphs: a numbered line starts one; a line continues it while the paragraph is still open (no 。 ) ; at its
    /// end) or when the line holds the paragraph's owners (a bracket or a labelled field on its own line). Unnumbered
    /// paragraphs are kept (level 0): one that names owners is a task whose number lies on an earlier page.
    /// </summary>
    private static List<Block> Blocks(string text)
    {
        var blocks = new List<Block>();
        var current = new StringBuilder();
        (int Level, string No, int Start, int FirstLength)? open = null;
        var closed = true;
        var (unitsColumn, cellOwners) = (false, false);
        void Flush()
        {
            if (open is { } o)
            {
                blocks.Add(new Block(o.Level, o.No, o.Start, o.FirstLength, current.ToString()));
            }
            open = null;
            current.Clear();
        }
        var offset = 0;
        foreach (var raw in text.Split('\n'))
        {
            var start = offset + (raw.Length - raw.TrimStart().Length);
            offset += raw.Length + 1;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var number = NumberPattern().Match(line);
            if (cellOwners && PageNumber().IsMatch(line))
            {
                // A page's number among a row's unit cells (a copy from a paged file) belongs to no one.
                continue;
            }
            if (UnitsHeader().IsMatch(Unspaced(line)))
            {
                unitsColumn = true;
            }
            else if (unitsColumn && open is { Level: > 0 } && !number.Success
                && (UnitsCell().IsMatch(line) || (cellOwners && ShortName().IsMatch(Unspaced(line)))))
            {
                // In a run of unit cells a short bare name is a unit written without its 厅/局/委.
                // Under a 责任单位 column, a cell of unit names alone is the numbered row's owners; as such lists are
                // printed, the unit listed first leads and the others, on this line or the ones a wrapped cell goes on
                // to, are responsible.
                var names = line.Split(['、', ',', '，', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                line = cellOwners
                    ? $"责任单位:{string.Join('、', names)}"
                    : $"牵头单位:{names[0]}" + (names.Length > 1 ? $";责任单位:{string.Join('、', names[1..])}" : "");
                cellOwners = true;
            }
            // "——孕产妇死亡率控制在…": a dashed or dotted point under a numbered item is part of it, as are the unit cells after it.
            var bullet = open is { Level: > 0 } && !number.Success && Bullet().IsMatch(line);
            var continues = open is not null && !number.Success && (!closed || bullet || OwnersLine().IsMatch(line));
            if (continues)
            {
                // Owners on a line of their own stay on their own line: "牵头单位:X" then "配合单位:Y"; so do points.
                if (OwnersLine().IsMatch(line) || bullet)
                {
                    current.Append('\n');
                }
                current.Append(Unspaced(line));
            }
            else
            {
                Flush();
                cellOwners = false;
                var level = number.Success ? LevelOf(number) : 0;
                open = (level, number.Success ? Unspaced(number.Value) : "", start, line.Length);
                current.Append(Unspaced(line));
            }
            // A short numbered line without a sentence is a heading ("一、工作目标"): what follows is not part of it.
            closed = ClosedEnd().IsMatch(line) || (number.Success && line.Length <= 30 && line.IndexOfAny(['。', ',', ',']) < 0);
        }
        Flush();
        // A paragraph broken after a full stop (a PDF's line ending at the margin with 。) leaves its owners on an
        // unnumbered paragraph of their own: they belong to the numbered item just before, if that one names nobody.
        for (var k = blocks.Count - 1; k > 0; k--)
        {
            if (blocks[k].Level == 0 && blocks[k - 1].Level > 0 && Who(blocks[k].Text).Named && !Who(blocks[k - 1].Text).Named)
            {
                blocks[k - 1] = blocks[k - 1] with { Text = blocks[k - 1].Text + blocks[k].Text };
                blocks.RemoveAt(k);
            }
        }
        return blocks;
    }

    // Whitespace beside Chinese is a line wrap or a PDF's spacing ("以 2023年", "国家  卫生健康委"), not a word break.
    // Square and lenticular brackets (【牵头单位:X】, 〔X负责〕, [X]) hold owners the way round ones do.
    private static string Unspaced(string text) => WrapSpace().Replace(text, "")
        .Replace('【', '(').Replace('】', ')').Replace('〔', '(').Replace('〕', ')').Replace('[', '(').Replace(']', ')');

    private static int LevelOf(Match number) =>
        number.Groups["l1"].Success ? 1 : number.Groups["l2"].Success ? 2 : number.Groups["l3"].Success ? 3 : number.Groups["l4"].Success ? 4 : 5;

    private sealed record Owners(List<string> Leads, List<string> Responsible, List<string> Cooperating, string? Deadline)
    {
        public bool Named => Leads.Count + Responsible.Count > 0;
    }

    private static Owners Who(string paragraph)
    {
        var (leads, responsible, cooperating) = (new List<string>(), new List<string>(), new List<string>());
        string? deadline = null;
        foreach (Match f in LabelledField().Matches(paragraph))
        {
            var label = f.Groups["label"].Value;
            var value = f.Groups["value"].Value.Trim();
            if (label is "完成时限" or "完成时间" or "时间节点")
            {
                deadline = value.TrimEnd('。');
                continue;
            }
            var names = Names(value);
            if (LeadLabel().IsMatch(label))
            {
                leads.AddRange(names);
            }
            else
            {
                responsible.AddRange(names);
                if (PartnerWord().IsMatch(label))
                {
                    cooperating.AddRange(names);
                }
            }
        }
        if (leads.Count + responsible.Count == 0 && OwnersSentence().Match(paragraph) is { Success: true } bracket)
        {
            foreach (var clause in bracket.Groups["inner"].Value.Split([',', ';', '，', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (PartnerClause().Match(clause) is { Success: true } partner)
                {
                    var names = Names(partner.Groups["names"].Value);
                    responsible.AddRange(names);
                    cooperating.AddRange(names);
                }
                else if (LeadClause().Match(clause) is { Success: true } lead)
                {
                    leads.AddRange(Names(lead.Groups["names"].Value));
                }
            }
        }
        // "(市卫生健康委、市医保局)": a closing bracket of unit names alone; the one listed first leads, the others are responsible.
        if (leads.Count + responsible.Count == 0 && UnitsBracket().Match(paragraph) is { Success: true } units)
        {
            var names = Names(units.Groups["inner"].Value);
            leads.Add(names[0]);
            responsible.AddRange(names.Skip(1));
        }
        // A unit that leads is not listed again among those responsible (a row of sub-rows names its lead in each).
        return new Owners([.. leads.Distinct()], [.. responsible.Distinct().Except(leads)], [.. cooperating.Distinct().Except(leads)], deadline);
    }

    private static List<string> Names(string list) =>
        [.. list.Split(['、', ',', '，', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.TrimEnd('。', '等'))
            .Where(n => n.Length >= 2)];

    // 一、 一. (一) ㈠ 1. 1、 第一, (1) 1) ⑴ ①: a number at the start of a line and its level. "2023年", "1.5%" and
    // "第一章" are not numbers.
    [GeneratedRegex(@"^(?:(?<l1>[一二三四五六七八九十]+\s*(?:、|\.(?!\d)))|(?<l2>\(\s*[一二三四五六七八九十]+\s*\)|[㈠-㈩])|(?<l3>\d{1,3}\s*[.、](?!\d)|第[一二三四五六七八九十]+[,、])|(?<l4>\(\s*\d{1,3}\s*\)|\d{1,3}\)|[⑴-⒇])|(?<l5>[①-⑳]))\s*")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[。;;)]\s*$")]
    private static partial Regex ClosedEnd();

    // A point of a list under an item: ——, —, •, ·, ●, ■, ◆, ▪, or a hyphen before text.
    [GeneratedRegex(@"^(?:——|—|[•·●■◆▪]|-(?!\d))")]
    private static partial Regex Bullet();

    // A line that is only a page number.
    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex PageNumber();

    // A bare name of a few characters, nothing else: a table cell.
    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}{2,8}$")]
    private static partial Regex ShortName();

    [GeneratedRegex(@"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")]
    private static partial Regex WrapSpace();

    private const string Label = @"牵头领导|责任领导|分管领导|牵头责任单位|牵头单位|牵头部门|牵头处室|牵头科室|责任处室|责任科室|责任单位|责任部门|主要协作单位|协作单位|配合单位|配合部门|协同单位|参与单位|完成时限|完成时间|时间节点";

    [GeneratedRegex(@"(?<label>" + Label + @")\s*[::]\s*(?<value>(?:[^;;()\n]|\([^()\n]*\))*?)(?=$|\n|[;;)]|\((?![^()\n]*\))|(?:" + Label + @")\s*[::])", RegexOptions.Multiline)]
    private static partial Regex LabelledField();

    [GeneratedRegex(@"^[(]?\s*(?:" + Label + @")\s*[::]")]
    private static partial Regex OwnersLine();

    [GeneratedRegex(@"[(](?:[^()]*(?:" + Label + @")\s*[::][^()]*|[^()]*(?:负责|牵头|参与|配合|协助|协同)[^()]*)[)]\s*(?=。?$|。)")]
    private static partial Regex OwnersBracket();

    [GeneratedRegex(@"^(?:" + Label + @")\s*[::].*$", RegexOptions.Multiline)]
    private static partial Regex LabelledLines();

    [GeneratedRegex(@"^牵头|领导$")]
    private static partial Regex LeadLabel();

    [GeneratedRegex(@"配合|协作|协同|参与")]
    private static partial Regex PartnerWord();

    // The closing bracket of a paragraph in sentences: "(国家卫生健康委牵头,市场监管总局参与)", "(X、Y按职责分工负责)".
    [GeneratedRegex(@"[(](?<inner>[^()]{2,300}?(?:负责|牵头|参与|配合|协助|协同))[)]\s*。?\s*$")]
    private static partial Regex OwnersSentence();

    private const string UnitName = @"[^()、,;。]{1,24}?(?:委员会|委|局|办公室|办|厅|部|政府|署|司|处|科|妇联|残联|科协|工会|爱卫会)";

    // A table's column header that names who does each row: "序号 主要任务 责任单位", "牵头单位" on a line of its own.
    [GeneratedRegex(@"^[^。,;:]{0,24}(?:责任|牵头|配合)(?:单位|部门|处室|科室)[^。,;:]{0,12}$")]
    private static partial Regex UnitsHeader();

    private const string CellUnit = @"[^()、,;。:\s]{1,24}?(?:委员会|委|局|办公室|办|厅|部|政府|署|司|处|科|中心|院|会|联|协|所|站)(?:\([^()]{1,8}\))?";

    // A table cell of organisations only: "省卫生健康委、省民政厅", "市疾控中心 市妇幼保健院".
    [GeneratedRegex(@"^(?:" + CellUnit + @")(?:[、,\s]+(?:" + CellUnit + @"))*(?:等)?$")]
    private static partial Regex UnitsCell();

    // A bracket closing the paragraph that lists only organisations: "(省卫生健康委、省医保局)".
    [GeneratedRegex(@"[(](?<inner>" + UnitName + @"(?:[、,]" + UnitName + @")*(?:等)?)[)]\s*。?\s*$")]
    private static partial Regex UnitsBracket();

    [GeneratedRegex(@"^\s*(?<names>.+?)(?:按职责分工|分别)?(?:牵头负责|牵头|负责)\s*$")]
    private static partial Regex LeadClause();

    [GeneratedRegex(@"^\s*(?<names>.+?)(?:等部门)?(?:参与|配合|协助|协同)\s*$")]
    private static partial Regex PartnerClause();

    // "居民电子健康档案建档率≥70%": a measure and its value alone, an indicator rather than a task. With an action
    // before it ("启动…筛查项目,筛查率达90%") the value is the task's aim, and the item a task.
    [GeneratedRegex(@"^[^,,;;]*(?:[≥≤<>=]|不低于|不高于|达到?)\s*\d+(?:\.\d+)?\s*(?:%|‰|/10万)?\s*(?:\([^()]*\))?\s*$")]
    private static partial Regex IndicatorLine();

    // "(3)实施主体:X县卫生健康委员会": a form's field, not a task.
    [GeneratedRegex(@"^\S{0,6}?[^,,。:]{2,12}[::]")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"目标|指标|原则|指导思想|背景|基础|机遇|挑战|形势|现状|成效|成绩|回顾|保障措施|组织保障|组织领导|组织实施|附件")]
    private static partial Regex NotTasksHeading();

    [GeneratedRegex(@"任务|工作|措施|举措|行动|要点|内容|重点|清单|分工|责任|项目|工程")]
    private static partial Regex TasksHeading();
}
