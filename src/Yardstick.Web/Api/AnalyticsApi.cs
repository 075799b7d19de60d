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
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("您的账号没有机构范围"));
            }
            var (result, answerRefusal) = await Analytics.AnswerAsync(db, live, question, scope, LocalClock.Today(time), ct);
            return result is null ? Refuse(answerRefusal!) : TypedResults.Ok(AnalyticsAnswer.Of(result, question.IncludeNumDen));
        }).WithName("Analytics").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound)
            .WithSummary("数据分析: DHIS2 分析接口的维度写法 (dimension=dx:指标;… ou:机构;LEVEL-3 pe:2023;LAST_12_MONTHS, filter=…), 由实时引擎计算");
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
