using System.Data.Common;
using System.Globalization;
using Yardstick.Core.Model;
using Yardstick.Core.Text;
using Yardstick.Core.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tasks;

/// <summary>
/// A leader's written instruction (领导批示件) as registered: the unit that registered it and its number there, the 来文/事项
/// the leader wrote on, the leader (name and post as written), the day and words of the instruction, the day it is
/// required by, and whether a scan is attached.
/// </summary>
public sealed record Instruction(long Id, int OrgUnitId, string UnitCode, string UnitName, string UnitPath, InstructionNumber Number, string Subject,
    string Leader, DateOnly InstructedOn, string Body, DateOnly? Due, string? AttachmentName, string CreatedBy, DateTimeOffset CreatedAt)
{
    public bool IsWithin(OrgUnit scope) => UnitPath.StartsWith(scope.Path, StringComparison.Ordinal);
}

/// <summary>How far an instruction's tasks have come: closed of all (dismissed drafts are not counted), and how many are past their date today.</summary>
public sealed record InstructionProgress(int Closed, int Total, int Overdue);

/// <summary>An instruction as a clerk registers it; <paramref name="Number"/> blank takes the unit's next number of the year.</summary>
public sealed record NewInstruction(string Subject, string Leader, DateOnly? InstructedOn, string Body, DateOnly? Due = null, string? Number = null,
    string? AttachmentName = null, byte[]? Attachment = null);

/// <summary>A page of the register: the instructions on it, newest first, each with its progress, and how many match in all.</summary>
public sealed record InstructionPage(IReadOnlyList<(Instruction Instruction, InstructionProgress Progress)> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The register of 领导批示件: who may register (a unit that may hand tasks over: <see cref="TaskViewer.MayAssign"/>), how an
/// instruction is numbered (批示〔year〕N号 per registering unit and year, the year the leader wrote it), and who sees it —
/// the registering unit and those above it, and the units its tasks are assigned to (a township sees a county's
/// instruction only through a task it owns). Tasks are started from an instruction by <see cref="TaskBoard.CreateAsync"/>.
/// </summary>
public static class Instructions
{
    public const int PageSize = 20;

    /// <summary>
    /// Registers an instruction, audited. A number the clerk gives is kept when the unit has not used it that year (else 409);
    /// blank takes the next one, read under the writers' lock and inserted against the unique (unit, year, number), so two
    /// clerks registering at once get two numbers.
    /// </summary>
    public static async Task<(Instruction? Instruction, Refusal? Refusal)> RegisterAsync(YardstickDb db, NewInstruction input, TaskViewer viewer, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.MayAssign || viewer.Scope is not { } scope)
        {
            return (null, Refusal.Forbidden("只有可以交办任务的规划管理人员可以登记批示件"));
        }
        var subject = Clean(input.Subject);
        var leader = Clean(input.Leader);
        var body = Clean(input.Body);
        var refusal =
            subject.Length == 0 ? Refusal.Invalid("请填写来文或事项", "title")
            : subject.Length > InputLimits.TaskTitle ? Refusal.Invalid($"来文或事项不能超过 {InputLimits.TaskTitle} 字", "title")
            : leader.Length == 0 ? Refusal.Invalid("请填写批示领导 (姓名和职务, 如 张三 主任)", "leader")
            : leader.Length > InputLimits.Name ? Refusal.Invalid($"批示领导不能超过 {InputLimits.Name} 字", "leader")
            : input.InstructedOn is not { } day ? Refusal.Invalid("请填写批示日期", "date")
            : InputLimits.DayRefusal(day, "批示日期") is { } badDay ? Refusal.Invalid(badDay, "date")
            : body.Length == 0 ? Refusal.Invalid("请填写批示内容", "text")
            : body.Length > InputLimits.Note ? Refusal.Invalid($"批示内容不能超过 {InputLimits.Note} 字", "text")
            : input.Due is { } due && InputLimits.DayRefusal(due, "办理时限") is { } badDue ? Refusal.Invalid(badDue, "due")
            : input.Due < input.InstructedOn ? Refusal.Invalid($"办理时限 ({input.Due:yyyy-MM-dd}) 早于批示日期 ({input.InstructedOn:yyyy-MM-dd})", "due")
            : input.Attachment is { } scan && scan.LongLength > TaskBoard.MaxAttachmentBytes ? Refusal.Invalid($"批示件扫描件不能超过 {TaskBoard.MaxAttachmentBytes / 1024 / 1024} MB", "attachment")
            : null;
        if (refusal is not null)
        {
            return (null, refusal);
        }
        var year = input.InstructedOn!.Value.Year;
        InstructionNumber? given = null;
        if (!string.IsNullOrWhiteSpace(input.Number))
        {
            given = InstructionNumber.Parse(input.Number, year);
            if (given is null)
            {
                return (null, Refusal.Invalid($"无法识别的批示编号 \"{InputLimits.Echo(input.Number)}\" (写作 批示〔{year}〕12号 或 12; 留空则自动编号)", "number"));
            }
        }
        var attachmentName = input.Attachment is null ? null : Clean(Path.GetFileName(input.AttachmentName ?? "批示件"));
        long id = 0;
        InstructionNumber? number = null;
        var committed = await AuditedChange.RunAsync(db, viewer.Name, "批示件", at, viewer.Address, async (connection, transaction) =>
        {
            number = given ?? new InstructionNumber(year, 1 + Convert.ToInt32(await AuditedChange.ScalarAsync(connection, transaction,
                "SELECT coalesce(max(seq), 0) FROM instructions WHERE org_unit_id = @u AND year = @y", cancellationToken, ("@u", scope.Id), ("@y", year)),
                CultureInfo.InvariantCulture));
            var inserted = await AuditedChange.ScalarAsync(connection, transaction, """
                INSERT INTO instructions (org_unit_id, year, seq, subject, leader, instructed_on, body, due, attachment_name, attachment, created_by, created_at)
                VALUES (@u, @y, @n, @subject, @leader, @on, @body, @due, @an, @a, @by, @at)
                ON CONFLICT (org_unit_id, year, seq) DO NOTHING RETURNING id
                """, cancellationToken, ("@u", scope.Id), ("@y", number.Year), ("@n", number.Seq), ("@subject", subject), ("@leader", leader),
                ("@on", Day(input.InstructedOn)), ("@body", body), ("@due", Day(input.Due)), ("@an", attachmentName), ("@a", input.Attachment), ("@by", viewer.Name),
                ("@at", at.ToString("O", CultureInfo.InvariantCulture)));
            if (inserted is null or DBNull)
            {
                return null;
            }
            id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
            return [("instruction.register", $"{scope.Code}/{number}", null,
                $"{subject};领导={leader};日期={Day(input.InstructedOn)};时限={Day(input.Due)}" + (attachmentName is { } n ? $" [附件 {n}]" : ""))];
        }, cancellationToken);
        if (!committed)
        {
            return (null, Refusal.Conflict($"{scope.Name}{number!.Year}年已有编号为 {number} 的批示件, 请换一个编号或留空自动编号"));
        }
        return (await GetAsync(db, id, cancellationToken), null);
    }

    /// <summary>One instruction by id, whoever asks (the store's own reads); screens ask <see cref="GetForAsync"/>.</summary>
    public static async Task<Instruction?> GetAsync(YardstickDb db, long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync(db, "i.id = @id", [("@id", id)], "", cancellationToken)).SingleOrDefault();

    /// <summary>The instruction when <paramref name="viewer"/> sees it (<see cref="Sees"/>); null when it does not exist or is outside their scope — both 404.</summary>
    public static async Task<Instruction?> GetForAsync(YardstickDb db, TaskViewer viewer, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.Scope is not { } scope || await GetAsync(db, id, cancellationToken) is not { } instruction)
        {
            return null;
        }
        return instruction.IsWithin(scope) || (await TaskBoard.ListOfInstructionAsync(db, id, cancellationToken)).Any(viewer.Sees) ? instruction : null;
    }

    /// <summary>
    /// A page of the instructions <paramref name="viewer"/> sees, newest first (by the day written, then the registering), each
    /// with its tasks' progress; <paramref name="search"/> matches the number, leader, 来文/事项 or the instruction's words.
    /// </summary>
    public static async Task<InstructionPage> PageForAsync(YardstickDb db, TaskViewer viewer, string? search, int page, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        page = Math.Max(1, page);
        if (viewer.Scope is not { } scope)
        {
            return new InstructionPage([], 0, page, PageSize);
        }
        // Seen: registered within the scope, or one of its tasks assigned to or by a unit within it (TaskViewer.Sees).
        var where = """
            (u.path LIKE @scope OR i.id IN (SELECT t.instruction_id FROM plan_tasks t JOIN task_owners o ON o.task_id = t.id JOIN org_units ou ON ou.id = o.org_unit_id
                                             WHERE t.instruction_id IS NOT NULL AND ou.path LIKE @scope)
                                OR i.id IN (SELECT t.instruction_id FROM plan_tasks t JOIN org_units au ON au.id = t.assigner_unit_id
                                             WHERE t.instruction_id IS NOT NULL AND au.path LIKE @scope))
            """;
        var parameters = new List<(string, object?)> { ("@scope", scope.Path + "%") };
        var words = InputText.Normalize(search ?? "");
        if (words.Length > 0)
        {
            where += $" AND ({NumberSql} LIKE @q ESCAPE '\\' OR i.leader LIKE @q ESCAPE '\\' OR i.subject LIKE @q ESCAPE '\\' OR i.body LIKE @q ESCAPE '\\')";
            parameters.Add(("@q", "%" + words.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%"));
        }
        var total = await db.WithConnectionAsync(async connection => Convert.ToInt32(await AuditedChange.ScalarAsync(connection, null,
            $"SELECT count(*) FROM instructions i JOIN org_units u ON u.id = i.org_unit_id WHERE {where}", cancellationToken, [.. parameters]),
            CultureInfo.InvariantCulture), cancellationToken);
        var items = await QueryAsync(db, where, parameters,
            $" ORDER BY i.instructed_on DESC, i.id DESC LIMIT {PageSize} OFFSET {(page - 1) * PageSize}", cancellationToken);
        var tasks = (await TaskBoard.ListOfInstructionsAsync(db, [.. items.Select(i => i.Id)], cancellationToken)).ToLookup(t => t.InstructionId);
        return new InstructionPage([.. items.Select(i => (i, ProgressOf(tasks[i.Id], today)))], total, page, PageSize);
    }

    /// <summary>Closed of all, and overdue today, of an instruction's tasks; a dismissed draft was never anyone's duty.</summary>
    public static InstructionProgress ProgressOf(IEnumerable<PlanTask> tasks, DateOnly today)
    {
        var live = tasks.Where(t => t.Stage != TaskStage.Dismissed).ToList();
        return new InstructionProgress(live.Count(t => t.Stage == TaskStage.Closed), live.Count, live.Count(t => t.LightOn(today) == TaskLight.Overdue));
    }

    /// <summary>The scanned 批示件, when <paramref name="viewer"/> sees the instruction and one is attached.</summary>
    public static async Task<(string Name, byte[] Content)?> AttachmentAsync(YardstickDb db, TaskViewer viewer, long id, CancellationToken cancellationToken = default)
    {
        if (await GetForAsync(db, viewer, id, cancellationToken) is not { AttachmentName: not null })
        {
            return null;
        }
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT attachment_name, attachment FROM instructions WHERE id = @id AND attachment IS NOT NULL";
            SchemaMigrator.AddParameter(command, "@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), (byte[])reader.GetValue(1)) : ((string, byte[])?)null;
        }, cancellationToken);
    }

    /// <summary>The number as written, in SQL, for the search: the same words as <see cref="InstructionNumber.ToString"/>.</summary>
    private const string NumberSql = "('批示〔' || CAST(i.year AS text) || '〕' || CAST(i.seq AS text) || '号')";

    private static async Task<List<Instruction>> QueryAsync(YardstickDb db, string where, IReadOnlyList<(string, object?)> parameters, string tail,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT i.id, i.org_unit_id, u.code AS unit_code, u.name AS unit_name, u.path AS unit_path, i.year, i.seq, i.subject, i.leader, i.instructed_on,
                       i.body, i.due, i.attachment_name, i.created_by, i.created_at
                FROM instructions i JOIN org_units u ON u.id = i.org_unit_id
                WHERE {where}{tail}
                """;
            foreach (var (name, value) in parameters)
            {
                SchemaMigrator.AddParameter(command, name, value);
            }
            var list = new List<Instruction>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(Read(reader));
            }
            return list;
        }, cancellationToken);
    }

    private static Instruction Read(DbDataReader r)
    {
        string? Optional(string name) => r.IsDBNull(r.GetOrdinal(name)) ? null : r.GetString(r.GetOrdinal(name));
        int Int(string name) => Convert.ToInt32(r.GetValue(r.GetOrdinal(name)), CultureInfo.InvariantCulture);
        DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Instruction(Convert.ToInt64(r.GetValue(r.GetOrdinal("id")), CultureInfo.InvariantCulture), Int("org_unit_id"), Optional("unit_code")!,
            Optional("unit_name")!, Optional("unit_path")!, new InstructionNumber(Int("year"), Int("seq")), Optional("subject")!, Optional("leader")!,
            Date(Optional("instructed_on")!), Optional("body")!, Optional("due") is { } due ? Date(due) : null, Optional("attachment_name"), Optional("created_by")!,
            DateTimeOffset.Parse(Optional("created_at")!, CultureInfo.InvariantCulture));
    }

    private static string Clean(string? text) => InputText.Clean(text ?? "");

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
