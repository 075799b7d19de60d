using System.Data.Common;
using System.Globalization;

namespace Yardstick.Data.Tasks;

/// <summary>One message of a unit's inbox (站内消息): a task handed over, urged, returned, a deadline near or passed, a form due or returned.</summary>
public sealed record Message(long Id, int RecipientUnitId, long? TaskId, string Kind, string Body, DateTimeOffset At, DateTimeOffset? ReadAt)
{
    /// <summary>The kind as a user reads it: 交办, 催办, 逾期提醒 …</summary>
    public string KindChinese => ChineseOf(Kind);

    /// <summary>The kinds a user chooses the channels of (消息设置), in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "task_assign", "task_receive", "task_report", "task_urge", "task_request_close", "task_close", "task_return", "task_deadline", "task_draft",
        "deadline_soon", "deadline_passed", "progress_due", "form_due", "form_late", "form_returned",
        "assessment_published", "assessment_appeal", "assessment_reply", "assessment_final",
    ];

    public static string ChineseOf(string kind) => kind switch
    {
        "task_assign" or "task_assigned" => "交办",
        "task_receive" => "签收",
        "task_report" => "进展",
        "task_urge" => "催办",
        "task_request_close" => "申请办结",
        "task_close" => "销号",
        "task_return" => "退回",
        "task_deadline" => "时限调整",
        "task_draft" => "红灯预警",
        "deadline_soon" => "临期提醒",
        "deadline_passed" => "逾期提醒",
        "progress_due" => "进展提醒",
        "form_due" => "报表待报",
        "form_returned" => "报表退回",
        "form_late" => "报表逾期",
        "assessment_published" => "考核公示",
        "assessment_appeal" => "考核申诉",
        "assessment_reply" => "申诉答复",
        "assessment_final" => "考核定稿",
        _ => "通知",
    };
}

/// <summary>
/// The inbox of a unit — a department, a county, the commission — seen by every user whose scope is that unit, each of
/// whom reads it for themself (read state per person: <c>message_reads</c>). Messages
/// are written in the transaction of what caused them; a reminder carries a key that makes it unique, so that several
/// instances sending the same reminder store it once (and only the one that stored it writes its outbox rows, <see cref="Messages.Outbox"/>).
/// </summary>
public static class Inbox
{
    /// <summary>Stores the message for each recipient; returns the recipients it was new for (all of them without a key).</summary>
    public static async Task<IReadOnlyList<int>> SendAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<int> recipients, long? taskId,
        string kind, string body, DateTimeOffset at, string? dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(recipients);
        var stored = new List<int>();
        foreach (var unit in recipients.Distinct())
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // ON CONFLICT DO NOTHING is the same words in SQLite and PostgreSQL: a second instance's copy is dropped, not an error
            // (and returns no id, so its outbox rows are not written twice either).
            command.CommandText = """
                INSERT INTO messages (recipient_unit_id, task_id, kind, body, created_at, dedupe_key)
                VALUES (@u, @t, @k, @b, @at, @key) ON CONFLICT DO NOTHING RETURNING id
                """;
            SchemaMigrator.AddParameter(command, "@u", unit);
            SchemaMigrator.AddParameter(command, "@t", taskId);
            SchemaMigrator.AddParameter(command, "@k", kind);
            SchemaMigrator.AddParameter(command, "@b", body);
            SchemaMigrator.AddParameter(command, "@at", at.ToString("O", CultureInfo.InvariantCulture));
            SchemaMigrator.AddParameter(command, "@key", dedupeKey is null ? null : $"{dedupeKey}/{unit}");
            if (await command.ExecuteScalarAsync(cancellationToken) is { } id and not DBNull)
            {
                stored.Add(unit);
                // Only outbox rows in the step's transaction: sending is the scheduled job's, so a mail server or robot
                // that is down never fails or slows the step.
                await Messages.Outbox.AddAsync(connection, transaction, Convert.ToInt64(id, CultureInfo.InvariantCulture), unit, kind, at, cancellationToken);
            }
        }
        return stored;
    }

    /// <summary>
    /// Read for this person: read by them (<c>message_reads</c>), or read for the whole unit (<c>messages.read_at</c>: read
    /// before read state was kept per person, or a demo's past). Null <c>@r</c> (no person) reads only the latter.
    /// </summary>
    private const string ReadByPerson = "(m.read_at IS NOT NULL OR EXISTS (SELECT 1 FROM message_reads r WHERE r.message_id = m.id AND r.user_id = @r))";

    /// <summary>The unit's newest messages, each read or not for <paramref name="userId"/> (a user of the unit; null: read for the whole unit only).</summary>
    public static async Task<IReadOnlyList<Message>> ListAsync(YardstickDb db, int unitId, string? userId = null, int take = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT m.id, m.recipient_unit_id, m.task_id, m.kind, m.body, m.created_at,
                       CASE WHEN m.read_at IS NOT NULL THEN m.read_at ELSE (SELECT r.read_at FROM message_reads r WHERE r.message_id = m.id AND r.user_id = @r) END
                FROM messages m WHERE m.recipient_unit_id = @u ORDER BY m.id DESC LIMIT @n
                """;
            SchemaMigrator.AddParameter(command, "@u", unitId);
            SchemaMigrator.AddParameter(command, "@r", userId ?? "");
            SchemaMigrator.AddParameter(command, "@n", Math.Clamp(take, 1, 1000));
            var list = new List<Message>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(new Message(reader.GetInt64(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                    reader.IsDBNull(6) ? null : DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture)));
            }
            return (IReadOnlyList<Message>)list;
        }, cancellationToken);
    }

    /// <summary>The unit's messages <paramref name="userId"/> has not read: the number beside 消息 in the header.</summary>
    public static async Task<int> UnreadCountAsync(YardstickDb db, int unitId, string? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM messages m WHERE m.recipient_unit_id = @u AND NOT {ReadByPerson}";
            SchemaMigrator.AddParameter(command, "@u", unitId);
            SchemaMigrator.AddParameter(command, "@r", userId ?? "");
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <summary>
    /// Marks one message of the unit (or all of them when <paramref name="messageId"/> is null) read for <paramref name="userId"/>
    /// only: the unit's other users still see it unread.
    /// </summary>
    public static async Task MarkReadAsync(YardstickDb db, int unitId, string userId, long? messageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await db.WithConnectionAsync(async connection =>
        {
            // ON CONFLICT: the same person's two tabs marking at once store one read.
            await Values.AuditedChange.ExecuteAsync(connection, null,
                $"""
                INSERT INTO message_reads (message_id, user_id, read_at)
                SELECT m.id, @r, @at FROM messages m WHERE m.recipient_unit_id = @u AND NOT {ReadByPerson}{(messageId is null ? "" : " AND m.id = @id")}
                ON CONFLICT DO NOTHING
                """, cancellationToken,
                ("@at", at.ToString("O", CultureInfo.InvariantCulture)), ("@u", unitId), ("@r", userId), ("@id", messageId));
            return 0;
        }, cancellationToken);
    }
}
