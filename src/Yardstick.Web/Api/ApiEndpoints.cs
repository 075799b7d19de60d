using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Tasks;
using Yardstick.Data.Reports;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Api;

/// <summary>
/// The JSON API under <c>/api</c>, beside the pages and under the same rules: signed in by cookie or personal access
/// token, 401 without credentials (never a redirect), 403 outside the caller's org-unit subtree or role. Shapes follow
/// the CLI's JSON (evaluations) and DHIS2 (dataValueSets).
/// </summary>
public static class ApiEndpoints
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>Cookie events: pages redirect to sign-in / denied, the API gets the bare status.</summary>
    public static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A refusal as RFC 7807 problem details, its title in Chinese.</summary>
    private static IResult Error(int status, string message) => Results.Problem(title: message, statusCode: status);

    private static IResult? RefuseYear(int year) =>
        LiveEngine.Covers(year) ? null : Error(400, $"年份 {year} 超出范围: 应在 {LiveEngine.FirstYear}–{LiveEngine.LastYear} 之间");

    public static void MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Yardstick");

        api.MapGet("/orgUnits", async (string? q, int? page, int? pageSize, CurrentUser user, YardstickDb db, HttpContext http, CancellationToken ct) =>
        {
            // A province has 21,000+ units: answered a page at a time (X-Total-Count says how many match), optionally searched.
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Results.Json(Array.Empty<object>());
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
            return Results.Json(units.Select(u => new { code = u.Code, name = u.Name, kind = u.Kind.ToString(), level = u.Level, parentId = u.ParentId, id = u.Id }));
        }).WithSummary("本级及下级组织机构 (分页: page, pageSize ≤ 10000; q 按名称或代码搜索; 总数见 X-Total-Count)");

        api.MapGet("/dataElements", async (YardstickDb db, CancellationToken ct) =>
            (await db.DataElements.AsNoTracking().OrderBy(e => e.Code).ToListAsync(ct))
                .Select(e => new { code = e.Code, name = e.Name, valueKind = e.ValueKind.ToString() }))
            .WithSummary("数据元");

        api.MapGet("/indicators", async (YardstickDb db, CancellationToken ct) =>
            (await db.Indicators.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct))
                .Select(i => new { code = i.Code, name = i.Name, numerator = i.Numerator, denominator = i.Denominator, factor = i.Factor, unit = i.Unit, direction = i.Direction.ToString() }))
            .WithSummary("指标");

        api.MapGet("/evaluations", async (string indicator, string orgunit, string period, CurrentUser user, YardstickDb db, LiveEngine live, CancellationToken ct) =>
        {
            if (!Period.TryParse(period, out var p))
            {
                return Error(400, $"无法识别的期间 \"{period}\"");
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
            var (result, error) = await Evaluations.IndicatorAsync(db, live, indicator, unit.Code, p, ct);
            return result is null ? Error(404, error!) : Results.Json(EvaluationJson.Of(result));
        }).WithSummary("指标在某机构、某期间的值 (同 yardstick evaluate --format json)");

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
            var (rows, error) = await Evaluations.PlanAsync(db, live, code, unit.Code, year ?? time.GetUtcNow().Year - 1, children ?? false, ct);
            if (rows is null)
            {
                return Error(404, error!);
            }
            var (documentTargets, _) = await Evaluations.DocumentTargetsAsync(db, live, code, unit.Code, year ?? time.GetUtcNow().Year - 1, ct);
            var references = await Data.Documents.DocumentTargets.ReferencesAsync(db, await db.Plans.AsNoTracking().FirstAsync(p => p.Code == code, ct), ct);
            return Results.Json(EvaluationJson.Of(rows, documentTargets ?? [], references));
        }).WithSummary("规划目标的评价 (同 yardstick evaluate --plan --format json)");

        api.MapGet("/plans/{code}/scorecard", async (string code, string? orgunit, int? year, CurrentUser user, YardstickDb db, LiveEngine live,
            TimeProvider time, CancellationToken ct) =>
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
            if (await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct) is not { } plan)
            {
                return Error(404, $"未知的规划代码 \"{code}\"");
            }
            var assessedYear = year ?? time.GetUtcNow().Year - 1;
            var (report, error) = await ScorecardReport.BuildAsync(db, live, code, unit.Code, assessedYear,
                await Assessments.SchemeAsync(db, plan.Id, unit.Id, assessedYear, ct), ct);
            if (report is null)
            {
                return Error(400, error ?? "");
            }
            var assessment = await Assessments.GetAsync(db, plan.Id, unit.Id, assessedYear, ct);
            return Results.Json(new
            {
                plan = code,
                orgUnit = unit.Code,
                year = assessedYear,
                state = assessment is null ? "draft" : assessment.State == AssessmentState.Final ? "final" : "published",
                scheme = report.Scored.Select(s => new { key = s.Key, name = report.Names[s.Key], weight = s.Weight, rule = ScorecardReport.RuleName(s.Rule), deduction = s.Deduction, floor = s.Floor }),
                unmeasured = report.Unmeasured,
                units = report.Units.Select(u => new
                {
                    rank = u.Rank,
                    orgUnit = u.OrgUnitCode,
                    name = u.OrgUnitName,
                    total = Math.Round(u.Total, 4),
                    vetoed = u.Vetoed,
                    previousTotal = u.PreviousTotal is { } p ? Math.Round(p, 4) : (decimal?)null,
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
            if (RefuseYear(year) is { } badYear)
            {
                return badYear;
            }
            var (unit, refusal) = await ScopedUnitAsync(user, orgunit, ct);
            if (unit is null)
            {
                return refusal!;
            }
            if (await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct) is not { } plan)
            {
                return Error(404, $"未知的规划代码 \"{code}\"");
            }
            if (!user.CanPlan)
            {
                return Error(403, "只有规划管理人员可以修改计分方案");
            }
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var csv = await reader.ReadToEndAsync(ct);
            var errors = await Assessments.SaveSchemeAsync(db, plan, unit, year, csv, new AssessmentActor(user.Name, await user.ScopeAsync(ct), true, false, user.Address),
                time.GetUtcNow(), ct);
            return errors.Count == 0
                ? Results.Json(new { items = ScoringScheme.Parse(csv).Items.Select(i => new { key = i.Key, weight = i.Weight, rule = ScorecardReport.RuleName(i.Rule) }) })
                : Results.Json(new { title = "计分方案有误", errors }, statusCode: errors.Any(e => e.Contains("已公示", StringComparison.Ordinal)) ? 409 : 400);
        }).WithSummary("保存计分方案: 请求体为 CSV (indicator,weight,rule,deduction,floor); 空请求体恢复等权");

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

        api.MapGet("/tasks", async (string? plan, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var viewer = await user.TaskViewerAsync(ct);
            return (await TaskBoard.ListForAsync(db, viewer, plan, ct)).Select(t => TaskJson(t, today, viewer));
        }).WithSummary("重点任务 (督办): 本人机构范围内交办或承办的任务");

        api.MapGet("/tasks/{id:long}", async (long id, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var viewer = await user.TaskViewerAsync(ct);
            return await TaskBoard.GetForAsync(db, viewer, id, ct) is { } task
                ? Results.Json(TaskJson(task, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), viewer, await TaskBoard.UpdatesAsync(db, id, ct)))
                : Error(404, $"没有编号为 {id} 的任务");
        }).WithSummary("一项任务及其办理记录");

        api.MapPost("/tasks", async (TaskCreate body, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (ParseDay(body.Deadline) is { Refusal: { } badDay })
            {
                return badDay;
            }
            var milestones = new List<TaskMilestone>();
            foreach (var m in body.Milestones ?? [])
            {
                if (ParseDay(m.Due) is not { Day: { } due })
                {
                    return Error(400, $"里程碑“{m.Title}”的日期 \"{m.Due}\" 无法识别 (如 2026-12-31)");
                }
                milestones.Add(new TaskMilestone(milestones.Count + 1, m.Title ?? "", due, null));
            }
            if (milestones.FirstOrDefault(m => m.Title.Trim().Length == 0) is not null)
            {
                return Error(400, "里程碑须写明事项");
            }
            var viewer = await user.TaskViewerAsync(ct);
            var outcome = await TaskBoard.CreateAsync(db, new NewTask(body.Title ?? "", body.Plan ?? "", body.Indicators ?? [], body.Leads ?? [], body.Partners ?? [],
                ParseDay(body.Deadline).Day, body.Note ?? "", milestones), viewer, time.GetUtcNow(), ct);
            if (!outcome.Succeeded)
            {
                return Refused(outcome);
            }
            var task = await TaskBoard.GetAsync(db, outcome.TaskId!.Value, ct);
            return Results.Json(TaskJson(task!, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), viewer), statusCode: 201);
        }).WithSummary("交办任务: title, plan, indicators, leads, partners (机构或处室代码), deadline");

        api.MapPost("/tasks/{id:long}/actions", async (long id, TaskActionBody body, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (!TaskWords.TryParseAction(body.Action, out var action))
            {
                return Error(400, $"无法识别的操作 \"{body.Action}\" (应为 assign、receive、report、urge、request_close、close 或 return)");
            }
            if (ParseDay(body.Deadline) is { Refusal: { } badDay })
            {
                return badDay;
            }
            var viewer = await user.TaskViewerAsync(ct);
            var outcome = await TaskBoard.ActAsync(db, id, new TaskActionInput(action, body.Note ?? "", body.Progress, Leads: body.Leads, Partners: body.Partners,
                Deadline: ParseDay(body.Deadline).Day, Milestone: body.Milestone), viewer, time.GetUtcNow(), ct);
            if (!outcome.Succeeded)
            {
                return Refused(outcome);
            }
            var task = await TaskBoard.GetAsync(db, id, ct);
            return Results.Json(TaskJson(task!, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), viewer));
        }).WithSummary("办理任务: receive 签收, report 报送进展, urge 催办, request_close 申请办结, close 销号, return 退回, assign 交办草稿");

        api.MapPatch("/tasks/{id:long}", async (long id, TaskPatch patch, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (ParseDay(patch.Deadline) is { Refusal: { } badDay })
            {
                return badDay;
            }
            var viewer = await user.TaskViewerAsync(ct);
            var outcome = await TaskBoard.EditAsync(db, id, ParseDay(patch.Deadline).Day, patch.Indicators, viewer, time.GetUtcNow(), ct);
            if (!outcome.Succeeded)
            {
                return Refused(outcome);
            }
            var task = await TaskBoard.GetAsync(db, id, ct);
            return Results.Json(TaskJson(task!, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), viewer));
        }).WithSummary("交办单位修改任务时限、关联指标");

        api.MapGet("/messages", async (bool? unread, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Results.Json(Array.Empty<object>());
            }
            var messages = await Inbox.ListAsync(db, scope.Id, 200, ct);
            return Results.Json(messages.Where(m => unread != true || m.ReadAt is null).Select(m => new
            {
                id = m.Id,
                kind = m.Kind,
                kindName = m.KindChinese,
                task = m.TaskId,
                text = m.Body,
                at = Yardstick.Core.Model.LocalClock.Text(m.At),
                read = m.ReadAt is not null,
            }));
        }).WithSummary("本单位的站内消息 (交办、催办、退回、临期与逾期提醒、报表待报与退回)");

        api.MapPost("/messages/read", async (long? id, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is { } scope)
            {
                await Inbox.MarkReadAsync(db, scope.Id, id, time.GetUtcNow(), ct);
            }
            return Results.NoContent();
        }).WithSummary("标记消息已读 (不带 id 为全部)");

        api.MapGet("/dataValueSets", async (string orgUnit, string period, bool? children, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!Period.TryParse(period, out var p))
            {
                return Error(400, $"无法识别的期间 \"{period}\"");
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
            var values = new List<object>();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await foreach (var v in DataValueStore.ReadAsync(db, null, p.Year, p.Year, ct, [.. units.Keys]))
                {
                    if (v.Period == p && units.TryGetValue(v.OrgUnitId, out var u))
                    {
                        values.Add(new { dataElement = elements[v.DataElementId].Code, period = v.Period.ToString(), orgUnit = u.Code, value = Core.Indicators.Rounding.Plain(v.Value) });
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            return Results.Json(new { dataValues = values });
        }).WithSummary("数据值 (DHIS2 dataValueSets 格式)");

        api.MapPost("/dataValueSets", async (HttpRequest request, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (!user.CanWriteData)
            {
                return Error(403, "您的角色不能填报数据");
            }
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            var (tables, issues) = SourceTable.Read("dataValueSets.json", body.ToArray());
            if (issues.Count > 0)
            {
                return Results.Json(new { status = "ERROR", conflicts = issues.Select(Conflict) }, statusCode: 400);
            }
            var importer = await user.ValueImporterAsync(cancellationToken: ct, deleteBlankValues: true);
            var result = await importer.ImportAsync(tables, user.Name, "API dataValueSets", cancellationToken: ct);
            if (!result.Succeeded)
            {
                var outside = result.Issues.Any(i => i.Message.StartsWith("无权", StringComparison.Ordinal));
                return Results.Json(new { status = "ERROR", imported = 0, conflicts = result.Issues.Where(i => i.IsError).Select(Conflict) },
                    statusCode: outside ? 403 : 409);
            }
            return Results.Json(new { status = "SUCCESS", imported = result.Rows.GetValueOrDefault(InterchangeKind.DataValues) - importer.Deleted, deleted = importer.Deleted, warnings = result.Issues.Select(Conflict) });
        }).WithSummary("提交数据值 (DHIS2 格式, 全部成功或全部不写)").Accepts<JsonElement>("application/json");

        api.MapDelete("/dataValues", async (string de, string pe, string ou, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!user.CanWriteData)
            {
                return Error(403, "您的角色不能填报或删除数据");
            }
            var row = new SourceRow(2, new Dictionary<string, string> { ["dataelement"] = de, ["period"] = pe, ["orgunit"] = ou, ["value"] = "" });
            var importer = await user.ValueImporterAsync(cancellationToken: ct, deleteBlankValues: true);
            var result = await importer.ImportAsync([new SourceTable("DELETE", InterchangeKind.DataValues, [row])], user.Name, "API 删除数据值", cancellationToken: ct);
            if (!result.Succeeded)
            {
                var message = string.Join("; ", result.Issues.Where(i => i.IsError).Select(i => i.Message));
                return Error(result.Issues.Any(i => i.Message.StartsWith("无权", StringComparison.Ordinal)) ? 403
                    : result.Issues.Any(i => i.Message.StartsWith("未知", StringComparison.Ordinal) || i.Message.StartsWith("无法识别", StringComparison.Ordinal)) ? 400 : 409, message);
            }
            return importer.Deleted > 0 ? Results.NoContent() : Error(404, "没有这个数据值");
        }).WithSummary("删除一个数据值 (de 数据元, pe 期间, ou 机构; 审计留痕; 已上报、已审核或已锁定的期间不能删除)");

        app.MapReportingApi(api);

        api.MapGet("/audit/verify", async (CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!user.CanAudit)
            {
                return Error(403, "只有安全审计员可以核验审计日志");
            }
            var v = await AuditLog.VerifyAsync(db, ct);
            return Results.Json(new { intact = v.Intact, checkedRows = v.Checked, firstBrokenId = v.FirstBrokenId, problem = v.Problem });
        }).WithSummary("核验审计日志哈希链");
    }

    /// <summary>The unit asked for (the caller's own when none), or 404 for an unknown code and 403 outside the caller's subtree.</summary>
    private static async Task<(OrgUnit? Unit, IResult? Refusal)> ScopedUnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        var (unit, exists) = await user.UnitAsync(code, ct);
        return !exists ? (null, Error(404, $"未知的组织机构代码 \"{code}\""))
            : unit is null ? (null, Error(403, "该机构不在您的机构范围内"))
            : (unit, null);
    }

    private static object Conflict(ImportIssue i) => new { line = i.Line, location = i.Location, message = i.Message, error = i.IsError };

    private static object TaskJson(PlanTask t, DateOnly today, TaskViewer viewer, IReadOnlyList<TaskUpdate>? history = null) => new
    {
        id = t.Id,
        plan = t.PlanCode,
        no = t.No,
        section = t.Section,
        title = t.Title,
        leads = t.Leads,
        responsible = t.Responsible,
        stage = t.Stage.Word(),
        stageName = t.Stage.Chinese(),
        light = t.LightOn(today).Chinese(),
        deadline = t.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        progress = t.Progress,
        indicators = t.IndicatorCodes,
        milestones = t.Steps.Select(m => new
        {
            no = m.No,
            title = m.Title,
            due = m.Due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            doneOn = m.DoneOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }),
        nextDue = t.NextDue?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        assigner = t.Assigner?.Code,
        owners = t.Owners.Select(o => new { code = o.Code, name = o.Name, role = o.IsLead ? "lead" : "partner" }),
        actions = TaskLoop.Allowed(t.Stage, viewer.SidesOn(t)).Select(a => a.Word()),
        history = history?.Select(u => new
        {
            at = Yardstick.Core.Model.LocalClock.Text(u.At),
            actor = u.Actor,
            action = u.Action.Word(),
            stage = u.Stage.Word(),
            progress = u.Progress,
            note = u.Note,
            attachment = u.AttachmentName,
        }),
    };

    private static IResult Refused(TaskOutcome outcome) => Error(outcome.Refusal switch
    {
        TaskRefusal.NotFound => 404,
        TaskRefusal.Forbidden => 403,
        TaskRefusal.Conflict => 409,
        _ => 400,
    }, outcome.Message ?? "");

    /// <summary>A date as the API takes it (2026-12-31), or the 400 answer; none given is no date.</summary>
    private static (DateOnly? Day, IResult? Refusal) ParseDay(string? text) =>
        string.IsNullOrWhiteSpace(text) ? (null, null)
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? (d, null)
        : (null, Error(400, $"无法识别的日期 \"{text}\" (如 2026-12-31)"));
}

/// <summary>The body of <c>POST /api/tasks</c> (交办): owners are org-unit codes, a commission's departments included.</summary>
public sealed record TaskCreate(string? Title, string? Plan, IReadOnlyList<string>? Indicators, IReadOnlyList<string>? Leads, IReadOnlyList<string>? Partners,
    string? Deadline, string? Note, IReadOnlyList<MilestoneBody>? Milestones = null);

/// <summary>A milestone of a new task: what, and by when (YYYY-MM-DD).</summary>
public sealed record MilestoneBody(string? Title, string? Due);

/// <summary>The body of <c>POST /api/tasks/{id}/actions</c>; leads, partners and deadline are read only to hand a draft over.</summary>
public sealed record TaskActionBody(string? Action, string? Note, int? Progress, IReadOnlyList<string>? Leads, IReadOnlyList<string>? Partners, string? Deadline,
    int? Milestone = null);

/// <summary>The body of <c>PATCH /api/tasks/{id}</c> (the assigner's edit); absent fields stay as they are.</summary>
public sealed record TaskPatch(string? Deadline, IReadOnlyList<string>? Indicators);
