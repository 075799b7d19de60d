using System.Diagnostics;
using Xunit;

namespace Yardstick.Data.Tests;

/// <summary>
/// The test harness's own PostgreSQL server: a run that dies without cleaning up (killed, not exited) must not leave
/// its server running on the machine.
/// </summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_server_stops_and_its_folder_goes_when_the_process_that_started_it_is_killed()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var server = new Yardstick.Testing.PostgresServer();
        await server.InitializeAsync(owner.Id);
        var postmaster = server.ServerProcessId;
        Assert.True(postmaster > 0, "the server is running");
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(DataFolderOf(postmaster)))!;

        owner.Kill();
        await owner.WaitForExitAsync();

        var clock = Stopwatch.StartNew();
        while ((Directory.Exists($"/proc/{postmaster}") || Directory.Exists(folder)) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }
        Assert.False(Directory.Exists($"/proc/{postmaster}"), "the postmaster stopped");
        Assert.False(Directory.Exists(folder), $"{folder} was removed");
        await server.DisposeAsync();
    }

    /// <summary>The data folder the postmaster was started on, read from its command line (-D).</summary>
    private static string DataFolderOf(int pid)
    {
        var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        return arguments[Array.IndexOf(arguments, "-D") + 1] + "/";
    }
}
