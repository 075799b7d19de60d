using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Yardstick.Data.Values;

namespace Yardstick.Data.Messages;

/// <summary>
/// Where the scheduled job sends the outbox: the HTTP client for robots, the mail server, the single robot address of
/// older deployments (<c>Yardstick:WebhookUrl</c>, used for units without a robot of their own), how to open a sealed
/// 加签 secret, and the address users open the app at (links in mails and posts).
/// </summary>
public sealed record DeliveryChannels(HttpClient Http, MailServer? Mail, Uri? FallbackRobot, Func<string, string> OpenSecret, Uri? Site);

/// <summary>
/// Sends the outbox (<see cref="Outbox"/>). Any instance's scheduled job runs it; each row is claimed compare-and-set
/// (pending and due, or a claim left by an instance that died — <see cref="ClaimFor"/> ago — becomes sending) so exactly
/// one instance sends it. A failed try is logged and retried after 1, 2, 4 … <see cref="MaxDelay"/> minutes; after
/// <see cref="MaxAttempts"/> tries the row is 投递失败. Nothing here can fail the step that wrote the message.
/// </summary>
public static class Delivery
{
    public const int MaxAttempts = 8;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(60);

    /// <summary>How long a claim holds: a try takes seconds; an instance stopped mid-send leaves its row to others after this.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    /// <summary>A row never tried for this long (the app was down, no robot then) is not sent late into a group chat.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromDays(1);

    // Chinese as characters, not \uXXXX: the robot's log and anyone reading the traffic see the words.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The wait after the <paramref name="attempts"/>-th failed try: 1, 2, 4 … minutes, at most <see cref="MaxDelay"/>.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Max(0, attempts - 1)), MaxDelay.TotalMinutes));

    /// <summary>Sends the rows due at <paramref name="now"/>; returns how many this instance delivered.</summary>
    public static async Task<int> DeliverAsync(YardstickDb db, DeliveryChannels channels, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(channels);
        var stamp = Outbox.Stamp(now);
        await db.WithConnectionAsync(async connection => await AuditedChange.ExecuteAsync(connection, null,
            $"UPDATE message_deliveries SET status = '{Outbox.Skipped}', last_error = @e WHERE status = '{Outbox.Pending}' AND attempts = 0 AND created_at < @old",
            cancellationToken, ("@e", "超过一天未能投递, 不再补发"), ("@old", Outbox.Stamp(now - Stale))), cancellationToken);
        var due = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, channel, org_unit_id FROM message_deliveries WHERE {DueWhere} ORDER BY id LIMIT 200";
            SchemaMigrator.AddParameter(command, "@now", stamp);
            var rows = new List<(long Id, string Target)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1) == Outbox.Email ? Outbox.Email
                    : $"{Outbox.Robot}/{Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture)}"));
            }
            return rows;
        }, cancellationToken);
        var delivered = 0;
        // A mail server or robot that failed once in this run is not tried again until the next: a server that times out
        // must not hold the job for every row queued behind it (their back-off starts when they are tried).
        var down = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, target) in due)
        {
            if (down.Contains(target) || !await ClaimAsync(db, id, now, cancellationToken))
            {
                continue;
            }
            var job = await JobAsync(db, id, cancellationToken);
            if (job is null)
            {
                continue;
            }
            var robot = job.Channel == Outbox.Robot ? await UnitRobots.GetAsync(db, job.UnitId, cancellationToken) : null;
            var nowhere = job.Channel == Outbox.Email
                ? channels.Mail is not { IsSet: true } ? "未配置邮件服务器" : null
                : robot is null && channels.FallbackRobot is null ? "本单位未设置群机器人" : null;
            if (nowhere is not null)
            {
                await FinishAsync(db, id, Outbox.Skipped, nowhere, null, now, cancellationToken);
                continue;
            }
            string? error = null;
            try
            {
                if (job.Channel == Outbox.Email)
                {
                    await MailAsync(channels.Mail!, job, channels.Site, cancellationToken);
                }
                else
                {
                    await PostAsync(channels, robot, job, now, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = Said(e);
            }
            await RecordAsync(db, id, job.Attempts + 1, error, now, cancellationToken);
            delivered += error is null ? 1 : 0;
            if (error is not null)
            {
                down.Add(target);
            }
        }
        return delivered;
    }

    private const string DueWhere = $"(status = '{Outbox.Pending}' AND next_at <= @now) OR (status = '{Outbox.Sending}' AND claimed_until < @now)";

    /// <summary>Compare-and-set: the row becomes this instance's (sending, until now + <see cref="ClaimFor"/>) only if it is still due.</summary>
    public static async Task<bool> ClaimAsync(YardstickDb db, long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection => await AuditedChange.ExecuteAsync(connection, null,
            $"UPDATE message_deliveries SET status = '{Outbox.Sending}', claimed_until = @until WHERE id = @id AND ({DueWhere})", cancellationToken,
            ("@until", Outbox.Stamp(now + ClaimFor)), ("@id", id), ("@now", Outbox.Stamp(now))) == 1, cancellationToken);
    }

    private sealed record Job(long Id, string Channel, int UnitId, string Unit, string? Address, long? TaskId, string Kind, string Body, int Attempts);

    private static async Task<Job?> JobAsync(YardstickDb db, long id, CancellationToken cancellationToken) =>
        await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT d.channel, d.org_unit_id, o.name, d.address, m.task_id, m.kind, m.body, d.attempts
                FROM message_deliveries d JOIN messages m ON m.id = d.message_id JOIN org_units o ON o.id = d.org_unit_id WHERE d.id = @id
                """;
            SchemaMigrator.AddParameter(command, "@id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new Job(id, reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetString(5), reader.GetString(6),
                    Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture))
                : null;
        }, cancellationToken);

    /// <summary>Logs the try and moves the row on: sent, retried after its back-off, or 投递失败 after the last try.</summary>
    private static async Task RecordAsync(YardstickDb db, long id, int attempt, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = error is null ? Outbox.Sent : attempt >= MaxAttempts ? Outbox.Failed : Outbox.Pending;
        await db.WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await AuditedChange.ExecuteAsync(connection, transaction,
                "INSERT INTO message_delivery_attempts (delivery_id, no, at, ok, error) VALUES (@id, @no, @at, @ok, @e)", cancellationToken,
                ("@id", id), ("@no", attempt), ("@at", Outbox.Stamp(now)), ("@ok", error is null ? 1 : 0), ("@e", error));
            await AuditedChange.ExecuteAsync(connection, transaction, """
                UPDATE message_deliveries SET status = @s, attempts = @no, next_at = @next, claimed_until = NULL, last_error = @e, sent_at = @sent
                WHERE id = @id
                """, cancellationToken, ("@s", status), ("@no", attempt), ("@next", Outbox.Stamp(now + Backoff(attempt))), ("@e", error),
                ("@sent", error is null ? Outbox.Stamp(now) : null), ("@id", id));
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);
    }

    private static async Task FinishAsync(YardstickDb db, long id, string status, string? error, string? sentAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.WithConnectionAsync(async connection => await AuditedChange.ExecuteAsync(connection, null,
            "UPDATE message_deliveries SET status = @s, claimed_until = NULL, last_error = @e, sent_at = @sent, next_at = @now WHERE id = @id", cancellationToken,
            ("@s", status), ("@e", error), ("@sent", sentAt), ("@now", Outbox.Stamp(now)), ("@id", id)), cancellationToken);

    /// <summary>An error as the admin's page says it: the exception's own message, one line, at most 300 characters.</summary>
    private static string Said(Exception e)
    {
        var text = (e is TaskCanceledException ? "超时未响应" : e.Message).ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..300];
    }

    /// <summary>Where a message leads: its task's page, else the inbox.</summary>
    private static string? Link(Uri? site, long? taskId) =>
        site is null ? null : new Uri(site, taskId is { } t ? $"/Tasks/Detail?id={t.ToString(CultureInfo.InvariantCulture)}" : "/Messages").ToString();

    /// <summary>The mail's subject: 【kind】 and the start of the message.</summary>
    public static string Subject(string kind, string body)
    {
        var chinese = Tasks.Message.ChineseOf(kind);
        var start = body.Length <= 40 ? body : body[..40] + "…";
        return $"【{chinese}】{start}";
    }

    private static async Task MailAsync(MailServer server, Job job, Uri? site, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(server.SenderName, server.Sender ?? server.User ?? "noreply@localhost"));
        mail.To.Add(MailboxAddress.Parse(job.Address ?? ""));
        mail.Subject = Subject(job.Kind, job.Body);
        var link = Link(site, job.TaskId);
        mail.Body = new TextPart("plain")
        {
            Text = $"{job.Unit}:\n\n{job.Body}\n\n" + (link is null ? "请登录系统查看。\n" : $"查看: {link}\n") +
                "\n此邮件由系统自动发送; 接收方式可在“消息设置”中更改。\n",
        };
        using var client = new SmtpClient { Timeout = 15_000 };
        var tls = server.Tls.ToUpperInvariant() switch
        {
            "NONE" => SecureSocketOptions.None,
            "STARTTLS" => SecureSocketOptions.StartTls,
            "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(server.Host ?? "", server.Port, tls, cancellationToken);
        if (!string.IsNullOrEmpty(server.User))
        {
            await client.AuthenticateAsync(server.User, server.Password ?? "", cancellationToken);
        }
        await client.SendAsync(mail, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    private static async Task PostAsync(DeliveryChannels channels, UnitRobot? robot, Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var url = robot?.Url ?? channels.FallbackRobot!;
        if (robot is { Kind: UnitRobots.DingTalk, SealedSecret: { } sealedSecret })
        {
            url = SignedUrl(url, channels.OpenSecret(sealedSecret), now.ToUnixTimeMilliseconds());
        }
        var link = Link(channels.Site, job.TaskId);
        var content = $"【{job.Unit}】{job.Body}" + (link is null ? "" : $"\n{link}");
        // 企业微信 and 钉钉 robots take the same text form.
        using var response = await channels.Http.PostAsJsonAsync(url, new { msgtype = "text", text = new { content } }, Readable, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"机器人答复 HTTP {(int)response.StatusCode}: {Short(answer)}");
        }
        // Both robots answer 200 with {"errcode":…,"errmsg":…}; errcode ≠ 0 (bad key, 加签 not matching, too many posts) is a failure.
        if (ErrorCode(answer) is { } code && code != 0)
        {
            throw new HttpRequestException($"机器人拒收 (errcode {code.ToString(CultureInfo.InvariantCulture)}): {Short(answer)}");
        }
    }

    private static long? ErrorCode(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt64(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200];

    /// <summary>
    /// 钉钉's 加签: <c>timestamp</c> (ms) and <c>sign</c> = URL-encoded Base64(HmacSHA256(secret, timestamp + "\n" + secret)),
    /// appended to the robot's address.
    /// </summary>
    public static Uri SignedUrl(Uri url, string secret, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(url);
        var stamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stamp + "\n" + secret)));
        var joiner = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri($"{url.AbsoluteUri}{joiner}timestamp={stamp}&sign={Uri.EscapeDataString(sign)}");
    }
}
