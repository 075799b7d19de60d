using System.Globalization;

namespace Yardstick.Bench;

/// <summary>
/// CPU time from the kernel's own counters (<c>/proc/&lt;pid&gt;/stat</c>: user + system time, in clock ticks of 10 ms) of
/// the web process and, when the store is PostgreSQL, of the bench's own server (its postmaster, found by its port, with
/// the time of backends that have exited, plus every live backend). A kind of request costs the CPU used while only that
/// kind runs divided by the requests answered. Nothing is subtracted: what the process does meanwhile on its own (the 250 ms
/// catch-up poll, a scheduled job, background JIT and GC) is counted in, and reported apart as its idle rate — an idle
/// rate measured over a few seconds swings too much (a job landing in it) to subtract safely. The bench's own work
/// (clients, JSON) runs in another process and is not counted.
/// </summary>
internal sealed class CpuClock(int webProcess, int? postgresPort)
{
    private const double TickMs = 10;   // USER_HZ is 100 on Linux whatever the kernel's own tick

    public sealed record Idle(double AppMsPerSecond, double DatabaseMsPerSecond);

    /// <summary>CPU per second of the processes while nothing is asked of them.</summary>
    public async Task<Idle> IdleAsync(TimeSpan span)
    {
        var (app, database) = Now();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(span);
        var (app2, database2) = Now();
        var seconds = clock.Elapsed.TotalSeconds;
        return new Idle((app2 - app) / seconds, ((database2 ?? 0) - (database ?? 0)) / seconds);
    }

    /// <summary>Runs one kind of request alone (<paramref name="run"/> returns how many were answered) and divides its CPU among them.</summary>
    public async Task<MonthEnd.Cost> PerRequestAsync(string kind, Func<Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (app, database) = Now();
        var requests = Math.Max(1, await run());
        var (app2, database2) = Now();
        return new MonthEnd.Cost(kind, requests, (app2 - app) / requests, database is { } d && database2 is { } d2 ? (d2 - d) / requests : null);
    }

    /// <summary>CPU ms so far of the web process, and of the PostgreSQL server (null without one).</summary>
    private (double App, double? Database) Now()
    {
        var app = Stat(webProcess) is { } web ? (web.User + web.System) * TickMs : 0;
        if (postgresPort is not { } port)
        {
            return (app, null);
        }
        var processes = Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(p => p > 0).ToList();
        var postmaster = processes.FirstOrDefault(p => IsPostmasterOn(p, port));
        if (postmaster == 0)
        {
            return (app, null);
        }
        double ticks = 0;
        foreach (var pid in processes)
        {
            if (Stat(pid) is { } s && (pid == postmaster || s.Parent == postmaster))
            {
                ticks += s.User + s.System + (pid == postmaster ? s.ChildrenUser + s.ChildrenSystem : 0);
            }
        }
        return (app, ticks * TickMs);
    }

    private static bool IsPostmasterOn(int pid, int port)
    {
        try
        {
            var args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var p = Array.IndexOf(args, "-p");
            return args.Length > 0 && Path.GetFileName(args[0]) == "postgres" && p >= 0 && p + 1 < args.Length
                && args[p + 1] == port.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private sealed record ProcessTimes(int Parent, long User, long System, long ChildrenUser, long ChildrenSystem);

    /// <summary>Fields 4 and 14–17 of /proc/&lt;pid&gt;/stat (after the command name, which may hold spaces); null when gone.</summary>
    private static ProcessTimes? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
            return new ProcessTimes((int)L(4), L(14), L(15), L(16), L(17));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
