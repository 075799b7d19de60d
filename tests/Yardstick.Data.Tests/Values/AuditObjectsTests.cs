using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Data.Interchange;
using Yardstick.Data.Reports;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests.Values;

/// <summary>
/// What an audit entry's key names, in words. An appeal's key is "assessment/unit code" when filed and "assessment/appeal id"
/// when answered; a unit whose code is short (KQ) was once taken for an appeal id, so its filing showed as the bare key.
/// </summary>
public abstract class AuditObjectsTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-audit-objects-" + Guid.NewGuid().ToString("N")[..8]);
    private YardstickDb _db = null!;

    protected abstract Task<DatabaseLocation> NewLocationAsync();

    protected string Folder => _folder;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(_db);
        string File(string name, string content)
        {
            var path = Path.Combine(_folder, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }
        var result = await new Importer(_db, new FakeTimeProvider()).ImportAsync(
        [
            File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\nKQ,科尔沁区,150500,县\n150521,科尔沁左翼中旗,150500,旗\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"),
            File("values.csv", "dataelement,period,orgunit,value\nlive_births,2023,KQ,4000\ninfant_deaths,2023,KQ,16\nlive_births,2023,150521,3420\ninfant_deaths,2023,150521,15\n"),
        ], "tester");
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Issues));
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Issue_24_an_appeal_filed_by_a_unit_with_a_short_code_and_its_answer_are_both_named()
    {
        var plan = await _db.Plans.AsNoTracking().SingleAsync(p => p.Code == "TL14");
        var city = await _db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var kerqin = await _db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "KQ");
        var planner = new AssessmentActor("planner", city, MayAssess: true, MayAppeal: false);
        var at = new DateTimeOffset(2024, 3, 1, 2, 0, 0, TimeSpan.Zero);
        var (published, refusal) = await Assessments.PublishAsync(_db, EngineLoader.OneShot, plan, city, 2023, 7, planner, at);
        refusal.ShouldBeNull();
        (await Assessments.AppealAsync(_db, published!, "活产数漏报, 已补报", null, null, new AssessmentActor("kq", kerqin, false, true), at.AddHours(1))).ShouldBeNull();
        var appeal = (await Assessments.GetAsync(_db, plan.Id, city.Id, 2023))!.Appeals.ShouldHaveSingleItem();
        (await Assessments.AnswerAsync(_db, (await Assessments.GetAsync(_db, plan.Id, city.Id, 2023))!, appeal.Id, true, "已核实", city, planner, at.AddHours(2)))
            .ShouldBeNull();
        var entries = (await AuditLog.ReadAsync(_db)).Where(e => e.Entity == "assessment_appeal").ToList();

        var names = await AuditObjects.NamesAsync(_db, entries);

        entries.Select(e => e.Key).ShouldBe([$"{published!.Id}/KQ", $"{published.Id}/{appeal.Id}"], ignoreOrder: true);
        entries.Select(e => names.GetValueOrDefault((e.Entity, e.Key)) ?? e.Key).ShouldAllBe(name => name.EndsWith("科尔沁区 的申诉", StringComparison.Ordinal));
    }
}

public sealed class SqliteAuditObjectsTests : AuditObjectsTests
{
    protected override Task<DatabaseLocation> NewLocationAsync() =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(Folder, "audit.db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditObjectsTests(PostgresFixture server) : AuditObjectsTests
{
    protected override async Task<DatabaseLocation> NewLocationAsync() => DatabaseLocation.Postgres(await server.NewDatabaseAsync());
}
