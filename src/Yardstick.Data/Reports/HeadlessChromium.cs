using System.Diagnostics;

namespace Yardstick.Data.Reports;

/// <summary>
/// Debian's Chromium run headless from the command line: prints an HTML page to PDF and takes screenshots of charts.
/// Nothing is downloaded; <c>scripts/setup.sh</c> installs the <c>chromium</c> package.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>The browser on PATH, or null when there is none (reports then say so instead of failing).</summary>
    public static string? Find() => Candidates.Select(OnPath).FirstOrDefault(p => p is not null);

    public static Task PrintToPdfAsync(string htmlPath, string pdfPath, CancellationToken cancellationToken = default) =>
        RunAsync([$"--print-to-pdf={Path.GetFullPath(pdfPath)}", "--no-pdf-header-footer", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri], pdfPath, cancellationToken);

    public static Task ScreenshotAsync(string htmlPath, string pngPath, int width, int height, CancellationToken cancellationToken = default) =>
        RunAsync([$"--screenshot={Path.GetFullPath(pngPath)}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri],
            pngPath, cancellationToken);

    private static async Task RunAsync(IEnumerable<string> args, string output, CancellationToken cancellationToken)
    {
        var browser = Find() ?? throw new InvalidOperationException("没有找到 Chromium (请运行 scripts/setup.sh 安装 chromium)");
        // A profile of its own per run: two reports at once must not share a lock.
        var profile = Directory.CreateTempSubdirectory("yardstick-chromium-");
        try
        {
            var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}" }.Concat(args))
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Chromium 60 秒内未完成");
            }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                throw new InvalidOperationException($"Chromium 未能生成 {output}: {await stderr}");
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
