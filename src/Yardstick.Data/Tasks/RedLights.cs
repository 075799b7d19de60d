using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Tasks;
using Yardstick.Data.Reports;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tasks;

/// <summary>
/// A draft 督办 task when a target turns red (issue 28): for every plan, each unit a target is set for and that unit's open
/// children are judged in their default year (the year the dashboard and 预警 page open on), and a row whose light
/// (<see cref="Outlook.LightOf"/>) has <i>turned</i> red gets one draft (待交办), linked to the plan and the indicator,
/// with the reason and the figures, assigned by the unit the target was set for and proposing the red unit as lead
/// (nobody when it is that unit itself: the planner chooses at 交办). The planner hands it over through the task loop or
/// dismisses it (撤销, <see cref="TaskAction.Dismiss"/>).
/// <para>
/// <b>Once per red episode.</b> <c>target_lights</c> remembers, per plan, indicator and unit, whether the light was last
/// seen red and how many times it turned red. A draft is made in the same transaction that claims the turn (the row
/// inserted, or moved from its last light and episode — compare-and-set), and carries the key plan/indicator/unit/episode,
/// unique in the store: two instances, or two runs, store one draft. While the light stays red nothing more is made,
/// whatever became of the draft (a dismissed one stays dismissed); once the light is seen green or yellow the episode ends,
/// and turning red again makes a new draft. A row without a light (no figure, incomplete) neither starts nor ends one.
/// </para>
/// </summary>
/// <remarks>
/// Run by the scheduled job every instance runs (<c>Web/Hosting/ReminderHost</c>), so a draft appears within one interval
/// (5 minutes by default) of the write that turned the light red; not after each write, since a write would then wait for
/// the whole plan's judgement.
/// </remarks>
public static class RedLights
{
    /// <summary>Who the audit log and the task's history name as having made a draft.</summary>
    public const string Actor = "系统预警";

    /// <summary>The stored words of <c>target_lights.light</c>: the light's API word.</summary>
    private static readonly string Red = Light.Red.Word();

    /// <summary>Looks at every plan's lights now and stores the drafts due; returns how many this call stored (another instance's are not counted).</summary>
    public static async Task<int> DraftAsync(YardstickDb db, IEngineSource engines, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(time);
        var targets = await db.Targets.AsNoTracking().ToListAsync(cancellationToken);
        if (targets.Count == 0)
        {
            return 0;
        }
        var planIds = targets.Select(t => t.PlanId).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        var unitIds = targets.Select(t => t.OrgUnitId).Distinct().ToList();
        var targetUnits = await db.OrgUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var indicatorIds = targets.Select(t => t.IndicatorId).Distinct().ToList();
        var indicators = await db.Indicators.AsNoTracking().Where(i => indicatorIds.Contains(i.Id)).ToListAsync(cancellationToken);
        var seen = await LightsSeenAsync(db, cancellationToken);
        var lastEnded = IndicatorEngine.LastEndedYear(time);
        var stored = 0;
        foreach (var plan in plans)
        {
            var planIndicators = indicators.Where(i => targets.Any(t => t.PlanId == plan.Id && t.IndicatorId == i.Id)).ToList();
            var rows = new Dictionary<(int Indicator, int Unit), PlanEvaluationRow>();
            foreach (var unit in targets.Where(t => t.PlanId == plan.Id).Select(t => targetUnits[t.OrgUnitId]).DistinctBy(u => u.Id).OrderBy(u => u.Path, StringComparer.Ordinal))
            {
                // The dashboard's year for this unit (Screens.DefaultYear): a draft speaks of what the planner sees on opening.
                var year = Math.Clamp(await engines.ReadAsync(db, planIndicators, Math.Min(plan.BaseYear, lastEnded), lastEnded,
                    engine => engine.DefaultYear(unit.Id, time), cancellationToken), plan.StartYear, plan.EndYear);
                var (judged, _) = await Evaluations.PlanAsync(db, engines, plan.Code, unit.Code, year, children: true, cancellationToken);
                foreach (var row in judged ?? [])
                {
                    // A unit both a target's unit and a child of another's is judged by its own target either way: first is kept.
                    rows.TryAdd((row.Indicator.Id, row.OrgUnit.Id), row);
                }
            }
            foreach (var ((indicatorId, unitId), row) in rows)
            {
                var was = seen.TryGetValue((plan.Id, indicatorId, unitId), out var w) ? w : ((string Light, int Episode)?)null;
                if (row.Light == Light.Red && was?.Light != Red)
                {
                    stored += await DraftOneAsync(db, plan, row, targetUnits[row.Target.OrgUnitId], was, time.GetUtcNow(), cancellationToken) ? 1 : 0;
                }
                else if (row.Light is Light.Green or Light.Yellow && was is { } red && red.Light == Red)
                {
                    await EndEpisodeAsync(db, plan.Id, indicatorId, unitId, red.Episode, row.Light.Value, cancellationToken);
                }
            }
        }
        return stored;
    }

    /// <summary>
    /// The draft's text: why the light is red and the figures behind it — the value, the target, the projection with its
    /// interval and the gap to 序时进度 — as the 预警 page and the mid-term report's 预警 paragraph write them.
    /// </summary>
    public static string ReasonOf(PlanEvaluationRow row, WarningThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(row);
        var e = row.Evaluation;
        var unit = row.Indicator.Unit;
        var decimals = row.Indicator.Decimals;
        var why = Outlook.LitWhy(row, row.Projection, thresholds)?.Why ?? "";
        var projection = row.Projection is { } p
            ? $"预计{p.Year}年 {Plain(p.Value, decimals)}{unit}"
              + (p.Low is { } low && p.High is { } high ? $" (95%预测区间 {Plain(low, decimals)}–{Plain(high, decimals)})" : "")
              + $", {p.StatusChinese}"
            : "年数太少, 未作预测";
        var schedule = Outlook.ScheduleGap(row) is { } gap
            ? $"; 完成进度 {e.ProgressText}, {(gap > 0 ? $"落后序时进度 {Plain(gap, 1)} 个百分点" : "不落后序时进度")}"
            : "";
        var baseline = e.Baseline is { } b ? $", 基期 {Plain(b, decimals)}{unit} ({e.BaselineYear}年)" : "";
        return $"红灯原因: {why}。{row.OrgUnit.Name} {e.Year}年{row.Indicator.Name} {Plain(e.Actual, decimals)}{unit}, "
            + $"目标{ReportDocuments.TargetShown(row)} ({row.Target.TargetYear}年){baseline}; {row.StatusText}; {projection}{schedule}。";
    }

    /// <summary>Claims the turn to red and stores its draft in one audited change; false when another run or instance claimed it first.</summary>
    private static async Task<bool> DraftOneAsync(YardstickDb db, Plan plan, PlanEvaluationRow row, OrgUnit assigner, (string Light, int Episode)? was,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var episode = (was?.Episode ?? 0) + 1;
        var key = $"{plan.Code}/{row.Indicator.Code}/{row.OrgUnit.Code}/{episode}";
        var title = $"{row.OrgUnit.Name}“{row.Indicator.Name}”亮红灯: 研究督办";
        var reason = ReasonOf(row, plan.Warnings);
        var lead = row.OrgUnit.Id == assigner.Id ? null : row.OrgUnit;
        return await AuditedChange.RunAsync(db, Actor, "预警", at, null, async (connection, transaction) =>
        {
            (string, object?)[] light = [("@p", plan.Id), ("@i", row.Indicator.Id), ("@u", row.OrgUnit.Id), ("@red", Red)];
            var claimed = was is { } w
                ? await AuditedChange.ExecuteAsync(connection, transaction, """
                    UPDATE target_lights SET light = @red, episode = @e
                    WHERE plan_id = @p AND indicator_id = @i AND org_unit_id = @u AND light = @seen AND episode = @was
                    """, cancellationToken, [.. light, ("@e", episode), ("@seen", w.Light), ("@was", w.Episode)])
                : await AuditedChange.ExecuteAsync(connection, transaction, """
                    INSERT INTO target_lights (plan_id, indicator_id, org_unit_id, light, episode) VALUES (@p, @i, @u, @red, 1) ON CONFLICT DO NOTHING
                    """, cancellationToken, light);
            if (claimed == 0)
            {
                return null;
            }
            var count = Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction,
                "SELECT count(*) FROM plan_tasks WHERE plan_id = @p AND warning_key IS NOT NULL", cancellationToken, ("@p", plan.Id)), CultureInfo.InvariantCulture);
            var no = $"预警{count + 1}";
            await AuditedChange.ExecuteAsync(connection, transaction, """
                INSERT INTO plan_tasks (plan_id, no, section, title, leads, responsible, cooperating, source, status, deadline, progress, assigner_unit_id,
                                        created_by, reason, warning_key)
                VALUES (@p, @no, NULL, @title, '', @resp, '', '预警', @s, NULL, 0, @a, @by, @reason, @key)
                """, cancellationToken, ("@p", plan.Id), ("@no", no), ("@title", title), ("@resp", lead?.Name ?? ""), ("@s", TaskStage.Draft.Word()),
                ("@a", assigner.Id), ("@by", Actor), ("@reason", reason), ("@key", key));
            var id = Convert.ToInt64(await AuditedChange.ScalarAsync(connection, transaction, "SELECT id FROM plan_tasks WHERE warning_key = @key", cancellationToken,
                ("@key", key)), CultureInfo.InvariantCulture);
            if (lead is not null)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, "INSERT INTO task_owners (task_id, org_unit_id, role) VALUES (@id, @u, 'lead')", cancellationToken,
                    ("@id", id), ("@u", lead.Id));
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "INSERT INTO task_indicators (task_id, indicator_code) VALUES (@id, @c)", cancellationToken,
                ("@id", id), ("@c", row.Indicator.Code));
            await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE target_lights SET task_id = @id WHERE plan_id = @p AND indicator_id = @i AND org_unit_id = @u",
                cancellationToken, [.. light, ("@id", id)]);
            await Inbox.SendAsync(connection, transaction, [assigner.Id], id, "task_draft",
                $"{row.OrgUnit.Name}的“{row.Indicator.Name}”亮红灯, 已生成待交办的督办任务《{title}》, 请研究后交办或撤销。", at, null, cancellationToken);
            return [("task.draft", $"{plan.Code}/{no}", null, $"{title};{key};{reason}")];
        }, cancellationToken);
    }

    /// <summary>The light was seen green or yellow: the red episode is over, and the next turn to red makes a new draft.</summary>
    private static Task EndEpisodeAsync(YardstickDb db, int planId, int indicatorId, int unitId, int episode, Light light, CancellationToken cancellationToken) =>
        // Bookkeeping, not a decision anyone takes: no change set. Still compare-and-set on the episode read, so a run that
        // read before another instance's new episode cannot end it.
        db.WithConnectionAsync(async connection => await AuditedChange.ExecuteAsync(connection, null, """
            UPDATE target_lights SET light = @l WHERE plan_id = @p AND indicator_id = @i AND org_unit_id = @u AND light = @red AND episode = @e
            """, cancellationToken, ("@l", light.Word()), ("@p", planId), ("@i", indicatorId), ("@u", unitId), ("@red", Red), ("@e", episode)), cancellationToken);

    /// <summary>
    /// The draft of each target still red in <paramref name="planCode"/>, by (indicator id, unit id): the task's id and stage
    /// now (待交办, or what the planner made of it), for the 预警 page to show beside the light.
    /// </summary>
    public static async Task<IReadOnlyDictionary<(int Indicator, int Unit), (long TaskId, TaskStage Stage)>> DraftsOfAsync(YardstickDb db, string planCode,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT l.indicator_id, l.org_unit_id, t.id, t.status FROM target_lights l
                JOIN plans p ON p.id = l.plan_id JOIN plan_tasks t ON t.id = l.task_id
                WHERE p.code = @plan AND l.light = @red
                """;
            SchemaMigrator.AddParameter(command, "@plan", planCode);
            SchemaMigrator.AddParameter(command, "@red", Red);
            var drafts = new Dictionary<(int, int), (long, TaskStage)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                drafts[(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))] =
                    (Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture), TaskWords.ParseStage(reader.GetString(3)));
            }
            return (IReadOnlyDictionary<(int Indicator, int Unit), (long TaskId, TaskStage Stage)>)drafts;
        }, cancellationToken);
    }

    private static async Task<Dictionary<(int Plan, int Indicator, int Unit), (string Light, int Episode)>> LightsSeenAsync(YardstickDb db, CancellationToken cancellationToken) =>
        await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT plan_id, indicator_id, org_unit_id, light, episode FROM target_lights";
            var seen = new Dictionary<(int, int, int), (string, int)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                int Int(int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);
                seen[(Int(0), Int(1), Int(2))] = (reader.GetString(3), Int(4));
            }
            return seen;
        }, cancellationToken);

    private static string Plain(decimal? value, int decimals) => value is { } v ? Rounding.Plain(Rounding.ForDisplay(v, decimals)) : "—";
}
