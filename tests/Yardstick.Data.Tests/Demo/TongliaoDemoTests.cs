using Microsoft.Extensions.Time.Testing;
using Yardstick.Data.Demo;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests.Demo;

public sealed class TongliaoDemoTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("yardstick-demo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A first start seeds the demo saying what it does, in order: the files, the values as they are written, the plans, the tasks and reports (issue 25).</summary>
    [Fact]
    public async Task Issue_25_seeding_says_each_step_as_it_goes()
    {
        await using var db = DatabaseLocation.Sqlite(Path.Combine(_folder, "demo.db")).Open();
        await SchemaMigrator.MigrateAsync(db);
        var said = new List<string>();

        var (seeded, lines) = await TongliaoDemo.SeedAsync(db, DemoFolder(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)),
            new Said(said));

        seeded.ShouldBeTrue(string.Join("; ", lines));
        var values = TongliaoDemo.SyntheticValues().Rows.Count;
        said.Count.ShouldBeGreaterThanOrEqualTo(7);
        said[0].ShouldStartWith("读取机构、数据元、指标、报表与审核规则");
        said[1].ShouldMatch(@$"^生成 \d+ 个单位 2020–2023 年的合成数值 {values} 个");
        said.ShouldContain($"写入数值 {values}/{values}");
        said.IndexOf($"写入数值 {values}/{values}").ShouldBeLessThan(said.FindIndex(s => s.StartsWith("读取规划文件 plan.txt", StringComparison.Ordinal)));
        said.ShouldContain(s => s.StartsWith("读取规划文件 workpoints.txt", StringComparison.Ordinal));
        said[^1].ShouldBe("记录各单位报表的上报与审核…");
    }

    /// <summary>
    /// The demo's accounts are the demo's data: each names a role and a unit the seeded demo has (issue 30, point 7); the
    /// department's account works in a 处室 that leads demo 督办 tasks waiting on it, so a task's lead side can be walked at once.
    /// </summary>
    [Fact]
    public async Task Issue_30_the_demo_accounts_come_from_the_demo_files_and_name_its_units()
    {
        await using var db = DatabaseLocation.Sqlite(Path.Combine(_folder, "demo.db")).Open();
        await SchemaMigrator.MigrateAsync(db);
        (await TongliaoDemo.SeedAsync(db, DemoFolder(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)))).Succeeded.ShouldBeTrue();
        var units = db.OrgUnits.Select(u => new { u.Code, u.Kind }).ToDictionary(u => u.Code, u => u.Kind);

        var accounts = TongliaoDemo.Accounts(DemoFolder());

        accounts.Select(a => a.Role).ShouldBe([Access.Roles.Planner, Access.Roles.Reporter, Access.Roles.Department],
            "a planner, a reporter and a department to try the app as");
        accounts.ShouldAllBe(a => units.ContainsKey(a.OrgUnit));
        units[accounts.Single(a => a.Role == Access.Roles.Reporter).OrgUnit].ShouldBe(Core.Model.OrgUnitKind.Township, "the reporter owes the townships' form");
        var department = accounts.Single(a => a.Role == Access.Roles.Department).OrgUnit;
        units[department].ShouldBe(Core.Model.OrgUnitKind.Department);
        var led = (await Tasks.TaskBoard.ListAsync(db, "CZ2021")).Where(t => t.LeadOwners.Any(o => o.Code == department)).Select(t => t.Stage).ToList();
        led.ShouldContain(Core.Tasks.TaskStage.Assigned, "a task waiting for the department's 签收");
        led.ShouldContain(Core.Tasks.TaskStage.Received, "a task in hand to report on");
        led.ShouldContain(Core.Tasks.TaskStage.CloseRequested, "a task awaiting the city's 销号");
        Directory.CreateDirectory(Path.Combine(_folder, "broken", "tongliao"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "broken", "tongliao", "accounts.csv"), "name,role,orgunit\nplanner01,planner\n");
        Should.Throw<FormatException>(() => TongliaoDemo.Accounts(Path.Combine(_folder, "broken"))).Message.ShouldContain("第 2 行");
    }

    /// <summary>
    /// Issue 27, point 6: the demo has a disaggregated return whose options add up to the element's total as the values
    /// were written, facility groups whose breakdown sums the members' rows, and a data set approved 县 → 市. Figures are
    /// compared with sums of the synthetic rows computed here, not with the engine's own numbers.
    /// </summary>
    [Fact]
    public async Task Issue_27_the_demo_has_a_disaggregated_return_facility_groups_and_a_two_level_approval()
    {
        await using var db = DatabaseLocation.Sqlite(Path.Combine(_folder, "demo.db")).Open();
        await SchemaMigrator.MigrateAsync(db);
        (await TongliaoDemo.SeedAsync(db, DemoFolder(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)))).Succeeded.ShouldBeTrue();
        var rows = TongliaoDemo.SyntheticValues().Rows;
        decimal Sum(string element, Func<string, bool> unit, Func<string, bool> combo) => rows
            .Where(r => r["dataelement"] == element && r["period"].StartsWith("2023", StringComparison.Ordinal) && unit(r["orgunit"]) && combo(r["categoryoptioncombo"]))
            .Sum(r => decimal.Parse(r["value"], System.Globalization.CultureInfo.InvariantCulture));
        async Task<Core.Indicators.IndicatorValue> Value(string indicator, string unit, string? group = null) =>
            (await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, indicator, unit, Core.Model.Period.OfYear(2023), group, null)).Result!.Value;

        rows.Where(r => r["dataelement"] == "u5_deaths_by_sex_age").Select(r => r["categoryoptioncombo"]).Distinct()
            .ShouldBe(["male.age0", "female.age0", "male.age1_4", "female.age1_4"], ignoreOrder: true);
        var anyUnit = (string _) => true;
        Sum("u5_deaths_by_sex_age", anyUnit, _ => true).ShouldBe(Sum("under5_deaths", anyUnit, _ => true), "the split return agrees with the whole one");
        (await Value("under5_mortality_rate_age1_4", "150500")).Numerator.ShouldBe(Sum("u5_deaths_by_sex_age", anyUnit, c => c.EndsWith(".age1_4", StringComparison.Ordinal)));
        var births = await Value("sex_ratio_at_birth", "150500");
        births.Numerator.ShouldBe(Sum("births_by_sex", anyUnit, c => c == "male"));
        births.Denominator.ShouldBe(Sum("births_by_sex", anyUnit, c => c == "female"));
        (births.Numerator + births.Denominator).ShouldBe((await Value("under5_mortality_rate", "150500")).Denominator, "births by sex add up to 活产数");
        births.Value!.Value.ShouldBeInRange(103m, 112m, "about the sex ratio at birth");
        (await Value("prenatal_screening_rate_rural", "150523")).Denominator.ShouldBe(Sum("deliveries_by_residence", u => u == "150523", c => c == "rural"));
        Sum("prenatal_screened_by_residence", anyUnit, c => c == "rural").ShouldBeLessThanOrEqualTo(Sum("deliveries_by_residence", anyUnit, c => c == "rural"));

        string[] publicInKorqin = ["150502H01", "150502H02", "150502H03"];
        (await Value("beds_count", "150502", "public")).Value.ShouldBe(Sum("beds_total", publicInKorqin.Contains, _ => true));
        (await Value("beds_count", "150502")).Value.ShouldBe(Sum("beds_total", u => u.StartsWith("150502", StringComparison.Ordinal), _ => true),
            "the county's total: its own remainder and its facilities'");

        var epi = (await Reporting.ReportingCycle.ListAsync(db)).Single(s => s.ApprovalTiers.Count == 2);
        epi.ApprovalTiers.ShouldBe([Core.Model.OrgUnitKind.County, Core.Model.OrgUnitKind.City]);
    }

    /// <summary>The repository's demo folder (the apps copy it beside themselves; this test reads it where it is).</summary>
    internal static string DemoFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Yardstick.slnx")))
        {
            folder = folder.Parent;
        }
        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("repository root not found"), "demo");
    }

    private sealed class Said(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
