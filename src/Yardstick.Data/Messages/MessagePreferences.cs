using Yardstick.Data.Values;

namespace Yardstick.Data.Messages;

/// <summary>How one kind of message reaches one person besides the inbox (always): by e-mail, through the unit's robot.</summary>
public sealed record MessagePreference(string Kind, string KindChinese, bool ByEmail, bool ByRobot);

/// <summary>
/// Each user's choice, per kind of message, of how it reaches them (站内 always; 邮件 to the account's address; 群机器人:
/// the unit's robot). Without a choice: no e-mail (a person asks for mail), the robot on (a unit that set a robot wants
/// its messages in the group, as the deployment's single robot posted everything before).
/// </summary>
public static class MessagePreferences
{
    public const bool DefaultByEmail = false;
    public const bool DefaultByRobot = true;

    /// <summary>Every kind a user may choose for (<see cref="Tasks.Message.Kinds"/>), with the user's choice or the default.</summary>
    public static async Task<IReadOnlyList<MessagePreference>> ForUserAsync(YardstickDb db, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var chosen = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT kind, by_email, by_robot FROM message_preferences WHERE user_id = @u";
            SchemaMigrator.AddParameter(command, "@u", userId);
            var found = new Dictionary<string, (bool, bool)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetString(0)] = (Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) == 1,
                    Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1);
            }
            return found;
        }, cancellationToken);
        return [.. Tasks.Message.Kinds.Select(k => chosen.TryGetValue(k, out var c)
            ? new MessagePreference(k, Tasks.Message.ChineseOf(k), c.Item1, c.Item2)
            : new MessagePreference(k, Tasks.Message.ChineseOf(k), DefaultByEmail, DefaultByRobot))];
    }

    /// <summary>Stores the user's choices (each kind given replaces its row); an unknown kind is refused, nothing stored.</summary>
    public static async Task<Core.Model.Refusal?> SetAsync(YardstickDb db, string userId, IReadOnlyList<(string Kind, bool ByEmail, bool ByRobot)> choices,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.FirstOrDefault(c => !Tasks.Message.Kinds.Contains(c.Kind)) is { Kind: { } unknown })
        {
            return Core.Model.Refusal.Invalid($"没有这类消息: {Core.Model.InputLimits.Echo(unknown)}", "kind");
        }
        await db.WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (kind, byEmail, byRobot) in choices)
            {
                await AuditedChange.ExecuteAsync(connection, transaction, """
                    INSERT INTO message_preferences (user_id, kind, by_email, by_robot) VALUES (@u, @k, @e, @r)
                    ON CONFLICT (user_id, kind) DO UPDATE SET by_email = excluded.by_email, by_robot = excluded.by_robot
                    """, cancellationToken, ("@u", userId), ("@k", kind), ("@e", byEmail ? 1 : 0), ("@r", byRobot ? 1 : 0));
            }
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);
        return null;
    }
}
