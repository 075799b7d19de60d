using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data.Access;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reporting;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests;

/// <summary>Approval level by level (issue 27, point 3), on SQLite and on a real PostgreSQL.</summary>
public abstract class ApprovalLevelTests(Func<string, Task<DatabaseLocation>> newLocation) : StoreTest(newLocation, new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero))
{
    private static readonly Period March = Period.OfMonth(2024, 2);

    /// <summary>市 C, 县 K under it, 乡 T under K; a monthly set owed by townships and approved 县 then 市.</summary>
    private async Task<YardstickDb> SetUpAsync()
    {
        var db = await NewDbAsync();
        await ImportCleanAsync(db,
            File("orgunits.csv", "code,name,parent,level\nC,市,,市\nK,县,C,县\nT,乡,K,乡镇\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\ndue,应种,count,sum,sum\ngiven,实种,count,sum,sum\n"),
            File("datasets.csv", "code,name,period_type,elements,assign,due_days,lock_days,approval_levels\nepi,免疫规划月报,month,due;given,level:4,10,0,level:县;level:2\n"),
            File("values.csv", "dataelement,period,orgunit,value\ndue,202402,T,100\ngiven,202402,T,97\n"));
        db.ChangeTracker.Clear();
        return db;
    }

    private static async Task<(DataSet Set, OrgUnit C, OrgUnit K, OrgUnit T)> ThingsAsync(YardstickDb db) =>
        (await db.DataSets.AsNoTracking().SingleAsync(), await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "C"),
            await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "K"), await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "T"));

    private async Task<ReportStatus> StatusAsync(YardstickDb db)
    {
        var (set, _, _, t) = await ThingsAsync(db);
        return (await ReportingCycle.StatusAsync(db, set, [t], March))[0];
    }

    [Fact]
    public async Task A_two_level_approval_runs_county_then_city_refuses_out_of_order_and_unapproving_below_undoes_above()
    {
        await using var db = await SetUpAsync();
        var (set, c, k, t) = await ThingsAsync(db);
        set.ApprovalTiers.ShouldBe([OrgUnitKind.County, OrgUnitKind.City]);
        var reporter = new ReportingActor("乡填报", [Roles.Reporter], t);
        var county = new ReportingActor("县审核", [Roles.Reviewer], k);
        var city = new ReportingActor("市审核", [Roles.Reviewer], c);
        var now = Time.GetUtcNow();
        Task<Refusal?> Decide(ReportingActor who, string action, string? reason = null) =>
            ReportingCycle.DecideAsync(db, who, set, t, March, action, reason, null, now);

        (await ReportingCycle.SubmitAsync(db, reporter, set, t, March, now)).ShouldBeNull();
        (await StatusAsync(db)).StateText.ShouldBe("已上报");

        // The city may not approve before the county.
        var early = await Decide(city, "approve");
        early!.Kind.ShouldBe(RefusalKind.Conflict);
        early.Message.ShouldContain("须先由县级审核通过");
        (await StatusAsync(db)).Passed.ShouldBe(0);

        (await Decide(county, "approve")).ShouldBeNull();
        var afterCounty = await StatusAsync(db);
        (afterCounty.State, afterCounty.Passed, afterCounty.StateText).ShouldBe((ReportState.Submitted, 1, "县已审核"));
        afterCounty.IsApprovedBy(OrgUnitKind.County).ShouldBeTrue();
        afterCounty.IsApprovedBy(OrgUnitKind.City).ShouldBeFalse();
        (await Decide(county, "approve"))!.Message.ShouldContain("县级已经审核通过");
        // Still closed to writes while the city has not decided.
        (await ReportingCycle.RefuseWritesAsync(db, [((await db.DataElements.SingleAsync(e => e.Code == "due")).Id, t.Id, March)],
            new Dictionary<int, OrgUnit> { [t.Id] = t }, LocalClock.Day(now), false)).ShouldNotBeEmpty();

        (await Decide(city, "approve")).ShouldBeNull();
        var approved = await StatusAsync(db);
        (approved.State, approved.StateText).ShouldBe((ReportState.Approved, "市已审核"));

        // Unapproving at the county undoes the city's approval too: the report reopens for the township.
        (await Decide(county, "unapprove", "数字有误")).ShouldBeNull();
        var reopened = await StatusAsync(db);
        (reopened.State, reopened.Passed).ShouldBe((ReportState.Saved, 0));

        // Again up to the county; the city returns it: back to the reporter with the reason, every level undone.
        (await ReportingCycle.SubmitAsync(db, reporter, set, t, March, now)).ShouldBeNull();
        (await Decide(county, "approve")).ShouldBeNull();
        (await Decide(city, "unapprove"))!.Message.ShouldContain("市级还没有审核通过");
        (await Decide(county, "return", "再核"))!.Message.ShouldContain("先取消县级的审核");
        (await Decide(city, "return", "与上月差异过大")).ShouldBeNull();
        var returned = await StatusAsync(db);
        (returned.State, returned.Passed, returned.Recorded!.Reason).ShouldBe((ReportState.Returned, 0, "与上月差异过大"));

        var history = await ReportingCycle.HistoryAsync(db, set, t, March);
        history.ShouldContain(h => h.New!.StartsWith("县已审核", StringComparison.Ordinal));
        history.ShouldContain(h => h.New!.StartsWith("市已审核", StringComparison.Ordinal));
        history.ShouldContain(h => h.New!.StartsWith("县级取消审核", StringComparison.Ordinal));
        history.ShouldContain(h => h.New!.StartsWith("市级退回", StringComparison.Ordinal) && h.New.Contains("与上月差异过大"));
    }

    [Fact]
    public async Task A_plan_read_from_city_approved_data_moves_when_the_city_approves()
    {
        await using var db = await SetUpAsync();
        await ImportCleanAsync(db,
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\ncover,接种率,#{given},#{due},100,%,higher,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nP,cover,C,,,2025,95,>=,预期性\n"));
        db.ChangeTracker.Clear();
        var (set, c, k, t) = await ThingsAsync(db);
        var now = Time.GetUtcNow();
        async Task<decimal?> CityFigure(string? approved) =>
            (await Evaluations.PlanAsync(db, EngineLoader.OneShot, "P", "C", 2024, children: false, groupCode: null, approvedOnly: approved)).Rows!.Single().Value.Value;

        (await CityFigure(null)).ShouldBe(97m);
        (await CityFigure("市")).ShouldBeNull();
        (await ReportingCycle.SubmitAsync(db, new ReportingActor("乡填报", [Roles.Reporter], t), set, t, March, now)).ShouldBeNull();
        (await ReportingCycle.DecideAsync(db, new ReportingActor("县审核", [Roles.Reviewer], k), set, t, March, "approve", null, null, now)).ShouldBeNull();
        (await CityFigure("市")).ShouldBeNull();
        (await CityFigure("县")).ShouldBe(97m);

        (await ReportingCycle.DecideAsync(db, new ReportingActor("市审核", [Roles.Reviewer], c), set, t, March, "approve", null, null, now)).ShouldBeNull();

        (await CityFigure("市")).ShouldBe(97m);
        (await CityFigure("全部")).ShouldBe(97m);

        // The plan itself may say so: then every evaluation of it, with no level of its own, reads approved values only.
        (await Yardstick.Data.Plans.PlanApproval.SetAsync(db, "P", "市", "", "规划员", now, null)).ShouldBeNull();
        (await Yardstick.Data.Plans.PlanApproval.SetAsync(db, "P", "县", "", "规划员", now, null))!.Kind.ShouldBe(RefusalKind.Conflict);
        (await ReportingCycle.DecideAsync(db, new ReportingActor("县审核", [Roles.Reviewer], k), set, t, March, "unapprove", "重核", null, now)).ShouldBeNull();
        (await CityFigure(null)).ShouldBeNull();
        var (report, _) = await Yardstick.Data.Reports.PlanReport.BuildAsync(db, EngineLoader.OneShot, "P", "C", 2024, Yardstick.Data.Reports.ReportKind.Monitoring, LocalClock.Day(now));
        report!.OrgUnitName.ShouldContain("只统计已审核数据: 市已审核");
        (await AuditLog.ReadAsync(db)).ShouldContain(a => a.Entity == "plan.approved_only" && a.New == "只统计已审核数据 (市已审核)");
        var (one, _) = await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "cover", "C", Period.OfYear(2024), null, "市");
        EvaluationJson.Of(one!).ApprovedOnly.ShouldBe("市已审核");
        (await Evaluations.IndicatorAsync(db, EngineLoader.OneShot, "cover", "C", Period.OfYear(2024), null, "天上")).Error!.ShouldContain("无法识别的审核层级");
    }

    [Fact]
    public async Task Approval_levels_are_read_and_written_back_and_a_bad_order_is_refused_by_line()
    {
        await using var db = await SetUpAsync();
        var path = Path.Combine(Folder, "out.csv");
        await Exporter.ExportAsync(db, InterchangeKind.DataSets, path);
        (await System.IO.File.ReadAllTextAsync(path)).ShouldContain(",level:3;level:2\n");

        var bad = await ImportAsync(db, File("sets.csv",
            "code,name,period_type,elements,assign,approval_levels\nepi,免疫规划月报,month,due;given,level:4,level:2;level:3\n"));
        bad.Issues.Where(i => i.IsError).Select(i => i.ToString()).ShouldHaveSingleItem().ShouldContain("sets.csv:2");
    }
}

public sealed class SqliteApprovalLevelTests() : ApprovalLevelTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresApprovalLevelTests(PostgresFixture server) : ApprovalLevelTests(StoreTest.Postgres(server));
