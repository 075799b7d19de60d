using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;
using Yardstick.Data;

namespace Yardstick.Web.Pages;

/// <summary>What several screens share: the defaults they open on, number formats, status badges and chart data blocks.</summary>
public static class Screens
{
    private static readonly JsonSerializerOptions ChartJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The unit a page was asked for (the user's own when none), or what to answer instead: 404 for an unknown code, 403 outside the scope.</summary>
    public static async Task<(Core.Model.OrgUnit? Unit, IActionResult? Refusal)> UnitForAsync(this PageModel page, Access.CurrentUser me, string? code,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(me);
        var (unit, exists) = await me.UnitAsync(code, cancellationToken);
        return !exists ? (null, page.NotFound()) : unit is null ? (null, page.Forbid()) : (unit, null);
    }

    /// <summary>
    /// The latest year holding data, not after this one: the year screens open on. Finding it scans data_values (no
    /// index leads with the period), so the answer is kept for five minutes per database: it is only a default, every
    /// screen takes an explicit year, and a stale default cannot show anything wrong — so instances need not share it.
    /// </summary>
    public static async Task<int> LatestYearAsync(YardstickDb db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var store = db.Database.GetConnectionString() ?? "";
        if (LatestYears.TryGetValue(store, out var known) && now < known.Until)
        {
            return known.Year;
        }
        var thisYear = now.Year;
        var latest = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT max(period_start) FROM data_values WHERE period_start <= {thisYear * 100 + 12}";
            var v = await command.ExecuteScalarAsync(cancellationToken);
            return v is null or DBNull ? thisYear : Convert.ToInt32(v, CultureInfo.InvariantCulture) / 100;
        }, cancellationToken);
        LatestYears[store] = (latest, now.AddMinutes(5));
        return latest;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Year, DateTimeOffset Until)> LatestYears = new();

    /// <summary>Plans that hold targets, the one with most targets first (the city's main plan).</summary>
    public static async Task<IReadOnlyList<Plan>> PlansWithTargetsAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var counts = await db.Targets.AsNoTracking().GroupBy(t => t.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToListAsync(cancellationToken);
        return [.. plans.Where(p => counts.Any(c => c.Key == p.Id)).OrderByDescending(p => counts.First(c => c.Key == p.Id).Count).ThenBy(p => p.Code)];
    }

    public static string Number(decimal? value, int decimals) =>
        value is { } v ? Rounding.Plain(Rounding.ForDisplay(v, decimals)) : "—";

    public static string Plain(decimal? value) => value is { } v ? Rounding.Plain(v) : "—";

    public static HtmlString Badge(TargetStatus status, Localization.UiText? text = null) =>
        new($"<span class=\"badge s-{status.Word()}\">{System.Net.WebUtility.HtmlEncode(text?[status.Chinese()] ?? status.Chinese())}</span>");

    /// <summary>The colour each status is drawn in, the same as the badges.</summary>
    public static string Colour(TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "#15803d",
        TargetStatus.OnTrack => "#2563eb",
        TargetStatus.Lagging => "#d97706",
        TargetStatus.Worsened => "#b91c1c",
        _ => "#94a3b8",
    };

    public static readonly IReadOnlyList<TargetStatus> StatusOrder =
        [TargetStatus.Achieved, TargetStatus.OnTrack, TargetStatus.Lagging, TargetStatus.Worsened, TargetStatus.NoData];

    /// <summary>A chart's option as a JSON data block that site.js hands to ECharts (no inline script under the CSP).</summary>
    public static HtmlString ChartData(string id, object option) =>
        new($"<script type=\"application/json\" id=\"{id}\">{JsonSerializer.Serialize(option, ChartJson).Replace("</", "<\\/", StringComparison.Ordinal)}</script>");

    /// <summary>The target as the reports write it: ≥80, &lt;10, 15.6 (比基期降低10%), 4.2–5.0.</summary>
    public static string Target(PlanEvaluationRow row) => Data.Reports.ReportDocuments.TargetShown(row);
}
