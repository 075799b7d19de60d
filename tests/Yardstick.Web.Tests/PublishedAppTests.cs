using System.Diagnostics;
using System.Net;
using Yardstick.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// The published app started from another directory (as a service manager starts it) serves its own CSS and scripts:
/// its content root is its own folder, not the working directory.
/// </summary>
public sealed class PublishedAppTests
{
    [Fact]
    public async Task A_published_app_started_elsewhere_serves_its_styles_and_scripts()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Artifacts.Folder))!;
        var folder = Directory.CreateTempSubdirectory("yardstick-published-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("yardstick-cwd-").FullName;
        Process? app = null;
        try
        {
            var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "Yardstick.Web"), "-c", "Release", "-o", folder, "--nologo", "-v", "quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            publish.ExitCode.ShouldBe(0, await output + await errors);

            var port = PostgresServer.FreePort();
            var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "Yardstick.Web.dll")])
            {
                WorkingDirectory = elsewhere,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["Yardstick__ConnectionString"] = Path.Combine(elsewhere, "app.db");
            start.Environment["Yardstick__SeedDemo"] = "false";
            app = Process.Start(start)!;
            _ = app.StandardOutput.ReadToEndAsync();
            _ = app.StandardError.ReadToEndAsync();
            var address = new Uri($"http://127.0.0.1:{port}");
            await Healthz.WaitAsync(address, TimeSpan.FromMinutes(2));

            using var client = new HttpClient { BaseAddress = address };
            (await client.GetAsync("/css/site.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/js/site.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/lib/echarts.min.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            if (app is { HasExited: false })
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
            }
            app?.Dispose();
            Directory.Delete(folder, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
