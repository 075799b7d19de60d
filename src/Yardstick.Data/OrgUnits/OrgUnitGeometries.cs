using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Core.Maps;
using Yardstick.Core.Model;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Data.OrgUnits;

/// <summary>What a GeoJSON import did: nothing at all when any issue is an error; <see cref="Stored"/> geometries changed.</summary>
public sealed record GeometryImport(IReadOnlyList<ImportIssue> Issues, int Features, int Matched, int Stored)
{
    public bool Succeeded => !Issues.Any(i => i.IsError);
}

/// <summary>An org unit's stored geometry: its boundary or point, as the GeoJSON geometry object it was imported as.</summary>
public sealed record UnitGeometry(int OrgUnitId, GeometryKind Kind, string Json);

/// <summary>
/// Org units' boundaries and points (<c>org_unit_geometries</c>, migration 0023): imported from a GeoJSON FeatureCollection
/// all or nothing and audited, read for maps a few units at a time, exported back as a FeatureCollection.
/// </summary>
public static class OrgUnitGeometries
{
    /// <summary>
    /// Imports a FeatureCollection: each feature is matched to a unit by <c>properties.code</c>, else by <c>properties.name</c>
    /// among the children of <paramref name="parentCode"/> (<see cref="PlaceNames.Match"/>: 科尔沁 finds 科尔沁区, a name two
    /// children fit is refused). Every issue is said as <c>file:要素 N: reason</c>. Unless <paramref name="partial"/>, a feature
    /// that matches no unit (or several) stores nothing at all; with it such features are listed and left out. A bad geometry,
    /// a unit outside <paramref name="mayWrite"/> or two features for one unit always store nothing. The rest is written in one
    /// audited change set, each changed geometry audited old → new by kind, size and fingerprint.
    /// </summary>
    public static async Task<GeometryImport> ImportAsync(YardstickDb db, TimeProvider time, string fileName, byte[] bytes, string? parentCode, bool partial,
        string actor, Func<OrgUnit, bool>? mayWrite = null, string? clientAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(bytes);
        var issues = new List<ImportIssue>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return new([new ImportIssue(fileName, 0, $"内容不是合法的 JSON: 第 {e.LineNumber + 1} 行第 {e.BytePositionInLine + 1} 个字节附近无法解析")], 0, 0, 0);
        }
        using var _ = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "FeatureCollection" || !root.TryGetProperty("features", out var featureArray) || featureArray.ValueKind != JsonValueKind.Array)
        {
            return new([new ImportIssue(fileName, 0, "不是 GeoJSON 要素集合: 应为 {\"type\": \"FeatureCollection\", \"features\": [...]}")], 0, 0, 0);
        }
        var features = featureArray.EnumerateArray().ToList();

        OrgUnit? parent = null;
        List<OrgUnit> children = [];
        if (!string.IsNullOrWhiteSpace(parentCode))
        {
            var code = Core.Text.InputText.Normalize(parentCode);
            parent = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken);
            if (parent is null)
            {
                return new([new ImportIssue(fileName, 0, $"上级机构代码 \"{Core.Model.InputLimits.Echo(code)}\" 不存在")], features.Count, 0, 0);
            }
            var parentId = parent.Id;
            children = await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == parentId).ToListAsync(cancellationToken);
        }
        var codes = features.Select(CodeOf).Where(c => c.Length > 0).Distinct().ToList();
        var byCode = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);

        var matched = new Dictionary<int, (OrgUnit Unit, Geometry Geometry, int Feature)>();
        for (var i = 0; i < features.Count; i++)
        {
            var location = $"{fileName}:要素 {i + 1}";
            var feature = features[i];
            void Refuse(string reason, RefusalKind kind = RefusalKind.Invalid) => issues.Add(new ImportIssue(location, 0, reason) { Kind = kind });
            if (feature.ValueKind != JsonValueKind.Object)
            {
                Refuse("不是 GeoJSON 要素 (Feature)");
                continue;
            }
            var (geometry, bad) = Geometry.Read(feature.TryGetProperty("geometry", out var g) ? g : default);
            var code = CodeOf(feature);
            var name = NameOf(feature);
            var label = name.Length > 0 ? $"\"{Core.Model.InputLimits.Echo(name)}\"" : $"代码 {Core.Model.InputLimits.Echo(code)}";
            if (geometry is null)
            {
                Refuse($"{label}: {bad}");
                continue;
            }
            OrgUnit? unit = null;
            string? unmatched = null;
            if (code.Length > 0 && byCode.TryGetValue(code, out var coded))
            {
                unit = coded;
            }
            else if (name.Length > 0 && parent is not null)
            {
                var (found, tied) = PlaceNames.Match(name, children);
                unit = found;
                unmatched = found is not null ? null
                    : tied.Count > 1 ? $"名称 {label} 可指{parent.Name}下的 {string.Join("、", tied.Select(t => $"{t.Name} ({t.Code})"))}, 无法确定是哪一个: 请在 properties.code 写明机构代码"
                    : $"{(code.Length > 0 ? $"代码 {Core.Model.InputLimits.Echo(code)} 不存在, " : "")}名称 {label} 在{parent.Name} ({parent.Code}) 的下级中找不到";
            }
            else
            {
                unmatched = code.Length > 0
                    ? $"机构代码 {Core.Model.InputLimits.Echo(code)} 不存在{(name.Length > 0 ? "; 要按名称匹配请给出上级机构 (--parent)" : "")}"
                    : name.Length > 0 ? $"没有 properties.code; 要按名称 {label} 匹配请给出上级机构 (--parent)" : "没有 properties.code 也没有 properties.name, 无法匹配机构";
            }
            if (unit is null)
            {
                // Listed either way; with --partial the feature is left out and the others are stored.
                issues.Add(new ImportIssue(location, 0, unmatched! + (partial ? " (已跳过)" : ""), IsError: !partial));
                continue;
            }
            if (mayWrite is not null && !mayWrite(unit))
            {
                Refuse($"无权修改 {unit.Name} ({unit.Code}) 的边界: 不在您的机构范围内", RefusalKind.Forbidden);
                continue;
            }
            if (matched.TryGetValue(unit.Id, out var first))
            {
                Refuse($"{label} 与要素 {first.Feature} 都对应 {unit.Name} ({unit.Code}): 一个机构只能有一个边界或位置");
                continue;
            }
            matched[unit.Id] = (unit, geometry, i + 1);
        }
        if (issues.Any(i => i.IsError))
        {
            return new(issues, features.Count, matched.Count, 0);
        }

        var stored = 0;
        await AuditedChange.RunAsync(db, new AuditedChange.Opening(actor, fileName, time.GetUtcNow(), clientAddress), async (changeSet, connection, transaction) =>
        {
            var ids = matched.Keys.ToList();
            var old = await ReadAsync(db, ids, cancellationToken);
            var audit = new List<(string Entity, string Key, string? Old, string? New)>();
            foreach (var (unit, geometry, _) in matched.Values.OrderBy(m => m.Feature))
            {
                var before = old.GetValueOrDefault(unit.Id);
                if (before?.Json == geometry.Json)
                {
                    continue;
                }
                await AuditedChange.ExecuteAsync(connection, transaction, """
                    INSERT INTO org_unit_geometries (org_unit_id, kind, geometry) VALUES (@u, @k, @g)
                    ON CONFLICT (org_unit_id) DO UPDATE SET kind = excluded.kind, geometry = excluded.geometry
                    """, cancellationToken, ("@u", unit.Id), ("@k", geometry.Kind.Word()), ("@g", geometry.Json));
                audit.Add(("org_unit_geometry", unit.Code, before is null ? null : Summary(before.Kind, before.Json), Summary(geometry.Kind, geometry.Json)));
            }
            stored = audit.Count;
            await AuditLog.WriteAsync(db, changeSet, audit, cancellationToken);
            return true;
        }, cancellationToken);
        return new(issues, features.Count, matched.Count, stored);
    }

    /// <summary>The stored geometries of these units (those without one left out), read a few at a time for a map.</summary>
    public static async Task<IReadOnlyDictionary<int, UnitGeometry>> ReadAsync(YardstickDb db, IReadOnlyCollection<int> unitIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        return unitIds.Count == 0 ? new Dictionary<int, UnitGeometry>() : await ReadWhereAsync(db, $"org_unit_id IN ({string.Join(",", unitIds)})", geometry: true, cancellationToken);
    }

    /// <summary>Which of these units have a boundary or a point (without reading the coordinates): whether a page draws a map.</summary>
    public static async Task<IReadOnlyDictionary<int, GeometryKind>> KindsAsync(YardstickDb db, IReadOnlyCollection<int> unitIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unitIds);
        return unitIds.Count == 0 ? new Dictionary<int, GeometryKind>()
            : (await ReadWhereAsync(db, $"org_unit_id IN ({string.Join(",", unitIds)})", geometry: false, cancellationToken)).ToDictionary(p => p.Key, p => p.Value.Kind);
    }

    /// <summary>
    /// Writes every stored geometry as a GeoJSON FeatureCollection (properties <c>code</c>, <c>name</c>, <c>parent</c>), units
    /// by level then code: what <see cref="ImportAsync"/> reads back by code. Returns how many features; no file when none.
    /// </summary>
    public static async Task<int> ExportAsync(YardstickDb db, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var all = await ReadWhereAsync(db, "1 = 1", geometry: true, cancellationToken);
        if (all.Count == 0)
        {
            return 0;
        }
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        await using var stream = File.Create(path);
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var g in all.Values.Select(g => (Geometry: g, Unit: units[g.OrgUnitId])).OrderBy(x => x.Unit.Level).ThenBy(x => x.Unit.Code, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("properties");
            json.WriteString("code", g.Unit.Code);
            json.WriteString("name", g.Unit.Name);
            json.WriteString("parent", g.Unit.ParentId is { } p ? units[p].Code : "");
            json.WriteEndObject();
            json.WritePropertyName("geometry");
            json.WriteRawValue(g.Geometry.Json, skipInputValidation: true);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return all.Count;
    }

    private static async Task<Dictionary<int, UnitGeometry>> ReadWhereAsync(YardstickDb db, string where, bool geometry, CancellationToken cancellationToken) =>
        await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT org_unit_id, kind{(geometry ? ", geometry" : "")} FROM org_unit_geometries WHERE {where}";
            var found = new Dictionary<int, UnitGeometry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                found[id] = new UnitGeometry(id, GeometryKinds.FromWord(reader.GetString(1)), geometry ? reader.GetString(2) : "");
            }
            return found;
        }, cancellationToken);

    /// <summary>A geometry as the audit log holds it: its kind, its size and a fingerprint of its coordinates (边界 · 1,234 个点 · 3f9a…).</summary>
    private static string Summary(GeometryKind kind, string json)
    {
        using var parsed = JsonDocument.Parse(json);
        var positions = Geometry.Read(parsed.RootElement).Geometry?.Positions ?? 0;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12];
        return string.Create(CultureInfo.InvariantCulture, $"{kind.Chinese()} · {positions:N0} 个点 · {hash}");
    }

    private static string CodeOf(JsonElement feature) => Property(feature, "code");

    private static string NameOf(JsonElement feature) => Property(feature, "name");

    // A code may be written as a number (150502), as administrative division codes often are.
    private static string Property(JsonElement feature, string name) =>
        feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => Core.Text.InputText.Clean(value.GetString()!),
                JsonValueKind.Number => value.GetRawText(),
                _ => "",
            }
            : "";
}
