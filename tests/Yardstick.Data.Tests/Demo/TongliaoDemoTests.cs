using Microsoft.Extensions.Time.Testing;
using Yardstick.Data.Demo;

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

    /// <summary>The demo's accounts are the demo's data: each names a role and a unit the seeded demo has (issue 30, point 7).</summary>
    [Fact]
    public async Task Issue_30_the_demo_accounts_come_from_the_demo_files_and_name_its_units()
    {
        await using var db = DatabaseLocation.Sqlite(Path.Combine(_folder, "demo.db")).Open();
        await SchemaMigrator.MigrateAsync(db);
        (await TongliaoDemo.SeedAsync(db, DemoFolder(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)))).Succeeded.ShouldBeTrue();
        var units = db.OrgUnits.Select(u => new { u.Code, u.Kind }).ToDictionary(u => u.Code, u => u.Kind);

        var accounts = TongliaoDemo.Accounts(DemoFolder());

        accounts.Select(a => a.Role).ShouldBe([Access.Roles.Planner, Access.Roles.Reporter], "a planner and a reporter to try the app as");
        accounts.ShouldAllBe(a => units.ContainsKey(a.OrgUnit));
        units[accounts.Single(a => a.Role == Access.Roles.Reporter).OrgUnit].ShouldBe(Core.Model.OrgUnitKind.Township, "the reporter owes the townships' form");
        Directory.CreateDirectory(Path.Combine(_folder, "broken", "tongliao"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "broken", "tongliao", "accounts.csv"), "name,role,orgunit\nplanner01,planner\n");
        Should.Throw<FormatException>(() => TongliaoDemo.Accounts(Path.Combine(_folder, "broken"))).Message.ShouldContain("第 2 行");
    }

    /// <summary>The repository's demo folder (the apps copy it beside themselves; this test reads it where it is).</summary>
    private static string DemoFolder()
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
