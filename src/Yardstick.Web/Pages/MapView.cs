using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.OrgUnits;

namespace Yardstick.Web.Pages;

/// <summary>A child's figure on a map: the number it is classed by, the text its tooltip says, and its target status if judged.</summary>
public sealed record MapFigure(decimal? Value, string Text, TargetStatus? Status = null);

/// <summary>One class of the legend: its words (已达标; 12.5–20.1) and colour.</summary>
public sealed record MapClass(string Label, string Colour);

/// <summary>A child as the map draws it: code (its key in the geometry), name, tooltip text and fill colour.</summary>
public sealed record MapRegion(string Code, string Name, string Figure, string Colour);

/// <summary>
/// The children of a unit as a choropleth: what <c>Shared/_Map.cshtml</c> renders and <c>site.js</c> draws (<c>[data-map]</c>:
/// the geometry fetched from <c>/api/orgUnits/{code}/geometry</c>, regions filled by class, facilities as points, a click
/// drilling down to the child). The one place a map is classed: by the target status in the app's status colours when the
/// children are judged, else by quantiles of their figures. Null (no map) when no child has a boundary or point.
/// </summary>
public sealed record MapView(string Id, string UnitCode, string Title, string Drill, IReadOnlyList<MapRegion> Regions, IReadOnlyList<MapClass> Legend,
    IReadOnlyList<OrgUnit> WithoutGeometry)
{
    /// <summary>Light to dark, for quantile classes: a higher figure is darker, whichever way is better.</summary>
    private static readonly string[] Shades = ["#dbeafe", "#93c5fd", "#3b82f6", "#1e3a8a"];

    /// <summary>
    /// The map of <paramref name="children"/> under <paramref name="unit"/>; <paramref name="drill"/> is the address a click
    /// opens, <c>{code}</c> standing for the child's code; <paramref name="format"/> writes a class bound as the page writes
    /// its figures. Null when no child has geometry.
    /// </summary>
    public static async Task<MapView?> BuildAsync(YardstickDb db, string id, string title, OrgUnit unit, IReadOnlyList<(OrgUnit Unit, MapFigure Figure)> children,
        string drill, Func<decimal, string> format, Localization.UiText text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(text);
        var kinds = await OrgUnitGeometries.KindsAsync(db, [.. children.Select(c => c.Unit.Id)], cancellationToken);
        if (kinds.Count == 0)
        {
            return null;
        }
        var byStatus = children.Any(c => c.Figure.Status is not null);
        var breaks = byStatus ? [] : Quantiles([.. children.Select(c => c.Figure.Value).OfType<decimal>()]);
        string Colour(MapFigure f) => byStatus ? Screens.Colour(f.Status ?? TargetStatus.NoData)
            : f.Value is not { } v ? Screens.Colour(TargetStatus.NoData)
            : Shades[Shades.Length - breaks.Count + breaks.Count(b => v > b.Upper)];
        var legend = byStatus
            ? Screens.StatusOrder.Where(s => children.Any(c => (c.Figure.Status ?? TargetStatus.NoData) == s)).Select(s => new MapClass(text[s.Chinese()], Screens.Colour(s))).ToList()
            : [.. breaks.Select((b, i) => new MapClass(b.Lower == b.Upper ? format(b.Lower) : $"{format(b.Lower)}–{format(b.Upper)}", Shades[Shades.Length - breaks.Count + i])),
                .. children.Any(c => c.Figure.Value is null) ? [new MapClass(text["无数据"], Screens.Colour(TargetStatus.NoData))] : Array.Empty<MapClass>()];
        return new MapView(id, unit.Code, title, drill,
            [.. children.Where(c => kinds.ContainsKey(c.Unit.Id)).Select(c => new MapRegion(c.Unit.Code, c.Unit.Name, c.Figure.Text, Colour(c.Figure)))],
            legend, [.. children.Where(c => !kinds.ContainsKey(c.Unit.Id)).Select(c => c.Unit)]);
    }

    /// <summary>
    /// Up to four classes of about as many units each (quantiles), bounded by figures that occur: each class from its
    /// smallest to its largest figure, a figure never split between two classes.
    /// </summary>
    internal static IReadOnlyList<(decimal Lower, decimal Upper)> Quantiles(IReadOnlyList<decimal> values)
    {
        var sorted = values.Order().ToList();
        var distinct = sorted.Distinct().Count();
        var count = Math.Min(Shades.Length, distinct);
        var classes = new List<(decimal, decimal)>();
        var start = 0;
        for (var k = 1; k <= count && start < sorted.Count; k++)
        {
            var end = Math.Max(start, (int)Math.Ceiling(sorted.Count * k / (double)count) - 1);
            // Equal figures stay in one class.
            while (end + 1 < sorted.Count && sorted[end + 1] == sorted[end])
            {
                end++;
            }
            classes.Add((sorted[start], sorted[end]));
            start = end + 1;
        }
        return classes;
    }

    /// <summary>What site.js needs, as the page's JSON block.</summary>
    public object Data => new
    {
        geometry = $"/api/orgUnits/{Uri.EscapeDataString(UnitCode)}/geometry",
        drill = Drill,
        regions = Regions.Select(r => new { code = r.Code, name = r.Name, figure = r.Figure, colour = r.Colour }),
    };
}
