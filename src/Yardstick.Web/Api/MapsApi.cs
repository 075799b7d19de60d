using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Maps;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.OrgUnits;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>
/// The geometry a map of a unit draws: its children's boundaries and points (and its own boundary, the outline under points),
/// as a GeoJSON FeatureCollection, for a unit inside the caller's scope only.
/// </summary>
public static class MapsApi
{
    public static void MapMapsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/orgUnits/{code}/geometry", async Task<Results<Ok<GeometryAnswer>, Refused>> (string code, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            var (unit, refusal) = await ScopedUnitAsync(user, code, ct);
            if (unit is null)
            {
                return refusal!;
            }
            var unitId = unit.Id;
            // The units a map of this unit shows: its open children that report (a commission's departments are not places).
            var children = (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == unitId && u.ClosedOn == null).ToListAsync(ct))
                .Where(u => u.Kind.IsArea()).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
            var stored = await OrgUnitGeometries.ReadAsync(db, [unitId, .. children.Select(c => c.Id)], ct);
            GeometryFeature? Feature(OrgUnit u) => stored.TryGetValue(u.Id, out var g)
                ? new("Feature", new GeometryProperties(u.Code, u.Name, g.Kind.Word()), JsonDocument.Parse(g.Json).RootElement.Clone())
                : null;
            return TypedResults.Ok(new GeometryAnswer("FeatureCollection", Feature(unit),
                [.. children.Select(Feature).OfType<GeometryFeature>()],
                [.. children.Where(c => !stored.ContainsKey(c.Id)).Select(c => new UnitNameAnswer(c.Code, c.Name))]));
        }).WithName("OrgUnitGeometry").Refuses(RefusalKind.Forbidden, RefusalKind.NotFound)
            .WithSummary("机构的下级单位的边界 (Polygon/MultiPolygon) 与位置点 (Point), GeoJSON 要素集合; unit: 本机构自己的边界; withoutGeometry: 没有边界或位置的下级单位");
    }
}

/// <summary>A GeoJSON FeatureCollection of a unit's children with a boundary or point, with two members of ours beside it.</summary>
/// <param name="Unit">The unit's own boundary or point, null without one.</param>
/// <param name="WithoutGeometry">The children with neither: listed under the map, not silently left off it.</param>
public sealed record GeometryAnswer(string Type, GeometryFeature? Unit, GeometryFeature[] Features, UnitNameAnswer[] WithoutGeometry);

/// <summary>A GeoJSON Feature: the unit's code, name and kind (<c>boundary</c> or <c>point</c>), and its geometry as imported.</summary>
public sealed record GeometryFeature(string Type, GeometryProperties Properties, JsonElement Geometry);

public sealed record GeometryProperties(string Code, string Name, string Kind);

public sealed record UnitNameAnswer(string Code, string Name);
