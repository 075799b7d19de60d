using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Yardstick.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster on a loopback port, started by the test run from the machine's
/// PostgreSQL binaries and removed afterwards. No server means the tests fail: they never skip.
/// Set YARDSTICK_TEST_POSTGRES to a connection string to use an existing server instead. Shared by the store and web
/// tests and the page benchmark (linked into each); the tests make it an xunit fixture.
/// </summary>
public class PostgresServer
{
    private string? _folder;
    private string? _bin;
    private int _databases;
    private Process? _watchdog;

    public string AdminConnection { get; private set; } = "";

    public Task InitializeAsync() => InitializeAsync(Environment.ProcessId);

    /// <summary>Starts the cluster and a watchdog that stops it once <paramref name="ownerProcessId"/> is gone.</summary>
    public async Task InitializeAsync(int ownerProcessId)
    {
        if (Environment.GetEnvironmentVariable("YARDSTICK_TEST_POSTGRES") is { Length: > 0 } given)
        {
            AdminConnection = given;
            return;
        }
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL binaries (initdb, pg_ctl) not found; install postgresql (see .ci/run) or set YARDSTICK_TEST_POSTGRES.");
        _folder = Path.Combine(Path.GetTempPath(), "yardstick-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root; the cluster belongs to the postgres account.
            await RunAsync("chown", $"postgres {_folder}", asPostgres: false);
        }
        var data = Path.Combine(_folder, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), $"-D {data} -A trust -U postgres -E UTF8 --locale=C -N", asRoot);
        var port = FreePort();
        // One server serves every PostgreSQL test class of a run, and each class's app keeps its own connection pool open
        // until the class ends: PostgreSQL's default 100 connections ran out ("too many clients already") once the suite
        // held enough such classes. A deployment has one pool per instance; the limit here is the harness's, not the app's.
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            $"-D {data} -l {Path.Combine(_folder, "log")} -w -t 60 -o \"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start",
            asRoot);
        AdminConnection = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        _watchdog = StartWatchdog(ownerProcessId, data, asRoot);
    }

    /// <summary>The postmaster's process id, read from its pid file (0 when none is running).</summary>
    public int ServerProcessId =>
        _folder is not null && File.Exists(Path.Combine(_folder, "data", "postmaster.pid"))
            && int.TryParse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).FirstOrDefault(), out var pid)
            ? pid
            : 0;

    /// <summary>
    /// A shell that waits for the owner to end, then stops the cluster and removes its folder. Why: the web tests'
    /// shared server was stopped only from a ProcessExit handler, and a test host that is killed (a hang timeout, a
    /// developer's Ctrl-C, `kill -9`) runs no handler — servers under /tmp/yardstick-pg-* piled up on a developer's
    /// machine for hours. The shell belongs to no one's pipes (its output goes to /dev/null), so it never holds the
    /// test runner open; DisposeAsync stops it after a normal stop.
    /// </summary>
    private Process StartWatchdog(int ownerProcessId, string data, bool asRoot)
    {
        var stop = $"{Path.Combine(_bin!, "pg_ctl")} -D {data} -m immediate stop";
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {ownerProcessId} 2>/dev/null; do sleep 1; done; "
            + (asRoot ? $"runuser -u postgres -- {stop}" : stop) + $"; rm -rf {_folder}";
        var start = new ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false };
        return Process.Start(start)!;
    }

    /// <summary>A new, empty database on the server, for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var connection = new NpgsqlConnection(AdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name }.ToString();
    }

    public async Task DisposeAsync()
    {
        if (_folder is null || _bin is null || !Directory.Exists(_folder))
        {
            return;
        }
        await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_folder, "data")} -m immediate stop", Environment.UserName == "root");
        Directory.Delete(_folder, recursive: true);
        if (_watchdog is { HasExited: false })
        {
            _watchdog.Kill(entireProcessTree: true);
        }
        _watchdog?.Dispose();
    }

    private static string? FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
            : [];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    /// <summary>A free loopback port (for the server here, and for the web app the tests and the page benchmark start).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
