using System.Diagnostics;
using System.Net.Sockets;

namespace Yardstick.Testing;

/// <summary>
/// A real SMTP server on loopback for the tests: Debian's python3-aiosmtpd, saving every mail it accepts into a Maildir.
/// Missing, it fails the test that needs it (scripts/setup.sh installs it) — never a skip.
/// </summary>
public sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly Process _process;

    private LoopbackSmtp(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    /// <summary>The Maildir: each accepted mail is a file in <c>new/</c>.</summary>
    public string Folder { get; }

    public static async Task<LoopbackSmtp> StartAsync()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var port = PostgresServer.FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "yardstick-mail-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", folder })
        {
            start.ArgumentList.Add(word);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} 无法启动");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"SMTP 测试服务器未能启动 (需要 Debian 的 python3-aiosmtpd, 由 scripts/setup.sh 安装): {await process.StandardError.ReadToEndAsync()}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new LoopbackSmtp(process, port, folder);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("SMTP 测试服务器 20 秒内没有开始监听");
    }

    /// <summary>The mails received so far, as files.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.Exists(Path.Combine(Folder, "new")) ? [.. Directory.GetFiles(Path.Combine(Folder, "new")).Order(StringComparer.Ordinal)] : [];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
