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

    public void Dispose() => _store.Dispose();

    private Task<YardstickDb> SeededAsync() => _store.OpenAsync();

    [Fact]
    public async Task The_workbook_is_valid_open_xml_and_every_score_in_it_is_the_engines()
    {
        await using var db = await SeededAsync();
        var (report, error) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2023, null);
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

        var (strict, _) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2022, [new ScoringItem("imr", 100, ScoringRule.Veto)]);
        var (none, error) = await ScorecardReport.BuildAsync(db, EngineLoader.OneShot, "TL14", "150500", 2023, [new ScoringItem("beds", 100, ScoringRule.FullWhenMet)]);

        strict!.Units.Single(u => u.OrgUnitName == "科尔沁区").Vetoed.ShouldBeTrue();
        none.ShouldBeNull();
        error.ShouldBe("计分方案中的指标不在规划 TL14 的目标里: beds");
    }
}
