using System.Data.Common;
using System.Globalization;

namespace Yardstick.Data.Tasks;

/// <summary>One message of a unit's inbox (站内消息): a task handed over, urged, returned, a deadline near or passed, a form due or returned.</summary>
public sealed record Message(long Id, int RecipientUnitId, long? TaskId, string Kind, string Body, DateTimeOffset At, DateTimeOffset? ReadAt)
{
    /// <summary>The kind as a user reads it: 交办, 催办, 逾期提醒 …</summary>
    public string KindChinese => Kind switch
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
/// The inbox of a unit — a department, a county, the commission — read by every user whose scope is that unit. Messages
/// are written in the transaction of what caused them; a reminder carries a key that makes it unique, so that several
/// instances sending the same reminder store it once (and only the one that stored it delivers it onward).
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
            // ON CONFLICT DO NOTHING is the same words in SQLite and PostgreSQL: a second instance's copy is dropped, not an error.
            command.CommandText = """
                INSERT INTO messages (recipient_unit_id, task_id, kind, body, created_at, dedupe_key)
                VALUES (@u, @t, @k, @b, @at, @key) ON CONFLICT DO NOTHING
                """;
            SchemaMigrator.AddParameter(command, "@u", unit);
            SchemaMigrator.AddParameter(command, "@t", taskId);
            SchemaMigrator.AddParameter(command, "@k", kind);
            SchemaMigrator.AddParameter(command, "@b", body);
            SchemaMigrator.AddParameter(command, "@at", at.ToString("O", CultureInfo.InvariantCulture));
            SchemaMigrator.AddParameter(command, "@key", dedupeKey is null ? null : $"{dedupeKey}/{unit}");
            if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                stored.Add(unit);
            }
        }
        return stored;
    }

    /// <summary>The unit's newest messages, unread first within the page.</summary>
    public static async Task<IReadOnlyList<Message>> ListAsync(YardstickDb db, int unitId, int take = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, recipient_unit_id, task_id, kind, body, created_at, read_at FROM messages WHERE recipient_unit_id = @u ORDER BY id DESC LIMIT @n";
            SchemaMigrator.AddParameter(command, "@u", unitId);
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

    public static async Task<int> UnreadCountAsync(YardstickDb db, int unitId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM messages WHERE recipient_unit_id = @u AND read_at IS NULL";
            SchemaMigrator.AddParameter(command, "@u", unitId);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <summary>Marks one message of the unit (or all of them when <paramref name="messageId"/> is null) read.</summary>
    public static async Task MarkReadAsync(YardstickDb db, int unitId, long? messageId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.WithConnectionAsync(async connection =>
        {
            await Values.AuditedChange.ExecuteAsync(connection, null,
                "UPDATE messages SET read_at = @at WHERE recipient_unit_id = @u AND read_at IS NULL" + (messageId is null ? "" : " AND id = @id"), cancellationToken,
                ("@at", at.ToString("O", CultureInfo.InvariantCulture)), ("@u", unitId), ("@id", messageId));
            return 0;
        }, cancellationToken);
    }
}
