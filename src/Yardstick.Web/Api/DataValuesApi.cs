using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>Data values as DHIS2 speaks them: dataValueSets read and written (all-or-nothing, the importer's checks), one value deleted.</summary>
public static class DataValuesApi
{
    public static void MapDataValuesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/dataValueSets", async Task<Results<Ok<DataValueSetAnswer>, Refused>> (string orgUnit, string period, bool? children, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!Period.TryParse(period, out var p))
            {
                return Refuse(Refusal.Invalid($"无法识别的期间 \"{Echo(period)}\" (如 2023、2023Q1、202303)"));
            }
            var (unit, refusal) = await ScopedUnitAsync(user, orgUnit, ct);
            if (unit is null)
            {
                return refusal!;
            }
            var below = unit.Path;
            var units = children == true
                ? await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(below)).ToDictionaryAsync(u => u.Id, ct)
                : new Dictionary<int, OrgUnit> { [unit.Id] = unit };
            var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Id, ct);
            var combos = await db.CategoryOptionCombos.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, ct);
            var values = new List<DataValueAnswer>();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await foreach (var v in DataValueStore.ReadAsync(db, null, p.Year, p.Year, ct, [.. units.Keys]))
                {
                    if (v.Period == p && units.TryGetValue(v.OrgUnitId, out var u))
                    {
                        values.Add(new DataValueAnswer(elements[v.DataElementId].Code, v.Period.ToString(), u.Code, Core.Indicators.Rounding.Plain(v.Value),
                            combos.GetValueOrDefault(v.OptionComboId)));
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return TypedResults.Ok(new DataValueSetAnswer(values));
        }).WithName("ReadDataValueSet").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("数据值 (DHIS2 dataValueSets 格式)");

        api.MapPost("/dataValueSets", async Task<Results<JsonHttpResult<ImportSummary>, Refused>> (HttpRequest request, bool? dryRun, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (!user.CanWriteData)
            {
                return Refuse(Refusal.Forbidden("您的角色不能填报数据"));
            }
            // The body's form by its content type, as DHIS2 takes them: JSON, CSV (a header row) or ADX XML. No type is no
            // guess: a body sent without one (a cross-site "simple" request, a forgotten header) is refused, never read as JSON.
            if (request.ContentType is not { Length: > 0 } type)
            {
                return Refuse(new Refusal(RefusalKind.UnsupportedType, $"请求没有 Content-Type: 应为 {string.Join("、", BodyTypes)} 之一"));
            }
            var mediaType = type.Split(';')[0].Trim().ToLowerInvariant();
            var name = mediaType switch
            {
                "application/json" or "text/json" => "dataValueSets.json",
                "text/csv" or "application/csv" => "dataValueSets.csv",
                "application/adx+xml" or "application/xml" or "text/xml" => "dataValueSets.adx",
                _ => null,
            };
            if (name is null)
            {
                return Refuse(new Refusal(RefusalKind.UnsupportedType, $"不支持的内容格式 {Echo(mediaType)}: 应为 {string.Join("、", BodyTypes)} 之一"));
            }
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            var (tables, issues) = SourceTable.Read(name, body.ToArray());
            if (issues.Count > 0)
            {
                return Summary("ERROR", new ImportCount(0, 0, 0, 0), issues, dryRun == true, 400);
            }
            // What the write would really do, value by value, from the importer's own preview: DHIS2's importCount (new, changed,
            // sent unchanged or blank where nothing is stored, deleted).
            var preview = await user.ValueImporterAsync(cancellationToken: ct, deleteBlankValues: true);
            var (checkedResult, changes) = await preview.PreviewAsync(tables, ct);
            if (!checkedResult.Succeeded)
            {
                return Summary("ERROR", new ImportCount(0, 0, 0, 0), [.. checkedResult.Issues.Where(i => i.IsError)], dryRun == true, StatusOf(checkedResult.Issues));
            }
            var blanks = tables.Sum(t => t.Rows.Count(r => r["value"].Length == 0));
            var count = new ImportCount(changes.Count(c => c.Old is null), changes.Count(c => c.Old is { } old && old != c.New),
                changes.Count(c => c.Old == c.New) + blanks - preview.Deleted, preview.Deleted);
            if (dryRun == true)
            {
                return Summary("SUCCESS", count, [.. checkedResult.Issues], dryRun: true, 200);
            }
            var importer = await user.ValueImporterAsync(cancellationToken: ct, deleteBlankValues: true);
            var result = await importer.ImportAsync(tables, user.Name, "API dataValueSets", cancellationToken: ct);
            if (!result.Succeeded)
            {
                return Summary("ERROR", new ImportCount(0, 0, 0, 0), [.. result.Issues.Where(i => i.IsError)], dryRun: false, StatusOf(result.Issues));
            }
            return Summary(result.Issues.Count > 0 ? "WARNING" : "SUCCESS", count with { Ignored = count.Ignored + count.Deleted - importer.Deleted, Deleted = importer.Deleted },
                [.. result.Issues], dryRun: false, 200);
        }).WithSummary("提交数据值 (DHIS2 dataValueSets: JSON、CSV 或 ADX; 顶层 period/orgUnit 为各值的默认; ?dryRun=true 只检查不写入; 全部成功或全部不写)")
            .Accepts<JsonElement>(BodyTypes[0], BodyTypes[1..])
            // The import's own refusals answer DHIS2's ImportSummary (its status says whose: 400 the file, 403 a row outside the
            // caller's scope, 409 a report's state); a caller without the role, or a body of no known type, gets problem details.
            .WithName("WriteDataValueSet").Produces<ImportSummary>(StatusCodes.Status200OK)
            .Produces<ImportSummary>(StatusCodes.Status400BadRequest).Produces<ImportSummary>(StatusCodes.Status409Conflict)
            .Refuses(RefusalKind.Forbidden, RefusalKind.UnsupportedType);

        // An element with categories needs co, as in DHIS2: one call deletes one value, never a whole return by sex and age,
        // and the refusal lists the combos the element has (the importer's own words for a row without its combo).
        api.MapDelete("/dataValues", async Task<Results<NoContent, Refused>> (string de, string pe, string ou, string? co, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!user.CanWriteData)
            {
                return Refuse(Refusal.Forbidden("您的角色不能填报或删除数据"));
            }
            var row = new SourceRow(2, new Dictionary<string, string>
            {
                ["dataelement"] = de,
                ["period"] = pe,
                ["orgunit"] = ou,
                ["categoryoptioncombo"] = co ?? "",
                ["value"] = "",
            });
            var importer = await user.ValueImporterAsync(cancellationToken: ct, deleteBlankValues: true);
            var result = await importer.ImportAsync([new SourceTable("DELETE", InterchangeKind.DataValues, [row])], user.Name, "API 删除数据值", cancellationToken: ct);
            if (!result.Succeeded)
            {
                var message = string.Join("; ", result.Issues.Where(i => i.IsError).Select(i => i.Message));
                return Refuse(new Refusal(KindOf(result.Issues), message));
            }
            return importer.Deleted > 0 ? TypedResults.NoContent() : Refuse(Refusal.NotFound("没有这个数据值"));
        }).WithName("DeleteDataValue").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("删除一个数据值 (de 数据元, pe 期间, ou 机构, co 类别选项组合: 分类别的数据元必填, 写各类别选项代码以 . 相连或其标识码; 审计留痕; 已上报、已审核或已锁定的期间不能删除)");
    }

    /// <summary>Every content type the handler reads, so routing sends each of them here (DHIS2's own clients send application/csv).</summary>
    private static readonly string[] BodyTypes =
        ["application/json", "text/json", "text/csv", "application/csv", "application/adx+xml", "application/xml", "text/xml"];

    /// <summary>An answer lists this many conflicts (and as many warnings) and counts the rest: a 300k-row file's errors are not a 100 MB body.</summary>
    private const int ListedIssues = 100;

    /// <summary>
    /// Whose the refusal of a whole import is, from its errors' kinds: the caller's when any row is outside their scope, the
    /// store's when only its state stands in the way (locked when every such row is), else the request's.
    /// </summary>
    private static RefusalKind KindOf(IReadOnlyList<ImportIssue> issues)
    {
        var errors = issues.Where(i => i.IsError).ToList();
        return errors.Any(i => i.Kind == RefusalKind.Forbidden) ? RefusalKind.Forbidden
            : errors.Count > 0 && errors.All(i => i.Kind == RefusalKind.Locked) ? RefusalKind.Locked
            : errors.Count > 0 && errors.All(i => i.Kind is RefusalKind.Conflict or RefusalKind.Locked) ? RefusalKind.Conflict
            : RefusalKind.Invalid;
    }

    private static int StatusOf(IReadOnlyList<ImportIssue> issues) => Hosting.Problems.Answer(KindOf(issues)).Status;

    private static ImportWarning Warning(ImportIssue i) => new(i.Line, i.Location, i.Message, i.IsError);

    /// <summary>
    /// The answer a DHIS2 client reads (an ImportSummary: status, importCount, conflicts as object/value), with our own
    /// fields beside it (imported, deleted, warnings, each conflict's line and message) for the clients written for them.
    /// </summary>
    private static JsonHttpResult<ImportSummary> Summary(string status, ImportCount count, IReadOnlyList<ImportIssue> issues, bool dryRun, int statusCode)
    {
        var errors = issues.Where(i => i.IsError).ToList();
        var warnings = issues.Where(i => !i.IsError).ToList();
        var unlisted = Math.Max(0, errors.Count - ListedIssues);
        var description = status == "ERROR" ? "导入失败, 未写入任何数据" : dryRun ? "试运行: 已检查, 未写入任何数据" : "导入完成";
        return TypedResults.Json(new ImportSummary("ImportSummary", status,
            unlisted > 0 ? $"{description}; 共 {errors.Count:N0} 项错误, 列出前 {ListedIssues} 项, 另有 {unlisted:N0} 项未列出" : description,
            dryRun, count, count.Imported + count.Updated, count.Deleted,
            [.. errors.Take(ListedIssues).Select(i => new ImportConflict(i.Line > 0 ? $"{i.Location}:{i.Line}" : i.Location, i.Message, i.Line, i.Location, i.Message, true))],
            unlisted, [.. warnings.Take(ListedIssues).Select(Warning)], Math.Max(0, warnings.Count - ListedIssues)), statusCode: statusCode);
    }
}

/// <summary>The values of <c>GET /api/dataValueSets</c>, as DHIS2 writes them.</summary>
public sealed record DataValueSetAnswer(IReadOnlyList<DataValueAnswer> DataValues);

/// <summary>One value: element, period and unit codes, the value written plainly (no exponent, no trailing zeros).</summary>
/// <summary>One value as DHIS2 writes it; <c>categoryOptionCombo</c> is the option codes in category order (absent for an element without categories).</summary>
public sealed record DataValueAnswer(string DataElement, string Period, string OrgUnit, string Value,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? CategoryOptionCombo = null);

/// <summary>DHIS2's importCount: values new, changed, sent unchanged, and deleted (an empty value).</summary>
public sealed record ImportCount(int Imported, int Updated, int Ignored, int Deleted);

/// <summary>
/// The answer of <c>POST /api/dataValueSets</c> a DHIS2 client reads (an ImportSummary: status SUCCESS, WARNING or ERROR,
/// importCount, conflicts as object/value), with our own fields beside it (imported, deleted, warnings, each conflict's
/// line and message) for the clients written for them; at most 100 conflicts and 100 warnings are listed, the rest counted.
/// </summary>
public sealed record ImportSummary(string ResponseType, string Status, string Description, bool DryRun, ImportCount ImportCount, int Imported, int Deleted,
    IReadOnlyList<ImportConflict> Conflicts, int ConflictsNotListed, IReadOnlyList<ImportWarning> Warnings, int WarningsNotListed);

/// <summary>An error of an import: DHIS2's object (file:line) and value (the reason), and the same as line, location and message.</summary>
public sealed record ImportConflict(string Object, string Value, int Line, string Location, string Message, bool Error);

/// <summary>A warning of an import (written anyway).</summary>
public sealed record ImportWarning(int Line, string Location, string Message, bool Error);
