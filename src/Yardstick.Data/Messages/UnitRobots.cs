using System.Globalization;
using Yardstick.Core.Model;
using Yardstick.Data.Values;

namespace Yardstick.Data.Messages;

/// <summary>A unit's group robot: its kind (wecom: 企业微信, dingtalk: 钉钉), address and the sealed 加签 secret (钉钉 only, optional).</summary>
public sealed record UnitRobot(string Kind, Uri Url, string? SealedSecret, string SetBy, DateTimeOffset SetAt)
{
    public string KindChinese => Kind == UnitRobots.DingTalk ? "钉钉机器人" : "企业微信机器人";
}

/// <summary>
/// The group robot of each unit or department: set (or removed) by a system admin whose scope holds the unit, audited;
/// the 钉钉 secret is sealed by the caller (the web app's key file) before it reaches the store and never read back out
/// except to sign a post.
/// </summary>
public static class UnitRobots
{
    public const string WeCom = "wecom";
    public const string DingTalk = "dingtalk";

    public static async Task<UnitRobot?> GetAsync(YardstickDb db, int unitId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT kind, url, sealed_secret, set_by, set_at FROM unit_robots WHERE org_unit_id = @u";
            SchemaMigrator.AddParameter(command, "@u", unitId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new UnitRobot(reader.GetString(0), new Uri(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    Outbox.Parse(reader.GetString(4)))
                : null;
        }, cancellationToken);
    }

    /// <summary>Why an address or kind cannot be a robot, or null.</summary>
    public static Refusal? Check(string kind, string? url) =>
        kind is not (WeCom or DingTalk) ? Refusal.Invalid("机器人类型应为企业微信或钉钉", "kind")
        : !Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || (url?.Length ?? 0) > 1000
            ? Refusal.Invalid("机器人地址应为 https:// 开头的完整网址 (Webhook 地址)", "url")
            : null;

    /// <summary>
    /// Sets the unit's robot. <paramref name="sealedSecret"/>: a new sealed 加签 secret; null keeps the stored one when
    /// <paramref name="keepSecret"/> (the form left the field empty), else clears it. Audited (the secret never in the audit).
    /// </summary>
    public static async Task<Refusal?> SetAsync(YardstickDb db, OrgUnit unit, string kind, string url, string? sealedSecret, bool keepSecret, string actor,
        string? address, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unit);
        if (Check(kind, url) is { } refusal)
        {
            return refusal;
        }
        url = url.Trim();
        var before = await GetAsync(db, unit.Id, cancellationToken);
        var secret = sealedSecret ?? (keepSecret && kind == DingTalk ? before?.SealedSecret : null);
        await AuditedChange.RunAsync(db, actor, "群机器人", at, address, async (connection, transaction) =>
        {
            await AuditedChange.ExecuteAsync(connection, transaction, """
                INSERT INTO unit_robots (org_unit_id, kind, url, sealed_secret, set_by, set_at) VALUES (@u, @k, @url, @s, @by, @at)
                ON CONFLICT (org_unit_id) DO UPDATE SET kind = excluded.kind, url = excluded.url, sealed_secret = excluded.sealed_secret,
                    set_by = excluded.set_by, set_at = excluded.set_at
                """, cancellationToken, ("@u", unit.Id), ("@k", kind), ("@url", url), ("@s", secret), ("@by", actor), ("@at", Outbox.Stamp(at)));
            return [("unit_robot", unit.Code, before is null ? null : Shown(before.Kind, before.Url.Host, before.SealedSecret), Shown(kind, new Uri(url).Host, secret))];
        }, cancellationToken);
        return null;
    }

    /// <summary>Removes the unit's robot (its messages fall back to the deployment's single robot, if any).</summary>
    public static async Task RemoveAsync(YardstickDb db, OrgUnit unit, string actor, string? address, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(unit);
        if (await GetAsync(db, unit.Id, cancellationToken) is not { } before)
        {
            return;
        }
        await AuditedChange.RunAsync(db, actor, "群机器人", at, address, async (connection, transaction) =>
        {
            await AuditedChange.ExecuteAsync(connection, transaction, "DELETE FROM unit_robots WHERE org_unit_id = @u", cancellationToken, ("@u", unit.Id));
            return [("unit_robot", unit.Code, Shown(before.Kind, before.Url.Host, before.SealedSecret), null)];
        }, cancellationToken);
    }

    // The audit says what kind, which host and whether a secret is set — never the address's key or the secret.
    private static string Shown(string kind, string host, string? secret) =>
        string.Create(CultureInfo.InvariantCulture, $"类型={(kind == DingTalk ? "钉钉" : "企业微信")};主机={host};加签={(secret is null ? "无" : "已设置")}");
}
