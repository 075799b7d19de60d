using System.Globalization;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Documents;

/// <summary>A target or an achievement stated in running text, with the exact source span.</summary>
public sealed record ProseItem(string Name, string Comparator, decimal? Value, string? Unit, int? Year, string? IndicatorCode, string Source)
{
    /// <summary>A value that is not a number, as written: 全覆盖 (comparator <c>achieve</c> for a target).</summary>
    public string? Text { get; init; }

    /// <summary>A reviewer chose to keep the item in the plan's words without making it a target (仅保留).</summary>
    public bool KeepOnly { get; init; }

    /// <summary>
    /// Whose threshold a reference value is (省定, 国家标准, 全省平均…): "婴儿死亡率2.69‰, 低于省定7‰的控制指标" holds a
    /// comparison line for 婴儿死亡率, neither a target of this document nor a result. Null for targets and achievements.
    /// </summary>
    public string? Reference { get; init; }
}

/// <summary>What the document is, as far as dating and classing its figures goes.</summary>
/// <param name="Kind">plan, workpoints or summary.</param>
/// <param name="Year">The year the document is about: a summary's reporting year, work points' working year.</param>
/// <param name="PlanEndYear">A plan's target year (十四五 → 2025), which its prose targets default to.</param>
public sealed record DocumentContext(string Kind, int? Year, int? PlanEndYear);

/// <summary>
/// Finds figures in prose and turns each into a target or an achievement. A figure is a number with a unit
/// (<c>90%</c>, <c>6‰</c>, <c>22/10万</c>, <c>8张</c>, <c>176.0172万剂次</c>: 万 and 亿 multiply); its name is the phrase
/// before it, stripped of scope words and verbs (全市, 力争, 达到, 控制在), or — for <c>完成2000人次的筛查任务</c> — the
/// object after it. Whether a figure is a target or an achievement depends on where it stands: in a summary's
/// account of the year, or a plan's 发展基础, figures are achievements; in a plan's goals, work points or a
/// summary's 工作思路 they are targets (glossary §3). Forms read as one: the distributive
/// <c>A、B、C分别控制在a、b、c以下</c> (also <c>分别由2015年的a、b下降到x、y</c>), the shared value
/// <c>A和B均达100%</c>, the shared subject <c>…患者检出率4.8‰、管理率80%</c>, and a list's closing qualifier (以上)
/// applying to every item of it (glossary §3.5).
/// </summary>
public static partial class ProseTargetReader
{
    /// <param name="tables">Spans already read as indicator tables or lists; their lines are not prose.</param>
    /// <param name="references">Receives the reference values quoted for comparison (省定7‰), when given.</param>
    public static (IReadOnlyList<ProseItem> Targets, IReadOnlyList<ProseItem> Achievements) Read(
        DocumentText document, IndicatorCatalogue catalogue, DocumentContext context, IReadOnlyList<(int Start, int End)>? tables = null,
        List<ProseItem>? references = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(context);
        var targets = new List<ProseItem>();
        var achievements = new List<ProseItem>();
        // The annex table of key targets is read as a table (AnnexReader); reading its cells as prose would list
        // each target twice, once from the body and once from the table.
        var text = document.Text[..(AnnexReader.StartOf(document) ?? document.Text.Length)];
        var sections = new SectionTracker(context);
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }
            var line = text[lineStart..lineEnd];
            sections.See(line);
            // Table rows are the plan table reader's. A long paragraph with one stray bar (a flattened table's edge
            // glued to it) is still prose.
            var bars = line.Count(c => c == '|');
            var inTable = tables?.Any(t => lineStart < t.End && lineEnd > t.Start) == true;
            if (!inTable && (bars == 0 || (bars == 1 && line.Length >= 60)))
            {
                foreach (Match clause in ClausePattern().Matches(line))
                {
                    // A sentence's time ("到2025年", "2022年,") holds over its clauses until the 。 that ends it.
                    var continues = clause.Index > 0 && line[clause.Index - 1] is ';' or ';';
                    sections.EnterClause(clause.Value, continues);
                    if (document.IsGarbled(lineStart + clause.Index, clause.Length))
                    {
                        continue;
                    }
                    foreach (var item in Coverage(document, catalogue, clause.Value, lineStart + clause.Index, sections))
                    {
                        (sections.Achieved ? achievements : targets).Add(item);
                    }
                    // Most clauses hold no figure at all; those are read only for directions (持续减缓).
                    if (!clause.ValueSpan.ContainsAnyInRange('0', '9') && !DirectionPattern().IsMatch(clause.ValueSpan))
                    {
                        continue;
                    }
                    var reader = new ClauseReader(document, catalogue, clause.Value, lineStart + clause.Index, sections);
                    foreach (var (item, achieved) in reader.Items())
                    {
                        (achieved ? achievements : targets).Add(item);
                    }
                    references?.AddRange(reader.References);
                }
            }
            lineStart = lineEnd + 1;
        }
        return (Once(targets), Once(achievements));
    }

    /// <summary>
    /// A figure a document states again (a headline, its lead, then its list) is one item: the first statement of the
    /// same name, comparator, value, unit and year (two measures of one catalogue indicator, for a town and a county, stay two).
    /// </summary>
    private static List<ProseItem> Once(List<ProseItem> items)
    {
        var seen = new HashSet<(string, string, string, decimal?, string?, int?, string?)>();
        // Only a measure the catalogue knows is known to be the same one: a bare "筛查率" of two projects is two figures.
        return [.. items.Where(i => i.IndicatorCode is null || seen.Add((i.IndicatorCode, i.Name, i.Comparator, i.Value, i.Unit, i.Year, i.Text)))];
    }

    /// <summary>
    /// "健康促进旗县建设实现全覆盖", "基本实现中医药全覆盖", "推动基本公共卫生服务全覆盖": a coverage to reach (target,
    /// comparator <c>achieve</c>) or reached (achievement), value 全覆盖 as written. What is covered is the noun between
    /// 实现 and 全覆盖, else the phrase before.
    /// </summary>
    private static IEnumerable<ProseItem> Coverage(DocumentText document, IndicatorCatalogue catalogue, string clause, int offset, SectionTracker sections)
    {
        if (!clause.Contains("全覆盖", StringComparison.Ordinal))
        {
            yield break;
        }
        foreach (Match m in CoveragePattern().Matches(clause))
        {
            var name = CleanName(m.Groups["inner"].Length >= 2 ? m.Groups["inner"].Value : m.Groups["before"].Value).Trim('“', '”', '"');
            if (name.Length < 2 || clause.AsSpan(m.Index + m.Length).StartsWith("的基础") || OrganisationBody().IsMatch(name))
            {
                continue;
            }
            var year = YearPattern().Match(clause[..m.Index]) is { Success: true } y ? int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture) : sections.Year;
            yield return new ProseItem(name, sections.Achieved ? "=" : "achieve", null, null, year, catalogue.Match(name),
                document.SourceOf(offset + m.Index, m.Length))
            { Text = "全覆盖" };
        }
    }

    /// <summary>How many clauses with a figure report what was reached, and how many set what is to be reached.</summary>
    public static (int Past, int Ahead) Leanings(string text, DocumentContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (past, ahead) = (0, 0);
        foreach (Match clause in ClausePattern().Matches(text))
        {
            if (clause.ValueSpan.ContainsAnyInRange('0', '9') && Leaning(clause.Value, context) is { } reports)
            {
                (past, ahead) = reports ? (past + 1, ahead) : (past, ahead + 1);
            }
        }
        return (past, ahead);
    }

    /// <summary>
    /// Whether a clause's own words report what was reached (true) or set what is to be reached (false): "到2025年" (a
    /// year still ahead), 力争, 目标 make it a goal; a year already past at its start, 比上年, 同比, 已, 累计, 分别由, a verb
    /// with 了 an account. Null when it says neither, or both.
    /// </summary>
    public static bool? Leaning(string clause, DocumentContext context)
    {
        ArgumentNullException.ThrowIfNull(clause);
        ArgumentNullException.ThrowIfNull(context);
        var ahead = false;
        var past = false;
        foreach (Match y in ClauseYear().Matches(clause))
        {
            var year = int.Parse(y.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (y.Groups["by"].Success)
            {
                ahead |= context.Year is not { } now || year > now || (context.Kind != "summary" && year >= now);
            }
            else if (y.Groups["at"].Success && context.Year is { } now2)
            {
                // "2020年我市人均期望寿命将达…" in a 2013 text speaks of a year ahead; the document's own year is one work
                // points set to work in ("2023年,完成2000人次的筛查"), and one a plan or a summary looks back on.
                past |= year < now2 || (year == now2 && context.Kind != "workpoints");
                ahead |= year > now2 || (year == now2 && context.Kind == "workpoints");
            }
        }
        ahead |= GoalWords().IsMatch(clause);
        past |= AccountWords().IsMatch(clause);
        return ahead == past ? null : past;
    }

    /// <summary>
    /// Follows the headings (一、 (一) 第一章) to know whether the text under them reports what was done or says
    /// what is to be done, and which year it speaks of.
    /// </summary>
    private sealed class SectionTracker(DocumentContext context)
    {
        private bool? _levelOne;
        private bool? _levelTwo;
        private int? _yearOne;
        private int? _yearTwo;
        private bool? _clause;

        /// <summary>Whether the current clause reports what was reached: its own words first, then its section, then the document.</summary>
        public bool Achieved => _clause ?? _levelTwo ?? _levelOne ?? context.Kind == "summary";

        /// <summary>What the clause's own words say (<see cref="Leaning"/>); when they say nothing, its sentence's or section's.</summary>
        public void EnterClause(string clause, bool continuesSentence)
        {
            _clause = Leaning(clause, context) ?? (continuesSentence ? _clause : null);
        }

        /// <summary>The year a figure speaks of when its clause names none.</summary>
        public int? Year => _yearTwo ?? _yearOne ?? (Achieved
            ? (context.Kind == "plan" && context.PlanEndYear is { } end ? end - 5 : context.Year)
            : context.PlanEndYear ?? context.Year);

        public void See(string line)
        {
            var heading = HeadingPattern().Match(line);
            if (!heading.Success)
            {
                return;
            }
            var title = heading.Groups["title"].Value;
            var sentence = title.IndexOfAny(['。', ':']);
            if (sentence >= 0)
            {
                title = title[..sentence];
            }
            int? year = YearPattern().Match(title) is { Success: true } y ? int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            var mode = ModeOf(title, year);
            if (heading.Groups["one"].Success)
            {
                (_levelOne, _yearOne, _levelTwo, _yearTwo) = (mode, year, null, null);
            }
            else if (heading.Groups["two"].Success)
            {
                (_levelTwo, _yearTwo) = (mode, year);
            }
        }

        private bool? ModeOf(string title, int? year)
        {
            if (AchievedHeading().IsMatch(title) || (year is { } y && context.Year is { } dy && y <= dy && title.Contains("工作", StringComparison.Ordinal) && !PlannedHeading().IsMatch(title)))
            {
                return true;
            }
            if (PlannedHeading().IsMatch(title) && (context.Kind != "summary" || year is null || context.Year is null || year > context.Year))
            {
                return context.Kind == "summary" && !title.Contains("思路", StringComparison.Ordinal) && !title.Contains("打算", StringComparison.Ordinal)
                    && !title.Contains("计划", StringComparison.Ordinal) && year is null ? null : false;
            }
            return null;
        }
    }

    /// <summary>The figures of one clause (text between 。;; and line breaks).</summary>
    private sealed class ClauseReader(DocumentText document, IndicatorCatalogue catalogue, string clause, int offset, SectionTracker sections)
    {
        private readonly List<(int Start, int End)> _taken = [];
        private readonly List<(int At, ProseItem Item, bool Achieved)> _items = [];
        private readonly List<(int At, decimal? Value, string? Unit, string Label, string Comparator, string Source)> _benchmarks = [];

        /// <summary>
        /// The reference values of the clause ("均低于省定14/10万和7‰的控制指标"), each named after the measure it is compared
        /// with: the earlier figure of the clause with the same unit, else the one in the same place of the list.
        /// </summary>
        public IReadOnlyList<ProseItem> References
        {
            get
            {
                var named = _items.OrderBy(i => i.At).Select(i => i.Item).ToList();
                var used = new HashSet<ProseItem>();
                var result = new List<ProseItem>();
                for (var k = 0; k < _benchmarks.Count; k++)
                {
                    var b = _benchmarks[k];
                    var before = named.Where(i => _items.First(x => x.Item == i).At < b.At && !used.Contains(i)).ToList();
                    var item = before.LastOrDefault(i => i.Unit is not null && i.Unit == b.Unit)
                        ?? (before.Count >= _benchmarks.Count - k ? before[before.Count - (_benchmarks.Count - k)] : before.LastOrDefault());
                    if (item is null)
                    {
                        continue;
                    }
                    used.Add(item);
                    result.Add(new ProseItem(item.Name, b.Comparator, b.Value, b.Unit ?? item.Unit, item.Year, item.IndicatorCode ?? catalogue.Match(item.Name, b.Unit), b.Source)
                    {
                        Reference = b.Label,
                    });
                }
                return result;
            }
        }

        public IEnumerable<(ProseItem Item, bool Achieved)> Items()
        {
            foreach (var m in clause.Contains("分别", StringComparison.Ordinal) ? DistributivePattern().Matches(clause) : Enumerable.Empty<Match>())
            {
                Distributive(m, YearAt(m.Index + m.Groups["names"].Length));
            }
            foreach (Match m in SharedValuePattern().Matches(clause))
            {
                SharedValue(m, YearAt(m.Index + m.Groups["names"].Length));
            }
            foreach (Match m in RangePattern().Matches(clause))
            {
                Range(m);
            }
            foreach (Match m in WrittenValuePattern().Matches(clause))
            {
                WrittenValue(m);
            }
            if (!sections.Achieved)
            {
                foreach (Match m in DirectionPattern().Matches(clause))
                {
                    Direction(m);
                }
            }
            Singles();
            return _items.OrderBy(i => i.At).Select(i => (i.Item, i.Achieved)).ToList();
        }

        /// <summary>"孕产妇死亡率、婴儿死亡率、5岁以下儿童死亡率分别控制在22/10万、6‰、9‰以下"; with "由2015年的a、b下降到x、y" the x, y count.</summary>
        private void Distributive(Match m, int? year)
        {
            var names = SplitNames(m.Groups["names"].Value, sharedTail: true);
            var values = m.Groups["values"].Captures.Select(c => c.Value).ToList();
            if (names.Count != values.Count || Overlaps(m.Index, m.Index + m.Length))
            {
                return;
            }
            var qualifier = m.Groups["qual"].Value;
            var comparator = ComparatorOf(m.Groups["verb"].Value, qualifier, "");
            var source = document.SourceOf(offset + m.Index, m.Length);
            for (var k = 0; k < names.Count; k++)
            {
                var (value, unit) = ValueAndUnit(values[k]);
                Add(m.Index + k, names[k], comparator, value, unit, year, source);
            }
            _taken.Add((m.Index, m.Index + m.Length));
        }

        /// <summary>"每千名老年人拥有养老床位数达到35-40张": a range, read whole (comparator <c>range</c>, value "35-40").</summary>
        private void Range(Match m)
        {
            var end = m.Index + m.Length;
            if (Overlaps(m.Index, end))
            {
                return;
            }
            var before = LastPhrase(clause[..m.Index]);
            var name = CleanName(before);
            if (name.Length < 2 || NotAName().IsMatch(name))
            {
                return;
            }
            var text = $"{m.Groups["low"].Value}-{m.Groups["high"].Value}";
            var unit = m.Groups["unit"].Value;
            var achieved = sections.Achieved;
            _items.Add((m.Index, new ProseItem(name, achieved ? "=" : "range", null, unit.Length == 0 ? null : unit, YearAt(m.Index),
                catalogue.Match(name, unit), document.SourceOf(offset + m.Index - before.Length, end - (m.Index - before.Length)))
            { Text = text }, achieved));
            _taken.Add((m.Index, end));
        }

        /// <summary>
        /// Values a plan writes as a ratio or a fraction, kept as written: a measure named …比 at a ratio ("X比不低于1:n",
        /// "X之比为1:a,…降至1:b", the measure carried over when the change names none), and a change by a
        /// fraction ("X在YYYY年基础上下降3/4": reduce_pct, value "3/4").
        /// </summary>
        private void WrittenValue(Match m)
        {
            var end = m.Index + m.Length;
            if (Overlaps(m.Index, end))
            {
                return;
            }
            var before = LastPhrase(clause[..m.Index]);
            var verb = m.Groups["change"].Success ? m.Groups["change"].Value
                : TrailingVerb().Match(before.TrimEnd()) is { Success: true } v ? v.Value : "";
            var name = CleanName(before);
            var ratio = m.Groups["ratio"].Success;
            if (ratio && !name.EndsWith('比'))
            {
                // "YYYY年降至1:n": the ratio named earlier in the sentence.
                name = _items.Select(i => i.Item.Name).LastOrDefault(n => n.EndsWith('比')) ?? name;
            }
            if (name.Length < 2 || NotAName().IsMatch(name) || (ratio && !name.EndsWith('比')))
            {
                return;
            }
            var achieved = sections.Achieved;
            var comparator = achieved ? "=" : ratio ? ComparatorOf(verb, "", clause[..m.Index]) : RelativeComparator(verb, "%");
            var start = m.Index - before.Length;
            _items.Add((m.Index, new ProseItem(name, comparator, null, null, YearAt(m.Index), catalogue.Match(name),
                document.SourceOf(offset + start, end - start))
            { Text = m.Groups["v"].Value }, achieved));
            _taken.Add((m.Index, end));
        }

        /// <summary>
        /// "X率持续减缓", "X指标优于全市平均水平": a direction or standing set for a named measure,
        /// without a figure (comparator <c>qualitative</c>, the words as its value).
        /// </summary>
        private void Direction(Match m)
        {
            var rawBefore = clause[..m.Index];
            // "婴儿死亡率、孕产妇死亡率、5岁以下儿童死亡率逐步降低": every measure of the list.
            var boundary = LastBoundary(rawBefore.Replace('、', '\u0001'));
            var before = boundary >= 0 ? rawBefore[(boundary + 1)..] : rawBefore;
            if (CausativeVerb().IsMatch(before))
            {
                // "全力推动卫生健康能力水平提升", "促进…水平提高": an action to take, whose aim is the direction; a task, not a target.
                return;
            }
            var names = SplitNames(before);
            if (names.Count > 1 && !names.TrueForAll(n => MeasureName().IsMatch(n)) && CleanName(before) is var whole && MeasureName().IsMatch(whole))
            {
                // "A、B感染率", "A和B的早诊早治率": the parts before the last are not measures, so the
                // list is of what one measure covers, and the measure is one.
                names = [whole];
            }
            if (names.Count == 0 || !names.TrueForAll(n => n.Length >= 3 && MeasureName().IsMatch(n)) || Overlaps(m.Index, m.Index + m.Length))
            {
                return;
            }
            var source = document.SourceOf(offset + m.Index - before.Length, m.Length + before.Length);
            for (var k = 0; k < names.Count; k++)
            {
                _items.Add((m.Index + k, new ProseItem(names[k], "qualitative", null, null, YearAt(m.Index), catalogue.Match(names[k]), source)
                { Text = m.Value }, false));
            }
        }

        /// <summary>"突发公共卫生事件信息报告率、应急响应率和妥善处置率均达100%", "反馈率、接收率、及时率达95%以上".</summary>
        private void SharedValue(Match m, int? year)
        {
            var names = SplitNames(m.Groups["names"].Value, measureTail: true);
            // Without 均, "反馈率、接收率、及时率达95%以上" shares its value only when every name is a rate.
            if (names.Count < 2 || Overlaps(m.Index, m.Index + m.Length) || (!m.Groups["all"].Success && !names.TrueForAll(n => RateName().IsMatch(n))))
            {
                return;
            }
            var (value, unit) = ValueAndUnit(m.Groups["value"].Value);
            var comparator = ComparatorOf(m.Groups["verb"].Value, m.Groups["qual"].Value, "");
            var source = document.SourceOf(offset + m.Index, m.Length);
            for (var k = 0; k < names.Count; k++)
            {
                Add(m.Index + k, names[k], comparator, value, unit, year, source);
            }
            _taken.Add((m.Index, m.Index + m.Length));
        }

        /// <summary>
        /// The year a figure at <paramref name="index"/> speaks of: the last year named before it in the clause
        /// ("2013年项目完工率100%、投用率90%,2014年项目开工率100%"), except the base of a change (由2015年的), else the section's.
        /// </summary>
        private int? YearAt(int index)
        {
            int? year = null;
            foreach (Match y in YearPattern().Matches(clause[..index]))
            {
                // A base year (由2015年的, 比2015年, 在2020年基础上) is not the year the figure speaks of.
                if (y.Index == 0 || !"由比较在".Contains(clause[y.Index - 1], StringComparison.Ordinal))
                {
                    year = int.Parse(y.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }
            return year ?? sections.Year;
        }

        private void Singles()
        {
            var figures = QuantityPattern().Matches(clause).Where(f => !Overlaps(f.Index, f.Index + f.Length)).ToList();
            string? previousName = null;
            string? previousComparator = null;
            string? previousUnit = null;
            var namedSoFar = new List<string>();
            var pendingNames = new List<string>();
            string? subject = null;
            // "到2022年和2030年,…分别不低于a%和b%": the first value is for the first year, the one after 和 for the second.
            var pair = YearPair().Match(clause);
            var segmentStart = 0;
            for (var k = 0; k < figures.Count; k++)
            {
                var f = figures[k];
                if (Overlaps(f.Index, f.Index + f.Length))
                {
                    // Inside a phrase an earlier figure read whole ("100%的村卫生站至少配置1名中医").
                    segmentStart = f.Index + f.Length;
                    continue;
                }
                // "10万分之n", "千分之n": the number before 分之 is the rate's base, not a figure.
                if (clause.AsSpan(f.Index + f.Length).StartsWith("分之"))
                {
                    continue;
                }
                // "较YYYY年(a%和b%)分别提高…": the bracket after 比/较 a year holds the values compared with, neither
                // results nor the names' figures for the change that follows.
                if (BaseInBracket().IsMatch(clause.AsSpan(0, f.Index)))
                {
                    segmentStart = f.Index + f.Length;
                    continue;
                }
                var rawBefore = clause[segmentStart..f.Index];
                var perBase = PerBase().Match(rawBefore);
                if (perBase.Success)
                {
                    rawBefore = rawBefore[..perBase.Index];
                }
                var boundary = LastBoundary(rawBefore);
                var before = boundary >= 0 ? rawBefore[(boundary + 1)..] : rawBefore;
                var listed = boundary >= 0 && rawBefore[boundary] == '、' || (boundary < 0 && k > 0 && segmentStart > 0 && clause[segmentStart - 1] == '、');
                var unit = perBase.Success ? PerBaseUnit(perBase.Groups["base"].Value) : f.Groups["unit"].Value;
                if (IsPartOfName(f, unit))
                {
                    continue;
                }
                segmentStart = f.Index + f.Length;
                var following = clause[(f.Index + f.Length)..];
                // "X书(n项)": a count in brackets after a title counts its parts; "较YYYY年(a%和b%)" gives the base.
                var bracketed = rawBefore.EndsWith('(') && following.StartsWith(')');
                if (bracketed || BracketedBase().IsMatch(rawBefore))
                {
                    continue;
                }
                if (unit is "篇" or "章" or "节" && TextStructure().IsMatch(PhraseBefore(f.Index)))
                {
                    // "纲要共设18篇", "规划分为10章": how a text is divided, not a figure of it.
                    continue;
                }
                if (unit == "%" && CostShare().IsMatch(rawBefore.TrimEnd()))
                {
                    // "市级财政承担30%": who pays which share is a rule of funding, not a measure.
                    segmentStart = f.Index + f.Length;
                    continue;
                }
                if (CountUnit().IsMatch(unit) && ObjectAfter().Match(following) is { Success: true } counted && ConditionNoun().IsMatch(counted.Groups["object"].Value))
                {
                    // "须满足21个条件": how many conditions or requirements there are is the shape of a standard, not a figure.
                    continue;
                }
                if (ByStandard().IsMatch(PhraseBefore(f.Index)) && following.TrimStart().StartsWith("的标准", StringComparison.Ordinal))
                {
                    // "按照每人每年a元的标准安排资金": the rate an action is carried out at, not a figure to reach or reached.
                    segmentStart = f.Index + f.Length;
                    continue;
                }
                if (!sections.Achieved && previousName is not null && RestatedChange().IsMatch(rawBefore) && following.TrimStart().StartsWith(')'))
                {
                    // "X提升至a%(较YYYY年提高b个百分点)": the bracket restates the target before it as a change; one target.
                    continue;
                }
                if (unit == "个百分点" && GapToAverage().Match(before.TrimEnd()) is { Success: true } gap)
                {
                    // "X达到a%,高于全省平均水平b个百分点", "X低于全国平均水平b个百分点": the gap to an average, a figure of
                    // X's own (the average itself is not quoted).
                    var measure = CleanName(before[..gap.Index]) is { Length: >= 2 } own ? own : previousName;
                    if (measure is not null)
                    {
                        Add(f.Index, measure + gap.Value, "=", ValueAndUnit(f.Value).Value, unit, YearAt(f.Index),
                            document.SourceOf(offset + f.Index - before.Length, f.Length + before.Length));
                    }
                    continue;
                }
                if (!IsBaseOfChange(before) && !TimeUnit().IsMatch(following) && Benchmark().IsMatch(before + following[..PhraseEnd(following)]))
                {
                    // Whose threshold: the last 省定 / 国家标准 / 全省平均 before the end of the phrase; the verb of the run
                    // ("均低于省定14/10万和7‰") says which side the measure is on, a 控制指标 a ceiling.
                    var upTo = clause[..(f.Index + f.Length + PhraseEnd(following))];
                    var label = BenchmarkOwner().Matches(upTo).LastOrDefault()?.Value ?? "参照值";
                    var runVerb = _benchmarks.Count > 0 && _benchmarks[^1].Label == label ? _benchmarks[^1].Comparator
                        : TrailingVerb().Match(BenchmarkOwner().Replace(before, "").TrimEnd()) is { Success: true } bv ? ComparatorOf(bv.Value, f.Groups["qual"].Value, rawBefore)
                        : following.Contains("控制", StringComparison.Ordinal) ? "<=" : "=";
                    var (bValue, bUnit) = ValueAndUnit(f.Value[..(f.Value.Length - f.Groups["qual"].Length - f.Groups["more2"].Length)]);
                    _benchmarks.Add((f.Index, bValue, perBase.Success ? unit : bUnit, label, runVerb is "<" or "<=" or ">" or ">=" ? runVerb : "<=",
                        document.SourceOf(offset + f.Index - before.Length, f.Length + before.Length + PhraseEnd(following))));
                    continue;
                }
                if (IsBaseOfChange(before) || Benchmark().IsMatch(before + following[..PhraseEnd(following)]) || TimeUnit().IsMatch(following))
                {
                    // "由2015年的61%提高到76%": 61% is where it started; the name carries over to 76%.
                    if (IsBaseOfChange(before))
                    {
                        previousName = CleanName(before[..before.LastIndexOfAny(['由', '从'])]) is { Length: >= 2 } n ? n
                            : SubjectOfPreviousPhrase(rawBefore[..Math.Max(0, boundary)]) ?? previousName;
                    }
                    continue;
                }
                var verb = TrailingVerb().Match(before.TrimEnd()) is { Success: true } v ? v.Value : "";
                // Numeral, classifier, noun ("建成9个国家级医学中心", "100%的社区卫生服务中心") names what follows;
                // noun, numeral ("健康家庭508个,", "签约服务率90%") what comes before: a count names the noun right after
                // its classifier when there is one.
                var cleanBefore = CleanName(before);
                var share = unit == "%" && following.StartsWith('的') && !MeasureName().IsMatch(cleanBefore) ? ShareAfter(f.Index + f.Length) : null;
                var (after, afterEnd) = share is { } s ? (cleanBefore + s.Name, s.End)
                    : (CountUnit().IsMatch(unit) && !MeasureNounEnd().IsMatch(cleanBefore)) || clause.AsSpan(f.Index + f.Length).StartsWith("的")
                    ? NameAfter(f.Index + f.Length, CountUnit().IsMatch(unit))
                    : ("", f.Index + f.Length);
                var name = after.Length >= 2 ? after : cleanBefore;
                if (previousName is not null && Breakdown().Match(rawBefore) is { Success: true } part)
                {
                    // "住院分娩率为99.94%(市99.97%,县99.89%)": the same measure for a part.
                    name = $"{previousName}({part.Groups["part"].Value})";
                }
                var continuesList = name.Length < 2 && previousName is not null && ValueListJoint().IsMatch(rawBefore);
                var unnamed = name.Length < 2 || NotAName().IsMatch(name);
                if (unnamed && verb.Contains("分别", StringComparison.Ordinal) && RelativeVerb().Match(verb) is { Success: true } each)
                {
                    // "床位数达到7.24张、医师2.99人、护士2.69人,五年来分别增长49.90%、30.10%、59.17%": the changes of the
                    // measures named before, in their order.
                    var run = 1;
                    for (var next = k; next + 1 < figures.Count && ListContinues(figures[next], figures[next + 1]); next++)
                    {
                        run++;
                    }
                    if (run <= namedSoFar.Count)
                    {
                        var suffix = each.Value.Contains('降', StringComparison.Ordinal) || each.Value.Contains('减', StringComparison.Ordinal) ? "下降率" : "增长率";
                        pendingNames.Clear();
                        pendingNames.AddRange(namedSoFar.Skip(namedSoFar.Count - run).Select(n => n + suffix));
                    }
                }
                if (pendingNames.Count > 0 && (continuesList || (unnamed && verb.Contains("分别", StringComparison.Ordinal))))
                {
                    name = pendingNames[0];
                    pendingNames.RemoveAt(0);
                    continuesList = false;
                }
                else if (name.Length < 2 && verb.Length > 0 && previousName is not null && ChangeVerb().IsMatch(verb))
                {
                    name = previousName;
                }
                else if (continuesList)
                {
                    // "分别不低于a%和b%", "低于a%和b%": the next value of the same measure.
                    name = previousName!;
                }
                else if (name.Length < 2 && previousName is not null && RelativeVerb().Match(verb) is { Success: true } change && unit == "%")
                {
                    // "X诊疗n万人次,增长m%": the change of the figure before it. A rate's relative change is its fall or rise
                    // (幅度), since the base year its change started from ("X从YYYY年的a下降到b,下降了m%": X较YYYY年下降幅度).
                    var down = change.Value.Contains('降', StringComparison.Ordinal) || change.Value.Contains('减', StringComparison.Ordinal);
                    name = RateName().IsMatch(previousName)
                        ? previousName + (BaseYear().Match(clause[..f.Index]) is { Success: true } baseYear ? $"较{baseYear.Groups[1].Value}年" : "") + (down ? "下降幅度" : "提高幅度")
                        : previousName + (down ? "下降率" : "增长率");
                }
                if (name.Length < 2 && previousName is not null && unit is { Length: > 0 } and not "%" && (CountUnit().IsMatch(unit) || unit == "个百分点" || unit == previousUnit)
                    && ChangeSince().Match(before.TrimEnd()) is { Success: true } since)
                {
                    // "X达到a亿人次,比YYYY年增加b亿人次", "X达到a%,比上年提高b个百分点", "X a张,较上年增加b张": the change of the
                    // figure before it since a base year or the last, in its own units (points for a rate).
                    name = previousName + since.Value.TrimEnd('了');
                }
                else if (name.Length < 2 && previousName is not null && unit == "个百分点" && RelativeVerb().Match(verb) is { Success: true } points)
                {
                    // "X达到a%,提高b个百分点": the change, in points, of the rate named before it.
                    name = previousName + points.Value.TrimEnd('了');
                }
                if (name.Length < 2)
                {
                    name = NameAfter(f.Index + f.Length, CountUnit().IsMatch(unit)).Name;
                }
                if (name.Length < 2)
                {
                    name = CleanName(before, keepActions: true);
                }
                // Without a unit a figure needs a rate for a name ("孕产妇死亡率0") or 万 and nothing after it ("有码人数达171万,");
                // "约260万字" counts something the reader has no unit for.
                if (unit.Length == 0 && !RateName().IsMatch(name)
                    && (f.Groups["wan"].Length == 0 || (following.Length > 0 && char.IsLetter(following[0]))))
                {
                    continue;
                }
                if (name.Length < 2 || NotAName().IsMatch(name))
                {
                    continue;
                }
                if (after.Length >= 2 && name == after && share is null && CountUnit().IsMatch(unit) && ScopeOfNextCount().IsMatch(clause[afterEnd..]))
                {
                    // "6个贫困县的83家卫生院": the first count says among which places the next one is counted.
                    continue;
                }
                if (after.Length >= 2 && name == after && CountUnit().IsMatch(unit) && MinimumPerUnit().Match(before) is { Success: true } floor
                    && CleanName(floor.Groups["unit"].Value) is { Length: >= 2 } forUnits && !NotAName().IsMatch(forUnits))
                {
                    // "常住人口超过30万的旗县至少有1所…医院", "每个行政村至少有1个村卫生室": a minimum for each unit of a kind,
                    // not for the whole; the name says for which units.
                    name = $"{name}({forUnits})";
                }
                if (share is null && ProgrammePart().IsMatch(name) && (name == after || name == NameAfter(f.Index + f.Length, true).Name))
                {
                    // "实施…等18个具体行动", "明确18项专项行动", "从3个方面": how many parts a programme has is its scope, not a
                    // figure to reach or reached.
                    continue;
                }
                if (previousName is not null && RequirementName().IsMatch(name))
                {
                    // "X率a%,达到国家要求的b%以上": the requirement is the same measure's.
                    name = previousName;
                }
                if (CompletionShare().IsMatch(name))
                {
                    // "完成白内障手术治疗44例,完成任务数的104.8%", "完成投资a亿元,占年度计划的60%": the share belongs to the
                    // task or the work before it.
                    var of = name.Contains("计划", StringComparison.Ordinal) ? "计划完成率" : "任务完成率";
                    name = previousName is null ? of : previousName + of;
                }
                else if (previousName is not null && CompletionVerb().IsMatch(name) && CountUnit().IsMatch(unit))
                {
                    // "新建X 8个,已完工5个": how many of the things before did it.
                    name = CompletionVerb().Match(name).Groups["verb"].Value + "的" + previousName;
                }
                else if (listed && subject is not null && name.Length <= 4 && RateWord().IsMatch(name))
                {
                    // "严重精神障碍患者检出率4.8‰、管理率80%": later short names borrow the first one's subject.
                    name = subject + name;
                }
                else if (previousName is not null && name.Length <= 6 && RateName().IsMatch(name) && name.Length >= 3
                    && previousName.IndexOf(name[..^1], StringComparison.Ordinal) is > 0 and var stem && !previousName.StartsWith(name[..^1], StringComparison.Ordinal))
                {
                    // "X老年人健康管理人数a,健康管理率b": a rate of the same work as the count before it is of the same people;
                    // "开展健康体检的X老年人a名,体检率b": the people are the things counted, after 的.
                    name = (previousName.LastIndexOf('的') is var de and > 0 && de < previousName.Length - 2 ? previousName[(de + 1)..] : previousName[..stem]) + name;
                }
                else if (listed && previousName is not null && PerCapita().Match(previousName) is { Success: true } per && !PerCapita().IsMatch(name))
                {
                    // "每千人口床位数达到7.24张、执业(助理)医师2.99人": the per-capita base carries over.
                    name = per.Value + name;
                }
                if (RateWord().Match(name) is { Success: true } rate && rate.Index > 0 && !listed)
                {
                    subject = name[..rate.Index];
                }
                var qualifier = f.Groups["qual"].Value;
                for (var next = k; qualifier.Length == 0 && next + 1 < figures.Count && ListContinues(figures[next], figures[next + 1]); next++)
                {
                    qualifier = figures[next + 1].Groups["qual"].Value;
                }
                var comparator = unit == "个百分点" || RelativeVerb().IsMatch(verb)
                    ? RelativeComparator(verb, unit)
                    : continuesList && verb.Length == 0 && qualifier.Length == 0 && previousComparator is not null
                        ? previousComparator
                        : ComparatorOf(verb, qualifier, rawBefore);
                if (AnnualChange().Match(verb) is { Success: true } annual && unit == "%" && !ChangeInName().IsMatch(name))
                {
                    // "X年均增长a%": a yearly rate of change is a measure of its own (X年均增长率), at the level written.
                    name += annual.Value.Contains('降', StringComparison.Ordinal) || annual.Value.Contains('减', StringComparison.Ordinal) ? "年均下降率" : "年均增长率";
                    comparator = ComparatorOf("", qualifier, rawBefore);
                }
                else if (sections.Achieved && comparator is "increase_pct" or "reduce_pct" or "increase_pp" or "reduce_pp" && !ChangeInName().IsMatch(name))
                {
                    // "X较YYYY年下降了a%", "X比上年提高b个百分点" in an account: the figure is the change, not X's level, and its
                    // name says so (X较YYYY年下降幅度, X比上年提高).
                    var change = (ChangeSince().Match(before.TrimEnd()) is { Success: true } since2 ? since2.Value
                        : RelativeVerb().Match(verb) is { Success: true } v2 ? v2.Value : "").TrimEnd('了');
                    name += change + (unit == "%" && change.Length > 0 ? "幅度" : "");
                }
                previousComparator = comparator;
                var (value, parsedUnit) = ValueAndUnit(f.Value[..(f.Value.Length - f.Groups["qual"].Length - f.Groups["more2"].Length)]);
                parsedUnit = perBase.Success ? unit : parsedUnit;
                if (comparator == "=" && value == 1 && CountUnit().IsMatch(unit) && PerUnitScope().IsMatch(PhraseBefore(f.Index)))
                {
                    // "每个家庭有1名家庭医生", "每个居民拥有1份电子健康档案": one thing for each unit is the article of a
                    // standard of provision (every family has a doctor), what a task provides, not a count any figure reaches.
                    continue;
                }
                if (!sections.Achieved && comparator is "increase_pct" or "reduce_pct" or "increase_pp" or "reduce_pp"
                    && LevelAfterChange().IsMatch(following))
                {
                    // "X在YYYY年基础上提高b,达到a": the change is the way to the level that follows; one target, the level.
                    continue;
                }
                var sourceEnd = after.Length >= 2 ? afterEnd : f.Index + f.Length;
                if (share is not null)
                {
                    _taken.Add((f.Index, sourceEnd));
                }
                var year = pair.Success
                    ? int.Parse(pair.Groups[rawBefore.TrimEnd().EndsWith('和') ? 2 : 1].Value, CultureInfo.InvariantCulture)
                    : YearAt(f.Index);
                Add(f.Index, name, comparator, value, parsedUnit, year, document.SourceOf(offset + f.Index - before.Length, sourceEnd - (f.Index - before.Length)));
                previousName = name;
                namedSoFar.Add(name);
                previousUnit = parsedUnit;
            }
        }

        // "X明显提升,从YYYY年的a提高到b": the measure a change starts from, named in the phrase before with its direction.
        private static string? SubjectOfPreviousPhrase(string text)
        {
            var phrase = LastPhrase(text).Trim();
            if (DirectionPattern().Match(phrase) is { Success: true } direction && direction.Index + direction.Length == phrase.Length)
            {
                phrase = phrase[..direction.Index];
            }
            phrase = CleanName(phrase);
            return phrase.Length >= 2 && MeasureName().IsMatch(phrase) ? phrase : null;
        }

        private void Add(int at, string name, string comparator, decimal? value, string? unit, int? year, string source)
        {
            // A figure quoted as a requirement inside an account ("达到国家要求的n%以上") is a target; otherwise the
            // clause or its section decides. A bare figure stays "=" as written; it is judged as a level to reach when stored.
            // "完成…任务n例" reports a task done; only a requirement quoted without 完成 is a target.
            var achieved = sections.Achieved && (at < 0 || at > clause.Length || !Requirement().IsMatch(clause[..Math.Min(at, clause.Length)])
                || CompletedTask().IsMatch(clause[..Math.Min(at, clause.Length)]));
            if (OrganisationBody().IsMatch(name))
            {
                return;
            }
            _items.Add((at, new ProseItem(name, achieved ? "=" : comparator, value, unit, year, catalogue.Match(name, unit), source), achieved));
        }

        private bool Overlaps(int start, int end) => _taken.Any(t => start < t.End && end > t.Start);

        /// <summary>
        /// "完成2000人次的筛查任务", "创建50所“十强卫生院”": the thing counted follows the number, and its name ends where its
        /// words do (<c>End</c>, an index into the clause). A thing counted is a noun: in "1份动态管理的电子健康档案" the
        /// words before 的 describe it; in "1所公立医院设置有病房的精神科" and "4所医院晋升为三级甲等医院" what follows the
        /// noun is what those things have or did, and the name says so: 设置有病房的精神科的公立医院, 晋升为三级甲等医院的医院.
        /// </summary>
        /// <param name="counted">Whether the figure counts things (个, 所, 名…); only then do its modifiers and predicate name it.</param>
        private (string Name, int End) NameAfter(int index, bool counted)
        {
            var rest = clause[index..];
            if (rest.StartsWith('('))
            {
                // "28家(同比增长7.7%)": a bracket after a figure remarks on it; the thing counted is named before.
                return ("", index);
            }
            if (rest.StartsWith('“') && rest.IndexOf('”', StringComparison.Ordinal) is > 1 and var close)
            {
                return (rest[1..close], index + close + 1);
            }
            var m = ObjectAfter().Match(rest);
            // "达到95%以上的目标": a goal word after the figure names nothing.
            if (!m.Success || GoalNoun().IsMatch(m.Groups["object"].Value))
            {
                return ("", index);
            }
            var thing = m.Groups["object"].Value;
            var end = m.Groups["object"].Index + thing.Length;
            if (!counted)
            {
                return (thing, index + end);
            }
            if (rest[end..].StartsWith('的') && ObjectAfter().Match(rest[end..]) is { Success: true } head && !GoalNoun().IsMatch(head.Groups["object"].Value))
            {
                thing += "的" + head.Groups["object"].Value;
                end += head.Groups["object"].Index + head.Groups["object"].Length;
            }
            if (ThingsPredicate().Match(thing) is { Success: true, Index: >= 2 } inner && thing.Length - inner.Index >= 2)
            {
                return (thing[inner.Index..] + "的" + thing[..inner.Index], index + end);
            }
            if (PredicateAfter().Match(rest[end..]) is { Success: true } predicate)
            {
                return (predicate.Groups["predicate"].Value + "的" + thing, index + end + predicate.Length);
            }
            return (thing, index + end);
        }

        /// <summary>
        /// "二级及以上医院100%的病房开展优质护理服务", "84%的县级医院达到二级医院水平": a percentage of things (wards, towns,
        /// households) that do or have something is the share of them that do — named "病房开展优质护理服务的比例", never after
        /// the things themselves, which are places or bodies, not measures. The phrase runs to the next comma or the next
        /// share of a list ("100%的社区卫生服务站、85%的村卫生站至少配置1名中医"), which lends its predicate to those before
        /// it. Null when what follows 的 is no such phrase (达到90%的目标, 增长10%的基础上).
        /// </summary>
        private (string Name, int End)? ShareAfter(int index)
        {
            var rest = clause[(index + 1)..];
            var end = rest.IndexOfAny([',', ',', ':', ':']) is var comma and >= 0 ? comma : rest.Length;
            var phrase = Unquoted(rest[..end]);
            var predicate = "";
            if (NextShare().Match(rest) is { Success: true } next && next.Index < end)
            {
                phrase = Unquoted(rest[..next.Index]);
                end = next.Index;
                var nextRest = rest[(next.Index + next.Length)..];
                var nextPhrase = Unquoted(nextRest[..(nextRest.IndexOfAny([',', ',', ':', ':']) is var c and >= 0 ? c : nextRest.Length)]);
                predicate = SharePredicate().Match(nextPhrase) is { Success: true, Index: >= 2 } p && !SharePredicate().IsMatch(phrase) ? nextPhrase[p.Index..] : "";
            }
            if (phrase.Length < 2 || phrase.Length > 48 || NotAThing().IsMatch(phrase))
            {
                return null;
            }
            return (phrase + predicate + "的比例", index + 1 + end);
        }

        // The clause's words from the last comma before index: the phrase a figure stands in.
        private string PhraseBefore(int index) => clause[(clause.LastIndexOfAny([',', ',', ':', ':'], Math.Max(0, index - 1)) + 1)..index];

        private static string Unquoted(string text) => text.Replace("“", "", StringComparison.Ordinal).Replace("”", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal).Trim();

        // "检出率4.8‰、管理率80%、治疗率60%以上": the next figure continues the list when only a 、-separated name lies between.
        private bool ListContinues(Match a, Match b)
        {
            var end = a.Index + a.Length;
            // "a、b、c", and the last joined by 和/及 ("分别提高7.74%和3.69%").
            return end < clause.Length && (clause[end] == '、' || ValueListJoint().IsMatch(clause[end..b.Index])) && clause[end..b.Index].IndexOfAny([',', ',']) < 0;
        }

        private static int PhraseEnd(string text) => text.IndexOfAny([',', ',', '、']) is var end and >= 0 ? end : text.Length;

        private bool IsBaseOfChange(string before) => BaseOfChange().IsMatch(before);

        private bool IsPartOfName(Match f, string unit)
        {
            var end = f.Index + f.Length;
            var nextIsNoun = end < clause.Length && char.IsLetter(clause[end]) && !Qualifier().IsMatch(clause[end..]);
            // "5岁以下儿童死亡率", "65岁及以上老年人", "3岁以下托位数": an age bound is part of a name.
            if (unit == "岁")
            {
                // "5岁以下儿童" is an age bound: a noun follows the bound. After a measure counted in years (寿命, 年龄,
                // 年限 + 达到/由…的) the number of years is the figure: "预期寿命达到75.5岁以上", "…寿命由a岁提高到b岁".
                var boundedNoun = f.Groups["qual"].Length > 0 && end < clause.Length && char.IsLetter(clause[end]);
                var measureBefore = clause[..f.Index];
                if (BaseOfChange().Match(measureBefore) is { Success: true } from)
                {
                    measureBefore = measureBefore[..from.Index];
                }
                return (boundedNoun || nextIsNoun || (end < clause.Length && clause[end] == '及'))
                    && !YearsMeasure().IsMatch(CleanName(measureBefore));
            }
            // "常住人口超过30万的旗县": a bare number before 的 qualifies a noun.
            return unit.Length == 0 && end < clause.Length && clause[end] == '的';
        }
    }

    // The text after the last phrase boundary: what a figure's name can be drawn from.
    private static string LastPhrase(string text)
    {
        var boundary = LastBoundary(text);
        return boundary >= 0 ? text[(boundary + 1)..] : text;
    }

    // The last phrase boundary outside brackets: "以乡(镇、街道)为单位" is one phrase.
    private static int LastBoundary(string text)
    {
        var depth = 0;
        for (var k = text.Length - 1; k >= 0; k--)
        {
            depth += text[k] == ')' ? 1 : text[k] == '(' ? -1 : 0;
            if (depth <= 0 && Array.IndexOf(Boundaries, text[k]) >= 0)
            {
                return k;
            }
        }
        return -1;
    }

    private static readonly char[] Boundaries = [',', ',', '、', ':', ':', '“', '”', '《', '》', '!', '?', '？', '—'];

    /// <param name="sharedTail">"城、乡居民健康素养水平分别…26%和18%": a one-character part shares the next part's tail
    /// (only where values are distributed; "乙、丙类传染病发病率为…" is one measure).</param>
    /// <param name="measureTail">Parts that are not measures take the last part's measure after 的 ("A、B、C的检测率": the
    /// 的 modifies the whole list); with <paramref name="sharedTail"/> also without 的 ("高血压、糖尿病患者规范管理率分别…", where
    /// distinct values say the parts are distinct measures). Without either, "站、室服务区覆盖率" is one measure of places.</param>
    private static List<string> SplitNames(string names, bool sharedTail = false, bool measureTail = false)
    {
        var raw = NameSeparators().Split(names).Select(p => CleanName(Regex.Replace(p, @"\s+", ""))).ToList();
        for (var k = 0; k + 1 < raw.Count; k++)
        {
            if (sharedTail && raw[k].Length == 1 && raw[k + 1].Length > 2)
            {
                raw[k] += raw[k + 1][1..];
            }
        }
        var parts = raw.Where(p => p.Length >= 2).ToList();
        if (parts.Count == 0)
        {
            return parts;
        }
        if ((sharedTail || measureTail) && parts.Count > 1 && MeasureName().IsMatch(parts[^1]) && SharedTail(parts[^1]) is { } tail
            && (sharedTail || tail.AfterDe))
        {
            // "高血压、糖尿病患者规范管理率分别…", "A、B、C的检测率": parts that are not measures themselves (a disease, an
            // infection) are measured by the last part's tail — from 的, from the people measured (患者, 人群), or its rate word.
            for (var k = 0; k < parts.Count - 1; k++)
            {
                if (!MeasureName().IsMatch(parts[k]))
                {
                    // "高血压患者和2型糖尿病患者…管理率": the part already holds the tail's first word; write it once.
                    var overlap = Enumerable.Range(1, Math.Min(parts[k].Length, tail.Value.Length - 1)).LastOrDefault(n => parts[k].EndsWith(tail.Value[..n], StringComparison.Ordinal));
                    parts[k] += tail.Value[overlap..];
                }
            }
            if (tail.AfterDe)
            {
                parts[^1] = parts[^1].Remove(parts[^1].LastIndexOf('的'), 1);
            }
        }
        // "每千人口执业(助理)医师数、注册护士数分别…": a count per population keeps its base for the counts after it.
        if (PerCapita().Match(parts[0]) is { Success: true } per && per.Value != "人均")
        {
            for (var k = 1; k < parts.Count; k++)
            {
                if (!PerCapita().IsMatch(parts[k]) && !RateName().IsMatch(parts[k]))
                {
                    parts[k] = per.Value + parts[k];
                }
            }
        }
        // "严重精神障碍患者检出率、管理率": a short rate borrows the first name's subject.
        var first = parts[0];
        var rate = RateWord().Match(first);
        for (var k = 1; k < parts.Count && rate.Success && rate.Index > 0; k++)
        {
            if (parts[k].Length <= 4 && RateWord().IsMatch(parts[k]))
            {
                parts[k] = first[..rate.Index] + parts[k];
            }
        }
        return parts;
    }

    // The part of a measure's name that a list of subjects before it shares: after 的, from the people measured, else
    // its last word (死亡率, 检测率, 水平). Null when the name is too short to have a subject of its own.
    private static (string Value, bool AfterDe)? SharedTail(string last)
    {
        var de = last.LastIndexOf('的');
        if (de >= 1 && de <= last.Length - 3)
        {
            return (last[(de + 1)..], true);
        }
        if (MeasuredPeople().Match(last) is { Success: true, Index: >= 2 } who)
        {
            return (last[who.Index..], false);
        }
        return MeasureWord().Match(last) is { Success: true, Index: >= 2 } word ? (word.Value, false) : null;
    }

    /// <summary>The indicator name in a phrase: without leading scope words and actions (全市, 力争, 共建立) or trailing verbs (达到, 控制在).</summary>
    private static string CleanName(string phrase, bool keepActions = false)
    {
        // "以乡(镇、街道)为单位" says for which units the figure holds, not what is measured.
        var s = UnitScope().Replace(phrase.Trim(), "").Trim('"', '“', '”');
        // A bracket opened before the phrase or closed after it is not part of the name; "执业(助理)医师" keeps its own.
        var (opened, closed) = (s.Count(c => c == '('), s.Count(c => c == ')'));
        s = opened > closed ? s.TrimStart('(') : closed > opened ? s.TrimEnd(')') : s;
        string previous;
        do
        {
            previous = s;
            s = TrailingVerb().Replace(s, "");
            s = LeadingWords().Replace(s, "");
        }
        while (s != previous && s.Length > 0);
        // "卫生部提出2020年居民人均寿命…": the measure is what was said, after its speaker and its year.
        if (Reported().Match(s) is { Success: true } said && said.Length < s.Length - 1)
        {
            var rest = LeadingWords().Replace(s[said.Length..], "");
            s = rest.Length >= 2 ? rest : s;
        }
        // One action only: "提供免费培训服务" names 免费培训服务, not 服务.
        return (keepActions ? s : LeadingActions().Replace(s, "")).Trim();
    }

    /// <param name="before">The words before the figure: "至少有1所" is at least one.</param>
    private static string ComparatorOf(string verb, string qualifier, string before) => (ComparatorWord(verb), qualifier.TrimStart('及')) switch
    {
        (_, "以上") => ">=",
        (_, "以下" or "以内") => "<=",
        (_, "左右") => "approx",
        ("不低于" or "不少于" or "提高到" or "提高至" or "提升至" or "提升到" or "增加到" or "增长到" or "增至" or "升至" or "上升到" or "上升至" or "达到" or "达" or "保持在" or "稳定在" or "保持", _) => ">=",
        ("控制在" or "不高于" or "不超过" or "降低到" or "降至" or "下降到" or "下降至" or "降低至", _) => "<=",
        ("超过" or "高于" or "大于" or "多于" or ">", _) => ">",
        ("低于" or "小于" or "少于" or "<", _) => "<",
        ("≥" or "≧", _) => ">=",
        ("≤" or "≦", _) => "<=",
        _ when before.Contains("至少", StringComparison.Ordinal) || before.Contains("不少于", StringComparison.Ordinal) => ">=",
        _ => "=",
    };

    private static readonly string[] ComparatorWords = [.. new[]
    {
        "不低于", "不少于", "提高到", "提高至", "提升至", "提升到", "增加到", "增长到", "增至", "升至", "上升到", "上升至", "达到", "达", "保持在", "稳定在", "保持",
        "控制在", "不高于", "不超过", "降低到", "降至", "下降到", "下降至", "降低至", "超过", "高于", "大于", "多于", "低于", "小于", "少于", "≥", "≧", "≤", "≦", "<", ">",
    }.OrderByDescending(w => w.Length)];

    // The comparator word a verb chain ends with: "分别不低于" → 不低于, "均达" → 达.
    private static string ComparatorWord(string verb) => ComparatorWords.FirstOrDefault(w => verb.EndsWith(w, StringComparison.Ordinal)) ?? verb;

    // "诊疗量提升10%以上" is a relative change (increase_pct); "卫生厕所普及率提高3个百分点" and "人均预期寿命提高1岁"
    // a change in the indicator's own units (increase_pp: points of a rate, years of a life expectancy).
    private static string RelativeComparator(string verb, string unit)
    {
        var down = verb.Contains('降', StringComparison.Ordinal) || verb.Contains('减', StringComparison.Ordinal);
        return unit == "%" ? (down ? "reduce_pct" : "increase_pct") : (down ? "reduce_pp" : "increase_pp");
    }

    private static (decimal? Value, string? Unit) ValueAndUnit(string text)
    {
        var m = ValuePattern().Match(text);
        if (!m.Success)
        {
            return (null, null);
        }
        // "6,072万人次": a thousands separator, as statistics print it.
        var value = decimal.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        if (m.Groups["wan"].Value is { Length: > 0 } wan)
        {
            value *= wan == "亿" ? 100_000_000 : 10_000;
        }
        return (Indicators.Rounding.WithoutTrailingZeros(value), unit.Length == 0 ? null : unit);
    }

    // "X实现全覆盖", "实现X全覆盖", "X全覆盖"; X stops at a comma and never holds a digit (a figure is read elsewhere).
    [GeneratedRegex(@"(?<before>[^,,、:;\d]{0,20}?)(?:基本)?(?:实现|达到|做到|实行)?(?:标准化)?(?<inner>[^,,、:;\d实]{0,16}?)(?:标准化)?全覆盖")]
    private static partial Regex CoveragePattern();

    // Sentences and clauses: split on 。;; and line breaks, keeping commas inside (a list may span them).
    // A "." between words ends a sentence too (text from PDFs and web pages); between digits it is a decimal point.
    [GeneratedRegex(@"(?:[^。;;!?？\n.]|(?<=\d)\.(?=\d))+")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"^\s*(?:(?<one>第[一二三四五六七八九十]+[章部分篇]|[一二三四五六七八九十]+、)|(?<two>\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+节))\s*(?<title>.*)$")]
    private static partial Regex HeadingPattern();

    // Headings over an account of what was done.
    // A plan's look back is also called its background or its achievements (规划背景, "十三五"时期发展成就, 主要成绩); 巩固…成绩 is
    // an action, not an account.
    [GeneratedRegex(@"发展基础|发展回顾|回顾|(?<!巩固|扩大|拓展)(?:成就|成绩)|取得的成[就效]|工作成效|成效(?:显著|明显|突出)|工作情况|完成情况|进展情况|基本情况|现状|主要做法|(?:规划|发展)背景|发展环境|发展形势")]
    private static partial Regex AchievedHeading();

    // Headings over what is to be done.
    [GeneratedRegex(@"思路|打算|计划|安排|目标|任务|重点|展望|下一步|要点|举措|措施")]
    private static partial Regex PlannedHeading();

    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})年(?!\d)")]
    private static partial Regex YearPattern();

    // "到2025年" / "至2030年" / "2025年前" look ahead; a year opening a clause ("2022年,", "2022年全国…为") speaks of then.
    // "提高到YYYY年的n岁" is the end of a change from one year to another, not a time ahead: 到 after a verb of change is not "by".
    [GeneratedRegex(@"(?:(?<by>(?<!提高|提升|增长|增加|上升|降低|下降|减少|降|增|升)(?:到|至|截至到|力争到)(?<year>(?:19|20)\d{2})年(?:底|末)?)|(?<by>(?<year>(?:19|20)\d{2})年(?:前|以前))|(?<at>(?:^|[,,])\s*(?:全年|今年)?(?<year>(?:19|20)\d{2})年(?:底|末|度)?(?:,|,|\s|全|我|在|共|各|本|的|中国)))")]
    private static partial Regex ClauseYear();

    [GeneratedRegex(@"力争|争取|目标(?!人群)|预计|将(?:达|实现|控制|提高|降)|要达到|应达到")]
    private static partial Regex GoalWords();

    [GeneratedRegex(@"(?:比|较|与)上年(?:同期)?(?:相比)?[^,,。]{0,4}\d|同比|上年同期|分别由|从[^,,。]{0,12}?(?:增长|提高|提升|下降|降低|增加|减少|降)(?:到|至)|从\d{4}年的|由\d{4}年的|已经|已(?:达|完成|建成|实现|有)|截至|截止|累计|显示|公报|[\p{IsCJKUnifiedIdeographs}]了(?!解)")]
    private static partial Regex AccountWords();

    // 场次 before 场 and 次; 对 (couples screened), 处, 批次 count too.
    private const string Unit = @"%|‰|/10万|/万|个百分点|人次|剂次|场次|元|张|人|名|个|家|所|例|台|户|份|条|篇|期|部|项|次|场|对|处|种|辆|套|间|座|支|批|倍|岁|床|万人|公里|平方米";

    // A number with its unit: "90%", "22/10万", "176.0172万剂次", "20000余份", "3000人次/天". Not a date, a time, an
    // ordinal (第9), a ratio (1:10) or the far end of a range (1-2次). An age bound may follow ("2.1万名65岁以上老年人").
    [GeneratedRegex(@"(?<![\d.:/\-—~～第])(?<n>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)(?<more>余|多)?(?<wan>万|亿)?(?<more3>余|多)?(?<unit>" + Unit + @")?(?:/(?:天|日|年|月|人))?(?<more2>余|多)?(?<qual>及?以上|及?以下|以内|左右)?(?!(?!\d+岁)[\d:\-年月日号时届级代型类]|\.\d|个月|个小时|个工作日)")]
    private static partial Regex QuantityPattern();

    // "3万余人": 余 after 万 as much as before it.
    [GeneratedRegex(@"^(?<n>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?)(?:余|多)?(?<wan>万|亿)?(?:余|多)?(?<unit>[^/]*(?:/10万|/万)?)")]
    private static partial Regex ValuePattern();

    // A name may hold digits only as an age or a type ("5岁以下儿童死亡率", "2型糖尿病"), never the figure itself.
    private const string Name = @"(?:[\p{IsCJKUnifiedIdeographs}A-Za-z()]|\d+(?=[岁型]))(?:[\p{IsCJKUnifiedIdeographs}A-Za-z()]|\d+(?=[岁型]))+?";
    // Not the base of a rate written "10万分之n" (the n is the value).
    private const string Value = @"\d+(?:\.\d+)?(?:万|亿)?(?:%|‰|/10万|岁|张|人|个|家|所|例)?(?!\d|万?分之)";

    [GeneratedRegex(@"(?<!\d)(?<names>" + Name + @"(?:[、和]" + Name + @")+)分别(?:由(?:\d{4}年)?的?" + Value + @"(?:、" + Value + @")+)?(?<verb>控制在|达到|提高到|提升到|降低到|下降到|减少到|增加到|保持在|为|达)?(?:\d{4}年的?)?(?<values>" + Value + @")(?:[、和](?<values>" + Value + @"))+(?<qual>以上|以下|以内|左右)?")]
    private static partial Regex DistributivePattern();

    // The names start after a word, never inside a figure's unit ("8/10万以内、婴儿死亡率…").
    [GeneratedRegex(@"(?<![\d/])(?<names>" + Name + @"(?:[、和]" + Name + @")+)(?<all>均|都)?(?<verb>达到|达|为|保持在|保持|控制在|在)?(?<value>" + Value + @")(?<qual>以上|以下|以内|左右)?")]
    private static partial Regex SharedValuePattern();

    // Not 及 or 与: "HIV感染孕产妇及其所生婴儿抗病毒药物应用比" is one name.
    [GeneratedRegex(@"[、和]")]
    private static partial Regex NameSeparators();

    // A measure named before its figure keeps it even when a noun follows without punctuation ("注册护师(士)数2.5人全市…").
    [GeneratedRegex(@"(?:数|量|率|人数|床位|能力|规模)$")]
    private static partial Regex MeasureNounEnd();

    // Reference values quoted for comparison, not results: "均低于省定14/10万和7‰的控制指标".
    [GeneratedRegex(@"省定|国定|全省平均|全国平均|全市平均|国家标准|控制指标")]
    private static partial Regex Benchmark();

    // Whose threshold a reference value is.
    [GeneratedRegex(@"省定|国定|全省平均水平|全省平均|全国平均水平|全国平均|全市平均|自治区平均|国家标准|省级标准|省标")]
    private static partial Regex BenchmarkOwner();

    // "6个小时", "3个月": durations.
    [GeneratedRegex(@"^(?:小时|月|工作日|星期)")]
    private static partial Regex TimeUnit();

    // Classifiers of counted things, after which the counted noun usually follows.
    [GeneratedRegex(@"^(?:人次|剂次|场次|张|人|名|个|家|所|例|台|户|份|条|篇|期|部|项|次|场|对|处|种|辆|套|间|座|支|批|床)$")]
    private static partial Regex CountUnit();

    [GeneratedRegex(@"(?:[≥≤≧≦<>]|(?:应|要|须|需)(?=[达控保不大小低高超提降在]|$)|达到|均达|均为|(?<!人)均|达|为|控制在|保持在|保持|稳定在|提高到|提高至|提升到|提升至|增加到|增长到|降低到|降低至|降至|下降到|下降至|减少到|不低于|不少于|不高于|不超过|超过|高于|大于|多于|低于|小于|少于|增至|升至|提高|提升|增长|增加|降低|下降|减少|在|年均|(?<![签预节制公条契])约|(?<![附接最])近|逾|已|的|了|共|累计|分别|拥有|有|每年|力争|争取|确保|预计|将|至少|\d{4}年(?:底|末)?|(?:在|比|较)(?:\d{4}年|基期)(?:的)?(?:基础之?上|水平之?上)?|(?:比|较)(?:上年|去年|上一年)(?:同期)?|与(?:上年|去年|\d{4}年)(?:同期)?相比|同比)+$")]
    private static partial Regex TrailingVerb();

    [GeneratedRegex(@"(?:提高|提升|增长|增加|降低|下降|减少)(?:了)?$")]
    private static partial Regex RelativeVerb();

    // "年均增长", "年均下降": a change per year, before its figure.
    [GeneratedRegex(@"年均(?:提高|提升|增长|增加|降低|下降|减少)$")]
    private static partial Regex AnnualChange();

    // A name that already says it is a change (…增长率, …下降幅度, …比上年增加).
    [GeneratedRegex(@"增长|提高|提升|下降|降低|增加|减少|幅度|增幅|降幅")]
    private static partial Regex ChangeInName();

    // A change since a base year or the last: "比YYYY年增加", "较上年减少了".
    [GeneratedRegex(@"(?:(?:比|较)(?:\d{4}年|上年|去年|上一年)(?:同期)?|与(?:上年|去年|\d{4}年)(?:同期)?相比,?|同比)(?:增加|减少|增长|下降|提高|降低|提升|上升)了?$")]
    private static partial Regex ChangeSince();

    // A change to a level: a verb of rise or fall (two characters or one: 提高, 降, 增, 升) then 到/至/为 ("降至", "增至", "下降为").
    [GeneratedRegex(@"(?:提高|提升|增长|增加|上升|降低|下降|减少|降|增|升)(?:到|至|为)")]
    private static partial Regex ChangeVerb();

    [GeneratedRegex(@"(?:要求|目标|标准|规定|任务)(?:值)?(?:的|为|是)?\s*$")]
    private static partial Regex Requirement();

    [GeneratedRegex(@"(?:比|较)(?:\d{4}年|上年)\s*\([^()]*$")]
    private static partial Regex BracketedBase();

    // "高于全省平均水平", "低于全国平均": a gap to an average, before its figure in points.
    [GeneratedRegex(@"(?:高于|低于|超过|优于|超出)(?:全国|全省|全市|全区|全县|全州|全盟|自治区|省|市)(?:平均水平|平均值|平均)$")]
    private static partial Regex GapToAverage();

    // "完成计划生育手术任务", "完成…任务数": what a task's figure before it was reached by, in an account.
    [GeneratedRegex(@"完成[^,,;;完]{0,20}任务(?:数)?(?:的)?\s*$")]
    private static partial Regex CompletedTask();

    // ",达到a" right after a change: the level the change leads to.
    [GeneratedRegex(@"^\s*[,,]\s*(?:达到|达|提高到|提升到|提升至|增至|升至|降至|降低到|下降到)\s*\d")]
    private static partial Regex LevelAfterChange();

    // The base year of the last change from one level to another: "从2005年的", "由2015年".
    [GeneratedRegex(@"[从由]((?:19|20)\d{2})年(?!.*[从由](?:19|20)\d{2}年)")]
    private static partial Regex BaseYear();

    [GeneratedRegex(@"共设|设有|分为|分设|包括|包含|共有")]
    private static partial Regex TextStructure();

    // "卫生部提出", "专家指出": who said it, before what was said; not part of a measure's name.
    [GeneratedRegex(@"^.*?(?:提出|指出|表示|强调|透露|介绍说?)(?:,|,)?")]
    private static partial Regex Reported();

    // "承担40%": the share of a cost a payer bears, a rule of funding, not a measure.
    [GeneratedRegex(@"(?:承担|负担|分担)$")]
    private static partial Regex CostShare();

    [GeneratedRegex(@"^(?:条件|要求|标准)$")]
    private static partial Regex ConditionNoun();

    // A bare verb of completion for a name ("已完工", "竣工"): the things counted before it, those that did it.
    [GeneratedRegex(@"^(?:已|已经)?(?<verb>完工|竣工|开工|投用|投入使用|建成|验收|开业|运行|启用)$")]
    private static partial Regex CompletionVerb();

    // "按照…", "按…": the standard an action follows.
    [GeneratedRegex(@"按(?:照)?")]
    private static partial Regex ByStandard();

    // "(较YYYY年提高", "(比上年增加": a change opened in a bracket right after a figure.
    [GeneratedRegex(@"^\s*\((?:比|较|与)[^()]*$")]
    private static partial Regex RestatedChange();

    [GeneratedRegex(@"(?:\(|,|,|、)\s*(?:其中)?(?<part>城市|农村|城镇|乡村|市|县|区|男性?|女性?|东部|中部|西部)(?:为|是)?\s*$")]
    private static partial Regex Breakdown();

    [GeneratedRegex(@"以[\p{IsCJKUnifiedIdeographs}()/、]{1,12}?为单位")]
    private static partial Regex UnitScope();

    // "1:1.6" (a ratio), "下降3/4" (a change by a fraction); not a time (10:30) nor a date (3/4 after no verb of change).
    [GeneratedRegex(@"(?<![\d.:/])(?<ratio>)(?<v>1:\d+(?:\.\d+)?)(?![\d.:/])|(?<change>下降|降低|减少|提高|增加|增长|提升)了?(?<v>[1-9]/[1-9]\d?)(?![\d.:/万])")]
    private static partial Regex WrittenValuePattern();

    [GeneratedRegex(@"(?<![\d.])(?<low>\d+(?:\.\d+)?)\s*[-~～—–]\s*(?<high>\d+(?:\.\d+)?)(?<unit>%|‰|张|人|个|所|家|岁|次|天|小时|分钟|元|万元)(?![\d年月日])")]
    private static partial Regex RangePattern();

    // A direction set for a measure: with an adverb of pace (持续, 逐步…) anywhere; bare or with an adverb of degree (明显,
    // 大幅度) only where it ends the phrase ("X死亡率降低。", "排名明显提升,"), so a verb before its object (提高服务能力) is not one.
    // 得到控制 is a fall held in check.
    [GeneratedRegex(@"(?:持续|不断|逐步|稳步)(?:减缓|缩小|下降|降低|提高|提升|改善|增加)|(?:明显|显著|大幅度?|有效|进一步)?(?:减缓|缩小|下降|降低|提高|提升|改善|增加|延长|上升)(?=\s*(?:$|[,,;;。]))|得到(?:有效)?控制(?=\s*(?:$|[,,;;。]))|较上年(?:有所)?(?:提高|下降|降低|改善)|优于全[国省市县区旗]平均水平|(?:继续)?保持(?:在)?[\p{IsCJKUnifiedIdeographs}]{2,8}水平")]
    private static partial Regex DirectionPattern();

    // Verbs that make something happen (推动 X 提升): what follows is their object, the clause an action.
    [GeneratedRegex(@"推动|促进|推进|带动|助力|加快|着力|努力")]
    private static partial Regex CausativeVerb();

    // The people a measure counts, where a disease named before them is theirs ("糖尿病患者规范管理率").
    [GeneratedRegex(@"(?:患者|病人|感染者|人群)")]
    private static partial Regex MeasuredPeople();

    // The last word of a measure's name: a rate of two characters (死亡率, 检测率), or 比例, 比重, 水平.
    [GeneratedRegex(@"(?:\p{IsCJKUnifiedIdeographs}{2}(?:率|比)|比例|比重|水平|指数)$")]
    private static partial Regex MeasureWord();

    // Names of measures a direction can be set for: rates, levels, indicators.
    [GeneratedRegex(@"(?:率|比|比例|比重|水平|寿命|指标|指数|满意度|差距|排名|排位|位次)$")]
    private static partial Regex MeasureName();

    [GeneratedRegex(@"^(?:达到|符合)?(?:国家|省|市|县|上级)?(?:要求|目标|标准|规定)(?:的)?$")]
    private static partial Regex RequirementName();

    // "满足21个条件": conditions to meet are what the figure is measured against, not a thing counted.
    [GeneratedRegex(@"^(?:目标|任务|要求|水平|标准|条件)$")]
    private static partial Regex GoalNoun();

    // What follows "N%的" when it is not a share of things: a goal, a base, a rate of change (达到90%的目标, 增长10%的基础上).
    [GeneratedRegex(@"^(?:目标|任务|要求|水平|标准|基础|幅度|速度|增长|增幅|降幅|份额|比例|比重|占比|权重|分值|得分|资金|经费|补助)")]
    private static partial Regex NotAThing();

    // "每个家庭", "每所医院", "每户", "各乡镇": for each unit of a kind. Not a population base (每千人口), a period (每年, 每个季度),
    // nor 各级/各类/各项 (of every level, kind, item).
    [GeneratedRegex(@"每(?:一)?(?:个|家|所|户|名|位|间|座|支|条)?(?![年季月周天日次千万百十\d])\p{IsCJKUnifiedIdeographs}|各(?![级类项种])\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex PerUnitScope();

    // The Party's and mass organisations' own bodies (党组织全覆盖, 群团组织全覆盖, 党支部达标率): how they are built is
    // party work, not a health measure a commission's plan is monitored by. Not 党员 (党员干部 counted as people) nor 党政机关.
    [GeneratedRegex(@"党组织|党支部|党小组|党委|党建|群团|团组织|共青团|工会|妇联|妇委会")]
    private static partial Regex OrganisationBody();

    // "各旗县市区至少有", "每个行政村都要至少配备", "市级至少指定": the units a minimum count holds for, before 至少/不少于 and its verb.
    [GeneratedRegex(@"^(?<unit>.*?[\p{IsCJKUnifiedIdeographs})])(?:都|均)?(?:要|应)?(?:至少|不少于)\p{IsCJKUnifiedIdeographs}{0,2}$")]
    private static partial Regex MinimumPerUnit();

    // "(6个贫困县)的83家…": what follows the things counted is another count of things among them.
    [GeneratedRegex(@"^的\d")]
    private static partial Regex ScopeOfNextCount();

    // The parts a programme is divided into (行动, 方面, 领域…), counted when a plan says what it consists of.
    [GeneratedRegex(@"(?:行动|方面|领域|板块|环节|举措|措施|维度|步骤|阶段)$")]
    private static partial Regex ProgrammePart();

    // What things counted have or do, inside the words after their classifier ("公立医院设置有病房的精神科"). Verbs of two
    // characters only: one-character ones (能, 有, 均) sit inside nouns too (功能, 所有, 人均).
    [GeneratedRegex(@"设置|设有|配置|配备|具备|开展|达到|建成|创建|创成|成为|入选|实现|提供|纳入|完成|通过|开设|拥有|获得|取得|符合|承担|参加|接受|接入|签订|能够|可以")]
    private static partial Regex ThingsPredicate();

    // What things counted did or reached, right after their noun ("4所医院晋升为三级甲等医院", "1695家卫生室全部达到标准化水平"),
    // without the adverb of extent; to the end of the phrase, never over another figure.
    [GeneratedRegex(@"^(?:全部|均|都|已|已经|基本)?(?<predicate>(?:晋升|荣获|获得|取得|列入|纳入|进入|入选|成为|创建|创成|达到|实现|通过|开展|提供|完成|接受|参加)[^,,、;:\d]{2,20})(?=$|[,,、;:])")]
    private static partial Regex PredicateAfter();

    // The next share of a list: "、85%的", "、95%以上的".
    [GeneratedRegex(@"、\s*\d+(?:\.\d+)?%(?:及?以上|及?以下)?的")]
    private static partial Regex NextShare();

    // Where what a share of things does or has begins ("村卫生站至少配置1名中医", "县级医院达到二级医院水平").
    [GeneratedRegex(@"至少|均|都|全部|已|能够|能|可以|可|开展|达到|建成|设置|设有|配置|配备|具备|具有|实现|提供|纳入|完成|通过|开设|拥有|使用|获得|符合|承担|参加|接受|接入|签订|建立")]
    private static partial Regex SharePredicate();

    [GeneratedRegex(@"^\s*(?:和|、|及)\s*$")]
    private static partial Regex ValueListJoint();

    [GeneratedRegex(@"(?:到|至)((?:19|20)\d{2})年和((?:19|20)\d{2})年")]
    private static partial Regex YearPair();

    [GeneratedRegex(@"(?<base>10万|十万|1万|万|千|百)分之$")]
    private static partial Regex PerBase();

    private static string PerBaseUnit(string perBase) => perBase switch
    {
        "10万" or "十万" => "/10万",
        "1万" or "万" => "/万",
        "千" => "‰",
        _ => "%",
    };

    // "比2015年(", "较上年(61%和": inside the bracket of values a change is measured from.
    [GeneratedRegex(@"(?:比|较)(?:\d{4}年|上年|基期)的?\([^()]*$")]
    private static partial Regex BaseInBracket();

    [GeneratedRegex(@"[由从](?:\d{4}年)?的?$")]
    private static partial Regex BaseOfChange();

    [GeneratedRegex(@"^(?:以上|以下|以内|左右)")]
    private static partial Regex Qualifier();

    // Measures counted in years (预期寿命, 平均年龄, 受教育年限): a number of 岁 or 年 after them is their value, not an age bound.
    [GeneratedRegex(@"(?:寿命|年龄|年限)$")]
    private static partial Regex YearsMeasure();

    [GeneratedRegex(@"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[::]\d+|\d+(?![岁型年月\d])|并|且|将|把|其中|同时|此外|另外|共有|现有|拥有|全年|全市|全区|全县|全省|全国|全旗|全局|全系统|全镇|全乡|全村|本镇|本乡|我市|我区|我县|我局|我委|各地|今年以来|今年|当年|本年|年内|目前|截至目前|(?:截至|截止|到)\d+月(?:\d+日)?(?:底|末|初|上旬|中旬|下旬)?|截至年底|到\d{4}年(?:底|末)?|\d{4}年(?:底|末)?|\d+[-—~]+\d+月|\d+月|确保|力争|努力|争取|实现|基本|进一步|共|累计|总计|合计|已|均|约|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是)+")]
    private static partial Regex LeadingWords();

    [GeneratedRegex(@"^(?:建立|建成|建设|完成|新增|创建|培训|招聘|专项招聘|公开招聘|引进|配备|设立|组建|筛查出|筛查|发现|支付|投资|命名|发放|上报|组织|选派|安排|抽调|救治|开展|实施|推动|推进|提供|为|对|向|通过|报告|征求到|梳理出|刷写|悬挂|出(?![院生口现])|达成|补服|打造|新建|拍摄|发稿|接种|免费|落实|设置|改造|巩固|做到)+")]
    private static partial Regex LeadingActions();

    // The object may open with an age bound: "2.1万名65岁及以上老年人".
    [GeneratedRegex(@"^的?(?<object>(?:\d+岁(?:及以上|以上|及以下|以下)?)?[\p{IsCJKUnifiedIdeographs}()]{2,16}?)(?=$|\d|[,,、:“”(]|至少|各|全部|均|都|正在|基本|已|参加|到|达|进行|实行|投入|晋升|荣获|获|列入|被|接受|提供|完成|实现|开展|的|,|为|在|与)")]
    private static partial Regex ObjectAfter();

    [GeneratedRegex(@"(?:率|比|比例|比重|水平|指数|寿命)$")]
    private static partial Regex RateName();

    [GeneratedRegex(@"(检出率|管理率|治疗率|服药率|随访率|覆盖率|接种率|签约率|完工率|投用率|开工率|报告率|响应率|处置率|死亡率|发病率|接收率|反馈率|及时率|入库率|使用率|满意率|办结率|发放率|落实率)$")]
    private static partial Regex RateWord();

    [GeneratedRegex(@"^(?:每千人口|每万人口|每千人|每万人|每十万人口|人均)")]
    private static partial Regex PerCapita();

    [GeneratedRegex(@"^(?:完成)?任务数(?:的)?$|^任务完成数|^占(?:年度|全年|年)?(?:计划|任务|目标)(?:数|任务)?(?:的)?$")]
    private static partial Regex CompletionShare();

    // Phrases that are times, places in a sequence or bare function words, not measures.
    [GeneratedRegex(@"^(?:[\d\s]+|.*年来|.*以来|.*期间|每年|每月|每周|每天|其中|一是|二是|三是|四是|五是|累计|共|合计|总计|同比|分别|以上|以下|第.*)$")]
    private static partial Regex NotAName();
}
