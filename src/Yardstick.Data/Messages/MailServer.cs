namespace Yardstick.Data.Messages;

/// <summary>
/// The SMTP server e-mail goes out through (configuration <c>Yardstick:Smtp:*</c>, environment <c>Yardstick__Smtp__Host</c> …).
/// No <see cref="Host"/>: no e-mail is sent (rows for it are marked 未投递).
/// </summary>
public sealed class MailServer
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The From address (<c>duban@wjw.example.gov.cn</c>).</summary>
    public string? Sender { get; set; }

    /// <summary>The name shown beside the sender; default 督办消息.</summary>
    public string SenderName { get; set; } = "督办消息";

    /// <summary><c>None</c> (plain, a relay inside the network), <c>StartTls</c> (usually port 587), <c>SslOnConnect</c> (usually 465), or <c>Auto</c> (by the port).</summary>
    public string Tls { get; set; } = "Auto";

    /// <summary>Sign-in to the server, when it asks for one.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Host);
}
