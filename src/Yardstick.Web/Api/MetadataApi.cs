using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>The catalogue and the figures: org units (paged, searchable, within the caller's scope), data elements, indicators and one indicator's evaluation at a unit and period.</summary>
public static class MetadataApi
{
    public static void MapMetadataApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/orgUnits", async Task<Ok<OrgUnitAnswer[]>> (string? q, int? page, int? pageSize, CurrentUser user, YardstickDb db, HttpContext http, CancellationToken ct) =>
        {
            // A province has 21,000+ units: answered a page at a time (X-Total-Count says how many match), optionally searched.
            if (await user.FiguresRootAsync(ct) is not { } scope)
            {
                return TypedResults.Ok(Array.Empty<OrgUnitAnswer>());
            }
            var size = Math.Clamp(pageSize ?? 1000, 1, 10_000);
            var number = Math.Max(1, page ?? 1);
            var path = scope.Path;
            var query = db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(path));
            if (!string.IsNullOrWhiteSpace(q))
            {
                var text = q.Trim();
                query = query.Where(u => u.Name.Contains(text) || u.Code.StartsWith(text));
            }
            http.Response.Headers["X-Total-Count"] = (await query.CountAsync(ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var units = await query.OrderBy(u => u.Path).Skip((number - 1) * size).Take(size).ToListAsync(ct);
            return TypedResults.Ok(units.Select(u => new OrgUnitAnswer(u.Code, u.Name, u.Kind.ToString(), u.Level, u.ParentId, u.Id)).ToArray());
        }).WithName("ListOrgUnits").Refuses(RefusalKind.Invalid).WithSummary("本级及下级组织机构 (分页: page, pageSize ≤ 10000; q 按名称或代码搜索; 总数见 X-Total-Count)");

        api.MapGet("/dataElements", async Task<Ok<DataElementAnswer[]>> (YardstickDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.DataElements.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct))
                .Select(e => new DataElementAnswer(e.Code, e.Name, e.ValueKind.ToString())).ToArray()))
            .WithName("ListDataElements").WithSummary("数据元");

        api.MapGet("/indicators", async Task<Ok<IndicatorAnswer[]>> (YardstickDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.Indicators.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct))
                .Select(i => new IndicatorAnswer(i.Code, i.Name, i.Numerator, i.Denominator, i.Factor, i.Unit, i.Direction.ToString())).ToArray()))
            .WithName("ListIndicators").WithSummary("指标");

        api.MapGet("/evaluations", async Task<Results<Ok<IndicatorEvaluationJson>, Refused>> (string indicator, string orgunit, string period, string? group, string? approved, CurrentUser user, YardstickDb db, LiveEngine live, CancellationToken ct) =>
        {
            if (!Period.TryParse(period, out var p))
            {
                return Refuse(Refusal.Invalid($"无法识别的期间 \"{period}\""));
            }
            if (RefuseYear(p.Year) is { } badYear)
            {
                return badYear;
            }
            var (unit, refusal) = await ScopedUnitAsync(user, orgunit, ct);
            if (unit is null)
            {
                return refusal!;
            }
            // A group's members outside the caller's scope never count: the figure is over the members inside the unit asked,
            // and the unit asked is inside the scope.
            if (!string.IsNullOrWhiteSpace(approved) && !Data.Reporting.ApprovedReports.TryParseLevel(approved, out _))
            {
                return Refuse(Refusal.Invalid($"无法识别的审核层级 \"{Core.Model.InputLimits.Echo(approved)}\" (应为 市、县、level:2 等, 或 全部)"));
            }
            var (result, error) = await Evaluations.IndicatorAsync(db, live, indicator, unit.Code, p, string.IsNullOrWhiteSpace(group) ? null : group.Trim(),
                string.IsNullOrWhiteSpace(approved) ? null : approved, ct);
            return result is null ? Refuse(Refusal.NotFound(error!)) : TypedResults.Ok(EvaluationJson.Of(result));
        }).WithName("EvaluateIndicator").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound)
            .WithSummary("指标在某机构、某期间的值 (同 yardstick evaluate --format json); group: 只计该机构分组在本机构之内的成员; approved: 只统计审核到该层级的报表数据 (市、县、全部)");

        api.MapGet("/evaluations/groupSets", async Task<Results<Ok<IndicatorEvaluationJson[]>, Refused>> (string indicator, string orgunit, string period, string set, CurrentUser user, YardstickDb db, LiveEngine live, CancellationToken ct) =>
        {
            if (!Period.TryParse(period, out var p))
            {
                return Refuse(Refusal.Invalid($"无法识别的期间 \"{period}\""));
            }
            if (RefuseYear(p.Year) is { } badYear)
            {
                return badYear;
            }
            var (unit, refusal) = await ScopedUnitAsync(user, orgunit, ct);
            if (unit is null)
            {
                return refusal!;
            }
            var (rows, error) = await Evaluations.GroupSetAsync(db, live, indicator, unit.Code, p, set.Trim(), ct);
            return rows is null ? Refuse(Refusal.NotFound(error!)) : TypedResults.Ok(rows.Select(EvaluationJson.Of).ToArray());
        }).WithName("EvaluateIndicatorByGroupSet").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound)
            .WithSummary("指标在某机构之下按机构分组集分列: 每个分组一行 (该分组在本机构之内的成员)");

    }
}

/// <summary>An org unit of <c>GET /api/orgUnits</c>: kind is the <see cref="OrgUnitKind"/> name (City, County, Township …).</summary>
public sealed record OrgUnitAnswer(string Code, string Name, string Kind, int Level, int? ParentId, int Id);

/// <summary>A data element of <c>GET /api/dataElements</c>.</summary>
public sealed record DataElementAnswer(string Code, string Name, string ValueKind);

/// <summary>An indicator of <c>GET /api/indicators</c>: numerator and denominator are formulas over data element codes.</summary>
public sealed record IndicatorAnswer(string Code, string Name, string Numerator, string? Denominator, decimal Factor, string Unit, string Direction);
