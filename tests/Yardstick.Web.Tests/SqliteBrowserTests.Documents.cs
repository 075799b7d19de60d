using System.Diagnostics;

namespace Yardstick.Web.Tests;

/// <summary>
/// Issue 25's acceptance: the three documents a planner downloads — the monitoring report (监测评估报告), the 通报 and the
/// 考核 table (A4 landscape) — as the web app serves them, opened by LibreOffice and rendered to PDF and one PNG per page
/// (scripts/render-document.sh) in tests/artifacts/documents/, for a person to look at.
/// </summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task Issue_25_the_report_the_notice_and_the_assessment_open_in_libreoffice()
    {
        var planner = await App.SignInAsync("planner");
        var folder = Path.Combine(Artifacts.Folder, "documents");
        Directory.CreateDirectory(folder);

        foreach (var (name, path) in new[]
        {
            ("monitoring-report", "/Reports?handler=Report&kind=monitoring&format=docx&plan=TL14"),
            ("notice", "/Reports?handler=Notice&plan=TL14"),
            ("assessment", "/Reports/Assessment?handler=File&format=docx&plan=TL14"),
        })
        {
            var response = await planner.GetAsync(path);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, path);
            var docx = Path.Combine(folder, name + ".docx");
            await File.WriteAllBytesAsync(docx, await response.Content.ReadAsByteArrayAsync());
            foreach (var old in Directory.GetFiles(folder, name + "-*.png"))
            {
                File.Delete(old);
            }

            var (code, output, error) = await RenderAsync(docx, folder);

            code.ShouldBe(0, error);
            new FileInfo(Path.Combine(folder, name + ".pdf")).Length.ShouldBeGreaterThan(1000, output);
            Directory.GetFiles(folder, name + "-*.png").ShouldNotBeEmpty(output);
        }
    }

    /// <summary>scripts/render-document.sh, found above the test binary: LibreOffice → PDF, poppler → PNG per page.</summary>
    private static async Task<(int Code, string Out, string Err)> RenderAsync(string file, string folder)
    {
        var script = Path.Combine(Path.GetDirectoryName(Artifacts.Folder)!, "..", "scripts", "render-document.sh");
        File.Exists(script).ShouldBeTrue(script);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, file, folder })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
