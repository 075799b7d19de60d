using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Yardstick.Core.Model;
using Yardstick.Testing;

namespace Yardstick.Bench;

/// <summary>
/// <c>--backup</c> (issue 29): the province loaded by <c>yardstick import</c>, served by the web app, while 50 clients
/// keep saving township forms through <c>POST /api/dataValueSets</c> an operator runs <c>yardstick backup</c>; then the
/// copy is restored into an empty store by <c>yardstick restore</c>, which verifies the schema, every table's rows, the
/// audit chain and the engine's totals per element against the manifest of the moment copied. On both stores. The run
/// fails (exit 1) when a write is refused while the backup runs, the restore finds anything different, or a figure the
/// writers never touch (2023, at the province, a county and a village) differs between the live app and the restored store.
/// </summary>
internal static class BackupUnderLoad
{
    private const int Writers = 50;
    private const string Password = "Bench-Pass-2026";

    /// <param name="WriteP95DuringMs">saves started while the backup ran; <paramref name="WriteP95OutsideMs"/> the others, in the same
    /// run: their ratio is what the backup costs the writers, on a machine too busy for absolute times to mean much</param>
    private sealed record Figures(string Store, double BackupSeconds, double BackupMb, double RestoreSeconds, int WritesDuringBackup,
        int Writes, double WriteP95DuringMs, double WriteP95OutsideMs, int WriteErrors, bool RestoreWhole, bool FiguresEqual, string? FirstProblem);

    public static async Task<int> RunAsync(string scale, int seed)
    {
        var province = new SyntheticProvince(scale, seed);
        Console.WriteLine($"scale={scale}: {province.Units.Count:N0} org units, {province.Villages.Count:N0} villages, {province.FileValueCount:N0} values");
        var folder = Directory.CreateTempSubdirectory("yardstick-backup-").FullName;
        var postgres = new PostgresServer();
        try
        {
            var files = await ScaleBench.WriteFilesAsync(province, folder);
            var sqlite = Path.Combine(folder, "province.db");
            var onSqlite = await OneStoreAsync("sqlite", province, files, folder, ["--db", sqlite], ["--db", Path.Combine(folder, "restored.db")],
                new() { ["Yardstick__Provider"] = "Sqlite", ["Yardstick__ConnectionString"] = sqlite });

            await postgres.InitializeAsync();
            var connection = await postgres.NewDatabaseAsync();
            var restoreInto = await postgres.NewDatabaseAsync();
            var onPostgres = await OneStoreAsync("postgresql", province, files, folder, ["--connection", connection], ["--connection", restoreInto],
                new()
                {
                    ["Yardstick__Provider"] = "PostgreSQL",
                    ["Yardstick__ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(connection) { Pooling = true }.ToString(),
                    ["Yardstick__KeyFile"] = Path.Combine(folder, "pg.key"),
                });

            var stores = new[] { onSqlite, onPostgres };
            var figures = new Dictionary<string, object>
            {
                ["scale"] = scale,
                ["values"] = province.FileValueCount,
                ["writers"] = Writers,
                ["restore_whole"] = stores.All(s => s.RestoreWhole),
                ["figures_equal"] = stores.All(s => s.FiguresEqual),
                ["write_errors"] = stores.Sum(s => s.WriteErrors),
            };
            foreach (var s in stores)
            {
                figures[$"{s.Store}_backup_s"] = Math.Round(s.BackupSeconds, 1);
                figures[$"{s.Store}_backup_mb"] = Math.Round(s.BackupMb, 1);
                figures[$"{s.Store}_restore_verify_s"] = Math.Round(s.RestoreSeconds, 1);
                figures[$"{s.Store}_writes_during_backup"] = s.WritesDuringBackup;
                figures[$"{s.Store}_writes"] = s.Writes;
                figures[$"{s.Store}_write_p95_during_backup_ms"] = Math.Round(s.WriteP95DuringMs, 1);
                figures[$"{s.Store}_write_p95_outside_backup_ms"] = Math.Round(s.WriteP95OutsideMs, 1);
                figures[$"{s.Store}_write_errors"] = s.WriteErrors;
            }
            foreach (var s in stores.Where(s => s.FirstProblem is not null))
            {
                Console.Error.WriteLine($"[{s.Store}] {s.FirstProblem}");
            }
            Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return stores.All(s => s.RestoreWhole && s.FiguresEqual && s.WriteErrors == 0 && s.WritesDuringBackup > 0) ? 0 : 1;
        }
        finally
        {
            await postgres.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Figures> OneStoreAsync(string store, SyntheticProvince province, IReadOnlyList<string> files, string folder,
        string[] storeArgs, string[] restoreArgs, Dictionary<string, string> webEnvironment)
    {
        var import = await Child.RunAsync(Child.Cli, ["import", .. storeArgs, .. files]);
        if (import.Code != 0)
        {
            throw new InvalidOperationException($"import failed: {import.Output}");
        }
        Console.WriteLine($"[{store}] yardstick import: {province.FileValueCount:N0} values in {import.Seconds:F1} s");
        var accounts = await MonthEnd.PrepareAsync(store, province, folder, storeArgs);
        var planner = await Child.RunAsync(Child.Cli, ["user", "add", .. storeArgs, "--name", "bench", "--role", "planner", "--orgunit", "P", "--password", Password, "--no-must-change"]);
        var token = (await Child.RunAsync(Child.Cli, ["token", "create", .. storeArgs, "--user", "bench"])).Output.Trim().Split('\n')[^1].Trim();
        if (planner.Code != 0 || !token.StartsWith("ys_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"bench user: {planner.Output} {token}");
        }

        await using var web = await WebProcess.StartAsync(webEnvironment);
        Console.WriteLine($"[{store}] web app serving after {web.StartupSeconds:F1} s");
        using var reporter = web.TokenClient(accounts.ReporterToken);
        using var api = web.TokenClient(token);

        // The writers: each its own township and months of 2024–2025 in turn, saving the form's 20 values, until told to stop.
        var latencies = new List<(TimeSpan Start, double Ms)>();
        var clock = Stopwatch.StartNew();
        var errors = new MonthEnd.Errors();
        var writes = 0;
        using var stop = new CancellationTokenSource();
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(async c =>
        {
            var township = accounts.Townships[c % accounts.Townships.Count];
            var mine = new List<(TimeSpan, double)>();
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                var month = 202401 + (c / accounts.Townships.Count + k) % 12 + 100 * (k / 12 % 2);
                var started = clock.Elapsed;
                mine.Add((started, await SaveAsync(reporter, township, month, c + k, errors)));
                Interlocked.Increment(ref writes);
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        await Task.Delay(TimeSpan.FromSeconds(5));

        var backupFile = Path.Combine(folder, $"{store}.backup.zip");
        var writesBefore = Volatile.Read(ref writes);
        var backupFrom = clock.Elapsed;
        var backup = await Child.RunAsync(Child.Cli, ["backup", .. storeArgs, "--out", backupFile]);
        var backupTo = clock.Elapsed;
        var writesDuring = Volatile.Read(ref writes) - writesBefore;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await writing;
        var during = MonthEnd.Percentile95([.. latencies.Where(l => l.Start >= backupFrom && l.Start < backupTo).Select(l => l.Ms)]);
        var outside = MonthEnd.Percentile95([.. latencies.Where(l => l.Start < backupFrom || l.Start >= backupTo).Select(l => l.Ms)]);
        var backupMb = File.Exists(backupFile) ? new FileInfo(backupFile).Length / 1024.0 / 1024.0 : 0;
        Console.WriteLine($"[{store}] yardstick backup while {Writers} clients save forms: {backup.Seconds:F1} s, {backupMb:F1} MB; " +
            $"{writesDuring} forms saved during it, p95 {during:F1} ms (the others {outside:F1} ms); {writes} in all, {errors.Count} errors{(errors.First is { } f ? $" (first: {f})" : "")}");
        if (backup.Code != 0)
        {
            return new(store, backup.Seconds, backupMb, 0, writesDuring, writes, during, outside, errors.Count, false, false, $"backup failed: {backup.Output}");
        }

        var restore = await Child.RunAsync(Child.Cli, ["restore", backupFile, .. restoreArgs]);
        Console.WriteLine($"[{store}] yardstick restore into an empty store, verified: {restore.Seconds:F1} s, exit {restore.Code}");
        Console.WriteLine(string.Join('\n', restore.Output.Split('\n').Where(l => l.Contains('✓') || l.Contains('✗')).Select(l => $"[{store}]   {l.Trim()}")));

        // Figures nobody wrote during the run: the live app and the restored store must answer them alike.
        var county = province.Units.First(u => u.Kind == OrgUnitKind.County).Code;
        var village = province.Villages[province.Villages.Count / 3].Code;
        string? mismatch = null;
        foreach (var unit in new[] { "P", county, village })
        {
            var live = await LiveValueAsync(api, unit);
            var restored = await RestoredValueAsync(restoreArgs, unit);
            if (live != restored)
            {
                mismatch ??= $"指标0 {unit} 2023: app {live}, restored store {restored}";
            }
        }
        Console.WriteLine($"[{store}] 2023 figures at the province, a county and a village: {(mismatch is null ? "equal in the app and the restored store" : mismatch)}");
        var whole = restore.Code == 0;
        return new(store, backup.Seconds, backupMb, restore.Seconds, writesDuring, writes, during, outside, errors.Count, whole,
            mismatch is null, whole ? mismatch : $"restore: {restore.Output}");
    }

    private static async Task<double> SaveAsync(HttpClient reporter, OrgUnit township, int month, int salt, MonthEnd.Errors errors)
    {
        var body = JsonSerializer.Serialize(new
        {
            dataValues = Enumerable.Range(0, 20).Select(e => new
            {
                dataElement = $"de{e:D2}",
                period = month.ToString(CultureInfo.InvariantCulture),
                orgUnit = township.Code,
                value = ((e % 2 == 1 ? 200 : 0) + (township.Id * 7 + salt + e) % 200).ToString(CultureInfo.InvariantCulture),
            }),
        });
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await reporter.PostAsync(new Uri("/api/dataValueSets", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors.Add($"POST /api/dataValueSets: HTTP {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add($"POST /api/dataValueSets: {e.Message}");
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<decimal?> LiveValueAsync(HttpClient api, string unit)
    {
        using var json = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/evaluations?indicator=ind0&orgunit={unit}&period=2023", UriKind.Relative)));
        var value = json.RootElement.GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : Math.Round(value.GetDecimal(), 10);
    }

    private static async Task<decimal?> RestoredValueAsync(string[] storeArgs, string unit)
    {
        var evaluated = await Child.RunAsync(Child.Cli, ["evaluate", .. storeArgs, "--indicator", "ind0", "--orgunit", unit, "--period", "2023", "--format", "json"]);
        if (evaluated.Code != 0)
        {
            throw new InvalidOperationException($"evaluate on the restored store: {evaluated.Output}");
        }
        // The JSON object first, then whatever the command said on standard error: read one value and stop.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(evaluated.Output[evaluated.Output.IndexOf('{', StringComparison.Ordinal)..]));
        using var json = JsonDocument.ParseValue(ref reader);
        var value = json.RootElement.GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : Math.Round(value.GetDecimal(), 10);
    }
}
