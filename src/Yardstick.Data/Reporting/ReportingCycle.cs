using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Data.Values;

namespace Yardstick.Data.Reporting;

/// <summary>
/// The reporting cycle of a data set for one org unit and period: 上报 by those who enter the unit's data, 审核通过 or
/// 退回 (with reasons) by a reviewer strictly above it, 取消审核 by the approving level or above, unlocks past the lock
/// date. Each step is one audited change set. The one place that says which writes a report's state refuses
/// (<see cref="RefuseWritesAsync"/>), called by the importer every write goes through.
/// </summary>
public static class ReportingCycle
{
    /// <summary>How long an unlock granted past the lock date keeps entry open.</summary>
    public const int UnlockDays = 7;

    public static async Task<DataSet?> FindAsync(YardstickDb db, string? code, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(code) ? null : await db.DataSets.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code.Trim(), cancellationToken);

    public static async Task<List<DataSet>> ListAsync(YardstickDb db, CancellationToken cancellationToken = default) =>
        await db.DataSets.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);

    /// <summary>The period of the data set's type named by <paramref name="text"/> (a month of a monthly set, …), or a reason.</summary>
    public static (Period Period, string? Refusal) PeriodFor(DataSet dataSet, string? text)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        if (!Period.TryParse(text, out var period))
        {
            return (default, $"无法识别的期间 \"{Yardstick.Core.Model.InputLimits.Echo(text)}\" (如 202311、2023Q4、2023)");
        }
        if (period.Type != dataSet.PeriodType)
        {
            return (default, $"{dataSet.Name} 按{dataSet.PeriodType.Chinese()}报送, {period} 不是一个{dataSet.PeriodType.Chinese()}");
        }
        return (period, null);
    }

    /// <summary>Where each unit's report for the period stands; units not assigned the data set are listed with Assigned false.</summary>
    public static async Task<IReadOnlyList<ReportStatus>> StatusAsync(YardstickDb db, DataSet dataSet, IReadOnlyCollection<OrgUnit> units, Period period,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentNullException.ThrowIfNull(units);
        var start = period.Key;
        var ids = units.Select(u => u.Id).ToHashSet();
        var recorded = (await db.DataSetReports.AsNoTracking().Where(r => r.DataSetId == dataSet.Id && r.PeriodStart == start).ToListAsync(cancellationToken))
            .Where(r => ids.Contains(r.OrgUnitId)).ToDictionary(r => r.OrgUnitId);
        var saved = await UnitsWithValuesAsync(db, dataSet, period, ids, cancellationToken);
        var due = dataSet.DueDate(period);
        return [.. units.Select(u =>
        {
            var row = recorded.GetValueOrDefault(u.Id);
            var state = row?.RecordedState is ReportState.Submitted or ReportState.Returned or ReportState.Approved
                ? row.RecordedState
                : saved.Contains(u.Id) ? ReportState.Saved : ReportState.NotStarted;
            var submitted = row?.FirstSubmittedAt;
            bool? onTime = submitted is { } s ? Yardstick.Core.Model.LocalClock.Day(s) <= due : null;
            var levels = ApprovalLevels.For(dataSet.ApprovalTiers, u);
            var passed = state == ReportState.Approved ? levels.Count : state == ReportState.Submitted ? Math.Min(row?.ApprovedLevels ?? 0, levels.Count) : 0;
            var acceptance = dataSet.RequiresAcceptance && levels.Count > 1;
            var accepted = acceptance && state == ReportState.Submitted && passed > 0 && passed < levels.Count && row?.Accepted == true;
            return new ReportStatus(u, period, state, dataSet.IsAssigned(u, period), row?.SubmittedAt, onTime, due, dataSet.LockDate(period), row, levels, passed,
                acceptance, accepted);
        })];
    }

    /// <summary>Units (of <paramref name="ids"/>) holding any value of the data set's elements for the period.</summary>
    private static async Task<HashSet<int>> UnitsWithValuesAsync(YardstickDb db, DataSet dataSet, Period period, HashSet<int> ids, CancellationToken cancellationToken)
    {
        var codes = dataSet.ElementCodes.ToList();
        var elementIds = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).Select(e => e.Id).ToListAsync(cancellationToken);
        if (elementIds.Count == 0 || ids.Count == 0)
        {
            return [];
        }
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            // Few units (a submission, an approval, a page of statuses): named, so that the primary key (element, unit, period)
            // finds each value; without them the query scans every unit's values of the elements (a province's in seconds).
            var units = ids.Count <= 500 ? $" AND org_unit_id IN ({string.Join(',', ids)})" : "";
            command.CommandText = $"""
                SELECT DISTINCT org_unit_id FROM data_values
                WHERE data_element_id IN ({string.Join(',', elementIds)}) AND period_type = {(int)period.Type}
                  AND period_start = {period.Key}{units}
                """;
            var found = new HashSet<int>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                if (ids.Contains(id))
                {
                    found.Add(id);
                }
            }
            return found;
        }, cancellationToken);
    }

    /// <summary>上报: the unit's report goes to the level above for review.</summary>
    public static async Task<Refusal?> SubmitAsync(YardstickDb db, ReportingActor actor, DataSet dataSet, OrgUnit unit, Period period,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.MayWriteData || !actor.Covers(unit))
        {
            return Refusal.Forbidden($"无权上报 {unit.Name} 的报表: 只有本机构范围内的填报人员可以上报");
        }
        if (!dataSet.IsAssigned(unit, period))
        {
            return Refusal.Invalid($"{unit.Name} 不需要报送 {period} 的{dataSet.Name}");
        }
        var status = (await StatusAsync(db, dataSet, [unit], period, cancellationToken))[0];
        if (status.State.RefuseSubmit() is { } refusal)
        {
            return Refusal.Conflict(refusal);
        }
        if (await ValidationRules.BlockingViolationsAsync(db, dataSet, unit, period, cancellationToken) is { Count: > 0 } blocking)
        {
            return Refusal.Conflict("未通过校验规则, 不能上报: " + string.Join("; ", blocking));
        }
        return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
        {
            report.State = ReportState.Submitted.Word();
            report.ApprovedLevels = 0;
            report.Accepted = false;
            report.SubmittedAt = now;
            report.FirstSubmittedAt ??= now;
            report.SubmittedBy = actor.Name;
        }, "上报", cancellationToken);
    }

    /// <summary>The reviewer's actions: approve, return (a reason required; reasons per field optional), unapprove, unlock.</summary>
    public static async Task<Refusal?> DecideAsync(YardstickDb db, ReportingActor actor, DataSet dataSet, OrgUnit unit, Period period,
        string action, string? reason, IReadOnlyDictionary<string, string>? fieldReasons, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(dataSet);
        ArgumentNullException.ThrowIfNull(unit);
        if (!actor.MayReview)
        {
            return Refusal.Forbidden("只有数据审核人员可以审核、退回或取消审核");
        }
        if (!actor.Covers(unit))
        {
            return Refusal.Forbidden($"{unit.Name} 不在您的机构范围内");
        }
        if (!actor.IsAbove(unit))
        {
            return Refusal.Forbidden("不能审核本级机构的报表: 由上一级审核");
        }
        reason = Core.Text.InputText.Clean(reason ?? "");
        var fields = (fieldReasons ?? new Dictionary<string, string>())
            .Select(f => (Code: f.Key.Trim(), Reason: Core.Text.InputText.Clean(f.Value ?? "")))
            .Where(f => f.Reason.Length > 0).ToDictionary(f => f.Code, f => f.Reason, StringComparer.Ordinal);
        if (reason.Length > 500 || fields.Values.Any(r => r.Length > 500))
        {
            return Refusal.Invalid("退回原因太长 (不超过 500 字)");
        }
        var status = (await StatusAsync(db, dataSet, [unit], period, cancellationToken))[0];
        if (status.Levels is { Count: > 0 } && action is "approve" or "return" or "unapprove" or "accept" or "unaccept")
        {
            return await DecideByLevelAsync(db, actor, dataSet, unit, period, action, reason, fields, now, status, cancellationToken);
        }
        switch (action)
        {
            case "accept" or "unaccept":
                return Refusal.Conflict($"{dataSet.Name}不是逐级审核并需上级接收的报表, 无需接收");
            case "approve":
                if (status.State.RefuseApprove() is { } notApprovable) { return Refusal.Conflict(notApprovable); }
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.State = ReportState.Approved.Word();
                    Decided(report, actor, now, reason.Length > 0 ? reason : null, null);
                }, "审核通过", cancellationToken);
            case "return":
                if (reason.Length == 0 && fields.Count == 0) { return Refusal.Invalid("退回时必须填写原因"); }
                if (status.State.RefuseReturn() is { } notReturnable) { return Refusal.Conflict(notReturnable); }
                if (fields.Keys.FirstOrDefault(c => !dataSet.ElementCodes.Contains(c)) is { } stranger) { return Refusal.Invalid($"数据集 {dataSet.Name} 没有字段 \"{stranger}\""); }
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.State = ReportState.Returned.Word();
                    Decided(report, actor, now, reason.Length > 0 ? reason : "见各字段的退回原因", fields.Count > 0 ? JsonSerializer.Serialize(fields, Readable) : null);
                }, "退回", cancellationToken);
            case "unapprove":
                if (status.State.RefuseUnapprove() is { } notApproved) { return Refusal.Conflict(notApproved); }
                if (status.Recorded?.DecidedScope is { } approvedAt && !approvedAt.StartsWith(actor.Scope!.Path, StringComparison.Ordinal))
                {
                    return Refusal.Forbidden("只有审核通过的层级或其上级可以取消审核");
                }
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    // Reopened for entry: the reporter corrects and submits again; the first submission still dates timeliness.
                    report.State = ReportState.Saved.Word();
                    Decided(report, actor, now, reason.Length > 0 ? reason : null, null);
                }, "取消审核", cancellationToken);
            case "unlock":
                if (!dataSet.IsLockedOn(period, Yardstick.Core.Model.LocalClock.Day(now))) { return Refusal.Conflict($"{period} 的{dataSet.Name}尚未锁定, 无需解锁"); }
                var until = Yardstick.Core.Model.LocalClock.Day(now).AddDays(UnlockDays);
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report => report.UnlockedUntil = until,
                    $"解锁至 {until:yyyy-MM-dd}", cancellationToken, unlock: true);
            default:
                return Refusal.Invalid($"未知的审核操作 \"{Yardstick.Core.Model.InputLimits.Echo(action)}\" (应为 approve、return、unapprove、accept、unaccept 或 unlock)");
        }
    }

    /// <summary>
    /// A decision on a report of a data set approved level by level (<see cref="ApprovalLevels"/>): the reviewer's tier is the
    /// level they act at; approving passes that level (the last makes the report approved), returning sends it to the
    /// reporter, unapproving undoes that level and those above.
    /// </summary>
    private static async Task<Refusal?> DecideByLevelAsync(YardstickDb db, ReportingActor actor, DataSet dataSet, OrgUnit unit, Period period,
        string action, string reason, Dictionary<string, string> fields, DateTimeOffset now, ReportStatus status, CancellationToken cancellationToken)
    {
        var levels = status.Levels!;
        var tier = actor.Scope!.Kind;
        var at = ApprovalLevels.IndexOf(levels, tier);
        var (acceptance, accepted) = (status.Acceptance, status.Accepted);
        var refusal = action switch
        {
            "approve" => ApprovalLevels.RefuseApprove(status.State, levels, status.Passed, tier, accepted, acceptance),
            "return" => ApprovalLevels.RefuseReturn(status.State, levels, status.Passed, tier),
            "unapprove" => ApprovalLevels.RefuseUnapprove(status.State, levels, status.Passed, tier, accepted, acceptance),
            "accept" => ApprovalLevels.RefuseAccept(status.State, levels, status.Passed, accepted, acceptance, tier),
            "unaccept" => ApprovalLevels.RefuseUnaccept(status.State, levels, status.Passed, accepted, acceptance, tier),
            _ => throw new UnreachableException(),
        };
        if (refusal is not null)
        {
            return at < 0 ? Refusal.Forbidden(refusal) : Refusal.Conflict(refusal);
        }
        var level = ApprovalLevels.Short(tier) + "级";
        switch (action)
        {
            case "approve":
                var (approved, passed) = ApprovalLevels.AfterApprove(levels, at);
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.State = approved.Word();
                    report.ApprovedLevels = passed;
                    report.Accepted = false;
                    Decided(report, actor, now, reason.Length > 0 ? reason : null, null);
                }, "审核通过", cancellationToken, shown: ApprovalLevels.Text(approved, levels, passed));
            case "return":
                if (reason.Length == 0 && fields.Count == 0) { return Refusal.Invalid("退回时必须填写原因"); }
                if (fields.Keys.FirstOrDefault(c => !dataSet.ElementCodes.Contains(c)) is { } stranger) { return Refusal.Invalid($"数据集 {dataSet.Name} 没有字段 \"{stranger}\""); }
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.State = ReportState.Returned.Word();
                    report.ApprovedLevels = 0;
                    report.Accepted = false;
                    Decided(report, actor, now, reason.Length > 0 ? reason : "见各字段的退回原因", fields.Count > 0 ? JsonSerializer.Serialize(fields, Readable) : null);
                }, "退回", cancellationToken, shown: $"{level}退回");
            case "unapprove":
                var (reopened, left, stillAccepted) = ApprovalLevels.AfterUnapprove(at, acceptance);
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.State = reopened.Word();
                    report.ApprovedLevels = left;
                    report.Accepted = stillAccepted;
                    Decided(report, actor, now, reason.Length > 0 ? reason : null, null);
                }, "取消审核", cancellationToken, shown: left == 0 ? $"{level}取消审核, 退回填报单位修改" : $"{level}取消审核, 回到{ApprovalLevels.Text(reopened, levels, left, stillAccepted)}");
            case "accept":
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.Accepted = true;
                    Decided(report, actor, now, reason.Length > 0 ? reason : null, null);
                }, "接收", cancellationToken, shown: ApprovalLevels.Text(status.State, levels, status.Passed, accepted: true));
            case "unaccept":
                return await RecordAsync(db, actor, dataSet, unit, period, now, status, report =>
                {
                    report.Accepted = false;
                    Decided(report, actor, now, reason.Length > 0 ? reason : null, null);
                }, "取消接收", cancellationToken, shown: $"{level}取消接收, 回到{ApprovalLevels.Text(status.State, levels, status.Passed)}");
            default:
                throw new UnreachableException();
        }
    }

    private static void Decided(DataSetReport report, ReportingActor actor, DateTimeOffset now, string? reason, string? fieldReasons)
    {
        report.DecidedAt = now;
        report.DecidedBy = actor.Name;
        report.DecidedScope = actor.Scope!.Path;
        report.Reason = reason;
        report.FieldReasons = fieldReasons;
    }

    /// <summary>
    /// One step in one audited change: the report row changed, an audit entry (old state → new state and reason) and, for a
    /// return, the unit's message. Compare-and-set (<see cref="AuditedChange.ClaimAsync"/>): the step was decided on the
    /// row as <paramref name="seen"/> read it; when another reviewer or reporter moved it first, nothing is written and the
    /// answer is 409 with what the report is now. An unlock, which leaves the state alone, compares its unlock date.
    /// </summary>
    private static async Task<Refusal?> RecordAsync(YardstickDb db, ReportingActor actor, DataSet dataSet, OrgUnit unit, Period period,
        DateTimeOffset now, ReportStatus seen, Action<DataSetReport> change, string step, CancellationToken cancellationToken, bool unlock = false,
        string? shown = null)
    {
        var start = period.Key;
        var key = new[] { ("@set", (object?)dataSet.Id), ("@unit", unit.Id), ("@start", start) };
        const string Row = "data_set_id = @set AND org_unit_id = @unit AND period_start = @start";
        // The levels passed are part of what was seen: two 县 reviewers approving the same report at once both see 已上报.
        // So is the level above's 接收: two 市 reviewers receiving at once, or a 县 unapproval racing the 市's 接收.
        var rowAsSeen = Row + " AND approved_levels = " + (seen.Recorded?.ApprovedLevels ?? 0).ToString(CultureInfo.InvariantCulture)
            + " AND accepted = " + (seen.Recorded?.Accepted == true ? "TRUE" : "FALSE");
        var committed = await AuditedChange.RunAsync(db, actor.Name, $"{step} {dataSet.Name} {unit.Name} {period.ToChinese()}", now, actor.Address, async (connection, transaction) =>
        {
            if (seen.Recorded is null)
            {
                // Nobody has recorded a step yet: the row is made here, and only the first of two racing steps makes it.
                await AuditedChange.ExecuteAsync(connection, transaction,
                    $"INSERT INTO data_set_reports (data_set_id, org_unit_id, period_start, state) VALUES (@set, @unit, @start, '{ReportState.NotStarted.Word()}') ON CONFLICT DO NOTHING",
                    cancellationToken, key);
            }
            var claimed = unlock
                ? await AuditedChange.ClaimAsync(connection, transaction, "data_set_reports", Row, "unlocked_until",
                    seen.Recorded?.UnlockedUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken, key)
                : await AuditedChange.ClaimAsync(connection, transaction, "data_set_reports", rowAsSeen, "state",
                    seen.Recorded?.State ?? ReportState.NotStarted.Word(), cancellationToken, key);
            if (!claimed)
            {
                return null;
            }
            var report = await db.DataSetReports.FirstAsync(r => r.DataSetId == dataSet.Id && r.OrgUnitId == unit.Id && r.PeriodStart == start, cancellationToken);
            change(report);
            await db.SaveChangesAsync(cancellationToken);
            var after = shown ?? (report.State == ReportState.Saved.Word() || report.State == ReportState.NotStarted.Word() ? step : ReportStates.FromWord(report.State).Chinese());
            // The history is read by people: fields by their names, not their codes.
            var fields = FieldReasons(report);
            var codes = fields.Keys.ToList();
            var names = codes.Count == 0 ? [] : await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, e => e.Name, cancellationToken);
            var perField = step == "退回" && fields.Count > 0 ? string.Join("; ", fields.Select(x => $"{names.GetValueOrDefault(x.Key, x.Key)}: {x.Value}")) : null;
            if (step == "退回")
            {
                // The unit learns of it in its inbox, with the reason and each field's own, in the same transaction as the return.
                await Tasks.Inbox.SendAsync(connection, transaction, [unit.Id], null, "form_returned",
                    $"{actor.Scope!.Name}退回了{unit.Name}{period.ToChinese()}的{dataSet.Name}: {report.Reason}"
                    + (perField is null ? "" : $"。需修改的项目: {perField}"), now, null, cancellationToken);
            }
            // An approval's and a 接收's words are the reviewer's opinion (审核意见), not a reason; a return's and an unapproval's are reasons.
            var said = step is "审核通过" or "接收" ? "审核意见" : "原因";
            return [("data_set_report", Key(dataSet, unit, period), seen.StateText,
                after + (report.Reason is { } r && step != "上报" ? $"; {said}: " + r : "")
                    + (perField is null ? "" : "; 字段: " + perField))];
        }, cancellationToken);
        db.ChangeTracker.Clear();
        return committed ? null : Refusal.Conflict(await MovedAsync(db, dataSet, unit, period, cancellationToken));
    }

    /// <summary>What the report is now, for the one whose step lost the race: who moved it, when, to what.</summary>
    private static async Task<string> MovedAsync(YardstickDb db, DataSet dataSet, OrgUnit unit, Period period, CancellationToken cancellationToken)
    {
        var status = (await StatusAsync(db, dataSet, [unit], period, cancellationToken))[0];
        var report = status.Recorded;
        string By(string? who, DateTimeOffset? at) => (who is { Length: > 0 } ? $"已被 {who} " : "已被他人 ") + (at is { } t ? $"于 {Yardstick.Core.Model.LocalClock.Text(t)} " : "");
        var what = status.State switch
        {
            ReportState.Approved => By(report?.DecidedBy, report?.DecidedAt) + "审核通过",
            ReportState.Returned => By(report?.DecidedBy, report?.DecidedAt) + "退回",
            ReportState.Submitted when status.Accepted => By(report?.DecidedBy, report?.DecidedAt) + "接收, 当前为“" + status.StateText + "”",
            ReportState.Submitted when status.Passed > 0 => By(report?.DecidedBy, report?.DecidedAt) + "审核通过, 当前为“" + status.StateText + "”",
            ReportState.Submitted => By(report?.SubmittedBy, report?.SubmittedAt) + "上报, 等待审核",
            ReportState.NotStarted or ReportState.Saved when report?.DecidedAt is not null => By(report.DecidedBy, report.DecidedAt) + "取消审核, 当前为“" + status.State.Chinese() + "”",
            ReportState.NotStarted or ReportState.Saved => "刚被他人处理, 当前为“" + status.State.Chinese() + "”",
            _ => throw new UnreachableException(),
        };
        var unlocked = report?.UnlockedUntil is { } until ? $" (已解锁至 {until:yyyy-MM-dd})" : "";
        return $"{unit.Name}{period.ToChinese()}的{dataSet.Name}{what}{unlocked}; 您的操作未执行, 请刷新后再看";
    }

    /// <summary>
    /// <see cref="RefuseWritesAsync"/> for a bulk load too large to hold in memory: the values change set
    /// <paramref name="changeSetId"/> wrote, asked in the store (inside the import's transaction) whether any falls in a
    /// submitted or approved report or, unless <paramref name="ignoreLockDates"/>, in an assigned report past its lock date
    /// and not unlocked. At most <paramref name="limit"/> refusals, each with the same words as the in-memory check.
    /// </summary>
    public static async Task<IReadOnlyList<(int ElementId, int UnitId, Period Period, Refusal Refusal)>> RefusedInStoreAsync(YardstickDb db, long changeSetId,
        DateOnly today, bool ignoreLockDates, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = new List<(int, int, Period, Refusal)>();
        var dataSets = await db.DataSets.AsNoTracking().ToListAsync(cancellationToken);
        if (dataSets.Count == 0)
        {
            return found;
        }
        var elementIds = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Id, StringComparer.Ordinal, cancellationToken);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        var connection = db.Database.GetDbConnection();
        foreach (var set in dataSets)
        {
            var ids = set.ElementCodes.Where(elementIds.ContainsKey).Select(c => elementIds[c]).ToList();
            if (ids.Count == 0 || found.Count >= limit)
            {
                continue;
            }
            var on = $"v.change_set_id = {changeSetId} AND v.period_type = {(int)set.PeriodType} AND v.data_element_id IN ({string.Join(',', ids)})";
            var queries = new List<string>
            {
                $"""
                SELECT v.data_element_id, v.org_unit_id, v.period_start, r.state FROM data_values v
                JOIN data_set_reports r ON r.data_set_id = {set.Id} AND r.org_unit_id = v.org_unit_id AND r.period_start = v.period_start
                WHERE {on} AND r.state IN ('submitted', 'approved') LIMIT {limit - found.Count}
                """,
            };
            // The newest period already past its lock date today: every period starting no later than it is locked.
            var lastLocked = set.LockDays == 0 ? (Period?)null : LatestLocked(set, today);
            if (!ignoreLockDates && lastLocked is { } locked)
            {
                var tiers = set.AssignedLevels.Select(k => ((int)k).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
                var codes = set.AssignedUnitCodes.Select(c => "'" + c.Replace("'", "''", StringComparison.Ordinal) + "'").ToList();
                var assigned = string.Join(" OR ", new[] { tiers.Count > 0 ? $"u.kind IN ({string.Join(',', tiers)})" : null, codes.Count > 0 ? $"u.code IN ({string.Join(',', codes)})" : null }.OfType<string>());
                queries.Add($"""
                    SELECT v.data_element_id, v.org_unit_id, v.period_start, 'locked' FROM data_values v
                    JOIN org_units u ON u.id = v.org_unit_id
                    LEFT JOIN data_set_reports r ON r.data_set_id = {set.Id} AND r.org_unit_id = v.org_unit_id AND r.period_start = v.period_start
                    WHERE {on} AND v.period_start <= {locked.Key} AND ({(assigned.Length == 0 ? "1 = 0" : assigned)})
                      AND (r.unlocked_until IS NULL OR r.unlocked_until < '{today:yyyy-MM-dd}') LIMIT {limit}
                    """);
            }
            foreach (var sql in queries)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken) && found.Count < limit)
                {
                    var start = reader.GetInt32(2);
                    var period = Period.FromKey(set.PeriodType, start);
                    var unit = units[reader.GetInt32(1)];
                    var state = reader.GetString(3);
                    var reason = state == "locked"
                        ? PastLockDate(set, unit, period)
                        : RefuseWrite(set, unit, period, ReportStates.FromWord(state))!;
                    found.Add((reader.GetInt32(0), unit.Id, period, reason));
                }
            }
        }
        return found;
    }

    private static Period? LatestLocked(DataSet set, DateOnly today)
    {
        var period = set.PeriodOf(today);
        for (var k = 0; k < 400 && period.Year > 1900; k++)
        {
            if (set.IsLockedOn(period, today))
            {
                return period;
            }
            period = period.Previous();
        }
        return null;
    }

    /// <summary>
    /// Reports that went round the cycle before this system kept them (a migration, the demo): recorded as submitted and
    /// approved at the given times, in one change set whose audit rows say so. Not for live use: no checks are made.
    /// </summary>
    public static async Task RecordPastAsync(YardstickDb db, string actor, IReadOnlyList<PastReport> reports, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            return;
        }
        await AuditedChange.RunAsync(db, actor, $"补录历史报表 {reports.Count} 份", at, null, async (_, _) =>
        {
            foreach (var past in reports)
            {
                db.DataSetReports.Add(new DataSetReport(past.DataSet.Id, past.Unit.Id, past.Period)
                {
                    State = ReportState.Approved.Word(),
                    ApprovedLevels = ApprovalLevels.For(past.DataSet.ApprovalTiers, past.Unit).Count,
                    FirstSubmittedAt = past.SubmittedAt,
                    SubmittedAt = past.SubmittedAt,
                    SubmittedBy = actor,
                    DecidedAt = past.ApprovedAt,
                    DecidedBy = actor,
                    // Approved by the level above: that level (or one above it) may 取消审核.
                    DecidedScope = past.Unit.Path[..(past.Unit.Path.TrimEnd('/').LastIndexOf('/') + 1)],
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            return [.. reports.Select(p => ("data_set_report", Key(p.DataSet, p.Unit, p.Period), (string?)ReportState.NotStarted.Chinese(),
                (string?)$"{ReportState.Approved.Chinese()}; 补录: {Yardstick.Core.Model.LocalClock.Day(p.SubmittedAt):yyyy-MM-dd} 上报"))];
        }, cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Reasons are stored as they were written (not \u-escaped), so the store and the audit log read as Chinese.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The audit key of a report: data set, unit and period codes.</summary>
    public static string Key(DataSet dataSet, OrgUnit unit, Period period) => $"{dataSet.Code}|{unit.Code}|{period}";

    /// <summary>Every step of one report, newest first, from the audit log.</summary>
    public static Task<IReadOnlyList<AuditLog.Entry>> HistoryAsync(YardstickDb db, DataSet dataSet, OrgUnit unit, Period period, CancellationToken cancellationToken = default) =>
        AuditLog.SearchAsync(db, new AuditLog.Filter(Entity: "data_set_report", Key: Key(dataSet, unit, period), Limit: 100), cancellationToken);

    /// <summary>Reasons per field of the report's last return.</summary>
    public static IReadOnlyDictionary<string, string> FieldReasons(DataSetReport? report) =>
        report?.FieldReasons is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : new Dictionary<string, string>();

    /// <summary>
    /// Which of these writes (element, unit, period) the reporting cycle refuses, with the reason: a report submitted and
    /// waiting for review, or approved, refuses writes to its elements for everyone; past a data set's lock date only an
    /// unlock opens entry again (<paramref name="ignoreLockDates"/>: the operator's CLI load of history). Values of
    /// elements no data set collects, and of units or periods not assigned, pass.
    /// </summary>
    public static async Task<Dictionary<int, Refusal>> RefuseWritesAsync(YardstickDb db, IReadOnlyList<(int ElementId, int UnitId, Period Period)> writes,
        IReadOnlyDictionary<int, OrgUnit> units, DateOnly today, bool ignoreLockDates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(units);
        var refused = new Dictionary<int, Refusal>();
        var dataSets = await db.DataSets.AsNoTracking().ToListAsync(cancellationToken);
        if (dataSets.Count == 0 || writes.Count == 0)
        {
            return refused;
        }
        var elementIds = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Id, StringComparer.Ordinal, cancellationToken);
        var setsOf = new Dictionary<(int Element, PeriodType Type), List<DataSet>>();
        foreach (var set in dataSets)
        {
            foreach (var code in set.ElementCodes.Where(elementIds.ContainsKey))
            {
                var key = (elementIds[code], set.PeriodType);
                if (!setsOf.TryGetValue(key, out var list))
                {
                    setsOf[key] = list = [];
                }
                list.Add(set);
            }
        }
        var touched = writes.Where(w => setsOf.ContainsKey((w.ElementId, w.Period.Type))).ToList();
        if (touched.Count == 0)
        {
            return refused;
        }
        var starts = touched.Select(w => w.Period.Key).Distinct().ToList();
        var reports = new Dictionary<(int Set, int Unit, int Start), DataSetReport>();
        foreach (var chunk in starts.Chunk(500))
        {
            foreach (var r in await db.DataSetReports.AsNoTracking().Where(r => chunk.Contains(r.PeriodStart)).ToListAsync(cancellationToken))
            {
                reports[(r.DataSetId, r.OrgUnitId, r.PeriodStart)] = r;
            }
        }
        for (var i = 0; i < writes.Count; i++)
        {
            var (element, unitId, period) = writes[i];
            if (!setsOf.TryGetValue((element, period.Type), out var sets) || !units.TryGetValue(unitId, out var unit))
            {
                continue;
            }
            var start = period.Key;
            foreach (var set in sets)
            {
                var report = reports.GetValueOrDefault((set.Id, unitId, start));
                if (report is not null && RefuseWrite(set, unit, period, report.RecordedState) is { } stated)
                {
                    refused[i] = stated;
                    break;
                }
                if (!ignoreLockDates && set.IsAssigned(unit, period) && set.IsLockedOn(period, today) && !(report?.UnlockedUntil >= today))
                {
                    refused[i] = PastLockDate(set, unit, period);
                    break;
                }
            }
        }
        return refused;
    }

    /// <summary>A write refused by the report's state: waiting for review (a conflict), or approved (locked until unapproved).</summary>
    private static Refusal? RefuseWrite(DataSet set, OrgUnit unit, Period period, ReportState state) =>
        state.RefuseWrite() is { } reason
            ? new Refusal(state == ReportState.Approved ? RefusalKind.Locked : RefusalKind.Conflict, $"{unit.Name} {period} 的{set.Name}{reason}")
            : null;

    private static Refusal PastLockDate(DataSet set, OrgUnit unit, Period period) =>
        Refusal.Locked($"{unit.Name} {period} 的{set.Name}已过锁定日期 ({set.LockDate(period):yyyy-MM-dd}), 需由上级审核人员解锁后才能修改");
}
