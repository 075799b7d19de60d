using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>Org-unit groups through the store, on SQLite and on a real PostgreSQL (issue 27, point 2).</summary>
public abstract class OrgUnitGroupTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero))
{
    /// <summary>
    /// A random tree (city, counties, townships, facilities under any of them), random members — nested ones too — and random
    /// values; the group's figure under every unit must be the sum over the units under a member inside it, added here by hand.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_group_restricted_evaluation_equals_the_sum_over_the_groups_members_computed_independently(int seed)
    {
        await using var db = await NewDbAsync();
        var random = new Random(seed);
        var parents = new List<(string Code, string? Parent)> { ("C", null) };
        for (var i = 1; i < 40; i++)
        {
            parents.Add(($"U{i:00}", parents[random.Next(parents.Count)].Code));
        }
        var units = new StringBuilder("code,name,parent\n");
        foreach (var (code, parent) in parents)
        {
            units.Append(CultureInfo.InvariantCulture, $"{code},单位{code},{parent}\n");
        }
        var members = parents.Where(_ => random.Next(4) == 0).Select(p => p.Code).ToList();
        var values = new StringBuilder("dataelement,period,orgunit,value\n");
        var num = new Dictionary<string, long>();
        var den = new Dictionary<string, long>();
        foreach (var (code, _) in parents)
        {
            if (random.Next(5) > 0)
            {
                num[code] = random.Next(0, 50);
                den[code] = random.Next(100, 1000);
                values.Append(CultureInfo.InvariantCulture, $"deaths,2023,{code},{num[code]}\nbirths,2023,{code},{den[code]}\n");
            }
        }
        var result = await ImportAsync(db,
            File("orgunits.csv", units.ToString()),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nbirths,活产数,count,sum,sum\ndeaths,死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nrate,死亡率,#{deaths},#{births},1000,‰,lower,2\n"),
            File("orgunitgroups.csv", $"code,name,group_set,members\nG,二级以上公立医院,,{string.Join(';', members)}\n"),
            File("values.csv", values.ToString()));
        result.Issues.Where(i => i.IsError).ShouldBeEmpty();

        var parentOf = parents.ToDictionary(p => p.Code, p => p.Parent);
        IEnumerable<string> SelfAndAncestors(string code)
        {
            for (string? x = code; x is not null; x = parentOf[x])
            {
                yield return x;
            }
        }
        foreach (var (unit, _) in parents)
        {
            var counted = parents.Select(p => p.Code).Where(c => SelfAndAncestors(c).Contains(unit) && SelfAndAncestors(c).Any(members.Contains)).ToList();
            var reporting = counted.Where(num.ContainsKey).ToList();

            var (evaluation, error) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "rate", unit, Period.OfYear(2023), "G", null);

            error.ShouldBeNull();
            evaluation!.Value.Numerator.ShouldBe(reporting.Count == 0 ? null : reporting.Sum(c => num[c]), $"{unit}");
            evaluation.Value.Denominator.ShouldBe(reporting.Count == 0 ? null : reporting.Sum(c => den[c]), $"{unit}");
            EvaluationJson.Of(evaluation).Group.ShouldBe("G");
        }
    }

    [Fact]
    public async Task A_unit_in_two_groups_of_an_exclusive_set_or_an_unknown_member_is_refused_by_line_and_nothing_is_kept()
    {
        await using var db = await NewDbAsync();
        (await ImportAsync(db, File("orgunits.csv", "code,name,parent,level\nC,市,,市\nA,甲医院,C,机构\nB,乙医院,C,机构\n"))).Succeeded.ShouldBeTrue();

        var result = await ImportAsync(db, File("orgunitgroups.csv",
            "code,name,group_set,members\npublic,公立,所有制,A;B\nprivate,民营,ownership,B\nlevel2,二级,等级,A;X9\ntown,城市,,A\n"));

        result.Succeeded.ShouldBeFalse();
        var errors = result.Issues.Where(i => i.IsError).Select(i => i.ToString()).ToList();
        errors.ShouldContain(e => e.Contains("orgunitgroups.csv:3") && e.Contains("乙医院 (B)") && e.Contains("公立 (public)") && e.Contains("所有制") && e.Contains("互斥"));
        errors.ShouldContain(e => e.Contains("orgunitgroups.csv:4") && e.Contains("未知的成员机构代码 \"X9\""));
        errors.Count.ShouldBe(2);
        (await db.OrgUnitGroups.CountAsync()).ShouldBe(0);

        // A set that is not exclusive takes a unit in two groups; stored groups count against a later file.
        (await ImportAsync(db, File("g1.csv", "code,name,group_set,members,exclusive\npublic,公立,所有制,A\nkey,重点,专项,A;B,否\nkey2,重点二,专项,A\n"))).Succeeded.ShouldBeTrue();
        var again = await ImportAsync(db, File("g2.csv", "code,name,group_set,members\nprivate,民营,所有制,B;A\n"));
        again.Issues.Where(i => i.IsError).Select(i => i.ToString()).ShouldHaveSingleItem().ShouldContain("g2.csv:2");
        // Replacing a group whole moves a unit: public keeps only A, so B may join private.
        (await ImportAsync(db, File("g3.csv", "code,name,group_set,members\nprivate,民营,所有制,B\n"))).Succeeded.ShouldBeTrue();
        (await AuditLog.ReadAsync(db)).ShouldContain(a => a.Entity == "org_unit_group" && a.Key == "private" && a.New!.Contains("members=B"));
    }

    [Fact]
    public async Task Groups_export_as_they_were_imported_and_a_set_breaks_a_unit_down_one_row_a_group()
    {
        await using var db = await NewDbAsync();
        var groups = "code,name,group_set,members,exclusive\nprivate,民营,ownership,B,是\npublic,公立,ownership,A;D,是\n";
        (await ImportAsync(db,
            File("orgunits.csv", "code,name,parent,level\nC,市,,市\nK,区,C,县\nA,甲医院,K,机构\nB,乙医院,K,机构\nD,丙医院,C,机构\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nbeds,床位数,count,sum,last\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nbeds,床位数,#{beds},,1,张,higher,0\n"),
            File("orgunitgroups.csv", groups),
            File("values.csv", "dataelement,period,orgunit,value\nbeds,2023,A,100\nbeds,2023,B,30\nbeds,2023,D,7\nbeds,2023,K,1\n"))).Succeeded.ShouldBeTrue();

        var path = Path.Combine(Folder, "out.csv");
        await Exporter.ExportAsync(db, InterchangeKind.OrgUnitGroups, path);
        (await System.IO.File.ReadAllTextAsync(path)).ShouldBe(groups);

        var (rows, error) = await Evaluations.GroupSetAsync(db, EngineLoader.OneShot, "beds", "K", Period.OfYear(2023), "所有制");
        error.ShouldBeNull();
        rows!.Select(r => (r.Group!.Group.Code, r.Value.Value)).ShouldBe([("private", 30m), ("public", 100m)]);
        var (city, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "beds", "C", Period.OfYear(2023), "public", null);
        city!.Value.Value.ShouldBe(107m);
        (await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "beds", "C", Period.OfYear(2023), "nope", null)).Error.ShouldBe("未知的机构分组代码 \"nope\"");
    }

    /// <summary>
    /// 市 C with three counties; hospitals under them, the group G = H1a (under K1) and H2a (under K2), none under K3. The
    /// counties' own values and the other hospitals' are what the group must leave out.
    /// </summary>
    private const string GroupTree = "code,name,parent,level\nC,市,,市\nK1,一县,C,县\nK2,二县,C,县\nK3,三县,C,县\n"
        + "H1a,一县医院,K1,机构\nH1b,一县卫生院,K1,机构\nH2a,二县医院,K2,机构\nH2b,二县卫生院,K2,机构\nH3a,三县卫生院,K3,机构\n";

    private static readonly (string Unit, int Year, int Births, int Deaths)[] GroupValues =
    [
        ("H1a", 2023, 2000, 8), ("H1a", 2022, 2000, 12), ("H2a", 2023, 3000, 18), ("H2a", 2022, 3000, 15),
        ("H1b", 2023, 1000, 20), ("H1b", 2022, 1000, 20), ("K1", 2023, 500, 5), ("H2b", 2023, 1000, 1), ("H3a", 2023, 1000, 3),
    ];

    /// <summary>The tree, 死亡率 with plan P (5.34‰ in 2020 → ≤ 5‰ by 2025 at C), the group G, and the values of the units kept.</summary>
    private async Task<YardstickDb> GroupStoreAsync(Func<string, bool> kept)
    {
        var db = await NewDbAsync();
        var values = new StringBuilder("dataelement,period,orgunit,value\n");
        foreach (var (unit, year, births, deaths) in GroupValues.Where(v => kept(v.Unit)))
        {
            values.Append(CultureInfo.InvariantCulture, $"births,{year},{unit},{births}\ndeaths,{year},{unit},{deaths}\n");
        }
        var name = Guid.NewGuid().ToString("N")[..6];
        var result = await ImportAsync(db,
            File($"orgunits-{name}.csv", GroupTree),
            File($"dataelements-{name}.csv", "code,name,value_type,agg_ou,agg_time\nbirths,活产数,count,sum,sum\ndeaths,死亡数,count,sum,sum\n"),
            File($"indicators-{name}.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nrate,死亡率,#{deaths},#{births},1000,‰,lower,2\n"),
            File($"targets-{name}.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nP,rate,C,2020,5.34,2025,5,<=,预期性\n"),
            File($"orgunitgroups-{name}.csv", "code,name,group_set,members\nG,二级以上公立医院,,H1a;H2a\n"),
            File($"values-{name}.csv", values.ToString()));
        result.Issues.Where(i => i.IsError).ShouldBeEmpty();
        db.ChangeTracker.Clear();
        return db;
    }

    /// <summary>
    /// The 考核 of C's counties restricted to G scores each county on its members only: it equals the plain 考核 of a store that
    /// holds the members' values alone (computed by the ungrouped path, independently), K3 without a member is left out,
    /// and the numbers are those worked by hand — 一县 8 / 2000 = 4‰ meets 2023's point (5.136‰) for full marks, where the
    /// whole county's (8 + 20 + 5) / 3500 = 9.43‰ does not.
    /// </summary>
    [Fact]
    public async Task A_scorecard_restricted_to_a_group_scores_each_child_on_its_members_alone_and_leaves_out_a_child_without_one()
    {
        await using var db = await GroupStoreAsync(_ => true);
        await using var membersOnly = await GroupStoreAsync(u => u is "H1a" or "H2a");
        var today = new DateOnly(2024, 3, 1);

        var (grouped, error) = await Yardstick.Data.Reports.ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "P", "C", 2023, null, today, default, "G");
        var (independent, _) = await Yardstick.Data.Reports.ScorecardReport.BuildAsync(membersOnly, EngineLoader.OneShot, "P", "C", 2023, null, today);
        var (whole, _) = await Yardstick.Data.Reports.ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "P", "C", 2023, null, today);

        error.ShouldBeNull();
        grouped!.OrgUnitName.ShouldBe("市 · 二级以上公立医院");
        grouped.GroupDefinition!.ShouldContain("只计机构分组「二级以上公立医院」在市各下级单位之内的成员");
        grouped.Units.Select(u => u.OrgUnitCode).Order().ShouldBe(["K1", "K2"]);
        foreach (var unit in grouped.Units)
        {
            var same = independent!.Units.Single(u => u.OrgUnitCode == unit.OrgUnitCode);
            (unit.Total, unit.PreviousTotal).ShouldBe((same.Total, same.PreviousTotal), unit.OrgUnitCode);
            unit.Items.Select(i => (i.Key, i.Points, i.Status)).ShouldBe(same.Items.Select(i => (i.Key, i.Points, i.Status)), unit.OrgUnitCode);
        }
        grouped.Units.Single(u => u.OrgUnitCode == "K1").Total.ShouldBe(100m);
        grouped.Units.Single(u => u.OrgUnitCode == "K2").Total.ShouldBeLessThan(100m);
        whole!.Units.Single(u => u.OrgUnitCode == "K1").Total.ShouldBeLessThan(100m);
        whole.Units.Select(u => u.OrgUnitCode).Order().ShouldBe(["K1", "K2", "K3"]);
        var (rows, _) = await Evaluations.PlanAsync(db, EngineLoader.OneShot, "P", "C", 2023, children: true, "G");
        rows!.Single(r => r.OrgUnit.Code == "K1").Value.Value.ShouldBe(4m);
        rows!.Single(r => r.OrgUnit.Code == "K2").Value.Value.ShouldBe(6m);
        grouped.Sheets()[0].Rows[1].Single().Text.ShouldBe(grouped.GroupDefinition);
        (await Yardstick.Data.Reports.ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "P", "C", 2023, null, today, default, "nope")).Error.ShouldBe("未知的机构分组代码 \"nope\"");
        (await Yardstick.Data.Reports.ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "P", "K3", 2023, null, today, default, "G")).Error!.ShouldContain("都没有机构分组「二级以上公立医院」的成员");
    }

    /// <summary>
    /// The 通报 restricted to G names 二县 (its member 18 / 3000 = 6‰ lags), not 一县 (its member meets the point, though the
    /// whole county lags), and not 三县 (no member); it counts two units and says whose figures under its title.
    /// </summary>
    [Fact]
    public async Task A_notice_restricted_to_a_group_names_the_children_lagging_on_their_members_and_leaves_out_a_child_without_one()
    {
        await using var db = await GroupStoreAsync(_ => true);
        var today = new DateOnly(2024, 3, 1);

        var (grouped, error) = await Yardstick.Data.Reports.NoticeReport.BuildAsync(db, EngineLoader.OneShot, "P", "C", 2023, today, default, null, "G");
        var (whole, _) = await Yardstick.Data.Reports.NoticeReport.BuildAsync(db, EngineLoader.OneShot, "P", "C", 2023, today);

        error.ShouldBeNull();
        grouped!.UnitCount.ShouldBe(2);
        grouped.Lines.Select(l => l.OrgUnit).ShouldBe(["二县"]);
        grouped.Subject.ShouldBe("市 · 二级以上公立医院");
        grouped.Issuer.ShouldBe("市卫生健康委员会");
        whole!.UnitCount.ShouldBe(3);
        whole.Lines.Select(l => l.OrgUnit).ShouldContain("一县");
        var path = Path.Combine(Folder, "notice-group.docx");
        grouped.WriteDocx(path);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(path, false);
        var text = document.MainDocumentPart!.Document.Body!.InnerText;
        text.ShouldContain("（市 · 二级以上公立医院）");
        text.ShouldContain("对市 · 二级以上公立医院所辖2个单位");
    }
}

public sealed class SqliteOrgUnitGroupTests() : OrgUnitGroupTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrgUnitGroupTests(PostgresFixture server) : OrgUnitGroupTests(StoreTest.Postgres(server));
