using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Data.Values;

namespace Yardstick.Data.Tasks;

/// <summary>The stored state of a key task; 逾期 is not stored but read off the deadline (<see cref="PlanTask.StateOn"/>).</summary>
public enum KeyTaskStatus
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>What the board shows: the stored status, or 逾期 / 临期 from the deadline.</summary>
public enum KeyTaskState
{
    NotStarted,
    InProgress,
    Done,
    Overdue,
}

public static class KeyTaskStatuses
{
    public static string Word(this KeyTaskStatus s) => s switch
    {
        KeyTaskStatus.InProgress => "in_progress",
        KeyTaskStatus.Done => "done",
        _ => "not_started",
    };

    public static string Chinese(this KeyTaskStatus s) => s switch
    {
        KeyTaskStatus.InProgress => "推进中",
        KeyTaskStatus.Done => "已完成",
        _ => "未开始",
    };

    public static string Chinese(this KeyTaskState s) => s switch
    {
        KeyTaskState.InProgress => "推进中",
        KeyTaskState.Done => "已完成",
        KeyTaskState.Overdue => "逾期",
        _ => "未开始",
    };

    /// <summary>Accepts the stored words and the Chinese ones.</summary>
    public static bool TryParse(string? text, out KeyTaskStatus status)
    {
        status = (text ?? "").Trim() switch
        {
            "not_started" or "未开始" => KeyTaskStatus.NotStarted,
            "in_progress" or "推进中" => KeyTaskStatus.InProgress,
            "done" or "已完成" => KeyTaskStatus.Done,
            _ => (KeyTaskStatus)(-1),
        };
        return Enum.IsDefined(status);
    }
}

/// <summary>A key task of a plan (重点任务 of the work points) with its follow-up state.</summary>
public sealed record PlanTask(long Id, string PlanCode, string No, string? Section, string Title, string Leads, string Responsible,
    string Cooperating, KeyTaskStatus Status, DateOnly? Deadline, int Progress, IReadOnlyList<string> IndicatorCodes)
{
    /// <summary>Days before the deadline at which an open task is shown as 临期.</summary>
    public const int DueSoonDays = 14;

    public KeyTaskState StateOn(DateOnly today) => Status switch
    {
        KeyTaskStatus.Done => KeyTaskState.Done,
        _ when Deadline is { } d && d < today => KeyTaskState.Overdue,
        KeyTaskStatus.InProgress => KeyTaskState.InProgress,
        _ => KeyTaskState.NotStarted,
    };

    public bool IsDueSoon(DateOnly today) => Status != KeyTaskStatus.Done && Deadline is { } d && d >= today && d.DayNumber - today.DayNumber <= DueSoonDays;
}

/// <summary>One progress report on a task: who, when, the status and progress they set, what they wrote, an optional file.</summary>
public sealed record TaskUpdate(long Id, long TaskId, DateTimeOffset At, string Actor, KeyTaskStatus Status, int Progress, string Note, string? AttachmentName);

/// <summary>A change a user asks for; null parts stay as they are.</summary>
public sealed record TaskChange(KeyTaskStatus? Status = null, int? Progress = null, string Note = "", DateOnly? Deadline = null,
    string? AttachmentName = null, byte[]? Attachment = null, IReadOnlyList<string>? IndicatorCodes = null);

/// <summary>
/// 督查督办: the key tasks of the plans, their status, deadline and progress reports. Every change is one change set, audited
/// (old → new) and sealed into the audit chain in the same transaction.
/// </summary>
public static class TaskBoard
{
    public const long MaxAttachmentBytes = 10 * 1024 * 1024;

    public static async Task<IReadOnlyList<PlanTask>> ListAsync(YardstickDb db, string? planCode = null, CancellationToken cancellationToken = default) =>
        await QueryAsync(db, planCode is null ? null : ("p.code = @k", planCode), null, cancellationToken);

    public static async Task<PlanTask?> GetAsync(YardstickDb db, long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync(db, ("t.id = @k", id), id, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Tasks with their linked indicators, all or those matching one condition on parameter <c>@k</c>; links are read
    /// for <paramref name="onlyTask"/> alone when the query is for one task.
    /// </summary>
    private static async Task<IReadOnlyList<PlanTask>> QueryAsync(YardstickDb db, (string Where, object Value)? filter, long? onlyTask,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            var links = await LinksAsync(connection, onlyTask, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT t.id, p.code, t.no, t.section, t.title, t.leads, t.responsible, t.cooperating, t.status, t.deadline, t.progress
                FROM plan_tasks t JOIN plans p ON p.id = t.plan_id
                """ + (filter is { } w ? " WHERE " + w.Where : "") + " ORDER BY p.code, t.id";
            if (filter is { } p)
            {
                SchemaMigrator.AddParameter(command, "@k", p.Value);
            }
            var tasks = new List<PlanTask>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tasks.Add(Read(reader, links));
            }
            return (IReadOnlyList<PlanTask>)tasks;
        }, cancellationToken);
    }

    public static async Task<IReadOnlyList<TaskUpdate>> UpdatesAsync(YardstickDb db, long taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, task_id, at, actor, status, progress, note, attachment_name FROM task_updates WHERE task_id = @id ORDER BY id DESC";
            SchemaMigrator.AddParameter(command, "@id", taskId);
            var updates = new List<TaskUpdate>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                KeyTaskStatuses.TryParse(reader.GetString(4), out var status);
                updates.Add(new TaskUpdate(reader.GetInt64(0), reader.GetInt64(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                    reader.GetString(3), status, reader.GetInt32(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
            return (IReadOnlyList<TaskUpdate>)updates;
        }, cancellationToken);
    }

    public static async Task<(string Name, byte[] Content)?> AttachmentAsync(YardstickDb db, long updateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT attachment_name, attachment FROM task_updates WHERE id = @id AND attachment IS NOT NULL";
            SchemaMigrator.AddParameter(command, "@id", updateId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), (byte[])reader.GetValue(1)) : ((string, byte[])?)null;
        }, cancellationToken);
    }

    /// <summary>Applies a change and records it as a progress report; returns an error in Chinese, or null.</summary>
    public static async Task<string?> ChangeAsync(YardstickDb db, long taskId, TaskChange change, string actor, string? address, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        if (change.Progress is < 0 or > 100)
        {
            return "进度应在 0 到 100 之间";
        }
        if (change.Attachment is { LongLength: > MaxAttachmentBytes })
        {
            return $"附件不能超过 {MaxAttachmentBytes / 1024 / 1024} MB";
        }
        var task = await GetAsync(db, taskId, cancellationToken);
        if (task is null)
        {
            return $"没有编号为 {taskId} 的任务";
        }
        var status = change.Status ?? task.Status;
        var progress = change.Progress ?? (status == KeyTaskStatus.Done ? 100 : task.Progress);
        var deadline = change.Deadline ?? task.Deadline;
        var indicators = change.IndicatorCodes ?? task.IndicatorCodes;
        var key = $"{task.PlanCode}/{task.No}";
        var audit = new List<(string, string, string?, string?)>();
        void Audit(string field, string? old, string? @new)
        {
            if (!string.Equals(old, @new, StringComparison.Ordinal))
            {
                audit.Add(("task." + field, key, old, @new));
            }
        }
        Audit("status", task.Status.Word(), status.Word());
        Audit("progress", task.Progress.ToString(CultureInfo.InvariantCulture), progress.ToString(CultureInfo.InvariantCulture));
        Audit("deadline", task.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Audit("indicators", string.Join(";", task.IndicatorCodes), string.Join(";", indicators));
        if (change.Note.Length > 0 || change.Attachment is not null)
        {
            audit.Add(("task.update", key, null, change.Note + (change.AttachmentName is { } n ? $" [附件 {n}]" : "")));
        }
        if (audit.Count == 0)
        {
            return null;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var changeSet = await DataValueStore.NewChangeSetAsync(db, actor, "督办任务", at, address, cancellationToken);
                var connection = db.Database.GetDbConnection();
                var tx = transaction.GetDbTransaction();
                await ExecuteAsync(connection, tx, "UPDATE plan_tasks SET status = @s, progress = @p, deadline = @d WHERE id = @id", cancellationToken,
                    ("@s", status.Word()), ("@p", progress), ("@d", deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@id", taskId));
                if (change.IndicatorCodes is not null)
                {
                    await ExecuteAsync(connection, tx, "DELETE FROM task_indicators WHERE task_id = @id", cancellationToken, ("@id", taskId));
                    foreach (var code in indicators.Distinct(StringComparer.Ordinal))
                    {
                        await ExecuteAsync(connection, tx, "INSERT INTO task_indicators (task_id, indicator_code) VALUES (@id, @c)", cancellationToken,
                            ("@id", taskId), ("@c", code));
                    }
                }
                await ExecuteAsync(connection, tx, """
                    INSERT INTO task_updates (task_id, at, actor, status, progress, note, attachment_name, attachment)
                    VALUES (@id, @at, @actor, @s, @p, @note, @an, @a)
                    """, cancellationToken, ("@id", taskId), ("@at", at.ToString("O", CultureInfo.InvariantCulture)), ("@actor", actor),
                    ("@s", status.Word()), ("@p", progress), ("@note", change.Note), ("@an", change.AttachmentName), ("@a", change.Attachment));
                await AuditLog.WriteAsync(db, changeSet, audit, cancellationToken);
                await AuditLog.SealAsync(db, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
        return null;
    }

    private static PlanTask Read(DbDataReader reader, IReadOnlyDictionary<long, List<string>> links)
    {
        var id = reader.GetInt64(0);
        KeyTaskStatuses.TryParse(reader.GetString(8), out var status);
        DateOnly? deadline = reader.IsDBNull(9) ? null : DateOnly.ParseExact(reader.GetString(9), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new PlanTask(id, reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
            reader.GetString(5), reader.GetString(6), reader.GetString(7), status, deadline, reader.GetInt32(10),
            links.TryGetValue(id, out var codes) ? codes : []);
    }

    private static async Task<Dictionary<long, List<string>>> LinksAsync(DbConnection connection, long? taskId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT task_id, indicator_code FROM task_indicators" + (taskId is null ? "" : " WHERE task_id = @id") + " ORDER BY indicator_code";
        if (taskId is not null)
        {
            SchemaMigrator.AddParameter(command, "@id", taskId.Value);
        }
        var links = new Dictionary<long, List<string>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            if (!links.TryGetValue(id, out var list))
            {
                links[id] = list = [];
            }
            list.Add(reader.GetString(1));
        }
        return links;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            SchemaMigrator.AddParameter(command, name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

}
