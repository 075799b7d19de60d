using System.Diagnostics;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Targets;
using Yardstick.Data.Values;

namespace Yardstick.Data.Reports;

/// <summary>Where a 考核 stands: 草稿 (computed live), 公示中 (frozen, open to appeal), 已定稿 (final).</summary>
public enum AssessmentState
{
    Draft,
    Published,
    Final,
}

/// <summary>A 考核 table as published: its columns (items with the points they were scored at) and one line per unit.</summary>
public sealed record AssessmentTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<AssessmentLine> Lines, IReadOnlyList<string> Notes)
{
    public static AssessmentTable Of(ScorecardReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new AssessmentTable($"{report.PlanName} {report.Year}年考核结果 ({report.OrgUnitName}下级单位)",
            [.. report.Scored.Select(s => $"{report.Names[s.Key]} ({Rounding.WithoutTrailingZeros(Scorecard.Rounded(s.Weight)).ToString(CultureInfo.InvariantCulture)}分{(s.Rule == ScoringRule.Bonus ? ", 加分" : "")})")],
            [.. report.Units.Select(u => new AssessmentLine(u.Rank, u.OrgUnitCode, u.OrgUnitName, [.. u.Items.Select(i => Scorecard.Rounded(i.Points))], u.Total, u.Vetoed))],
            report.Notes());
    }

    /// <summary>The table as a worksheet and as an A4-landscape official document.</summary>
    public ReportSheet Sheet() => new("考核结果",
    [
        [new ReportCell(Title, Look: CellLook.Title)],
        [new("排名", Look: CellLook.Header), new("单位", Look: CellLook.Header), .. Columns.Select(c => new ReportCell(c, Look: CellLook.Header)), new("总分", Look: CellLook.Header)],
        .. Lines.Select(l => (IReadOnlyList<ReportCell>)
            [new(null, l.Rank), new(l.Name + (l.Vetoed ? " (一票否决)" : "")), .. l.Points.Select(p => new ReportCell(null, p)), new(null, l.Total)]),
        [],
        .. Notes.Select(n => (IReadOnlyList<ReportCell>)[new ReportCell(n)]),
    ], [6, 20, .. Columns.Select(_ => 14.0), 10]);

    /// <summary>
    /// The table on A4 landscape, a unit a row; when its items are too many for that (every score would break, "5.2/6"), turned:
    /// an item a row and a unit a column in rank order, with 总分 and 排名 as the last rows.
    /// </summary>
    public void WriteDocx(string path, string stateLine)
    {
        IReadOnlyList<string> header = ["排名", "单位", .. Columns, "总分"];
        IReadOnlyList<IReadOnlyList<string>> rows =
            [.. Lines.Select(l => (IReadOnlyList<string>)[Invariant(l.Rank), NameOf(l), .. l.Points.Select(Invariant), Invariant(l.Total)])];
        if (!ReportDocuments.Fits(header, rows, ReportDocuments.LandscapeTextWidth))
        {
            header = ["考核项目", .. Lines.Select(NameOf)];
            rows =
            [
                .. Columns.Select((c, k) => (IReadOnlyList<string>)[c, .. Lines.Select(l => Invariant(l.Points[k]))]),
                ["总分", .. Lines.Select(l => Invariant(l.Total))],
                ["排名", .. Lines.Select(l => Invariant(l.Rank))],
            ];
        }
        ReportDocuments.Write(path, _ =>
        [
            ReportDocuments.Title(Title),
            ReportDocuments.Centered(stateLine),
            ReportDocuments.Table(header, rows, ReportDocuments.LandscapeTextWidth),
            .. Notes.Select(ReportDocuments.Body),
        ], landscape: true);
    }

    private static string NameOf(AssessmentLine line) => line.Name + (line.Vetoed ? " (一票否决)" : "");

    private static string Invariant(decimal value) => Rounding.WithoutTrailingZeros(value).ToString(CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

public sealed record AssessmentLine(int Rank, string Code, string Name, IReadOnlyList<decimal> Points, decimal Total, bool Vetoed);

/// <summary>An appeal (申诉) a scored unit filed against a published 考核, and the assessing unit's answer.</summary>
public sealed record AssessmentAppeal(long Id, int OrgUnitId, string UnitName, string Body, string? AttachmentName, string FiledBy, DateTimeOffset FiledAt,
    string State, string? Reply, string? RepliedBy)
{
    public string StateChinese => State switch
    {
        "accepted" => "已采纳",
        "rejected" => "未采纳",
        "filed" => "待答复",
        _ => throw new FormatException($"未知的申诉状态 \"{State}\" (存储的值应为 filed、accepted 或 rejected)"),
    };
}

/// <summary>A 考核 past its draft: the table as published, the appeal window, the appeals, and the final table once 定稿.</summary>
public sealed record Assessment(long Id, int PlanId, int OrgUnitId, int Year, AssessmentState State, string PublishedBy, DateTimeOffset PublishedAt,
    DateTimeOffset AppealUntil, AssessmentTable Published, string? FinalizedBy, DateTimeOffset? FinalizedAt, AssessmentTable? Final,
    IReadOnlyList<AssessmentAppeal> Appeals)
{
    public AssessmentTable Table => Final ?? Published;

    public string StateChinese => State == AssessmentState.Final ? "已定稿" : "公示中";
}

/// <summary>Who asks: their name, scope, and whether they may run 考核 (plan) or appeal for a unit (its own data people).</summary>
public sealed record AssessmentActor(string Name, OrgUnit? Scope, bool MayAssess, bool MayAppeal, string? Address = null)
{
    public bool Assesses(OrgUnit unit) => MayAssess && Scope is { } s && unit.IsWithin(s);
}

/// <summary>
/// 考核 as a commission runs it: a scheme kept per plan, assessing unit and year; 公示 freezes the table and opens an appeal
/// window to the units scored; each may file 申诉 with evidence, which the assessing unit answers; 定稿 — only after the
/// window has closed and every appeal is answered — scores again (so corrections made on an accepted appeal count) and
/// freezes the final table. The order is enforced here; each step is audited.
/// </summary>
public static class Assessments
{
    public const long MaxAttachmentBytes = 10 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored scheme's CSV, or null when none is stored (then every target weighs the same).</summary>
    public static async Task<string?> SchemeCsvAsync(YardstickDb db, int planId, int orgUnitId, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
            await AuditedChange.ScalarAsync(connection, null, "SELECT csv FROM scoring_schemes WHERE plan_id = @p AND org_unit_id = @u AND year = @y", cancellationToken,
                ("@p", planId), ("@u", orgUnitId), ("@y", year)) as string, cancellationToken);
    }

    /// <summary>The stored scheme parsed (null when none), the same way the CLI's <c>--scheme</c> file is.</summary>
    public static async Task<IReadOnlyList<ScoringItem>?> SchemeAsync(YardstickDb db, int planId, int orgUnitId, int year, CancellationToken cancellationToken = default) =>
        await SchemeCsvAsync(db, planId, orgUnitId, year, cancellationToken) is { } csv ? ScoringScheme.Parse(csv).Items : null;

    /// <summary>
    /// Stores (or, with an empty text, removes) the scheme; returns the bad lines in Chinese (at most
    /// <see cref="InputLimits.IssuesListed"/>, then a count), or nothing. Refused once published.
    /// </summary>
    public static async Task<IReadOnlyList<Refusal>> SaveSchemeAsync(YardstickDb db, Plan plan, OrgUnit unit, int year, string csv, AssessmentActor actor, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Assesses(unit))
        {
            return [Refusal.Forbidden("只有本级或上级的规划管理人员可以修改计分方案")];
        }
        if (await GetAsync(db, plan.Id, unit.Id, year, cancellationToken) is not null)
        {
            return [Refusal.Conflict("本年度考核已公示, 计分方案不能再改")];
        }
        var text = (csv ?? "").Trim();
        if (text.Length > 0)
        {
            var (items, errors) = ScoringScheme.Parse(text);
            if (errors.Count > 0)
            {
                return [.. errors.Select(e => Refusal.Invalid(e))];
            }
            if (items.Count == 0)
            {
                return [Refusal.Invalid("计分方案没有任何一行")];
            }
            // Every key names something of this plan: an indicator it has a target for, one of its document's items, or tasks.
            var planId = plan.Id;
            var indicators = await db.Targets.AsNoTracking().Where(t => t.PlanId == planId)
                .Join(db.Indicators.AsNoTracking(), t => t.IndicatorId, i => i.Id, (t, i) => i.Code).Distinct().ToListAsync(cancellationToken);
            var documentItems = (await Documents.PlanItems.ListAsync(db, planId, cancellationToken, int.MaxValue)).Select(i => i.Id).ToHashSet();
            var unknown = items.Select(i => i.Key)
                .Where(k => k != ScoringScheme.TaskKey && !indicators.Contains(k) && !(ScoringScheme.DocumentItemId(k) is { } id && documentItems.Contains(id)))
                .ToList();
            if (unknown.Count > 0)
            {
                return [Refusal.Invalid($"计分方案中的指标或文件目标不在规划 {plan.Code} 的目标里: {InputLimits.Echo(string.Join("、", unknown))}")];
            }
        }
        var old = await SchemeCsvAsync(db, plan.Id, unit.Id, year, cancellationToken);
        var saved = await AuditedChange.RunAsync(db, actor.Name, "考核计分方案", at, actor.Address, async (connection, transaction) =>
        {
            // Read again under the writers' lock: a 公示 that committed since the check above freezes the scheme.
            if (await PublishedAsync(connection, transaction, plan, unit, year, cancellationToken))
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "DELETE FROM scoring_schemes WHERE plan_id = @p AND org_unit_id = @u AND year = @y", cancellationToken,
                ("@p", plan.Id), ("@u", unit.Id), ("@y", year));
            if (text.Length > 0)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, """
                    INSERT INTO scoring_schemes (plan_id, org_unit_id, year, csv, updated_by, updated_at) VALUES (@p, @u, @y, @csv, @by, @at)
                    """, cancellationToken, ("@p", plan.Id), ("@u", unit.Id), ("@y", year), ("@csv", text), ("@by", actor.Name), ("@at", Time(at)));
            }
            return [("scoring_scheme", Key(plan, unit, year), old, text.Length > 0 ? text : null)];
        }, cancellationToken);
        return saved ? [] : [Refusal.Conflict(await MovedAsync(db, plan, unit, year, cancellationToken))];
    }

    /// <summary>The newest year's 考核 of <paramref name="orgUnitId"/>'s units under the plan that is past its draft (公示中 or 已定稿); null when none is.</summary>
    public static async Task<Assessment?> LatestAsync(YardstickDb db, int planId, int orgUnitId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var year = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT max(year) FROM assessments WHERE plan_id = @p AND org_unit_id = @u";
            SchemaMigrator.AddParameter(command, "@p", planId);
            SchemaMigrator.AddParameter(command, "@u", orgUnitId);
            return await command.ExecuteScalarAsync(cancellationToken) is { } y and not DBNull ? Convert.ToInt32(y, CultureInfo.InvariantCulture) : (int?)null;
        }, cancellationToken);
        return year is { } found ? await GetAsync(db, planId, orgUnitId, found, cancellationToken) : null;
    }

    /// <summary>The 考核 past its draft, with its appeals; null while it is a draft.</summary>
    public static async Task<Assessment?> GetAsync(YardstickDb db, int planId, int orgUnitId, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT id, state, published_by, published_at, appeal_until, result, finalized_by, finalized_at, final_result
                FROM assessments WHERE plan_id = @p AND org_unit_id = @u AND year = @y
                """;
            SchemaMigrator.AddParameter(command, "@p", planId);
            SchemaMigrator.AddParameter(command, "@u", orgUnitId);
            SchemaMigrator.AddParameter(command, "@y", year);
            Assessment? found = null;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    string? Text(int k) => reader.IsDBNull(k) ? null : reader.GetString(k);
                    var state = reader.GetString(1) switch
                    {
                        "published" => AssessmentState.Published,
                        "final" => AssessmentState.Final,
                        var word => throw new FormatException($"未知的考核状态 \"{word}\" (存储的值应为 published 或 final)"),
                    };
                    found = new Assessment(reader.GetInt64(0), planId, orgUnitId, year, state,
                        reader.GetString(2), Parse(reader.GetString(3)), Parse(reader.GetString(4)), JsonSerializer.Deserialize<AssessmentTable>(reader.GetString(5), Json)!,
                        Text(6), Text(7) is { } f ? Parse(f) : null, Text(8) is { } t ? JsonSerializer.Deserialize<AssessmentTable>(t, Json) : null, []);
                }
            }
            if (found is null)
            {
                return null;
            }
            await using var appeals = connection.CreateCommand();
            appeals.CommandText = """
                SELECT a.id, a.org_unit_id, u.name, a.body, a.attachment_name, a.filed_by, a.filed_at, a.state, a.reply, a.replied_by
                FROM assessment_appeals a JOIN org_units u ON u.id = a.org_unit_id WHERE a.assessment_id = @a ORDER BY a.id
                """;
            SchemaMigrator.AddParameter(appeals, "@a", found.Id);
            var list = new List<AssessmentAppeal>();
            await using (var reader = await appeals.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    string? Text(int k) => reader.IsDBNull(k) ? null : reader.GetString(k);
                    list.Add(new AssessmentAppeal(reader.GetInt64(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2),
                        reader.GetString(3), Text(4), reader.GetString(5), Parse(reader.GetString(6)), reader.GetString(7), Text(8), Text(9)));
                }
            }
            return found with { Appeals = list };
        }, cancellationToken);
    }

    /// <summary>
    /// 公示: freezes the scorecard as scored now (stored scheme, else equal weights) and opens appeals for
    /// <paramref name="appealDays"/> days (<see cref="InputLimits.AppealDaysRefusal"/>: out of range is 400, never clamped).
    /// Only the assessing side, only from a draft.
    /// </summary>
    public static async Task<(Assessment? Assessment, Refusal? Refusal)> PublishAsync(YardstickDb db, IEngineSource engines, Plan plan, OrgUnit unit, int year,
        int appealDays, AssessmentActor actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Assesses(unit))
        {
            return (null, Refusal.Forbidden("只有本级或上级的规划管理人员可以发布考核结果"));
        }
        if (await GetAsync(db, plan.Id, unit.Id, year, cancellationToken) is { } existing)
        {
            return (null, Refusal.Conflict($"本年度考核已{existing.StateChinese}, 不能再次公示"));
        }
        if (InputLimits.AppealDaysRefusal(appealDays) is { } badDays)
        {
            return (null, Refusal.Invalid(badDays));
        }
        var appealUntil = at.AddDays(appealDays);
        var scheme = await SchemeCsvAsync(db, plan.Id, unit.Id, year, cancellationToken);
        var (report, error) = await ScorecardReport.BuildAsync(db, engines, plan.Code, unit.Code, year, await SchemeAsync(db, plan.Id, unit.Id, year, cancellationToken),
            LocalClock.Day(at), cancellationToken);
        if (report is null)
        {
            return (null, Refusal.Invalid(error ?? ""));
        }
        var table = AssessmentTable.Of(report);
        var schemeMoved = false;
        var published = await AuditedChange.RunAsync(db, actor.Name, "考核公示", at, actor.Address, async (connection, transaction) =>
        {
            // The table was scored on the scheme read above: a scheme saved since then (read again under the writers' lock)
            // would be frozen unseen, so this 公示 yields; two planners publishing at once: the row is the claim.
            schemeMoved = await AuditedChange.ScalarAsync(connection, transaction, "SELECT csv FROM scoring_schemes WHERE plan_id = @p AND org_unit_id = @u AND year = @y",
                cancellationToken, ("@p", plan.Id), ("@u", unit.Id), ("@y", year)) as string != scheme;
            if (schemeMoved || await AuditedChange.ExecuteAsync(connection, transaction, """
                INSERT INTO assessments (plan_id, org_unit_id, year, state, published_by, published_at, appeal_until, result)
                VALUES (@p, @u, @y, 'published', @by, @at, @until, @result) ON CONFLICT DO NOTHING
                """, cancellationToken, ("@p", plan.Id), ("@u", unit.Id), ("@y", year), ("@by", actor.Name), ("@at", Time(at)), ("@until", Time(appealUntil)),
                ("@result", JsonSerializer.Serialize(table, Json))) == 0)
            {
                return null;
            }
            var scored = await UnitIdsAsync(connection, transaction, table, cancellationToken);
            await Tasks.Inbox.SendAsync(connection, transaction, scored, null, "assessment_published",
                $"{unit.Name}{year}年考核结果 (《{plan.Name}》) 已公示, 申诉截止 {TimeZoneInfo.ConvertTime(appealUntil, Yardstick.Core.Model.LocalClock.Zone):yyyy年M月d日 HH:mm}。", at, null, cancellationToken);
            return [("assessment", Key(plan, unit, year), "草稿", $"公示中; 申诉截止 {Yardstick.Core.Model.LocalClock.Text(appealUntil)}")];
        }, cancellationToken);
        return published ? (await GetAsync(db, plan.Id, unit.Id, year, cancellationToken), null)
            : schemeMoved ? (null, Refusal.Conflict("计分方案刚被修改, 本次公示未执行; 请刷新, 核对新的得分后再公示"))
            : (null, Refusal.Conflict(await MovedAsync(db, plan, unit, year, cancellationToken)));
    }

    /// <summary>申诉: a scored unit's own people, while the window is open, with the reason and optional evidence.</summary>
    public static async Task<Refusal?> AppealAsync(YardstickDb db, Assessment assessment, string body, string? attachmentName, byte[]? attachment,
        AssessmentActor actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.MayAppeal || actor.Scope is not { } scope || assessment.Published.Lines.All(l => l.Code != scope.Code))
        {
            return Refusal.Forbidden("只有被考核单位可以申诉");
        }
        if (assessment.State != AssessmentState.Published || at >= assessment.AppealUntil)
        {
            return Refusal.Conflict(assessment.State == AssessmentState.Final ? "考核已定稿, 不能再申诉" : "申诉期已过");
        }
        var text = Core.Text.InputText.Clean(body ?? "");
        if (text.Length is 0 or > 2000)
        {
            return Refusal.Invalid(text.Length == 0 ? "请写明申诉事项和理由" : "申诉内容不能超过 2000 字");
        }
        if (attachment is { LongLength: > MaxAttachmentBytes })
        {
            return Refusal.Invalid($"佐证材料不能超过 {MaxAttachmentBytes / 1024 / 1024} MB");
        }
        var filed = await AuditedChange.RunAsync(db, actor.Name, "考核申诉", at, actor.Address, async (connection, transaction) =>
        {
            // Filed against the table as published: a 定稿 that committed first closes the window.
            if (!await AuditedChange.ClaimAsync(connection, transaction, "assessments", "id = @a", "state", "published", cancellationToken, ("@a", assessment.Id)))
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, """
                INSERT INTO assessment_appeals (assessment_id, org_unit_id, body, attachment_name, attachment, filed_by, filed_at, state)
                VALUES (@a, @u, @b, @an, @att, @by, @at, 'filed')
                """, cancellationToken, ("@a", assessment.Id), ("@u", scope.Id), ("@b", text), ("@an", attachmentName is null ? null : Path.GetFileName(attachmentName)),
                ("@att", attachment), ("@by", actor.Name), ("@at", Time(at)));
            await Tasks.Inbox.SendAsync(connection, transaction, [assessment.OrgUnitId], null, "assessment_appeal", $"{scope.Name}对{assessment.Year}年考核结果提出申诉: {text}",
                at, null, cancellationToken);
            return [("assessment_appeal", $"{assessment.Id}/{scope.Code}", null, text + (attachmentName is { } n ? $" [佐证 {n}]" : ""))];
        }, cancellationToken);
        return filed ? null : Refusal.Conflict("考核已定稿, 不能再申诉");
    }

    /// <summary>The assessing side answers an appeal: 采纳 (accepted) or not, with a reply the unit reads.</summary>
    public static async Task<Refusal?> AnswerAsync(YardstickDb db, Assessment assessment, long appealId, bool accepted, string reply, OrgUnit unit,
        AssessmentActor actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Assesses(unit))
        {
            return Refusal.Forbidden("只有本级或上级的规划管理人员可以答复申诉");
        }
        var appeal = assessment.Appeals.FirstOrDefault(a => a.Id == appealId);
        if (appeal is null)
        {
            return Refusal.NotFound($"没有编号为 {appealId} 的申诉");
        }
        if (assessment.State != AssessmentState.Published || appeal.State != "filed")
        {
            return Refusal.Conflict("这条申诉已答复或考核已定稿");
        }
        var text = Core.Text.InputText.Clean(reply ?? "");
        if (text.Length == 0)
        {
            return Refusal.Invalid("请填写答复意见");
        }
        var answered = await AuditedChange.RunAsync(db, actor.Name, "答复考核申诉", at, actor.Address, async (connection, transaction) =>
        {
            // Two planners answering the same appeal: the first answer stands.
            if (!await AuditedChange.ClaimAsync(connection, transaction, "assessment_appeals", "id = @id", "state", "filed", cancellationToken, ("@id", appealId)))
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE assessment_appeals SET state = @s, reply = @r, replied_by = @by, replied_at = @at WHERE id = @id",
                cancellationToken, ("@s", accepted ? "accepted" : "rejected"), ("@r", text), ("@by", actor.Name), ("@at", Time(at)), ("@id", appealId));
            await Tasks.Inbox.SendAsync(connection, transaction, [appeal.OrgUnitId], null, "assessment_reply",
                $"{assessment.Year}年考核申诉{(accepted ? "已采纳" : "未采纳")}: {text}", at, null, cancellationToken);
            return [("assessment_appeal", $"{assessment.Id}/{appealId}", "待答复", (accepted ? "已采纳" : "未采纳") + "; " + text)];
        }, cancellationToken);
        if (answered)
        {
            return null;
        }
        var now = (await GetAsync(db, assessment.PlanId, assessment.OrgUnitId, assessment.Year, cancellationToken))?.Appeals.FirstOrDefault(a => a.Id == appealId);
        return Refusal.Conflict(now is { RepliedBy: { } by } ? $"这条申诉已由 {by} 答复为“{now.StateChinese}”: {now.Reply}; 您的答复未保存" : "这条申诉已答复或考核已定稿");
    }

    /// <summary>定稿: after the appeal window, every appeal answered; the table is scored again and frozen as final.</summary>
    public static async Task<Refusal?> FinalizeAsync(YardstickDb db, IEngineSource engines, Plan plan, OrgUnit unit, Assessment assessment,
        AssessmentActor actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Assesses(unit))
        {
            return Refusal.Forbidden("只有本级或上级的规划管理人员可以定稿");
        }
        if (assessment.State != AssessmentState.Published)
        {
            return Refusal.Conflict("考核已定稿");
        }
        if (at < assessment.AppealUntil)
        {
            return Refusal.Conflict($"申诉期至 {Yardstick.Core.Model.LocalClock.Text(assessment.AppealUntil)} 结束, 之后才能定稿");
        }
        if (assessment.Appeals.Count(a => a.State == "filed") is > 0 and var open)
        {
            return Refusal.Conflict($"还有 {open} 条申诉未答复");
        }
        var (report, error) = await ScorecardReport.BuildAsync(db, engines, plan.Code, unit.Code, assessment.Year,
            await SchemeAsync(db, plan.Id, unit.Id, assessment.Year, cancellationToken), LocalClock.Day(at), cancellationToken);
        if (report is null)
        {
            return Refusal.Invalid(error ?? "");
        }
        var table = AssessmentTable.Of(report);
        var final = await AuditedChange.RunAsync(db, actor.Name, "考核定稿", at, actor.Address, async (connection, transaction) =>
        {
            // Claimed first, then the appeals counted again: an appeal filed since the check above keeps it open.
            if (!await AuditedChange.ClaimAsync(connection, transaction, "assessments", "id = @id", "state", "published", cancellationToken, ("@id", assessment.Id))
                || Convert.ToInt64(await AuditedChange.ScalarAsync(connection, transaction, "SELECT count(*) FROM assessment_appeals WHERE assessment_id = @id AND state = 'filed'",
                    cancellationToken, ("@id", assessment.Id)), CultureInfo.InvariantCulture) > 0)
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE assessments SET state = 'final', finalized_by = @by, finalized_at = @at, final_result = @r WHERE id = @id",
                cancellationToken, ("@by", actor.Name), ("@at", Time(at)), ("@r", JsonSerializer.Serialize(table, Json)), ("@id", assessment.Id));
            await Tasks.Inbox.SendAsync(connection, transaction, await UnitIdsAsync(connection, transaction, table, cancellationToken), null, "assessment_final",
                $"{unit.Name}{assessment.Year}年考核结果已定稿。", at, null, cancellationToken);
            return [("assessment", Key(plan, unit, assessment.Year), "公示中", "已定稿")];
        }, cancellationToken);
        return final ? null : Refusal.Conflict(await MovedAsync(db, plan, unit, assessment.Year, cancellationToken));
    }

    public static async Task<(string Name, byte[] Content)?> AppealAttachmentAsync(YardstickDb db, long assessmentId, long appealId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT attachment_name, attachment FROM assessment_appeals WHERE id = @id AND assessment_id = @a AND attachment IS NOT NULL";
            SchemaMigrator.AddParameter(command, "@id", appealId);
            SchemaMigrator.AddParameter(command, "@a", assessmentId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), (byte[])reader.GetValue(1)) : ((string, byte[])?)null;
        }, cancellationToken);
    }

    private static async Task<IReadOnlyList<int>> UnitIdsAsync(DbConnection connection, DbTransaction transaction, AssessmentTable table, CancellationToken cancellationToken)
    {
        var ids = new List<int>();
        foreach (var line in table.Lines)
        {
            if (await AuditedChange.ScalarAsync(connection, transaction, "SELECT id FROM org_units WHERE code = @c", cancellationToken, ("@c", line.Code)) is { } id and not DBNull)
            {
                ids.Add(Convert.ToInt32(id, CultureInfo.InvariantCulture));
            }
        }
        return ids;
    }

    private static async Task<bool> PublishedAsync(DbConnection connection, DbTransaction transaction, Plan plan, OrgUnit unit, int year, CancellationToken cancellationToken) =>
        await AuditedChange.ScalarAsync(connection, transaction, "SELECT id FROM assessments WHERE plan_id = @p AND org_unit_id = @u AND year = @y", cancellationToken,
            ("@p", plan.Id), ("@u", unit.Id), ("@y", year)) is not (null or DBNull);

    /// <summary>Where the 考核 is now, for the one whose step lost the race to another planner's.</summary>
    private static async Task<string> MovedAsync(YardstickDb db, Plan plan, OrgUnit unit, int year, CancellationToken cancellationToken)
    {
        var now = await GetAsync(db, plan.Id, unit.Id, year, cancellationToken);
        return now switch
        {
            null => "考核仍为草稿; 您的操作未执行, 请刷新后再看",
            { State: AssessmentState.Final } => $"本年度考核已被 {now.FinalizedBy} 于 {(now.FinalizedAt is { } f ? Yardstick.Core.Model.LocalClock.Text(f) : "")} 定稿; 您的操作未执行",
            { State: AssessmentState.Published } when now.Appeals.Count(a => a.State == "filed") is > 0 and var open => $"还有 {open} 条申诉未答复 (刚刚提交); 您的操作未执行",
            { State: AssessmentState.Published } => $"本年度考核已被 {now.PublishedBy} 于 {Yardstick.Core.Model.LocalClock.Text(now.PublishedAt)} 公示; 您的操作未执行",
            _ => throw new UnreachableException(),
        };
    }

    private static string Key(Plan plan, OrgUnit unit, int year) => $"{plan.Code}/{unit.Code}/{year.ToString(CultureInfo.InvariantCulture)}";

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
