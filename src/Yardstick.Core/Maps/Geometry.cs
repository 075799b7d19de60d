using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Yardstick.Core.Maps;

/// <summary>What an org unit's geometry is: an area's boundary (a GeoJSON Polygon or MultiPolygon) or a facility's point.</summary>
public enum GeometryKind
{
    Boundary,
    Point,
}

public static class GeometryKinds
{
    /// <summary>The stored word (<c>org_unit_geometries.kind</c>).</summary>
    public static string Word(this GeometryKind kind) => kind switch
    {
        GeometryKind.Boundary => "boundary",
        GeometryKind.Point => "point",
        _ => throw new UnreachableException(),
    };

    public static string Chinese(this GeometryKind kind) => kind switch
    {
        GeometryKind.Boundary => "边界",
        GeometryKind.Point => "位置点",
        _ => throw new UnreachableException(),
    };

    /// <summary>A stored word read back strictly: an unknown one is a broken store, not a point.</summary>
    public static GeometryKind FromWord(string word) => word switch
    {
        "boundary" => GeometryKind.Boundary,
        "point" => GeometryKind.Point,
        _ => throw new FormatException($"Unknown geometry kind \"{word}\"."),
    };
}

/// <summary>
/// A checked GeoJSON geometry of an org unit: a Polygon or MultiPolygon (its boundary) or a Point, in longitude/latitude
/// (WGS 84, as GeoJSON says). <see cref="Json"/> is the geometry object written compactly, as stored and served.
/// </summary>
public sealed record Geometry(GeometryKind Kind, string Json, int Positions)
{
    /// <summary>
    /// Reads a GeoJSON geometry object, or says in Chinese why it cannot be one: another type (LineString …), coordinates
    /// that are not numbers, outside longitude −180…180 / latitude −90…90, or a ring of fewer than three positions.
    /// </summary>
    public static (Geometry? Geometry, string? Reason) Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, "没有 geometry (几何对象)");
        }
        var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!element.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            return (null, $"几何对象{(type is null ? "" : $" ({type})")}没有 coordinates (坐标)");
        }
        var positions = 0;
        string? reason = type switch
        {
            "Point" => Position(coordinates, ref positions),
            "Polygon" => Polygon(coordinates, ref positions),
            "MultiPolygon" => coordinates.GetArrayLength() == 0 ? "MultiPolygon 没有多边形"
                : coordinates.EnumerateArray().Select(p => Polygon(p, ref positions)).FirstOrDefault(r => r is not null),
            null => "几何对象没有 type (类型)",
            _ => $"几何类型 {Model.InputLimits.Echo(type)} 不能作为机构的边界或位置: 只接受 Polygon、MultiPolygon (边界) 和 Point (位置点)",
        };
        if (reason is not null)
        {
            return (null, reason);
        }
        var json = JsonSerializer.Serialize(new Dictionary<string, JsonElement> { ["type"] = t, ["coordinates"] = coordinates });
        return (new Geometry(type == "Point" ? GeometryKind.Point : GeometryKind.Boundary, json, positions), null);
    }

    private static string? Polygon(JsonElement rings, ref int positions)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            return "多边形没有边界环 (坐标应为 [[[经度, 纬度], …]])";
        }
        foreach (var ring in rings.EnumerateArray())
        {
            if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() < 3)
            {
                return "多边形的边界环少于 3 个点";
            }
            foreach (var position in ring.EnumerateArray())
            {
                if (Position(position, ref positions) is { } bad)
                {
                    return bad;
                }
            }
        }
        return null;
    }

    private static string? Position(JsonElement position, ref int positions)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
        {
            return $"坐标 {Model.InputLimits.Echo(position.GetRawText())} 不是 [经度, 纬度] 两个数";
        }
        var (lon, lat) = (position[0].GetDouble(), position[1].GetDouble());
        if (lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            return string.Create(CultureInfo.InvariantCulture, $"坐标 [{lon}, {lat}] 超出经度 −180…180、纬度 −90…90 (是否不是经纬度, 或经纬度写反了?)");
        }
        positions++;
        return null;
    }
}
