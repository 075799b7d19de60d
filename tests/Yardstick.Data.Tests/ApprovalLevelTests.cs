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

    private DatabaseLocation? _location;

    /// <summary>市 C, 县 K under it, 乡 T under K; a monthly set owed by townships and approved 县 then 市.</summary>
    private async Task<YardstickDb> SetUpAsync()
    {
        var db = (_location = await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db);
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

    /// <summary>The same set, now requiring each level above the bottom to 接收 before it approves; values for every month of 2024.</summary>
    private async Task RequireAcceptanceAsync(YardstickDb db)
    {
        var months = string.Concat(Enumerable.Range(1, 12).Select(m => $"due,2024{m:00},T,100\ngiven,2024{m:00},T,{90 + (m % 5)}\n"));
        var result = await new Importer(db, Time).ImportAsync([
            File("accept.csv", "code,name,period_type,elements,assign,due_days,lock_days,approval_levels,accept\nepi,免疫规划月报,month,due;given,level:4,10,0,level:县;level:2,是\n"),
            File("months.csv", "dataelement,period,orgunit,value\n" + months),
        ], "tester");
        result.Issues.Where(i => i.IsError).ShouldBeEmpty();
        db.ChangeTracker.Clear();
    }

    [Fact]
    public async Task With_acceptance_the_city_receives_before_it_approves_and_the_county_cannot_unapprove_what_the_city_received()
    {
        await using var db = await SetUpAsync();
        await RequireAcceptanceAsync(db);
        var (set, c, k, t) = await ThingsAsync(db);
        set.RequiresAcceptance.ShouldBeTrue();
        var reporter = new ReportingActor("乡填报", [Roles.Reporter], t);
        var county = new ReportingActor("县审核", [Roles.Reviewer], k);
        var city = new ReportingActor("市审核", [Roles.Reviewer], c);
        var now = Time.GetUtcNow();
        Task<Refusal?> Decide(ReportingActor who, string action, string? reason = null) =>
            ReportingCycle.DecideAsync(db, who, set, t, March, action, reason, null, now);

        (await ReportingCycle.SubmitAsync(db, reporter, set, t, March, now)).ShouldBeNull();
        // Out of order: nothing to receive before the county approves; the county receives nothing; the city cannot approve unreceived.
        (await Decide(city, "accept"))!.Message.ShouldContain("须先由县级审核通过, 市级才能接收");
        (await Decide(county, "accept"))!.Message.ShouldContain("县级是第一个审核层级");
        (await Decide(county, "approve")).ShouldBeNull();
        var approvedBelow = await StatusAsync(db);
        (approvedBelow.StateText, approvedBelow.LevelsText, approvedBelow.AwaitsAcceptance).ShouldBe(("县已审核", "县已审核 · 市待接收", true));
        var unreceived = await Decide(city, "approve");
        unreceived!.Kind.ShouldBe(RefusalKind.Conflict);
        unreceived.Message.ShouldContain("须先由市级接收");
        (await Decide(city, "unaccept"))!.Message.ShouldContain("市级还没有接收");

        (await Decide(city, "accept", "已收到")).ShouldBeNull();
        var received = await StatusAsync(db);
        (received.State, received.Passed, received.Accepted, received.StateText, received.LevelsText)
            .ShouldBe((ReportState.Submitted, 1, true, "市已接收", "县已审核 · 市已接收"));
        (await Decide(city, "accept"))!.Message.ShouldContain("市级已经接收");

        // Received: the county may not unapprove (409 saying the city has received it) until the city undoes its 接收.
        var refused = await Decide(county, "unapprove", "数字有误");
        refused!.Kind.ShouldBe(RefusalKind.Conflict);
        refused.Message.ShouldContain("市级已经接收, 县级不能取消审核");
        (await Decide(city, "unaccept")).ShouldBeNull();
        (await StatusAsync(db)).StateText.ShouldBe("县已审核");
        (await Decide(county, "unapprove", "数字有误")).ShouldBeNull();
        (await StatusAsync(db)).State.ShouldBe(ReportState.Saved);

        // Round again to the end: the city's own unapproval leaves it received; the county still cannot unapprove.
        (await ReportingCycle.SubmitAsync(db, reporter, set, t, March, now)).ShouldBeNull();
        (await Decide(county, "approve")).ShouldBeNull();
        (await Decide(city, "accept")).ShouldBeNull();
        (await Decide(city, "approve")).ShouldBeNull();
        var approved = await StatusAsync(db);
        (approved.State, approved.StateText, approved.LevelsText).ShouldBe((ReportState.Approved, "市已审核", "县已审核 · 市已审核"));
        (await Decide(county, "unapprove"))!.Message.ShouldContain("请市级先取消审核并取消接收");
        (await Decide(city, "unaccept"))!.Message.ShouldContain("请先取消市级的审核");
        (await Decide(city, "unapprove", "再核")).ShouldBeNull();
        (await StatusAsync(db)).StateText.ShouldBe("市已接收");
        (await Decide(county, "unapprove"))!.Kind.ShouldBe(RefusalKind.Conflict);

        // Returning to the reporter from the city clears the 接收.
        (await Decide(city, "return", "与上月差异过大")).ShouldBeNull();
        var returned = await StatusAsync(db);
        (returned.State, returned.Passed, returned.Accepted, returned.Recorded!.Accepted).ShouldBe((ReportState.Returned, 0, false, false));
        (await ReportingCycle.SubmitAsync(db, reporter, set, t, March, now)).ShouldBeNull();
        (await Decide(county, "approve")).ShouldBeNull();
        (await StatusAsync(db)).AwaitsAcceptance.ShouldBeTrue();

        var history = await ReportingCycle.HistoryAsync(db, set, t, March);
        history.ShouldContain(h => h.Old == "县已审核" && h.New == "市已接收; 审核意见: 已收到");
        history.ShouldContain(h => h.Old == "市已接收" && h.New == "市级取消接收, 回到县已审核");
        history.ShouldContain(h => h.Old == "市已审核" && h.New!.StartsWith("市级取消审核, 回到市已接收", StringComparison.Ordinal));
        history.ShouldContain(h => h.Old == "市已接收" && h.New!.StartsWith("市级退回", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_city_reviewers_receiving_the_same_report_at_once_one_wins_and_the_other_is_told_409()
    {
        await using var db = await SetUpAsync();
        await RequireAcceptanceAsync(db);
        var (set, c, k, t) = await ThingsAsync(db);
        var now = Time.GetUtcNow();
        var months = Enumerable.Range(1, 12).Select(m => Period.OfMonth(2024, m)).ToList();
        foreach (var month in months)
        {
            (await ReportingCycle.SubmitAsync(db, new ReportingActor("乡填报", [Roles.Reporter], t), set, t, month, now)).ShouldBeNull();
            (await ReportingCycle.DecideAsync(db, new ReportingActor("县审核", [Roles.Reviewer], k), set, t, month, "approve", null, null, now)).ShouldBeNull();
        }

        var outcomes = new List<Refusal?[]>();
        foreach (var month in months)
        {
            async Task<Refusal?> Receive(string who)
            {
                await using var own = _location!.Open();
                return await ReportingCycle.DecideAsync(own, new ReportingActor(who, [Roles.Reviewer], c), set, t, month, "accept", null, null, now);
            }
            outcomes.Add(await Task.WhenAll(Task.Run(() => Receive("市审核甲")), Task.Run(() => Receive("市审核乙"))));
        }

        foreach (var pair in outcomes)
        {
            pair.Count(r => r is null).ShouldBe(1);
            pair.Single(r => r is not null)!.Kind.ShouldBe(RefusalKind.Conflict);
        }
        foreach (var month in months)
        {
            var status = (await ReportingCycle.StatusAsync(db, set, [t], month))[0];
            status.StateText.ShouldBe("市已接收");
            (await ReportingCycle.HistoryAsync(db, set, t, month)).Count(h => h.New == "市已接收").ShouldBe(1);
        }
    }

    [Fact]
    public async Task Acceptance_is_read_and_written_back_and_refused_without_two_levels()
    {
        await using var db = await SetUpAsync();
        await RequireAcceptanceAsync(db);
        var path = Path.Combine(Folder, "accept-out.csv");
        await Exporter.ExportAsync(db, InterchangeKind.DataSets, path);
        (await System.IO.File.ReadAllTextAsync(path)).ShouldContain(",level:3;level:2,是\n");

        db.ChangeTracker.Clear();
        var bad = await new Importer(db, Time).ImportAsync([File("one-level.csv",
            "code,name,period_type,elements,assign,approval_levels,accept\nepi,免疫规划月报,month,due;given,level:4,level:3,是\nx,其他,month,due,level:4,,也许\n")], "tester");
        var errors = bad.Issues.Where(i => i.IsError).Select(i => i.ToString()).ToList();
        errors.Count.ShouldBe(2);
        errors[0].ShouldContain("one-level.csv:2");
        errors[0].ShouldContain("至少两级");
        errors[1].ShouldContain("one-level.csv:3");
        (await db.DataSets.AsNoTracking().SingleAsync()).RequiresAcceptance.ShouldBeTrue();
        (await AuditLog.ReadAsync(db)).ShouldContain(a => a.Entity == "data_set" && a.New!.EndsWith(";accept=是", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approval_levels_are_read_and_written_back_and_a_bad_order_is_refused_by_line()
    {
        await using var db = await SetUpAsync();
        var path = Path.Combine(Folder, "out.csv");
        await Exporter.ExportAsync(db, InterchangeKind.DataSets, path);
        (await System.IO.File.ReadAllTextAsync(path)).ShouldContain(",level:3;level:2,否\n");

        var bad = await ImportAsync(db, File("sets.csv",
            "code,name,period_type,elements,assign,approval_levels\nepi,免疫规划月报,month,due;given,level:4,level:2;level:3\n"));
        bad.Issues.Where(i => i.IsError).Select(i => i.ToString()).ShouldHaveSingleItem().ShouldContain("sets.csv:2");
    }
}

public sealed class SqliteApprovalLevelTests() : ApprovalLevelTests(StoreTest.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresApprovalLevelTests(PostgresFixture server) : ApprovalLevelTests(StoreTest.Postgres(server));
