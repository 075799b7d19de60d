using Microsoft.Data.Sqlite;
using Yardstick.Data;

namespace Yardstick.Web.Hosting;

/// <summary>
/// The <c>Yardstick</c> section of appsettings.json, overridable by environment variables
/// (<c>Yardstick__Provider</c>, <c>Yardstick__ConnectionString</c>, <c>Yardstick__SeedDemo</c>).
/// </summary>
public sealed class YardstickOptions
{
    public const string DefaultSqliteFile = "yardstick-web.db";

    /// <summary>统一身份认证 (OpenID Connect) sign-in, off unless configured.</summary>
    public Access.SignOnOptions Oidc { get; set; } = new();

    /// <summary><c>Sqlite</c> (the default, embedded) or <c>PostgreSQL</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>For SQLite a file path or <c>Data Source=…</c>; for PostgreSQL an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Fill an empty database with the demo (Tongliao plan, units and synthetic data; Changzhou work points).</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Sign-in posts allowed per client address and minute, on top of the per-account lockout.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>How often (ms) the live engine looks for change sets committed by other processes (another instance, the CLI).</summary>
    public int FollowIntervalMs { get; set; } = 250;

    /// <summary>
    /// The live engine's snapshot file, read at start instead of every value (a province starts in seconds, not a minute).
    /// Default: beside a SQLite database (<c>yardstick-web.db.engine</c>); none for PostgreSQL unless set.
    /// </summary>
    public string? EngineSnapshot { get; set; }

    /// <summary>
    /// Addresses of the reverse proxies (comma-separated) whose X-Forwarded-For/-Proto are believed: the client address
    /// in the audit log and the sign-in rate limit come from them. Empty (the default): the headers are ignored, so no
    /// client can choose the address it is logged and limited under.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>
    /// The address users open the app at, as a browser writes it in <c>Origin</c>: scheme, host and port
    /// (<c>https://yardstick.wjw.example</c>; several separated by commas). A write to the API signed in by the cookie must
    /// come from it (<see cref="Access.CrossSiteWrites"/>). Unset, the address the request names is believed — and, behind
    /// trusted proxies, none is: set it there.
    /// </summary>
    public string? SiteAddress { get; set; }

    /// <summary>
    /// Seconds a write waits for another writer (a large CLI import, another instance) before it is answered 503 系统繁忙,
    /// 请稍后重试 with Retry-After (never a 500, never an endless wait).
    /// </summary>
    public int WriterWaitSeconds { get; set; } = 30;

    /// <summary>
    /// The file holding the key that encrypts the data-protection key ring at rest (made on first start). Default: beside
    /// a SQLite database (<c>yardstick-web.db.key</c>), else <c>yardstick-dataprotection.key</c> in the working folder.
    /// Keep it out of the database's backups; every instance of a deployment needs the same file.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// A folder for the nightly backup (<see cref="Data.Backups.NightlyBackups"/>): when set, this instance backs up the
    /// whole store there every day at <see cref="BackupAt"/> and keeps the newest <see cref="BackupKeep"/>. Set it on one
    /// instance of a deployment (each instance that has it takes its own copy). The key file is never copied.
    /// </summary>
    public string? BackupFolder { get; set; }

    /// <summary>The Beijing time of day of the nightly backup (HH:mm); default 02:30.</summary>
    public string BackupAt { get; set; } = "02:30";

    /// <summary>How many nightly backups to keep (the newest); default 7.</summary>
    public int BackupKeep { get; set; } = 7;

    /// <summary>How often the reminder job runs (deadlines, forms due); 0 turns it off. Default: every 5 minutes.</summary>
    public int ReminderIntervalSeconds { get; set; } = 300;

    /// <summary>The IANA zone every shown time and every "today" is in (default Asia/Shanghai, Beijing time).</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// The deployment's single group-chat robot (企业微信 / 钉钉 webhook, no 加签), kept from before units had robots of
    /// their own: a message to a unit without its own robot (消息投递 page) is posted here as
    /// <c>{"msgtype":"text","text":{"content":"【单位】…"}}</c>; none by default.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The SMTP server messages go out through to users who chose e-mail (<c>Yardstick__Smtp__Host</c>, <c>__Port</c>, <c>__Sender</c>, <c>__Tls</c>, <c>__User</c>, <c>__Password</c>); none by default.</summary>
    public Data.Messages.MailServer Smtp { get; set; } = new();

    /// <summary>Where the demo's files are; the copy beside the app by default.</summary>
    public string? DemoFolder { get; set; }

    /// <summary>The parsed <see cref="TrustedProxies"/>; a word that is not an address stops the start with a message.</summary>
    public IReadOnlyList<System.Net.IPAddress> TrustedProxyAddresses() =>
        [.. (TrustedProxies ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => System.Net.IPAddress.TryParse(p, out var address) ? address
                : throw new InvalidOperationException($"Yardstick__TrustedProxies 中 \"{p}\" 不是 IP 地址"))];

    /// <summary>The parsed <see cref="SiteAddress"/>; a word that is not an http(s) address stops the start with a message.</summary>
    public IReadOnlyList<Uri> SiteAddresses() =>
        [.. (SiteAddress ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
                : throw new InvalidOperationException($"Yardstick__SiteAddress 中 \"{a}\" 不是网址 (应为 https://主机名[:端口])"))];

    public DatabaseLocation Location()
    {
        if (Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseLocation.Postgres(string.IsNullOrWhiteSpace(ConnectionString)
                ? throw new InvalidOperationException("Yardstick__Provider=PostgreSQL 需要 Yardstick__ConnectionString")
                : ConnectionString) with
            { WriterWaitSeconds = WriterWaitSeconds };
        }
        if (!Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"未知的 Yardstick__Provider \"{Provider}\" (应为 Sqlite 或 PostgreSQL)");
        }
        var file = string.IsNullOrWhiteSpace(ConnectionString) ? DefaultSqliteFile
            : ConnectionString.Contains('=', StringComparison.Ordinal) ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
            : ConnectionString;
        // A long-lived process: connections pooled, so a query does not pay for opening the file and reading the schema.
        return DatabaseLocation.Sqlite(file) with { WriterWaitSeconds = WriterWaitSeconds, PoolSqliteConnections = true };
    }
}
