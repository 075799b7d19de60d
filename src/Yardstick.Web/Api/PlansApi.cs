using Microsoft.AspNetCore.Http.HttpResults;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Core.Scorecards;
using Yardstick.Data.Reports;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>Plans and their targets: a plan judged at a unit (and its children), the 考核 scorecard, the scoring scheme a planner stores, the targets.</summary>
public static class PlansApi
{
    public static void MapPlansApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/plans", async Task<Ok<PlanAnswer[]>> (YardstickDb db, CancellationToken ct) =>
            TypedResults.Ok((await db.Plans.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct))
                .Select(p => new PlanAnswer(p.Code, p.Name, p.BaseYear, p.StartYear, p.EndYear)).ToArray()))
            .WithName("ListPlans").WithSummary("规划");

        // The rows are of two kinds (stored targets, a document's targets) and carry the CLI's snake_case keys: documented as open objects.
        api.MapGet("/plans/{code}/evaluation", async Task<Results<Ok<IEnumerable<Dictionary<string, object?>>>, Refused>> (string code, string? orgunit, int? year, bool? children, string? group, string? approved, CurrentUser user, YardstickDb db,
            LiveEngine live, TimeProvider time, CancellationToken ct) =>
        {
            if (year is { } y && RefuseYear(y) is { } badYear)
            {
                return badYear;
            }
            var (unit, refusal) = await ScopedUnitAsync(user, orgunit, ct);
            if (unit is null)
            {
                return refusal!;
            }
            // The same default year as every screen: the latest that can be judged (IndicatorEngine.DefaultYear).
            var judgedYear = year ?? Pages.Screens.DefaultYear(live, time, unit, await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct));
            group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
            if (!string.IsNullOrWhiteSpace(approved) && !Data.Reporting.ApprovedReports.TryParseLevel(approved, out _))
            {
                return Refuse(Refusal.Invalid($"无法识别的审核层级 \"{Core.Model.InputLimits.Echo(approved)}\" (应为 市、县、level:2 等, 或 全部)"));
            }
            var (rows, error) = await Evaluations.PlanAsync(db, live, code, unit.Code, judgedYear, children ?? false, group,
                string.IsNullOrWhiteSpace(approved) ? null : approved, ct);
            if (rows is null)
            {
                return Refuse(Refusal.NotFound(error!));
            }
            // A document's own targets are recorded per unit, which no group restricts.
            var (documentTargets, _) = group is not null ? (null, null) : await Evaluations.DocumentTargetsAsync(db, live, code, unit.Code, judgedYear, ct);
            var references = await Data.Documents.DocumentTargets.ReferencesAsync(db, await db.Plans.AsNoTracking().FirstAsync(p => p.Code == code, ct), ct);
            return TypedResults.Ok(EvaluationJson.Of(rows, documentTargets ?? [], references));
        }).WithName("EvaluatePlan").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("规划目标的评价 (同 yardstick evaluate --plan --format json); group: 只计该机构分组在本机构 (及各下级) 之内的成员, 没有成员的下级不列; approved: 只统计审核到该层级的报表数据");

        api.MapGet("/plans/{code}/scorecard", async Task<Results<Ok<ScorecardAnswer>, Refused>> (string code, string? orgunit, int? year, string? group, CurrentUser user, YardstickDb db,
            LiveEngine live, TimeProvider time, CancellationToken ct) =>
        {
            var (plan, unit, refusal) = await PlanAndUnitAsync(code, orgunit, year, user, db, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
            if (group is not null && (await Data.OrgUnits.OrgUnitGroups.FindAsync(db, group, ct)).Error is { } unknownGroup)
            {
                return Refuse(Refusal.NotFound(unknownGroup));
            }
            var assessedYear = year ?? Pages.Screens.DefaultYear(live, time, unit);
            // A stored scheme's bad lines (saved before the limits) are left out of the scoring and named in schemeWarnings.
            var stored = await Assessments.SchemeCsvAsync(db, plan.Id, unit.Id, assessedYear, ct) is { } csv ? ScoringScheme.Parse(csv) : default;
            var (report, error) = await ScorecardReport.BuildAsync(db, live, code, unit.Code, assessedYear, stored.Items, LocalClock.Today(time), ct, group);
            if (report is null)
            {
                return Refuse(Refusal.Invalid(error ?? ""));
            }
            var assessment = await Assessments.GetAsync(db, plan.Id, unit.Id, assessedYear, ct);
            return TypedResults.Ok(new ScorecardAnswer(code, unit.Code, assessedYear, StateWord(assessment),
                [.. report.Scored.Select(s => new SchemeItemAnswer(s.Key, report.Names[s.Key], s.Weight, ScorecardReport.RuleName(s.Rule), s.Deduction, s.Floor))],
                stored.Errors ?? [], report.Unmeasured, report.UnmeasuredWhy,
                [.. report.Units.Select(u => new UnitScoreAnswer(u.Rank, u.OrgUnitCode, u.OrgUnitName, u.Total, u.Vetoed, u.PreviousTotal, u.PreviousRank,
                    [.. u.Items.Select(i => new ItemScoreAnswer(i.Key, Math.Round(i.Points, 4), Core.Targets.TargetStatuses.Word(i.Status), i.Met, i.Note))]))],
                // The table published is the whole units': a view restricted to a group is not the published 考核.
                group is null ? assessment?.Table : null, report.Notes())
            {
                Group = report.GroupCode,
                Heading = report.GroupCode is null ? null : report.OrgUnitName,
                GroupDefinition = report.GroupDefinition,
            });
        }).WithName("PlanScorecard").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("考核: 下级单位按本级计分方案 (未设定则等权) 的得分与排名; 已公示或定稿时附公示的表; group: 各下级单位只计该机构分组在其之内的成员, 没有成员的下级单位不列");

        api.MapPut("/plans/{code}/scheme", async Task<Results<Ok<SchemeAnswer>, Refused>> (string code, string? orgunit, int year, HttpRequest request, CurrentUser user, YardstickDb db, TimeProvider time,
            CancellationToken ct) =>
        {
            var (plan, unit, refusal) = await PlanAndUnitAsync(code, orgunit, year, user, db, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            if (!user.CanPlan)
            {
                return Refuse(Refusal.Forbidden("只有规划管理人员可以修改计分方案"));
            }
            // A body of another type (a form, JSON) is not read as CSV: it would only come back as a confusing 第1行 error. A body
            // without a type is 415 already (RequestBodies); no body at all is the reset to equal weights.
            if (request.ContentType is { Length: > 0 } type && !SchemeTypes.Contains(type.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return Refuse(new Refusal(RefusalKind.UnsupportedType, $"计分方案应为 CSV: Content-Type 应为 {string.Join("、", SchemeTypes)} 之一 (收到 {Echo(type)})"));
            }
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var csv = await reader.ReadToEndAsync(ct);
            var refusals = await Assessments.SaveSchemeAsync(db, plan, unit, year, csv, new AssessmentActor(user.Name, await user.ScopeAsync(ct), true, false, user.Address),
                time.GetUtcNow(), ct);
            return refusals.Count == 0
                ? TypedResults.Ok(new SchemeAnswer([.. ScoringScheme.Parse(csv).Items.Select(i => new SchemeWeightAnswer(i.Key, i.Weight, ScorecardReport.RuleName(i.Rule)))]))
                : new Refused(refusals[0], new Dictionary<string, object?> { ["errors"] = refusals.Select(r => r.Message).ToList() });
        }).WithName("SaveScoringScheme").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict, RefusalKind.UnsupportedType).WithSummary("保存计分方案: 请求体为 CSV (indicator,weight,rule,deduction,floor; Content-Type text/csv); 空请求体恢复等权; 有误时为问题详情, errors 列出各行");

        api.MapGet("/targets", async Task<Ok<TargetAnswer[]>> (string? plan, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
            var targets = await db.Targets.AsNoTracking().ToListAsync(ct);
            // Only the targets' own units are read, then kept when they lie in the caller's scope.
            var ids = targets.Select(t => t.OrgUnitId).Distinct().ToList();
            var scope = await user.ScopeAsync(ct);
            var units = (await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct))
                .Where(u => scope is not null && u.IsWithin(scope)).ToDictionary(u => u.Id);
            return TypedResults.Ok(targets.Where(t => units.ContainsKey(t.OrgUnitId) && (plan is null || plans[t.PlanId].Code == plan))
                .Select(t => new TargetAnswer(t.Id, plans[t.PlanId].Code, indicators[t.IndicatorId].Code, units[t.OrgUnitId].Code, t.BaselineYear, t.BaselineValue,
                    t.TargetYear, t.TargetValue, t.TargetUpper, Core.Targets.Comparators.Word(t.Comparator), Core.Targets.TargetNatures.Chinese(t.Nature))).ToArray());
        }).WithName("ListTargets").Refuses(RefusalKind.Invalid).WithSummary("本级及下级的规划目标");

        api.MapPost("/plans/{code}/assessment", async Task<Results<Ok<AssessmentAnswer>, Refused>> (string code, string? orgunit, int year, AssessmentAction body, CurrentUser user, YardstickDb db,
            LiveEngine live, TimeProvider time, CancellationToken ct) =>
        {
            if (RefuseYear(year) is { } badYear)
            {
                return badYear;
            }
            // The units scored appeal to the assessing unit above them, outside their own scope: the unit is looked up
            // plainly and Assessments decides who may do what to it (403), as the page does.
            var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
            var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == (orgunit ?? "").Trim(), ct);
            if (plan is null || unit is null)
            {
                return Refuse(Refusal.NotFound(plan is null ? $"未知的规划代码 \"{Core.Model.InputLimits.Echo(code)}\"" : $"未知的组织机构 \"{Core.Model.InputLimits.Echo(orgunit)}\""));
            }
            var actor = new AssessmentActor(user.Name, await user.ScopeAsync(ct), user.CanPlan, user.CanWriteData || user.CanWriteTasks || user.CanReview, user.Address);
            var now = time.GetUtcNow();
            var assessment = await Assessments.GetAsync(db, plan.Id, unit.Id, year, ct);
            var refusal = body.Action switch
            {
                "publish" when Core.Model.InputLimits.AppealDaysRefusal(body.AppealDays ?? DefaultAppealDays, ApiFields.Name("appealDays") + " ") is { } badDays => Refusal.Invalid(badDays, "appealDays"),
                "publish" => (await Assessments.PublishAsync(db, live, plan, unit, year, body.AppealDays ?? DefaultAppealDays, actor, now, ct)).Refusal,
                "appeal" when assessment is not null => await Assessments.AppealAsync(db, assessment, body.Text ?? "", null, null, actor, now, ct),
                "answer" when assessment is not null => await Assessments.AnswerAsync(db, assessment, body.Appeal ?? 0, body.Accepted ?? false, body.Text ?? "", unit, actor, now, ct),
                "finalize" when assessment is not null => await Assessments.FinalizeAsync(db, live, plan, unit, assessment, actor, now, ct),
                "appeal" or "answer" or "finalize" => Refusal.Conflict("本年度考核尚未公示"),
                _ => Refusal.Invalid($"未知的考核操作 \"{Core.Text.InputText.Clean(body.Action ?? "")}\" (应为 publish、appeal、answer 或 finalize)", "action"),
            };
            if (refusal is not null)
            {
                return Refuse(refusal);
            }
            var after = await Assessments.GetAsync(db, plan.Id, unit.Id, year, ct);
            return TypedResults.Ok(new AssessmentAnswer(StateWord(after), after?.AppealUntil,
                after is null ? null : [.. after.Appeals.Select(a => new AppealAnswer(a.Id, a.UnitName, a.State, a.Body, a.Reply))]));
        }).WithName("AssessmentStep").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound, RefusalKind.Conflict).WithSummary("考核: 发布公示 (publish, appealDays)、申诉 (appeal, text)、答复申诉 (answer, appeal, accepted, text)、定稿 (finalize); 与他人同时操作时后到者 409");
    }

    /// <summary>The content types a scheme's CSV is taken in.</summary>
    private static readonly string[] SchemeTypes = ["text/csv", "application/csv", "text/plain"];

    /// <summary>The appeal window when a publish names none, as the page offers it.</summary>
    private const int DefaultAppealDays = 7;

    /// <summary>One 考核 step as asked: the action and what it needs.</summary>
    public sealed record AssessmentAction(string? Action, int? AppealDays, string? Text, long? Appeal, bool? Accepted);

    /// <summary>The plan and the unit a plan route asks for, or the refusal: 400 for a year out of range, 404/403 for the unit, 404 for the plan.</summary>
    /// <summary>A 考核's state as the API words it: draft (not yet published), published, final.</summary>
    private static string StateWord(Assessment? assessment) => assessment is null ? "draft" : assessment.State == AssessmentState.Final ? "final" : "published";

    private static async Task<(Core.Targets.Plan Plan, Core.Model.OrgUnit Unit, Refused? Refusal)> PlanAndUnitAsync(string code, string? orgunit, int? year,
        CurrentUser user, YardstickDb db, CancellationToken ct)
    {
        if (year is { } y && RefuseYear(y) is { } badYear)
        {
            return (null!, null!, badYear);
        }
        var (unit, refusal) = await ScopedUnitAsync(user, orgunit, ct);
        if (unit is null)
        {
            return (null!, null!, refusal!);
        }
        return await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct) is { } plan
            ? (plan, unit, null)
            : (null!, null!, Refuse(Refusal.NotFound($"未知的规划代码 \"{Core.Model.InputLimits.Echo(code)}\"")));
    }
}

/// <summary>A plan of <c>GET /api/plans</c>: its base year and the years it covers.</summary>
public sealed record PlanAnswer(string Code, string Name, int BaseYear, int StartYear, int EndYear);

/// <summary>A stored target of <c>GET /api/targets</c>: comparator as its word (ge, le …), nature in Chinese (预期性, 约束性).</summary>
public sealed record TargetAnswer(long Id, string Plan, string Indicator, string Orgunit, int? BaselineYear, decimal? BaselineValue, int TargetYear, decimal? TargetValue,
    decimal? TargetUpper, string Comparator, string Nature);

/// <summary>
/// The 考核 of <c>GET /api/plans/{code}/scorecard</c>: the scheme as scored, the scheme's stored bad lines, the items not
/// scored and why, each unit's points and rank (and last year's), the table as published once it is, and the notes.
/// </summary>
public sealed record ScorecardAnswer(string Plan, string OrgUnit, int Year, string State, IReadOnlyList<SchemeItemAnswer> Scheme, IReadOnlyList<string> SchemeWarnings,
    IReadOnlyList<string> Unmeasured, IReadOnlyDictionary<string, string> UnmeasuredWhy, IReadOnlyList<UnitScoreAnswer> Units, AssessmentTable? Published,
    IReadOnlyList<string> Notes)
{
    /// <summary>The org-unit group the 考核 is restricted to (absent for the whole units).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }

    /// <summary>With a group: "通辽市 · 农村牧区", as the page heads it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Heading { get; init; }

    /// <summary>With a group: what the 考核 counts, as said under the page's heading.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? GroupDefinition { get; init; }
}

/// <summary>An item of a scoring scheme as scored: its weight, rule (in Chinese), deduction per point and floor.</summary>
public sealed record SchemeItemAnswer(string Key, string Name, decimal Weight, string Rule, decimal Deduction, decimal Floor);

/// <summary>One unit's line of the 考核.</summary>
public sealed record UnitScoreAnswer(int Rank, string OrgUnit, string Name, decimal Total, bool Vetoed, decimal? PreviousTotal, int? PreviousRank, IReadOnlyList<ItemScoreAnswer> Items);

/// <summary>One item's points for one unit, with the target's status word.</summary>
public sealed record ItemScoreAnswer(string Key, decimal Points, string Status, bool Met, string? Note);

/// <summary>The scheme as saved by <c>PUT /api/plans/{code}/scheme</c>.</summary>
public sealed record SchemeAnswer(IReadOnlyList<SchemeWeightAnswer> Items);

/// <summary>An item of a saved scheme: its weight and rule (in Chinese).</summary>
public sealed record SchemeWeightAnswer(string Key, decimal Weight, string Rule);

/// <summary>A 考核 after a step: its state, the end of the appeal window, and the appeals (none before it is published).</summary>
public sealed record AssessmentAnswer(string State, DateTimeOffset? AppealUntil, IReadOnlyList<AppealAnswer>? Appeals);

/// <summary>An appeal: the unit that filed it, its state as stored (filed, accepted, rejected), what it says and the reply.</summary>
public sealed record AppealAnswer(long Id, string OrgUnit, string State, string Body, string? Reply);
