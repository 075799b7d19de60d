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
        api.MapGet("/plans", async (YardstickDb db, CancellationToken ct) =>
            (await db.Plans.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct))
                .Select(p => new { code = p.Code, name = p.Name, baseYear = p.BaseYear, startYear = p.StartYear, endYear = p.EndYear }))
            .WithSummary("规划");

        api.MapGet("/plans/{code}/evaluation", async (string code, string? orgunit, int? year, bool? children, CurrentUser user, YardstickDb db,
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
            var (rows, error) = await Evaluations.PlanAsync(db, live, code, unit.Code, judgedYear, children ?? false, ct);
            if (rows is null)
            {
                return Refuse(Refusal.NotFound(error!));
            }
            var (documentTargets, _) = await Evaluations.DocumentTargetsAsync(db, live, code, unit.Code, judgedYear, ct);
            var references = await Data.Documents.DocumentTargets.ReferencesAsync(db, await db.Plans.AsNoTracking().FirstAsync(p => p.Code == code, ct), ct);
            return Results.Json(EvaluationJson.Of(rows, documentTargets ?? [], references));
        }).WithSummary("规划目标的评价 (同 yardstick evaluate --plan --format json)");

        api.MapGet("/plans/{code}/scorecard", async (string code, string? orgunit, int? year, CurrentUser user, YardstickDb db, LiveEngine live,
            TimeProvider time, CancellationToken ct) =>
        {
            var (plan, unit, refusal) = await PlanAndUnitAsync(code, orgunit, year, user, db, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            var assessedYear = year ?? Pages.Screens.DefaultYear(live, time, unit);
            // A stored scheme's bad lines (saved before the limits) are left out of the scoring and named in schemeWarnings.
            var stored = await Assessments.SchemeCsvAsync(db, plan.Id, unit.Id, assessedYear, ct) is { } csv ? ScoringScheme.Parse(csv) : default;
            var (report, error) = await ScorecardReport.BuildAsync(db, live, code, unit.Code, assessedYear, stored.Items, LocalClock.Today(time), ct);
            if (report is null)
            {
                return Refuse(Refusal.Invalid(error ?? ""));
            }
            var assessment = await Assessments.GetAsync(db, plan.Id, unit.Id, assessedYear, ct);
            return Results.Json(new
            {
                plan = code,
                orgUnit = unit.Code,
                year = assessedYear,
                state = assessment is null ? "draft" : assessment.State == AssessmentState.Final ? "final" : "published",
                scheme = report.Scored.Select(s => new { key = s.Key, name = report.Names[s.Key], weight = s.Weight, rule = ScorecardReport.RuleName(s.Rule), deduction = s.Deduction, floor = s.Floor }),
                schemeWarnings = stored.Errors ?? [],
                unmeasured = report.Unmeasured,
                unmeasuredWhy = report.UnmeasuredWhy,
                units = report.Units.Select(u => new
                {
                    rank = u.Rank,
                    orgUnit = u.OrgUnitCode,
                    name = u.OrgUnitName,
                    total = u.Total,
                    vetoed = u.Vetoed,
                    previousTotal = u.PreviousTotal,
                    previousRank = u.PreviousRank,
                    items = u.Items.Select(i => new { key = i.Key, points = Math.Round(i.Points, 4), status = Core.Targets.TargetStatuses.Word(i.Status), met = i.Met, note = i.Note }),
                }),
                published = assessment?.Table,
                notes = report.Notes(),
            });
        }).WithSummary("考核: 下级单位按本级计分方案 (未设定则等权) 的得分与排名; 已公示或定稿时附公示的表");

        api.MapPut("/plans/{code}/scheme", async (string code, string? orgunit, int year, HttpRequest request, CurrentUser user, YardstickDb db, TimeProvider time,
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
                ? Results.Json(new { items = ScoringScheme.Parse(csv).Items.Select(i => new { key = i.Key, weight = i.Weight, rule = ScorecardReport.RuleName(i.Rule) }) })
                : Hosting.Problems.Result(refusals[0], new Dictionary<string, object?> { ["errors"] = refusals.Select(r => r.Message).ToList() });
        }).WithSummary("保存计分方案: 请求体为 CSV (indicator,weight,rule,deduction,floor; Content-Type text/csv); 空请求体恢复等权; 有误时为问题详情, errors 列出各行");

        api.MapGet("/targets", async (string? plan, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, ct);
            var targets = await db.Targets.AsNoTracking().ToListAsync(ct);
            // Only the targets' own units are read, then kept when they lie in the caller's scope.
            var ids = targets.Select(t => t.OrgUnitId).Distinct().ToList();
            var scope = await user.ScopeAsync(ct);
            var units = (await db.OrgUnits.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct))
                .Where(u => scope is not null && u.IsWithin(scope)).ToDictionary(u => u.Id);
            return targets.Where(t => units.ContainsKey(t.OrgUnitId) && (plan is null || plans[t.PlanId].Code == plan))
                .Select(t => new
                {
                    id = t.Id,
                    plan = plans[t.PlanId].Code,
                    indicator = indicators[t.IndicatorId].Code,
                    orgunit = units[t.OrgUnitId].Code,
                    baselineYear = t.BaselineYear,
                    baselineValue = t.BaselineValue,
                    targetYear = t.TargetYear,
                    targetValue = t.TargetValue,
                    targetUpper = t.TargetUpper,
                    comparator = Core.Targets.Comparators.Word(t.Comparator),
                    nature = Core.Targets.TargetNatures.Chinese(t.Nature),
                });
        }).WithSummary("本级及下级的规划目标");

        api.MapPost("/plans/{code}/assessment", async (string code, string? orgunit, int year, AssessmentAction body, CurrentUser user, YardstickDb db,
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
            return Results.Json(new
            {
                state = after is null ? "draft" : after.State == AssessmentState.Final ? "final" : "published",
                appealUntil = after?.AppealUntil,
                appeals = after?.Appeals.Select(a => new { id = a.Id, orgUnit = a.UnitName, state = a.State, body = a.Body, reply = a.Reply }),
            });
        }).WithSummary("考核: 发布公示 (publish, appealDays)、申诉 (appeal, text)、答复申诉 (answer, appeal, accepted, text)、定稿 (finalize); 与他人同时操作时后到者 409");
    }

    /// <summary>The content types a scheme's CSV is taken in.</summary>
    private static readonly string[] SchemeTypes = ["text/csv", "application/csv", "text/plain"];

    /// <summary>The appeal window when a publish names none, as the page offers it.</summary>
    private const int DefaultAppealDays = 7;

    /// <summary>One 考核 step as asked: the action and what it needs.</summary>
    public sealed record AssessmentAction(string? Action, int? AppealDays, string? Text, long? Appeal, bool? Accepted);

    /// <summary>The plan and the unit a plan route asks for, or the refusal: 400 for a year out of range, 404/403 for the unit, 404 for the plan.</summary>
    private static async Task<(Core.Targets.Plan Plan, Core.Model.OrgUnit Unit, IResult? Refusal)> PlanAndUnitAsync(string code, string? orgunit, int? year,
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
