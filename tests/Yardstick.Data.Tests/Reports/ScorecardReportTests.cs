using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data.Documents;
using Yardstick.Data.Values;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Scorecards;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reports;

namespace Yardstick.Data.Tests.Reports;

/// <summary>
/// The 考核 workbook of two counties on 婴儿死亡率 (baseline 5.34 in 2020, ≤ 5 by 2025; 2023's point 5.136):
/// 科尔沁区 16 deaths / 4000 births = 4‰ meets it, 科左中旗 15 / 3420 = 4.386‰ meets it too, so both score full
/// marks and share rank 1; a veto item they both miss zeroes both.
/// </summary>
/// <summary>A SQLite store with 通辽市 and two counties, 婴儿死亡率 with plan TL14 (5.34 in 2020 → ≤ 5 by 2025) and values for 2022 and 2023.</summary>
public sealed class SeededStore : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("yardstick-report-").FullName;

    public string Folder => _folder;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public string File(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The store; <paramref name="kerqinDeaths2023"/> sets 科尔沁区's 2023 infant deaths (16 by default).</summary>
    public async Task<YardstickDb> OpenAsync(int kerqinDeaths2023 = 16)
    {
        var db = DatabaseLocation.Sqlite(Path.Combine(_folder, Guid.NewGuid().ToString("N")[..8] + ".db")).Open();
        await SchemaMigrator.MigrateAsync(db);
        var result = await new Importer(db, new FakeTimeProvider()).ImportAsync(
        [
            File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150502,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"),
            File("values.csv", $"dataelement,period,orgunit,value\nlive_births,2023,150502,4000\ninfant_deaths,2023,150502,{kerqinDeaths2023}\nlive_births,2023,150521,3420\ninfant_deaths,2023,150521,15\n"
                + "live_births,2022,150502,4000\ninfant_deaths,2022,150502,30\nlive_births,2022,150521,3420\ninfant_deaths,2022,150521,15\n"),
        ], "tester");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
        return db;
    }
}

public sealed class ScorecardReportTests : IDisposable
{
    private readonly SeededStore _store = new();

    /// <summary>The commission's date the reports are built on: the real one, as the seeded reporting history is.</summary>
    private static DateOnly Today => LocalClock.Today(TimeProvider.System);

    public void Dispose() => _store.Dispose();

    private Task<YardstickDb> SeededAsync() => _store.OpenAsync();

    [Fact]
    public async Task The_workbook_is_valid_open_xml_and_every_score_in_it_is_the_engines()
    {
        await using var db = await SeededAsync();
        var (report, error) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2023, null, Today);
        report.ShouldNotBeNull(error);
        var path = Path.Combine(_store.Folder, "scorecard.xlsx");

        XlsxWriter.Write(path, report.Sheets());

        using var workbook = SpreadsheetDocument.Open(path, false);
        new OpenXmlValidator().Validate(workbook).Select(e => e.Description).ShouldBeEmpty();
        var sheet = workbook.WorkbookPart!.WorksheetParts.First().Worksheet;
        var rows = sheet.Descendants<Row>().Skip(2).Take(2).Select(r => r.Elements<Cell>().ToList()).ToList();
        rows.Select(r => r[1].InnerText).ShouldBe(["科尔沁区", "科尔沁左翼中旗"]);
        rows.Select(r => decimal.Parse(r[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(report.Units.Select(u => u.Items[0].Points));
        rows.Select(r => r[0].CellValue!.Text).ShouldBe(["1", "1"]);
        // 2022: 科尔沁区 30 / 4000 = 7.5‰ missed 2022's point (5.204): 0 points then, 100 now.
        report.Units[0].PreviousTotal.ShouldBe(0);
        report.Units[0].Change.ShouldBe(100);
    }

    [Fact]
    public async Task A_veto_the_counties_miss_zeroes_them_and_an_unknown_indicator_in_the_scheme_is_refused()
    {
        await using var db = await SeededAsync();

        var (strict, _) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2022, [new ScoringItem("imr", 100, ScoringRule.Veto)], Today);
        var (none, error) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2023, [new ScoringItem("beds", 100, ScoringRule.FullWhenMet)], Today);

        strict!.Units.Single(u => u.OrgUnitName == "科尔沁区").Vetoed.ShouldBeTrue();
        none.ShouldBeNull();
        error.ShouldBe("计分方案中的指标或文件目标不在规划 TL14 的目标里: beds");
    }

    /// <summary>
    /// A plan read from a document scores each county on its indicator target and on the document's own targets: 新增护理型床位50张
    /// by 2025 linked to the element (科尔沁区 20 + 10 = 30 by 2023, the path's 30: met; 科左中旗 5 + 5 = 10, a third of the way),
    /// and 居民健康素养水平持续提高 (no figure), which only 科左中旗 recorded as 达成. Three targets of 33.3333 points each: 33.33 × 2 + 11.11 = 77.78 against 33.33 × 2 = 66.67.
    /// </summary>
    [Fact]
    public async Task Document_targets_count_in_the_scorecard_each_county_judged_on_its_own_data_and_records()
    {
        await using var db = await SeededAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var import = await new Importer(db, time).ImportAsync(
        [
            _store.File("beds.csv", "code,name,value_type,agg_ou,agg_time\nnursing_beds_added,新增护理型床位,count,sum,sum\n"),
            _store.File("bedvalues.csv", "dataelement,period,orgunit,value\nnursing_beds_added,2021,150502,20\nnursing_beds_added,2023,150502,10\n"
                + "nursing_beds_added,2021,150521,5\nnursing_beds_added,2023,150521,5\n"),
        ], "tester");
        import.Succeeded.ShouldBeTrue(string.Join("; ", import.Issues));
        var reading = Core.Documents.DocumentReader.Read("""
            某市“十四五”卫生健康事业发展规划
            | 类别 | 指 标 | 2020年 | 2025年 | 指标性质 |
            | 健康水平 | 婴儿死亡率(‰) | 5.34 | <5 | 预期性 |
            二、发展目标
            到2025年,新增护理型床位50张,居民健康素养水平持续提高。
            """);
        (await new Importer(db, time).ImportPlanAsync(reading, "P14", null, "tester", "plan.txt")).Succeeded.ShouldBeTrue();
        db.ChangeTracker.Clear();
        var plan = await db.Plans.SingleAsync(p => p.Code == "P14");
        var items = await DocumentTargets.OpenItemsAsync(db, plan);
        var beds = items.Single(i => i.Name.Contains("护理型床位", StringComparison.Ordinal));
        var review = items.Single(i => i.Name.Contains("健康素养", StringComparison.Ordinal));
        (await DocumentTargets.LinkElementAsync(db, beds.Id, "nursing_beds_added", "planner", null, time.GetUtcNow())).ShouldBeNull();
        (await DocumentTargets.RecordAsync(db, new ItemResultInput(review.Id, "150521", 2023, null, "达成", "监测结果较上年提高"), "department", null, time.GetUtcNow()))
            .ShouldBeNull();

        var (report, error) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "P14", "150500", 2023, null, Today);

        report.ShouldNotBeNull(error);
        report.Scheme.Select(s => s.Key).ShouldBe(["imr", ScoringScheme.DocumentKey(beds.Id), ScoringScheme.DocumentKey(review.Id)]);
        report.Units.Select(u => $"{u.OrgUnitName}:{Math.Round(u.Total, 2)}:{u.Rank}").ShouldBe(["科尔沁左翼中旗:77.78:1", "科尔沁区:66.67:2"]);
        var horqin = report.Units.Single(u => u.OrgUnitName == "科尔沁区");
        horqin.Items[2].Status.ShouldBe(TargetStatus.NoData, "科尔沁区 recorded nothing for it");
        report.Names[ScoringScheme.DocumentKey(beds.Id)].ShouldContain("护理型床位");
        var sheet = report.Sheets()[0];
        sheet.Rows[1].Select(c => c.Text).ShouldContain(t => t != null && t.Contains("护理型床位", StringComparison.Ordinal));

        // The 通报 names 科左中旗's beds (10 of the 30 due) among its lagging targets.
        var (notice, _) = await NoticeReport.BuildAsync(db, EngineLoader.OneShot, "P14", "150500", 2023, Today);
        notice!.Lines.Single(l => l.OrgUnit == "科尔沁左翼中旗").Lagging.ShouldContain(beds.Name);
        notice.Lines.ShouldNotContain(l => l.OrgUnit == "科尔沁区" && l.Lagging.Count > 0);

        // A scheme file names a document target by its number, as the plan page shows it.
        var (parsed, errors) = ScoringScheme.Parse($"indicator,weight,rule\nimr,50,达标得满分\n文件目标{review.Id},50,一票否决\n");
        errors.ShouldBeEmpty();
        var (vetoed, _) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "P14", "150500", 2023, parsed, Today);
        vetoed!.Units.Select(u => $"{u.OrgUnitName}:{u.Total}:{u.Vetoed}").ShouldBe(["科尔沁左翼中旗:100:False", "科尔沁区:0:True"]);
    }

    /// <summary>
    /// 公示 → 申诉 → 定稿 in that order and by the right people: a county cannot publish the city's 考核; the city's planner
    /// publishes with the stored scheme; the scheme is then fixed; 科尔沁区 appeals, the city (not a county) answers; 定稿 waits
    /// for the window and for every answer; nothing moves a final table.
    /// </summary>
    [Fact]
    public async Task A_scorecard_is_published_appealed_answered_and_finalized_only_in_that_order_and_by_the_right_people()
    {
        await using var db = await SeededAsync();
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Code == "TL14");
        var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var kerqin = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150502");
        var planner = new AssessmentActor("planner", city, MayAssess: true, MayAppeal: false);
        var countyPlanner = new AssessmentActor("county", kerqin, MayAssess: true, MayAppeal: true);
        var countyReporter = new AssessmentActor("kerqin", kerqin, MayAssess: false, MayAppeal: true);
        var at = new DateTimeOffset(2024, 3, 1, 2, 0, 0, TimeSpan.Zero);

        (await Assessments.SaveSchemeAsync(db, plan, city, 2023, "indicator,weight,rule\nimr,abc,达标得满分\n", planner, at)).ShouldBe([Refusal.Invalid("第2行: 权重无效 \"abc\"")]);
        (await Assessments.SaveSchemeAsync(db, plan, city, 2023, "indicator,weight,rule\nimr,100,达标得满分\n", countyPlanner, at)).ShouldNotBeEmpty();
        (await Assessments.SaveSchemeAsync(db, plan, city, 2023, "indicator,weight,rule\nimr,100,达标得满分\n", planner, at)).ShouldBeEmpty();

        (await Assessments.PublishAsync(db, EngineLoader.OneShot, plan, city, 2023, 7, countyPlanner, at)).Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Forbidden);
        var (published, refusal) = await Assessments.PublishAsync(db, EngineLoader.OneShot, plan, city, 2023, 7, planner, at);
        refusal.ShouldBeNull();
        published!.State.ShouldBe(AssessmentState.Published);
        published.Published.Columns.ShouldBe(["婴儿死亡率 (100分)"]);
        published.Published.Lines.Select(l => (l.Name, l.Total, l.Rank)).ShouldBe([("科尔沁区", 100m, 1), ("科尔沁左翼中旗", 100m, 1)]);
        (await Assessments.PublishAsync(db, EngineLoader.OneShot, plan, city, 2023, 7, planner, at)).Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
        (await Assessments.SaveSchemeAsync(db, plan, city, 2023, "indicator,weight,rule\nimr,100,按进度\n", planner, at)).ShouldBe([Refusal.Conflict("本年度考核已公示, 计分方案不能再改")]);

        (await Assessments.AppealAsync(db, published, "城市不在被考核单位中", null, null, planner with { MayAppeal = true }, at.AddHours(1))).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Forbidden);
        (await Assessments.AppealAsync(db, published, "", null, null, countyReporter, at.AddHours(1))).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Invalid);
        (await Assessments.AppealAsync(db, published, "2023年活产数漏报12例, 已补报", "补报说明.pdf", [1, 2], countyReporter, at.AddHours(1))).ShouldBeNull();
        var appealed = (await Assessments.GetAsync(db, plan.Id, city.Id, 2023))!;
        var appeal = appealed.Appeals.ShouldHaveSingleItem();
        appeal.StateChinese.ShouldBe("待答复");

        (await Assessments.FinalizeAsync(db, EngineLoader.OneShot, plan, city, appealed, planner, at.AddDays(1))).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict, "the window is open");
        (await Assessments.FinalizeAsync(db, EngineLoader.OneShot, plan, city, appealed, planner, at.AddDays(8))).ShouldNotBeNull().Message.ShouldBe("还有 1 条申诉未答复");
        (await Assessments.AnswerAsync(db, appealed, appeal.Id, true, "已核实, 按补报数据重新计分", city, countyPlanner, at.AddDays(2))).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Forbidden);
        (await Assessments.AnswerAsync(db, appealed, appeal.Id, true, "已核实, 按补报数据重新计分", city, planner, at.AddDays(2))).ShouldBeNull();
        (await Assessments.AppealAsync(db, appealed, "再次申诉", null, null, countyReporter, at.AddDays(8))).ShouldNotBeNull().Message.ShouldBe("申诉期已过");
        var answered = (await Assessments.GetAsync(db, plan.Id, city.Id, 2023))!;
        (await Assessments.FinalizeAsync(db, EngineLoader.OneShot, plan, city, answered, countyPlanner, at.AddDays(8))).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Forbidden);
        (await Assessments.FinalizeAsync(db, EngineLoader.OneShot, plan, city, answered, planner, at.AddDays(8))).ShouldBeNull();
        var final = (await Assessments.GetAsync(db, plan.Id, city.Id, 2023))!;
        final.State.ShouldBe(AssessmentState.Final);
        final.Final.ShouldNotBeNull();
        (await Assessments.FinalizeAsync(db, EngineLoader.OneShot, plan, city, final, planner, at.AddDays(9))).ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
        (await Assessments.AppealAsync(db, final, "定稿后申诉", null, null, countyReporter, at.AddDays(9))).ShouldNotBeNull().Message.ShouldBe("考核已定稿, 不能再申诉");
        (await AuditLog.ReadAsync(db)).Count(e => e.Entity is "assessment" or "assessment_appeal" or "scoring_scheme").ShouldBe(5);

        // The final table prints on A4 landscape.
        var path = Path.Combine(_store.Folder, "final.docx");
        final.Table.WriteDocx(path, "已定稿");
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(path, false);
        document.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.PageSize>().Single().Orient!.Value
            .ShouldBe(DocumentFormat.OpenXml.Wordprocessing.PageOrientationValues.Landscape);
        new OpenXmlValidator().Validate(document).Select(e => e.Description).ShouldBeEmpty();
        final.Table.Notes.ShouldContain(Scorecard.TieRule);
        document.MainDocumentPart.Document.Body.InnerText.ShouldContain("总分相同者名次并列", customMessage: "issue 25: the tie rule is printed with the table");
    }
}
