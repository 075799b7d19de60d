using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Analytics;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>
/// <c>GET /api/analytics</c>: DHIS2's analytics question and answer (<c>dimension=dx:…&amp;dimension=ou:…&amp;dimension=pe:…</c>,
/// <c>filter=</c>; headers, rows of strings, metaData) from the live engine, inside the caller's scope (<see cref="Analytics"/>).
/// </summary>
public static class AnalyticsApi
{
    public static void MapAnalyticsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/analytics", async Task<Results<Ok<AnalyticsAnswer>, Refused>> (HttpContext http, bool? includeNumDen, bool? skipRounding, CurrentUser user,
            YardstickDb db, LiveEngine live, TimeProvider time, CancellationToken ct) =>
        {
            var (question, refusal) = Analytics.Parse(http.Request.Query["dimension"].Select(d => d ?? ""), http.Request.Query["filter"].Select(f => f ?? ""),
                includeNumDen == true, skipRounding == true);
            if (question is null)
            {
                return Refuse(refusal!);
            }
            if (await user.FiguresRootAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("您的账号没有机构范围"));
            }
            var (result, answerRefusal) = await Analytics.AnswerAsync(db, live, question, scope, LocalClock.Today(time), cancellationToken: ct);
            return result is null ? Refuse(answerRefusal!) : TypedResults.Ok(AnalyticsAnswer.Of(result, question.IncludeNumDen));
        }).WithName("Analytics").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound)
            .WithSummary("数据分析: DHIS2 分析接口的维度写法 (dimension=dx:指标;… ou:机构;LEVEL-3 pe:2023;LAST_12_MONTHS, filter=…), 由实时引擎计算");

        api.MapGet("/analytics/favorites", async Task<Results<Ok<IReadOnlyList<FavoriteAnswer>>, Refused>> (CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("您的账号没有机构范围"));
            }
            var favorites = await Favorites.VisibleAsync(db, user.Name, scope, await user.DataScopeAsync(ct), ct);
            return TypedResults.Ok<IReadOnlyList<FavoriteAnswer>>([.. favorites.Select(f => FavoriteAnswer.Of(f, user.Name))]);
        }).WithName("AnalyticsFavorites").Refuses(RefusalKind.Forbidden)
            .WithSummary("数据分析收藏: 自己保存的, 以及本单位或上级单位共享给本单位范围的 (处室账号另含共享给其数据查看范围的)");

        api.MapPost("/analytics/favorites", async Task<Results<Created<FavoriteAnswer>, Refused>> (FavoriteCreate body, CurrentUser user, YardstickDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("您的账号没有机构范围"));
            }
            var chosen = body.Selection ?? new FavoriteSelection(null, null, null, null, null, null);
            var selection = AnalysisSelection.Of(chosen.Data, chosen.Units, chosen.Periods, chosen.Rows, chosen.Columns, chosen.Chart, await user.FiguresRootAsync(ct) ?? scope,
                chosen.Plan, chosen.NumDen == true);
            var (favorite, refusal) = await Favorites.SaveAsync(db, user.Name, scope, body.Name, body.Shared == true, selection, time.GetUtcNow(), user.Address, ct);
            return favorite is null ? Refuse(refusal!) : TypedResults.Created($"/api/analytics/favorites/{favorite.Id}", FavoriteAnswer.Of(favorite, user.Name));
        }).WithName("SaveAnalyticsFavorite").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.Conflict)
            .WithSummary("保存数据分析收藏: name, shared (与本单位共享), selection (data, units, periods, rows, columns, chart)");

        api.MapPatch("/analytics/favorites/{id:long}", async Task<Results<Ok<FavoriteAnswer>, Refused>> (long id, FavoriteRename body, CurrentUser user, YardstickDb db,
            TimeProvider time, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("您的账号没有机构范围"));
            }
            if (body.Version is not { } version)
            {
                return Refuse(Refusal.Invalid("请给出所见收藏的版本号 (version), 以免覆盖他人刚做的修改", "version"));
            }
            var (favorite, refusal) = await Favorites.RenameAsync(db, id, user.Name, scope, body.Name, version, time.GetUtcNow(), user.Address, ct);
            return favorite is null ? Refuse(refusal!) : TypedResults.Ok(FavoriteAnswer.Of(favorite, user.Name));
        }).WithName("RenameAnalyticsFavorite").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict)
            .WithSummary("重命名自己的数据分析收藏: name, version (所见版本号; 已被修改则 409)");

        api.MapDelete("/analytics/favorites/{id:long}", async Task<Results<NoContent, Refused>> (long id, int? version, CurrentUser user, YardstickDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("您的账号没有机构范围"));
            }
            if (version is not { } seen)
            {
                return Refuse(Refusal.Invalid("请给出所见收藏的版本号 (version), 以免删掉他人刚做的修改", "version"));
            }
            var refusal = await Favorites.DeleteAsync(db, id, user.Name, scope, seen, time.GetUtcNow(), user.Address, ct);
            return refusal is null ? TypedResults.NoContent() : Refuse(refusal);
        }).WithName("DeleteAnalyticsFavorite").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict)
            .WithSummary("删除自己的数据分析收藏: version (所见版本号; 已被修改则 409)");
    }
}

/// <summary>
/// A selection as a favourite keeps it: data codes, units and periods as written on the page, rows, columns (dx, ou, pe),
/// chart (bar, line, stacked), the plan whose targets stand beside the figures, and whether rates show their parts.
/// </summary>
public sealed record FavoriteSelection(IReadOnlyList<string>? Data, string? Units, string? Periods, string? Rows, string? Columns, string? Chart, string? Plan = null,
    bool? NumDen = null);

/// <summary>A favourite to save; <c>shared</c> lets everyone in the caller's unit's subtree open it.</summary>
public sealed record FavoriteCreate(string? Name, bool? Shared, FavoriteSelection? Selection);

/// <summary>A new name for one's own favourite, with the version it was seen at.</summary>
public sealed record FavoriteRename(string? Name, int? Version);

/// <summary>
/// A favourite as the API answers it: who saved it for which unit, whether it is shared and the caller's own, its version (for
/// PATCH and DELETE), when it was saved (local time), the selection, and the page that opens it with current figures.
/// </summary>
public sealed record FavoriteAnswer(long Id, string Name, string Owner, bool Mine, string OrgUnit, string OrgUnitName, bool Shared, int Version, string SavedAt,
    FavoriteSelection Selection, string Page)
{
    public static FavoriteAnswer Of(Favorite favorite, string userName)
    {
        ArgumentNullException.ThrowIfNull(favorite);
        var s = favorite.Selection;
        return new FavoriteAnswer(favorite.Id, favorite.Name, favorite.Owner, favorite.IsOwnedBy(userName), favorite.UnitCode, favorite.UnitName, favorite.Shared,
            favorite.Version, LocalClock.Text(favorite.SavedAt), new FavoriteSelection(s.Data, s.Units, s.Periods, s.Rows, s.Columns, s.Chart, s.Plan, s.NumDen),
            $"/Analysis?favorite={favorite.Id.ToString(CultureInfo.InvariantCulture)}");
    }
}

/// <summary>A column of the analytics answer, as DHIS2 names it.</summary>
public sealed record AnalyticsHeader(string Name, string Column, string ValueType, string Type, bool Hidden, bool Meta);

/// <summary>An item's name in <c>metaData.items</c>.</summary>
public sealed record AnalyticsItem(string Name);

/// <summary><c>metaData</c>: every item's name, and each dimension's items in order.</summary>
public sealed record AnalyticsMetaData(IReadOnlyDictionary<string, AnalyticsItem> Items, IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions);

/// <summary>DHIS2's analytics JSON: headers, rows of strings in the headers' order (the dimensions, then value), metaData, width and height.</summary>
public sealed record AnalyticsAnswer(IReadOnlyList<AnalyticsHeader> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, AnalyticsMetaData MetaData, int Width, int Height)
{
    public static AnalyticsAnswer Of(AnalyticsResult result, bool includeNumDen)
    {
        ArgumentNullException.ThrowIfNull(result);
        var headers = result.Dimensions.Select(d => new AnalyticsHeader(d.Name, d.Name switch { "dx" => "数据", "ou" => "机构", _ => "期间" }, "TEXT", "java.lang.String", false, true))
            .Append(new AnalyticsHeader("value", "值", "NUMBER", "java.lang.Double", false, false)).ToList();
        if (includeNumDen)
        {
            headers.AddRange(
            [
                new AnalyticsHeader("numerator", "分子", "NUMBER", "java.lang.Double", false, false),
                new AnalyticsHeader("denominator", "分母", "NUMBER", "java.lang.Double", false, false),
                new AnalyticsHeader("factor", "系数", "NUMBER", "java.lang.Double", false, false),
            ]);
        }
        var rows = result.Cells.Select(c =>
        {
            var row = c.Items.Append(Text(c.Value)).ToList();
            if (includeNumDen)
            {
                row.AddRange([c.Numerator is { } n ? Text(n) : "", c.Denominator is { } d ? Text(d) : "", Text(c.Factor)]);
            }
            return (IReadOnlyList<string>)row;
        }).ToList();
        var meta = new AnalyticsMetaData(result.Names.ToDictionary(n => n.Key, n => new AnalyticsItem(n.Value)),
            result.Dimensions.Concat(result.Filters).ToDictionary(d => d.Name, d => d.Items));
        return new AnalyticsAnswer(headers, rows, meta, headers.Count, rows.Count);
    }

    private static string Text(decimal value) => Core.Indicators.Rounding.Plain(value);
}
