using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;
using Yardstick.Data;
using Yardstick.Data.Values;

namespace Yardstick.Web.Pages;

/// <summary>What several screens share: the defaults they open on, number formats, status badges and chart data blocks.</summary>
public static class Screens
{
    /// <summary>
    /// Chart data embedded in pages: Chinese stays readable, but &lt; &gt; &amp; and quotes are always escaped, so no name (a
    /// unit called <c>&lt;!--&lt;script&gt;</c>) can end or bend the script block it sits in.
    /// </summary>
    private static readonly JsonSerializerOptions ChartJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

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
    /// A 400 with the reason when a screen is asked for a year outside 1900–2999 or for one that is not a number
    /// (<c>?year=abc</c>, which the binder leaves null); null when the year is fine or not given.
    /// </summary>
    public static IActionResult? RefuseYear(this PageModel page, int? year)
    {
        ArgumentNullException.ThrowIfNull(page);
        var given = page.Request.Query["year"].ToString().Trim();
        var reason = year is { } y
            ? LiveEngine.Covers(y) ? null : YearOutOfRange(y)
            : given.Length == 0 ? null : $"年份 \"{Api.ApiEndpoints.Echo(given)}\" 无法识别: 应为 {LiveEngine.FirstYear}–{LiveEngine.LastYear} 之间的整数";
        if (reason is null)
        {
            return null;
        }
        Hosting.Problems.Explain(page.HttpContext, reason);
        return page.BadRequest();
    }

    /// <summary>The refusal of a year outside the years the engine covers, the same on screens and in the API.</summary>
    public static string YearOutOfRange(int year) => $"年份 {year} 不在 {LiveEngine.FirstYear}–{LiveEngine.LastYear} 之间";

    /// <summary>
    /// The year a screen that judges figures opens on for a unit (总览, 指标, 规划, 报告与考核): the latest year that can be
    /// judged — ended, and complete for the unit when one is (the rule: <see cref="IndicatorEngine.DefaultYear"/>); never
    /// the year of the newest value. Without a unit, the last ended year.
    /// </summary>
    /// <remarks>A page about one plan opens inside the plan's years (a 2021 work plan on 2021, not on 2023).</remarks>
    public static int DefaultYear(LiveEngine live, TimeProvider time, Core.Model.OrgUnit? unit, Plan? plan = null)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(time);
        var year = unit is null ? IndicatorEngine.LastEndedYear(time) : live.Read(engine => engine.DefaultYear(unit.Id, time));
        return plan is null ? year : Math.Clamp(year, plan.StartYear, plan.EndYear);
    }

    /// <summary>
    /// The latest year holding data, not after this one (asked of the live engine, no scan): where data entry opens, since
    /// that is the year being reported. Screens that judge open on <see cref="DefaultYear"/>.
    /// </summary>
    public static int LatestYear(LiveEngine live, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(time);
        var thisYear = Core.Model.LocalClock.Today(time).Year;
        return live.Read(engine => engine.LatestYear(thisYear)) ?? thisYear;
    }

    /// <summary>Plans that hold targets, the one with most targets first (the city's main plan).</summary>
    public static async Task<IReadOnlyList<Plan>> PlansWithTargetsAsync(YardstickDb db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var counts = await db.Targets.AsNoTracking().GroupBy(t => t.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        // A plan whose document set only counts and qualitative targets (work points) has no stored target, and is shown too.
        var withItems = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT plan_id FROM plan_items WHERE kind IN (" + string.Join(", ", Data.Documents.PlanItem.TargetKinds.Select(k => $"'{k}'")) + ")";
            var ids = new HashSet<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
            return ids;
        }, cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToListAsync(cancellationToken);
        int CountOf(Plan p) => counts.FirstOrDefault(c => c.Key == p.Id)?.Count ?? 0;
        return [.. plans.Where(p => CountOf(p) > 0 || withItems.Contains(p.Id)).OrderByDescending(CountOf).ThenBy(p => p.Code)];
    }

    /// <summary>A figure rounded for display, with thousands separators (1,760,172; 12.8).</summary>
    public static string Number(decimal? value, int decimals) => Count(value is { } v ? Rounding.ForDisplay(v, decimals) : null);

    /// <summary>A count or sum as people read it: thousands separators, no trailing zeros (1,760,172; 0.5).</summary>
    public static string Count(decimal? value) =>
        value is { } v ? Rounding.WithoutTrailingZeros(v).ToString("#,0.############", CultureInfo.InvariantCulture) : "—";

    /// <summary>A number as typed into a field or a file: no separators (an input's value, a target as written).</summary>
    public static string Plain(decimal? value) => value is { } v ? Rounding.Plain(v) : "—";

    /// <summary>
    /// "数据不完整 (1/12月)" for one unit; "数据不完整 (10/96 单位·月)" for a subtree: what was reported of what was owed,
    /// counted in the sub-periods each unit owes (12 a year: months; 4: quarters; 2: halves).
    /// </summary>
    public static string PartialText(Completeness completeness, Localization.UiText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var perUnit = completeness.Expected > 0 && completeness.ExpectedParts % completeness.Expected == 0 ? completeness.ExpectedParts / completeness.Expected : 0;
        var part = text[perUnit switch { 12 => "月", 4 => "季", 2 => "半年", _ => "期" }];
        return completeness.Expected <= 1
            ? text.F("数据不完整 ({0}/{1}{2})", completeness.ReportedParts, completeness.ExpectedParts, part)
            : text.F("数据不完整 ({0}/{1} 单位·{2})", completeness.ReportedParts, completeness.ExpectedParts, part);
    }

    public static HtmlString Badge(TargetStatus status, Localization.UiText? text = null) =>
        new($"<span class=\"badge s-{status.Word()}\">{System.Net.WebUtility.HtmlEncode(text?[status.Chinese()] ?? status.Chinese())}</span>");

    /// <summary>
    /// A row's status as every screen writes it (<see cref="PlanEvaluationRow.StatusText"/>): "乡镇街道苏木无数据 (合计值 98.59)"
    /// where the tier has no figure, never a bare 无数据 beside the unit's figure.
    /// </summary>
    public static HtmlString Badge(PlanEvaluationRow row, Localization.UiText text)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(text);
        var shown = row.Evaluation.Status == TargetStatus.NoUnitData && row.EachUnit is { } each
            ? text.F("{0}无数据 (合计值 {1})", text[Core.Model.OrgUnitKinds.Chinese(each.Kind)], Number(row.Value.Value, row.Indicator.Decimals))
            : text[row.StatusText];
        return new($"<span class=\"badge s-{row.Evaluation.Status.Word()}\">{System.Net.WebUtility.HtmlEncode(shown)}</span>");
    }

    /// <summary>
    /// A row's 预警: its light (红灯/黄灯/绿灯) and the projection behind it, "预计 2025年 78.0 (预计达标)", the interval in the
    /// title; "—" for a row with no light (not judged).
    /// </summary>
    public static HtmlString Warning(PlanEvaluationRow row, Localization.UiText text)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(text);
        if (row.Light is not { } light)
        {
            return new("—");
        }
        var html = $"<span class=\"light l-{light.Word()}\">{System.Net.WebUtility.HtmlEncode(text[light.Chinese()])}</span>";
        if (row.Projection is { } p)
        {
            var interval = p.Low is { } low && p.High is { } high
                ? text.F("95%预测区间 {0}–{1}; 按{2}年数据{3}外推", Number(low, row.Indicator.Decimals), Number(high, row.Indicator.Decimals), p.Points, text[p.Trend == TrendKind.LogLinear ? "按比例 (对数线性)" : "直线"])
                : text.F("按{0}年数据外推, 年数太少, 不给区间", p.Points);
            html += $" <span class=\"muted projection\" title=\"{System.Net.WebUtility.HtmlEncode(interval)}\">{System.Net.WebUtility.HtmlEncode(text.F("预计{0}年 {1} ({2})", p.Year, Number(p.Value, row.Indicator.Decimals), text[p.StatusChinese]))}</span>";
        }
        return new(html);
    }

    /// <summary>What the 预警 column means, as its help says it.</summary>
    public const string WarningHelp = "预警灯: 红灯 — 到期未达标、较基期恶化, 或按历年趋势外推到目标年仍达不到 (连预测区间的有利一端也达不到, 或落后序时进度超过规划设定的红灯阈值); "
        + "黄灯 — 按趋势预计难以达标, 或落后序时进度 (时间过半任务过半) 超过黄灯阈值; 绿灯 — 已达标且预计保持, 或进度正常。"
        + "预计值按基期年以来各年数值外推: 一般指标用直线, 越低越好的比率按比例 (对数线性); 分母较小的比率先按三年合并。";

    /// <summary>The colour each status is drawn in, the same as the badges.</summary>
    public static string Colour(TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "#15803d",
        TargetStatus.OnTrack => "#2563eb",
        TargetStatus.Lagging => "#d97706",
        TargetStatus.Worsened => "#b91c1c",
        TargetStatus.Overdue => "#7f1d1d",
        TargetStatus.NotMet => "#a16207",
        TargetStatus.Incomplete => "#7c3aed",
        TargetStatus.NoBaseline or TargetStatus.NoUnitData => "#64748b",
        TargetStatus.NoData => "#94a3b8",
        _ => throw new UnreachableException(),
    };

    /// <summary>The colour each 预警 light is drawn in on a chart, the same as the dots of <c>.l-red</c> … in site.css.</summary>
    public static string Colour(Light light) => light switch
    {
        Light.Green => "#15803d",
        Light.Yellow => "#eab308",
        Light.Red => "#b91c1c",
        _ => throw new UnreachableException(),
    };

    public static readonly IReadOnlyList<TargetStatus> StatusOrder =
        [TargetStatus.Achieved, TargetStatus.OnTrack, TargetStatus.Lagging, TargetStatus.Worsened, TargetStatus.Overdue, TargetStatus.NotMet, TargetStatus.Incomplete, TargetStatus.NoBaseline, TargetStatus.NoUnitData, TargetStatus.NoData];

    /// <summary>A chart's option as a JSON data block that site.js hands to ECharts (no inline script under the CSP).</summary>
    public static HtmlString ChartData(string id, object option) =>
        new($"<script type=\"application/json\" id=\"{id}\">{JsonSerializer.Serialize(option, ChartJson).Replace("</", "<\\/", StringComparison.Ordinal)}</script>");

    /// <summary>The target as the reports write it: ≥80, &lt;10, 15.6 (比基期降低10%), 4.2–5.0.</summary>
    public static string Target(PlanEvaluationRow row) => Data.Reports.ReportDocuments.TargetShown(row);
}

/// <summary>
/// What the shared unit picker shows (see <c>CurrentUser.PickerAsync</c>); on pages that can restrict a unit to an org-unit
/// group, the groups offered (<c>CurrentUser.GroupChoicesAsync</c>: those the search found, else the first few) and the one chosen.
/// </summary>
public sealed record UnitPicker(IReadOnlyList<Core.Model.OrgUnit> Units, Core.Model.OrgUnit? Current, string? Query,
    IReadOnlyList<GroupChoice>? Groups = null, string? CurrentGroup = null)
{
    public int TopLevel => Units.Count == 0 ? 0 : Units.Min(u => u.Level);
}

/// <summary>A group the picker offers: its code and its label ("二级以上公立医院 (所有制)").</summary>
public sealed record GroupChoice(string Code, string Label);
