using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Yardstick.Cli.Tests;

/// <summary>
/// Every ```bash block of the README, run as written and in order in a copy of the repository (its tracked and new files,
/// as a fresh clone has them, nothing built): command 1 starts the web app (in the background, on a free port instead of
/// 5000), command 2 — the suite this test is part of — is the only line left out. A failing command (curl included: a 4xx
/// or 5xx fails) fails the test with the script's output.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public async Task Every_command_block_of_the_README_runs_as_written()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("yardstick-readme-").FullName;
        var copy = Path.Combine(work, "repo");
        try
        {
            await CopyRepositoryAsync(root, copy);
            var port = FreePort();
            var blocks = BashBlock().Matches(await File.ReadAllTextAsync(Path.Combine(root, "README.md"))).Select(m => m.Groups[1].Value).ToList();
            blocks.Count.ShouldBeGreaterThan(5);
            var script = new StringBuilder($$"""
                set -euo pipefail
                export YARDSTICK_TOOL_PATH="{{work}}/tools"
                export PATH="{{work}}/tools:$PATH"
                export ASPNETCORE_URLS="http://127.0.0.1:{{port}}"
                cd "{{copy}}"
                # curl as written, but a 4xx or 5xx answer fails the script.
                curl() { command curl -sS --fail-with-body "$@"; echo; }
                start_web() {
                  dotnet run --project src/Yardstick.Web > "{{work}}/web.log" 2>&1 &
                  echo $! > "{{work}}/web.pid"
                  for _ in $(seq 1 900); do
                    if command curl -s "http://127.0.0.1:{{port}}/healthz" | grep -q '^ok$'; then return 0; fi
                    sleep 1
                  done
                  cat "{{work}}/web.log"; return 1
                }
                # dotnet run starts the app as its child: both go, found by the copy's folder in their command lines.
                trap 'pkill -f "{{copy}}/" 2>/dev/null; kill $(cat "{{work}}/web.pid" 2>/dev/null) 2>/dev/null || true' EXIT

                """);
            foreach (var (block, k) in blocks.Select((b, k) => (b, k)))
            {
                script.AppendLine($"echo '===== README block {k + 1}'");
                foreach (var line in block.Split('\n'))
                {
                    var run = line.Trim() switch
                    {
                        "dotnet run --project src/Yardstick.Web" => "start_web",
                        "bash scripts/test.sh" => "# bash scripts/test.sh: the suite this test is part of",
                        _ => line.Replace("http://localhost:5000", $"http://127.0.0.1:{port}", StringComparison.Ordinal),
                    };
                    script.AppendLine(run);
                }
            }
            var path = Path.Combine(work, "readme.sh");
            await File.WriteAllTextAsync(path, script.ToString());

            // At the lowest priority: its cold build of the copy must not starve the browser tests running beside it.
            var (code, output) = await RunAsync("nice", ["-n", "19", "bash", path], copy, TimeSpan.FromMinutes(25));
            code.ShouldBe(0, Tail(output) + "\n--- web log:\n" + Tail(File.Exists(Path.Combine(work, "web.log")) ? await File.ReadAllTextAsync(Path.Combine(work, "web.log")) : ""));
            var web = await File.ReadAllTextAsync(Path.Combine(work, "web.log"));
            web.ShouldContain("初始账号", customMessage: "command 1 prints the first accounts");
            web.ShouldContain("dalin01", customMessage: "a township reporter to try the app with");
            web.ShouldContain("weijian3", customMessage: "a commission department (处室) to walk a 督办 task's lead side with");
            web.ShouldContain("演示数据导入用时", customMessage: "start-up phases are timed in the log");
            web.ShouldContain("正在建立演示数据: 写入数值", customMessage: "issue 25: the first start says what it is doing while it seeds the demo");
            File.Exists(Path.Combine(copy, "tongliao-2023.docx")).ShouldBeTrue();
            File.Exists(Path.Combine(copy, "rendered", "tongliao-2023.pdf")).ShouldBeTrue();
        }
        finally
        {
            await DeleteAsync(work);
        }
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    /// <summary>The copy goes once the app has let go of it (it writes its engine snapshot as it stops); a leftover temp folder fails nothing.</summary>
    private static async Task DeleteAsync(string folder)
    {
        for (var attempt = 0; attempt < 10 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(1000);
            }
            catch (UnauthorizedAccessException)
            {
                await Task.Delay(1000);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text) => text.Length > 12000 ? "…" + text[^12000..] : text;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Yardstick.slnx")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The files a clone has (tracked, plus new ones not ignored), nothing built: what a new user starts from.</summary>
    private static async Task CopyRepositoryAsync(string root, string copy)
    {
        var (code, listed) = await RunAsync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root, TimeSpan.FromMinutes(1));
        code.ShouldBe(0, listed);
        foreach (var file in listed.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var from = Path.Combine(root, file);
            if (!File.Exists(from))
            {
                continue;
            }
            var to = Path.Combine(copy, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args, string folder, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} ran longer than {limit}: {Tail(output.ToString())}");
        }
        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
