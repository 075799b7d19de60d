using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Data.Analytics;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests.Analytics;

/// <summary>
/// Issue 28, 数据分析: a question in DHIS2's dimension syntax answered from the engine. A city, three counties and six
/// townships with random monthly births and deaths for 2022–2023; random selections of data, units, periods and filters are
/// compared with the figures summed by hand from the values imported.
/// </summary>
public sealed class AnalyticsTests : IClassFixture<AnalyticsTests.Store>
{
    private readonly Store _store;

    public AnalyticsTests(Store store) => _store = store;

    private static readonly DateOnly Today = new(2024, 3, 15);

    /// <summary>Random selections (a seed each: the same selection on every run, 25 of them).</summary>
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 25)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task A_pivots_cells_are_the_figures_summed_by_hand(int seed)
    {
        var random = new Random(seed);
        string[] data = ["imr", "live_births", "infant_deaths"];
        string[] units = ["150500", "150502", "150521", "150522", "15050201", "15052101", "LEVEL-3", "CHILDREN"];
        string[] periods = ["2022", "2023", "2023Q2", "202305", "2022S2", "LAST_12_MONTHS", "2023年第一季度"];
        string Pick(string[] from) => string.Join(';', from.OrderBy(_ => random.Next()).Take(random.Next(1, 3)));
        var dims = new List<string> { "dx:" + Pick(data), "ou:" + Pick(units), "pe:" + Pick(periods) };
        var filters = new List<string>();
        // Now and then one dimension is a filter, summed over.
        if (random.Next(3) == 0)
        {
            var k = random.Next(1, 3);
            filters.Add(dims[k]);
            dims.RemoveAt(k);
        }
        var (question, refusal) = Yardstick.Data.Analytics.Analytics.Parse(dims, filters);
        question.ShouldNotBeNull(refusal?.Message);

        using var db = _store.Open();
        var (result, answerRefusal) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, question, _store.City(db), Today);
        result.ShouldNotBeNull(answerRefusal?.Message);

        var expectedCells = 0;
        foreach (var combination in Combinations(result.Dimensions))
        {
            var filterItems = result.Filters.Count == 0 ? [[]] : Expand(result.Filters[0]);
            decimal deaths = 0, births = 0;
            var any = false;
            foreach (var f in filterItems)
            {
                var chosen = result.Dimensions.Select((d, i) => (d.Name, combination[i])).Concat(result.Filters.Select(x => (x.Name, f.Single()))).ToDictionary(x => x.Item1, x => x.Item2);
                var (d, b, has) = _store.ByHand(chosen["ou"], Period.Parse(chosen["pe"]));
                deaths += d;
                births += b;
                any |= has;
            }
            var dx = result.Dimensions.Select((d, i) => (d.Name, combination[i])).Concat(result.Filters.Where(x => x.Name == "dx").Select(x => (x.Name, x.Items.Single()))).Single(x => x.Item1 == "dx").Item2;
            decimal? expected = !any ? null : dx switch
            {
                "imr" => births == 0 ? null : Rounding.ForDisplay(deaths * 1000 / births, 2),
                "live_births" => births,
                _ => deaths,
            };
            var cell = result.Cells.SingleOrDefault(c => c.Items.SequenceEqual(combination));
            if (expected is null)
            {
                cell.ShouldBeNull(string.Join(",", combination));
                continue;
            }
            expectedCells++;
            cell.ShouldNotBeNull(string.Join(",", combination));
            cell.Value.ShouldBe(expected.Value, string.Join(",", combination));
        }
        result.Cells.Count.ShouldBe(expectedCells);
    }

    [Fact]
    public async Task A_plans_target_is_data_the_level_expected_each_year_on_the_path_from_baseline_to_target()
    {
        using var db = _store.Open();
        var city = _store.City(db);
        var (question, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:imr;TARGET-P1.imr", "pe:2022;2023;2023Q1;2025;2026"], ["ou:150500"]);

        var (result, refusal) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, question!, city, Today);

        refusal.ShouldBeNull();
        var targets = result!.Cells.Where(c => c.Items[0] == "TARGET-P1.imr").ToDictionary(c => c.Items[1], c => c.Value);
        // Baseline 6‰ in 2020, ≤ 3‰ by 2025: a straight line, 0.6 a year; the target itself from its year on; none for a quarter.
        targets.ShouldBe(new Dictionary<string, decimal> { ["2022"] = 4.8m, ["2023"] = 4.2m, ["2025"] = 3m, ["2026"] = 3m });
        result.Names["TARGET-P1.imr"].ShouldBe("婴儿死亡率 · 规划目标");
        var (deaths, births, _) = _store.ByHand("150500", Period.OfYear(2023));
        result.Cells.Single(c => c.Items.SequenceEqual(["imr", "2023"])).Value.ShouldBe(Math.Round(deaths / births * 1000, 2));

        // Targets do not add: over two units as a filter there is no target cell, the figure is still there.
        var (summed, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:imr;TARGET-P1.imr", "pe:2023"], ["ou:150502;150521"]);
        var (over, _) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, summed!, city, Today);
        over!.Cells.Select(c => c.Items[0]).ShouldBe(["imr"]);

        var (unknown, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:TARGET-P1.live_births", "pe:2023"], ["ou:150500"]);
        var (_, notSet) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, unknown!, city, Today);
        notSet!.Message.ShouldContain("\"live_births\" 不是已有指标的代码");
    }

    [Fact]
    public async Task A_unit_outside_the_scope_is_refused_and_levels_stay_inside_it()
    {
        using var db = _store.Open();
        var county = _store.Unit(db, "150502");
        var (question, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:live_births", "ou:150521", "pe:2023"], []);

        var (_, refusal) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, question!, county, Today);

        refusal!.Kind.ShouldBe(RefusalKind.Forbidden);
        var (level, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:live_births", "ou:LEVEL-3", "pe:2023"], []);
        var (result, _) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, level!, county, Today);
        result!.Dimensions.Single(d => d.Name == "ou").Items.ShouldBe(["15050201", "15050202"]);
    }

    [Fact]
    public async Task A_group_names_its_members_under_the_units_asked()
    {
        using var db = _store.Open();
        var (all, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:live_births", "ou:OU_GROUP-south", "pe:2023"], []);
        var (inCounty, _) = Yardstick.Data.Analytics.Analytics.Parse(["dx:live_births", "ou:150502;OU_GROUP-south", "pe:2023"], []);

        var (everywhere, _) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, all!, _store.City(db), Today);
        var (county, _) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, inCounty!, _store.City(db), Today);

        everywhere!.Dimensions.Single(d => d.Name == "ou").Items.ShouldBe(["15050201", "15052101"]);
        county!.Dimensions.Single(d => d.Name == "ou").Items.ShouldBe(["150502", "15050201"]);
        everywhere.Cells.Single(c => c.Items[1] == "15052101").Value.ShouldBe(_store.ByHand("15052101", Period.OfYear(2023)).Births);
    }

    [Fact]
    public async Task A_tables_totals_count_each_value_once_and_a_units_children_are_subtotalled_after_the_last_of_them()
    {
        using var db = _store.Open();
        var (question, _) = Yardstick.Data.Analytics.Analytics.Parse(["ou:150500;CHILDREN;LEVEL-3", "pe:2023;2023Q1;2023Q2"], ["dx:live_births"]);
        var (result, _) = await Yardstick.Data.Analytics.Analytics.AnswerAsync(db, EngineLoader.OneShot, question!, _store.City(db), Today);

        var table = new PivotTable(result!, adds: true, w => w);

        decimal Births(string unit, string period) => _store.ByHand(unit, Period.Parse(period)).Births;
        var total = table.Rows.Single(r => r.Kind == PivotRowKind.Total);
        total.Cells.ShouldBe([Births("150500", "2023"), Births("150500", "2023Q1"), Births("150500", "2023Q2")], "the city once, not the city and its counties and townships again");
        total.Total.ShouldBe(Births("150500", "2023"), "the year once, not the year and its quarters");
        var keys = table.Rows.Select(r => (r.Kind, r.Key)).ToList();
        keys.Take(5).ShouldBe([(PivotRowKind.Item, "150500"), (PivotRowKind.Item, "150502"), (PivotRowKind.Item, "150521"), (PivotRowKind.Item, "150522"), (PivotRowKind.Subtotal, "150500")],
            "the city's subtotal after its last child row");
        var cityChildren = table.Rows.Single(r => r.Kind == PivotRowKind.Subtotal && r.Key == "150500");
        cityChildren.Cells[0].ShouldBe(Births("150502", "2023") + Births("150521", "2023") + Births("150522", "2023"));
        var townships = table.Rows.Single(r => r.Kind == PivotRowKind.Subtotal && r.Key == "150521");
        townships.Heading.ShouldBe("县150521 下级单位小计");
        townships.Cells[1].ShouldBe(Births("15052101", "2023Q1") + Births("15052102", "2023Q1"));
        table.Rows.ToList().IndexOf(townships).ShouldBe(table.Rows.ToList().FindLastIndex(r => r.Key.StartsWith("150521", StringComparison.Ordinal) && r.Kind == PivotRowKind.Item) + 1);
        var csv = table.Csv();
        csv.ShouldStartWith("机构 \\ 期间,2023年,2023年第一季度,2023年第二季度,合计\r\n");
        csv.ShouldContain($"合计,{Births("150500", "2023")},");
    }

    [Theory]
    [InlineData("dx:imr", "缺少机构 (ou)维度")]
    [InlineData("xx:imr", "无法识别的维度 \"xx:imr\"")]
    public void A_question_missing_or_misnaming_a_dimension_is_refused_in_chinese(string dimension, string says)
    {
        var (_, refusal) = Yardstick.Data.Analytics.Analytics.Parse([dimension, "pe:2023"], []);

        refusal!.Message.ShouldContain(says);
    }

    private static IReadOnlyList<IReadOnlyList<string>> Expand(AnalyticsDimension filter) =>
        [.. filter.Items.Select(i => (IReadOnlyList<string>)[i])];

    private static IEnumerable<IReadOnlyList<string>> Combinations(IReadOnlyList<AnalyticsDimension> dims) =>
        dims.Count == 0 ? [[]] : dims[0].Items.SelectMany(h => Combinations([.. dims.Skip(1)]).Select(t => (IReadOnlyList<string>)[h, .. t]));

    /// <summary>The store, imported once, and the values it was given, to sum by hand.</summary>
    public sealed class Store : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("yardstick-analytics-").FullName;
        private readonly string _path;
        private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);
        private readonly List<(string Unit, Period Period, string Element, decimal Value)> _values = [];

        public Store()
        {
            _path = Path.Combine(_folder, "a.db");
            var units = new StringBuilder("code,name,parent,level\n150500,通辽市,,市\n");
            foreach (var county in new[] { "150502", "150521", "150522" })
            {
                units.Append(CultureInfo.InvariantCulture, $"{county},县{county},150500,县\n");
                _parent[county] = "150500";
                foreach (var t in new[] { "01", "02" })
                {
                    units.Append(CultureInfo.InvariantCulture, $"{county}{t},乡{county}{t},{county},乡\n");
                    _parent[county + t] = county;
                }
            }
            var random = new Random(7);
            var values = new StringBuilder("dataelement,period,orgunit,value\n");
            foreach (var township in _parent.Keys.Where(k => k.Length == 8))
            {
                foreach (var year in new[] { 2022, 2023 })
                {
                    for (var month = 1; month <= 12; month++)
                    {
                        if (random.Next(10) == 0)
                        {
                            continue; // a month not reported
                        }
                        var period = Period.OfMonth(year, month);
                        var births = random.Next(20, 80);
                        var deaths = random.Next(0, 3);
                        values.Append(CultureInfo.InvariantCulture, $"live_births,{period},{township},{births}\ninfant_deaths,{period},{township},{deaths}\n");
                        _values.Add((township, period, "live_births", births));
                        _values.Add((township, period, "infant_deaths", deaths));
                    }
                }
            }
            using var db = Open();
            SchemaMigrator.MigrateAsync(db).GetAwaiter().GetResult();
            var result = new Importer(db, new FakeTimeProvider()).ImportAsync(
            [
                File("orgunits.csv", units.ToString()),
                File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
                File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
                File("values.csv", values.ToString()),
                File("orgunitgroups.csv", "code,name,group_set,members\nsouth,南片,片区,15050201;15052101\n"),
                File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nP1,imr,150500,2020,6,2025,3,<=,约束性\n"),
            ], "tester").GetAwaiter().GetResult();
            result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
        }

        public YardstickDb Open() => DatabaseLocation.Sqlite(_path).Open();

        public OrgUnit City(YardstickDb db) => Unit(db, "150500");

        public OrgUnit Unit(YardstickDb db, string code) => db.OrgUnits.Single(u => u.Code == code);

        /// <summary>Deaths and births of the townships under <paramref name="unit"/> inside <paramref name="period"/>, and whether any value is there.</summary>
        public (decimal Deaths, decimal Births, bool Any) ByHand(string unit, Period period)
        {
            bool Under(string township) => township == unit || _parent[township] == unit || _parent[_parent[township]] == unit;
            var inside = _values.Where(v => Under(v.Unit) && period.Contains(v.Period)).ToList();
            return (inside.Where(v => v.Element == "infant_deaths").Sum(v => v.Value), inside.Where(v => v.Element == "live_births").Sum(v => v.Value), inside.Count > 0);
        }

        private string File(string name, string content)
        {
            var path = Path.Combine(_folder, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
