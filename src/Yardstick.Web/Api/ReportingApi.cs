using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data;
using Yardstick.Data.Reporting;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>
/// The reporting cycle over the API: data sets, 上报 (submissions), 审核 / 退回 / 取消审核 (approvals), where each report
/// stands, and completeness with timeliness — the same <see cref="ReportingCycle"/> the pages call.
/// </summary>
public static class ReportingApi
{
    public sealed record SubmissionBody(string? OrgUnit, string? Period);

    public sealed record ApprovalBody(string? OrgUnit, string? Period, string? Action, string? Reason, Dictionary<string, string>? FieldReasons);

    public static void MapReportingApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);

        api.MapGet("/dataSets", async Task<Ok<DataSetAnswer[]>> (YardstickDb db, CancellationToken ct) =>
            TypedResults.Ok((await ReportingCycle.ListAsync(db, ct))
                .Select(d => new DataSetAnswer(d.Code, d.Name, d.PeriodType.Name(), d.ElementCodes, d.Assign.Split(';'), d.DueDays, d.LockDays)).ToArray()))
            .WithName("ListDataSets").WithSummary("数据集 (报表): 数据元、报送周期、报送单位、截止与锁定天数");

        api.MapPost("/dataSets/{code}/submissions", async Task<Results<Ok<ReportStatusAnswer>, Refused>> (string code, SubmissionBody body, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var (dataSet, unit, period, refusal) = await ResolveAsync(db, user, code, body.OrgUnit, body.Period, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            var outcome = await ReportingCycle.SubmitAsync(db, await user.ReportingActorAsync(ct), dataSet!, unit!, period, time.GetUtcNow(), ct);
            return outcome is null ? await StatusJsonAsync(db, dataSet!, unit!, period, ct) : Refuse(outcome);
        }).WithName("SubmitReport").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("上报一个单位一个期间的报表 {\"orgUnit\",\"period\"}");

        api.MapPost("/dataSets/{code}/approvals", async Task<Results<Ok<ReportStatusAnswer>, Refused>> (string code, ApprovalBody body, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var (dataSet, unit, period, refusal) = await ResolveAsync(db, user, code, body.OrgUnit, body.Period, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            var outcome = await ReportingCycle.DecideAsync(db, await user.ReportingActorAsync(ct), dataSet!, unit!, period,
                (body.Action ?? "").Trim().ToLowerInvariant(), body.Reason, body.FieldReasons, time.GetUtcNow(), ct);
            return outcome is null ? await StatusJsonAsync(db, dataSet!, unit!, period, ct) : Refuse(outcome);
        }).WithName("DecideReport").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("审核: {\"orgUnit\",\"period\",\"action\":\"approve|return|unapprove|accept|unaccept|unlock\",\"reason\",\"fieldReasons\":{数据元代码:原因}}; 退回必须写原因");

        api.MapGet("/dataSets/{code}/status", async Task<Results<Ok<ReportStatusAnswer[]>, Refused>> (string code, string? orgUnit, string? period, bool? children, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            var (dataSet, unit, p, refusal) = await ResolveAsync(db, user, code, orgUnit, period, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            var units = children == true
                ? [unit!, .. (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == unit!.Id).OrderBy(u => u.Code).ToListAsync(ct)).Where(u => u.Kind.IsArea())]
                : new List<OrgUnit> { unit! };
            var statuses = await ReportingCycle.StatusAsync(db, dataSet!, units, p, ct);
            return TypedResults.Ok(statuses.Select(StatusJson).ToArray());
        }).WithName("ReportStatuses").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("报表状态: 每个单位 {orgUnit, period, state: not_started|saved|submitted|returned|approved, submittedAt, onTime}; children=true 含直属下级");

        api.MapGet("/completeness", async Task<Results<Ok<CompletenessAnswer>, Refused>> (string dataSet, string? orgUnit, string? period, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var (set, unit, p, refusal) = await ResolveAsync(db, user, dataSet, orgUnit, period, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            var c = await Completeness.OfAsync(db, set!, unit!, p, LocalClock.Today(time), ct);
            return TypedResults.Ok(new CompletenessAnswer(set!.Code, unit!.Code, p.ToString(), c.Expected, c.Reported, c.OnTime, c.Approved, c.Overdue,
                set.DueDate(p).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }).WithName("ReportCompleteness").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("完整性与及时性: 应报、已报 (上报或审核)、按时、已审核单位数, 含全部下级");
    }

    /// <summary>The data set, the unit (in the caller's scope) and the period of the data set's type, or the refusal.</summary>
    private static async Task<(DataSet? Set, OrgUnit? Unit, Period Period, Refused? Refusal)> ResolveAsync(YardstickDb db, CurrentUser user,
        string code, string? orgUnit, string? period, CancellationToken ct)
    {
        if (await ReportingCycle.FindAsync(db, code, ct) is not { } set)
        {
            return (null, null, default, Refuse(Refusal.NotFound($"未知的数据集代码 \"{Core.Model.InputLimits.Echo(code)}\"")));
        }
        var (unit, exists) = await user.UnitAsync(orgUnit, ct);
        if (!exists)
        {
            return (null, null, default, Refuse(Refusal.NotFound($"未知的组织机构代码 \"{Core.Model.InputLimits.Echo(orgUnit)}\"")));
        }
        if (unit is null)
        {
            return (null, null, default, Refuse(Refusal.Forbidden("该机构不在您的机构范围内")));
        }
        var (p, reason) = ReportingCycle.PeriodFor(set, period);
        return reason is null ? (set, unit, p, null) : (null, null, default, Refuse(Refusal.Invalid(reason)));
    }

    private static async Task<Ok<ReportStatusAnswer>> StatusJsonAsync(YardstickDb db, DataSet set, OrgUnit unit, Period period, CancellationToken ct) =>
        TypedResults.Ok(StatusJson((await ReportingCycle.StatusAsync(db, set, [unit], period, ct))[0]));

    private static ReportStatusAnswer StatusJson(ReportStatus s) => new(s.Unit.Code, s.Period.ToString(), s.State.Word(), s.StateText, s.Assigned,
        (s.SubmittedAt is { } submitted ? TimeZoneInfo.ConvertTime(submitted, LocalClock.Zone) : (DateTimeOffset?)null)?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        s.OnTime, s.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        s.State == ReportState.Returned ? s.Recorded?.Reason : null,
        s.State == ReportState.Returned ? ReportingCycle.FieldReasons(s.Recorded) : null)
    {
        ApprovalLevels = s.Levels is { Count: > 0 } levels
            ? [.. levels.Select((tier, i) => new ApprovalLevelAnswer(tier.Code(), Core.Reporting.ApprovalLevels.Short(tier), i < s.Passed,
                // A level above the bottom of a set that requires 接收 has received the report once it approved it or received it.
                s.Acceptance && i > 0 ? i < s.Passed || (i == s.Passed && s.Accepted) : null))]
            : null,
    };
}

/// <summary>
/// One approval level of a report: the tier (county, city …), its short name (县, 市), whether it has approved, and — only for a
/// level that must receive (接收) the report from the level below before approving it — whether it has received it.
/// </summary>
public sealed record ApprovalLevelAnswer(string Level, string Name, bool Approved,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Accepted = null);

/// <summary>A data set of <c>GET /api/dataSets</c>: its period type, elements, the unit kinds that report it, and its due and lock days.</summary>
public sealed record DataSetAnswer(string Code, string Name, string PeriodType, IReadOnlyList<string> Elements, IReadOnlyList<string> Assign, int DueDays, int LockDays);

/// <summary>Where one unit's report stands: state as stored and in Chinese, when it was submitted (Beijing time), on time, and a return's reasons.
/// State stays the cycle's word (submitted while some levels of a data set approved level by level have approved); StateName
/// says where it is (县已审核), and ApprovalLevels lists each level bottom up with whether it has approved (absent without levels).</summary>
public sealed record ReportStatusAnswer(string OrgUnit, string Period, string State, string StateName, bool Assigned, string? SubmittedAt, bool? OnTime, string DueDate,
    string? Reason, IReadOnlyDictionary<string, string>? FieldReasons)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ApprovalLevelAnswer>? ApprovalLevels { get; init; }
}

/// <summary>Completeness and timeliness of a data set under a unit for a period: units expected, reported, on time, approved and overdue.</summary>
public sealed record CompletenessAnswer(string DataSet, string OrgUnit, string Period, int Expected, int Reported, int OnTime, int Approved, int Overdue, string DueDate);
