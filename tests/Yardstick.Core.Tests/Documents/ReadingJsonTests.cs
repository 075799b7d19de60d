using System.Text.Json.Nodes;
using Yardstick.Core.Documents;

namespace Yardstick.Core.Tests.Documents;

/// <summary>The hand-checked expected results per seed, scored the way <c>yardstick read --score</c> does.</summary>
public class ReadingJsonTests
{
    private static string TestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Documents", "TestData", name));

    /// <summary>Each seed and what it exercises; the expected readings are typed by hand (see each file's "_checked").</summary>
    public static TheoryData<string, string> Seeds => new()
    {
        { "000_county_workpoints", "work points without leads: prose targets in every form (distributive 分别, shared 均达, shared subject 检出率、管理率, per-figure years 2013年…2014年…, 个百分点, 提升10%), numbered tasks under section headings" },
        { "001_tongliao_plan", "a plan: the flattened | table of 22 rows and 24 indicators (two-value cells, 比基期降低10%, 每年降低0.5个百分点, —), goals in prose with a 十四五 end year, the 发展基础 review read as 2020 achievements (由2015年的…下降到…)" },
        { "002_changzhou_workpoints", "work points with (牵头领导;责任处室) on all 24 tasks, prose targets, and the annex of key targets flattened one cell per line with merged cells" },
        { "003_tianmen_summary", "a summary: 2021 achievements (万 multiplies, counts named by the noun after their classifier, benchmarks 省定7‰ left out) and 2022 targets under 工作思路" },
        { "004_district_report", "a traditional-character report with pinyin after characters: achievements without a year, 完成任务数的104.8% as the task completion rate of the figure before it" },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Each_seed_is_read_close_to_its_hand_checked_reading(string seed, string exercises)
    {
        var scores = Score(seed);

        exercises.ShouldNotBeEmpty();
        foreach (var score in scores)
        {
            // Tables and tasks have one right reading; prose figures are named in more than one right way, so those
            // kinds are held to a floor per seed and to 0.9 over all seeds (Prose_figures_reach_0_9_over_all_seeds).
            var floor = score.Kind is "indicators" or "tasks" or "annex" ? 1.0 : 0.66;
            score.Precision.ShouldBeGreaterThanOrEqualTo(floor, $"{seed} {score.Kind} precision; extra: {string.Join("; ", score.Extra)}");
            score.Recall.ShouldBeGreaterThanOrEqualTo(floor, $"{seed} {score.Kind} recall; missed: {string.Join("; ", score.Missed)}");
        }
    }

    [Fact]
    public void The_tongliao_table_yields_24_indicators_and_the_changzhou_work_points_24_tasks()
    {
        Score("001_tongliao_plan").Single(s => s.Kind == "indicators").Matched.ShouldBe(24);
        Score("002_changzhou_workpoints").Single(s => s.Kind == "tasks").Matched.ShouldBe(24);
        Score("002_changzhou_workpoints").Single(s => s.Kind == "annex").Matched.ShouldBe(24);
    }

    [Fact]
    public void Prose_figures_reach_0_9_over_all_seeds()
    {
        var all = Seeds.Select(row => (string)row[0]).SelectMany(Score).GroupBy(s => s.Kind).ToList();

        foreach (var kind in all.Where(g => g.Key is "prose_targets" or "achievements"))
        {
            var (found, expected, matched) = (kind.Sum(s => s.Found), kind.Sum(s => s.Expected), kind.Sum(s => s.Matched));
            ((double)matched / found).ShouldBeGreaterThanOrEqualTo(0.9, $"{kind.Key} precision {matched}/{found}");
            ((double)matched / expected).ShouldBeGreaterThanOrEqualTo(0.9, $"{kind.Key} recall {matched}/{expected}");
        }
    }

    private static IReadOnlyList<ReadingJson.Score> Score(string seed) =>
        ReadingJson.Compare(JsonNode.Parse(TestData(seed + ".expected.json"))!, ReadingJson.ToJson(DocumentReader.Read(TestData(seed + ".txt"))));

    [Fact]
    public void A_wrong_or_missing_item_lowers_precision_and_recall()
    {
        var expected = JsonNode.Parse(TestData("001_tongliao_plan.expected.json"))!;
        var indicators = expected["indicators"]!.AsArray();
        indicators[1]!["target"]!["value"] = 9;
        indicators.RemoveAt(0);

        var score = ReadingJson.Compare(expected, ReadingJson.ToJson(DocumentReader.Read(TestData("001_tongliao_plan.txt")))).Single(s => s.Kind == "indicators");

        score.Matched.ShouldBe(22);
        score.Precision.ShouldBe(22.0 / 24);
        score.Recall.ShouldBe(22.0 / 23);
    }

    /// <summary>
    /// The reader on the 30 real documents of tests/reading-corpus it was developed on (01–30, hand-annotated by others):
    /// every kind of item at F1 ≥ 0.9, counted over those documents as <c>yardstick read --score</c> prints it. Its rules
    /// were written and tuned while reading them, so this measures fit and catches regressions on them; it says nothing
    /// of documents the reader has not seen — the slice 31–44, added unseen for issue 26 and scored in docs/READER.md,
    /// does, and is not yet held to 0.9 (prose, tasks and achievements on it are the grammar work of issue 26).
    /// </summary>
    [Fact]
    public void The_reading_corpus_is_read_at_f1_0_9_or_better_for_every_kind()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "tests", "reading-corpus")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("tests/reading-corpus not found above " + AppContext.BaseDirectory);
        }

        var documents = ReadingCorpus.Score(Path.Combine(root, "tests", "reading-corpus"));

        documents.Count.ShouldBe(44);
        var developed = documents.Where(d => int.Parse(d.Name[..2], System.Globalization.CultureInfo.InvariantCulture) <= 30).ToList();
        developed.Count.ShouldBe(30);
        foreach (var kind in ReadingJson.Score.Sum(developed.SelectMany(d => d.Scores)).Where(s => s.Expected > 0))
        {
            kind.F1.ShouldBeGreaterThanOrEqualTo(0.9, $"{kind.Kind}: precision {kind.Precision:F3}, recall {kind.Recall:F3}; missed: {string.Join("; ", kind.Missed)}");
        }
    }

    /// <summary>
    /// Issue 26: table rows are read at F1 ≥ 0.9 on all 44 documents, the 14 added unseen included (on 31–44 the reader
    /// read 0 of 7 rows and 18 false ones before: a "(1)…≥90%;" list and a yearbook's 2008年 | 2007年 table).
    /// </summary>
    [Fact]
    public void Table_rows_of_all_44_corpus_documents_are_read_at_f1_0_9_or_better()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "tests", "reading-corpus")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("tests/reading-corpus not found above " + AppContext.BaseDirectory);
        }

        var documents = ReadingCorpus.Score(Path.Combine(root, "tests", "reading-corpus"));
        var rows = ReadingJson.Score.Sum(documents.SelectMany(d => d.Scores)).Single(s => s.Kind == "indicators");

        documents.Count.ShouldBe(44);
        rows.F1.ShouldBeGreaterThanOrEqualTo(0.9, $"missed: {string.Join("; ", rows.Missed)}; false: {string.Join("; ", rows.Extra)}");
    }

    /// <summary>
    /// Error analysis (issue 26, point 5): each miss and false find gets its cause — a value or a name read wrong from the
    /// same words, a target read as an achievement, words nothing was read from, a find nobody lists — and its quote.
    /// </summary>
    [Fact]
    public void Misses_and_false_finds_are_given_their_cause_and_quote()
    {
        var expected = JsonNode.Parse("""
            {"prose_targets": [
              {"name": "婴儿死亡率", "comparator": "<=", "value": "6", "unit": "‰", "quote": "婴儿死亡率控制在6‰以下"},
              {"name": "剖宫产率", "comparator": "<=", "value": "40", "unit": "%", "quote": "剖宫产率控制在40%以内"},
              {"name": "住院分娩率", "comparator": ">=", "value": "99", "unit": "%", "quote": "住院分娩率达到99%"},
              {"name": "孕产妇死亡率", "comparator": "<=", "value": "10", "unit": "/10万", "quote": "孕产妇死亡率控制在10/10万"}],
             "achievements": []}
            """)!;
        var actual = JsonNode.Parse("""
            {"prose_targets": [
              {"name": "婴儿死亡率", "comparator": "=", "value": 6, "unit": "‰", "source": "婴儿死亡率控制在6‰以下"},
              {"name": "控制在", "comparator": "<=", "value": 40, "unit": "%", "source": "剖宫产率控制在40%以内"},
              {"name": "新闻", "comparator": "=", "value": 5, "unit": "条", "source": "新闻5条"}],
             "achievements": [
              {"name": "孕产妇死亡率", "comparator": "=", "value": 10, "unit": "/10万", "source": "孕产妇死亡率控制在10/10万"}]}
            """)!;

        var scores = ReadingJson.Compare(expected, actual);

        scores.Single(s => s.Kind == "prose_targets").Errors.Select(e => $"{(e.Missed ? "漏" : "多")} {e.Cause} {e.Quote}").ShouldBe(
        [
            "漏 WrongValue 婴儿死亡率控制在6‰以下",
            "漏 WrongName 剖宫产率控制在40%以内",
            "漏 NotRead 住院分娩率达到99%",
            "漏 WrongKind 孕产妇死亡率控制在10/10万",
            "多 NotAnItem 新闻5条",
        ]);
        scores.Single(s => s.Kind == "achievements").Errors.Select(e => $"{(e.Missed ? "漏" : "多")} {e.Cause}").ShouldBe(["多 WrongKind"]);
    }
}
