using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Yardstick.Core.Maps;
using Yardstick.Data.Interchange;
using Yardstick.Data.OrgUnits;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tests.OrgUnits;

/// <summary>Boundaries and points imported from GeoJSON, on SQLite and on a real PostgreSQL (issue 28, maps).</summary>
public abstract class OrgUnitGeometryTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-maps-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<DatabaseLocation> NewLocationAsync();

    protected string Folder => _folder;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private const string Units = """
        code,name,parent,level
        150500,通辽市,,市
        150502,科尔沁区,150500,县
        150523,开鲁县,150500,县
        150526,扎鲁特旗,150500,县
        150599,新城区,150500,县
        150598,新城县,150500,县
        150502101,大林镇,150502,镇
        H1,大林镇卫生院,150502101,机构
        """;

    private async Task<YardstickDb> NewDbAsync()
    {
        var db = (await NewLocationAsync()).Open();
        await SchemaMigrator.MigrateAsync(db);
        var path = Path.Combine(_folder, "orgunits.csv");
        await File.WriteAllTextAsync(path, Units);
        (await new Importer(db, _time).ImportAsync([path], "tester")).Succeeded.ShouldBeTrue();
        db.ChangeTracker.Clear();
        return db;
    }

    /// <summary>A square around (x, y) as a GeoJSON Feature with the given properties.</summary>
    private static object Square(object properties, double x, double y) => new
    {
        type = "Feature",
        properties,
        geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { x, y }, new[] { x + 1, y }, new[] { x + 1, y + 1 }, new[] { x, y + 1 }, new[] { x, y } } } },
    };

    private static byte[] Collection(params object[] features) =>
        JsonSerializer.SerializeToUtf8Bytes(new { type = "FeatureCollection", features });

    private Task<GeometryImport> ImportAsync(YardstickDb db, byte[] file, string? parent = null, bool partial = false) =>
        OrgUnitGeometries.ImportAsync(db, _time, "map.geojson", file, parent, partial, "tester");

    private static async Task<Dictionary<string, UnitGeometry>> StoredAsync(YardstickDb db)
    {
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code);
        var stored = await OrgUnitGeometries.ReadAsync(db, units.Keys.ToList());
        return stored.Values.ToDictionary(g => units[g.OrgUnitId]);
    }

    [Fact]
    public async Task Features_are_matched_by_code_stored_audited_and_exported_back_as_they_were()
    {
        await using var db = await NewDbAsync();
        var facility = new { type = "Feature", properties = new { code = "H1" }, geometry = new { type = "Point", coordinates = new[] { 122.3, 43.6 } } };

        // Codes as text and as a number (division codes often are).
        var outcome = await ImportAsync(db, Collection(Square(new { code = "150502" }, 122, 43), Square(new { code = 150523 }, 120, 43), facility));

        outcome.Issues.ShouldBeEmpty();
        (outcome.Matched, outcome.Stored).ShouldBe((3, 3));
        var stored = await StoredAsync(db);
        stored.Keys.Order().ShouldBe(["150502", "150523", "H1"]);
        stored["150502"].Kind.ShouldBe(GeometryKind.Boundary);
        stored["H1"].Kind.ShouldBe(GeometryKind.Point);
        var audit = await AuditLog.ReadAsync(db);
        audit.Count(a => a.Entity == "org_unit_geometry").ShouldBe(3);
        audit.ShouldContain(a => a.Entity == "org_unit_geometry" && a.Key == "150502" && a.Old == null && a.New!.StartsWith("边界 · 5 个点", StringComparison.Ordinal));

        var exported = Path.Combine(_folder, "orgunits.geojson");
        (await OrgUnitGeometries.ExportAsync(db, exported)).ShouldBe(3);
        var again = await ImportAsync(db, await File.ReadAllBytesAsync(exported));
        again.Issues.ShouldBeEmpty();
        (again.Matched, again.Stored).ShouldBe((3, 0));
        (await StoredAsync(db)).OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Json)).ShouldBe(stored.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Json)));
    }

    [Fact]
    public async Task Features_are_matched_by_name_among_the_parents_children_whatever_form_the_name_is_written_in()
    {
        await using var db = await NewDbAsync();

        // Traditional characters without the tier word, full-width with a space, and a wrong code falling back to the name.
        var outcome = await ImportAsync(db, Collection(Square(new { name = "科爾沁" }, 122, 43), Square(new { name = "开鲁　县" }, 120, 43),
            Square(new { code = "999999", name = "扎鲁特" }, 119, 44)), parent: "150500");

        outcome.Issues.ShouldBeEmpty();
        (await StoredAsync(db)).Keys.Order().ShouldBe(["150502", "150523", "150526"]);
    }

    [Fact]
    public async Task A_name_two_children_fit_is_never_guessed_and_nothing_is_stored()
    {
        await using var db = await NewDbAsync();

        var outcome = await ImportAsync(db, Collection(Square(new { name = "科尔沁区" }, 122, 43), Square(new { name = "新城" }, 121, 43)), parent: "150500");

        outcome.Succeeded.ShouldBeFalse();
        var issue = outcome.Issues.ShouldHaveSingleItem();
        issue.ToString().ShouldStartWith("map.geojson:要素 2: ");
        issue.Message.ShouldContain("新城区 (150599)");
        issue.Message.ShouldContain("新城县 (150598)");
        (await StoredAsync(db)).ShouldBeEmpty();
        // The exact name is no guess: 新城区 is 新城区, not 新城县.
        (await ImportAsync(db, Collection(Square(new { name = "新城区" }, 121, 43)), parent: "150500")).Issues.ShouldBeEmpty();
        (await StoredAsync(db)).Keys.ShouldBe(["150599"]);
    }

    [Fact]
    public async Task An_unmatched_feature_stores_nothing_unless_partial_then_it_is_listed_and_the_rest_stored()
    {
        await using var db = await NewDbAsync();
        var file = Collection(Square(new { name = "科尔沁区" }, 122, 43), Square(new { name = "奈曼旗" }, 120, 42), Square(new { name = "开鲁县" }, 120, 43));

        var refused = await ImportAsync(db, file, parent: "150500");

        refused.Succeeded.ShouldBeFalse();
        refused.Issues.ShouldHaveSingleItem().ToString().ShouldBe("map.geojson:要素 2: 名称 \"奈曼旗\" 在通辽市 (150500) 的下级中找不到");
        (await StoredAsync(db)).ShouldBeEmpty();
        (await AuditLog.ReadAsync(db)).ShouldNotContain(a => a.Entity == "org_unit_geometry");

        var partial = await ImportAsync(db, file, parent: "150500", partial: true);

        partial.Succeeded.ShouldBeTrue();
        partial.Issues.ShouldHaveSingleItem().IsError.ShouldBeFalse();
        (await StoredAsync(db)).Keys.Order().ShouldBe(["150502", "150523"]);
    }

    [Fact]
    public async Task A_feature_without_a_boundary_or_point_is_refused_with_its_number_even_when_partial()
    {
        await using var db = await NewDbAsync();
        var line = new { type = "Feature", properties = new { code = "150523" }, geometry = new { type = "LineString", coordinates = new[] { new[] { 120.0, 43.0 }, new[] { 121.0, 43.5 } } } };
        var swapped = Square(new { code = "150526" }, 43, 120);

        var outcome = await ImportAsync(db, Collection(Square(new { code = "150502" }, 122, 43), line, swapped), partial: true);

        outcome.Succeeded.ShouldBeFalse();
        outcome.Issues.Select(i => i.ToString()).ShouldBe([
            "map.geojson:要素 2: 代码 150523: 几何类型 LineString 不能作为机构的边界或位置: 只接受 Polygon、MultiPolygon (边界) 和 Point (位置点)",
            "map.geojson:要素 3: 代码 150526: 坐标 [43, 120] 超出经度 −180…180、纬度 −90…90 (是否不是经纬度, 或经纬度写反了?)",
        ]);
        (await StoredAsync(db)).ShouldBeEmpty();
        (await ImportAsync(db, Encoding.UTF8.GetBytes("{\"type\":\"Feature\"}"))).Issues.ShouldHaveSingleItem().Message.ShouldContain("FeatureCollection");
    }
}

public sealed class SqliteOrgUnitGeometryTests : OrgUnitGeometryTests
{
    protected override Task<DatabaseLocation> NewLocationAsync() =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + ".db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrgUnitGeometryTests(PostgresFixture server) : OrgUnitGeometryTests
{
    protected override async Task<DatabaseLocation> NewLocationAsync() => DatabaseLocation.Postgres(await server.NewDatabaseAsync());
}
