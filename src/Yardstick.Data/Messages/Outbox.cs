using System.Data.Common;
using System.Globalization;
using Yardstick.Data.Values;

namespace Yardstick.Data.Messages;

/// <summary>One row of the outbox as the admin's page shows it: a message on its way to one person or one robot.</summary>
public sealed record DeliveryRow(long Id, long MessageId, string Channel, string Unit, string? UserName, string? Address, string Kind, string Body,
    string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAt, DateTimeOffset? SentAt, string? LastError,
    IReadOnlyList<DeliveryAttempt> Tries)
{
    /// <summary>The channel as a user reads it.</summary>
    public string ChannelChinese => Channel == Outbox.Email ? "邮件" : "群机器人";

    /// <summary>The state as a user reads it: 待投递, 投递中, 已投递, 投递失败, 未投递 (nowhere to send it).</summary>
    public string StatusChinese => Status switch
    {
        Outbox.Pending => Attempts == 0 ? "待投递" : "等待重试",
        Outbox.Sending => "投递中",
        Outbox.Sent => "已投递",
        Outbox.Failed => "投递失败",
        _ => "未投递",
    };
}

/// <summary>One try at a delivery: when, whether it went through, and what the server or robot said when it did not.</summary>
public sealed record DeliveryAttempt(int No, DateTimeOffset At, bool Ok, string? Error);

/// <summary>
/// The outbox of messages to people: one row per message × channel × recipient — an e-mail to each user of the unit who
/// chose e-mail for the message's kind (to the address on their account), and one post to the unit's group robot when any
/// of its users keeps the robot for that kind (a unit without users: posted). Rows are written in the transaction of the
/// message (<see cref="Tasks.Inbox.SendAsync"/>), so the step that caused them does nothing else; <see cref="Delivery"/>
/// sends them later.
/// </summary>
public static class Outbox
{
    public const string Email = "email";
    public const string Robot = "robot";

    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    /// <summary>Writes the outbox rows of one stored message, inside its transaction.</summary>
    public static async Task AddAsync(DbConnection connection, DbTransaction? transaction, long messageId, int unitId, string kind, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var when = Stamp(at);
        // Users of a unit are the accounts whose scope is it, enabled; their choice is message_preferences (none: no
        // e-mail, the robot on — MessagePreferences.Default*).
        const string people = "users us JOIN org_units o ON o.code = us.org_unit_code WHERE o.id = @u AND us.disabled = @off";
        await AuditedChange.ExecuteAsync(connection, transaction, $"""
            INSERT INTO message_deliveries (message_id, channel, org_unit_id, user_id, address, status, attempts, next_at, created_at)
            SELECT @m, '{Email}', @u, us.id, us.email, '{Pending}', 0, @at, @at FROM {people}
              AND us.email IS NOT NULL AND us.email <> ''
              AND EXISTS (SELECT 1 FROM message_preferences p WHERE p.user_id = us.id AND p.kind = @k AND p.by_email = 1)
            """, cancellationToken, ("@m", messageId), ("@u", unitId), ("@k", kind), ("@at", when), ("@off", false));
        await AuditedChange.ExecuteAsync(connection, transaction, $"""
            INSERT INTO message_deliveries (message_id, channel, org_unit_id, status, attempts, next_at, created_at)
            SELECT @m, '{Robot}', @u, '{Pending}', 0, @at, @at
            WHERE NOT EXISTS (SELECT 1 FROM {people})
               OR EXISTS (SELECT 1 FROM {people} AND NOT EXISTS (SELECT 1 FROM message_preferences p WHERE p.user_id = us.id AND p.kind = @k AND p.by_robot = 0))
            """, cancellationToken, ("@m", messageId), ("@u", unitId), ("@k", kind), ("@at", when), ("@off", false));
    }

    /// <summary>The outbox of the units under <paramref name="scopePath"/>, newest first, with each row's tries.</summary>
    public static async Task<IReadOnlyList<DeliveryRow>> ListAsync(YardstickDb db, string scopePath, string? status = null, int take = 200,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            var rows = new List<DeliveryRow>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"""
                    SELECT d.id, d.message_id, d.channel, o.name, us.user_name, d.address, m.kind, m.body, d.status, d.attempts, d.created_at, d.next_at,
                           d.sent_at, d.last_error
                    FROM message_deliveries d JOIN org_units o ON o.id = d.org_unit_id JOIN messages m ON m.id = d.message_id
                    LEFT JOIN users us ON us.id = d.user_id
                    WHERE o.path LIKE @p {(status is null ? "" : "AND d.status = @s")} ORDER BY d.id DESC LIMIT @n
                    """;
                SchemaMigrator.AddParameter(command, "@p", scopePath + "%");
                SchemaMigrator.AddParameter(command, "@s", status);
                SchemaMigrator.AddParameter(command, "@n", Math.Clamp(take, 1, 1000));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(new DeliveryRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetString(7),
                        reader.GetString(8), Convert.ToInt32(reader.GetValue(9), CultureInfo.InvariantCulture), Parse(reader.GetString(10)),
                        Parse(reader.GetString(11)), reader.IsDBNull(12) ? null : Parse(reader.GetString(12)), reader.IsDBNull(13) ? null : reader.GetString(13), []));
                }
            }
            if (rows.Count == 0)
            {
                return (IReadOnlyList<DeliveryRow>)rows;
            }
            var tries = new Dictionary<long, List<DeliveryAttempt>>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT delivery_id, no, at, ok, error FROM message_delivery_attempts WHERE delivery_id IN ({string.Join(",", rows.Select(r => r.Id))}) ORDER BY delivery_id, no";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetInt64(0);
                    if (!tries.TryGetValue(id, out var list))
                    {
                        tries[id] = list = [];
                    }
                    list.Add(new DeliveryAttempt(Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), Parse(reader.GetString(2)),
                        Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture) == 1, reader.IsDBNull(4) ? null : reader.GetString(4)));
                }
            }
            return [.. rows.Select(r => tries.TryGetValue(r.Id, out var t) ? r with { Tries = t } : r)];
        }, cancellationToken);
    }

    /// <summary>Times in the outbox are UTC round-trip text, so that "due" is a string comparison in both stores.</summary>
    internal static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
