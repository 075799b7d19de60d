using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Yardstick.Core.Model;

namespace Yardstick.Bench;

/// <summary>
/// Month-end as a county meets it: every township of one county saves its monthly form (20 values, through
/// <c>POST /api/dataValueSets</c>) and 上报 it (<c>POST /api/dataSets/{code}/submissions</c>), every other one approved by
/// the county's reviewer, all within one phase, while 50 other clients read dashboards (pages, signed in by cookie) and
/// evaluations (API, by token). The same 50 readers run first alone, then with the writers: the two p95s come from the
/// same run and the same process, so their ratio means something on a busy machine where their absolute values do not.
/// Then the CPU a request costs, kind by kind, from the web process's own counters (see <see cref="CpuClock"/>).
/// </summary>
internal static class MonthEnd
{
    public const string DataSet = "MONTHLY";
    private const string Password = "Bench-Pass-2026";
    private const int Readers = 50;

    /// <summary>The month the county's townships report in the timed phase; the CPU phases use the months after it.</summary>
    private const int Month = 202402;

    /// <summary>Months each township reports in the CPU phases (save, submit, approve each timed alone).</summary>
    private const int CpuMonths = 4;

    public sealed record Accounts(OrgUnit County, IReadOnlyList<OrgUnit> Townships, string ReporterToken, string ReviewerToken);

    /// <summary>CPU per request of one kind: of the web process, and of the PostgreSQL server when there is one (ms).</summary>
    public sealed record Cost(string Kind, int Requests, double AppMs, double? DatabaseMs);

    public sealed record Figures(double ReadsAloneP95Ms, double ReadsAloneRps, double ReadsWithWritesP95Ms, double ReadsWithWritesRps,
        double WritesP95Ms, int Forms, int Errors, double IdleCpuMsPerSecond, IReadOnlyList<Cost> Costs)
    {
        public double Ratio => ReadsWithWritesP95Ms / ReadsAloneP95Ms;
    }

    /// <summary>
    /// Before the web app starts: the monthly form (a data set of the 20 elements, owed by every township), a reporter at
    /// the county (who may save and 上报 for each of its townships) and a reviewer at the county, each with an API token.
    /// </summary>
    public static async Task<Accounts> PrepareAsync(string store, SyntheticProvince province, string folder, string[] storeArgs)
    {
        var clock = Stopwatch.StartNew();
        var file = Path.Combine(folder, "datasets.csv");
        await File.WriteAllLinesAsync(file, ["code,name,period_type,elements,assign,due_days,lock_days",
            $"{DataSet},乡镇月报,month,{string.Join(';', province.Elements.Select(e => e.Code))},level:4,15,0"]);
        var import = await Child.RunAsync(Child.Cli, ["import", .. storeArgs, file]);
        if (import.Code != 0)
        {
            throw new InvalidOperationException($"data set import failed: {import.Output}");
        }
        // The last county of the last city: not the county whose figures the bench checks.
        var county = province.Units.Last(u => u.Kind == OrgUnitKind.County);
        var townships = province.Units.Where(u => u.ParentId == county.Id && u.Kind == OrgUnitKind.Township).ToList();
        var reporter = await AccountAsync("monthend_reporter", "reporter", county.Code, storeArgs);
        var reviewer = await AccountAsync("monthend_reviewer", "reviewer", county.Code, storeArgs);
        Console.WriteLine($"[{store}] month-end: form {DataSet} owed by every township, reporter and reviewer at {county.Code} ({townships.Count} townships) in {clock.Elapsed.TotalSeconds:F1} s");
        return new Accounts(county, townships, reporter, reviewer);
    }

    private static async Task<string> AccountAsync(string name, string role, string unit, string[] storeArgs)
    {
        var user = await Child.RunAsync(Child.Cli, ["user", "add", .. storeArgs, "--name", name, "--role", role, "--orgunit", unit, "--password", Password, "--no-must-change"]);
        var token = (await Child.RunAsync(Child.Cli, ["token", "create", .. storeArgs, "--user", name])).Output.Trim().Split('\n')[^1].Trim();
        return user.Code == 0 && token.StartsWith("ys_", StringComparison.Ordinal)
            ? token
            : throw new InvalidOperationException($"month-end account {name}: {user.Output} {token}");
    }

    public static async Task<Figures> RunAsync(string store, WebProcess web, HttpClient pages, string plannerToken, Accounts accounts,
        SyntheticProvince province, TimeSpan phase, CpuClock cpu)
    {
        var took = Stopwatch.StartNew();
        using var reporter = web.TokenClient(accounts.ReporterToken);
        using var reviewer = web.TokenClient(accounts.ReviewerToken);
        var errors = new Errors();

        // One form of each kind first, on a month no phase uses: the code paths of a save, a 上报 and an approval are warm.
        await FormAsync(reporter, reviewer, accounts.Townships[0], Month + CpuMonths + 1, approve: true, errors, null);

        var alone = await ReadAsync(web, pages, plannerToken, province, phase, errors, _ => null);
        var writes = new List<double>();
        var withWrites = await ReadAsync(web, pages, plannerToken, province, phase, errors, async stop =>
        {
            // Every township within the first three quarters of the phase, evenly spaced: all of them inside the minute.
            var spacing = phase * 0.75 / accounts.Townships.Count;
            await Task.WhenAll(accounts.Townships.Select(async (township, i) =>
            {
                await Task.Delay(spacing * i);
                await FormAsync(reporter, reviewer, township, Month, approve: i % 2 == 1, errors, writes);
            }));
        });
        var forms = await CheckStatesAsync(reviewer, accounts, errors);
        Console.WriteLine($"[{store}]   month-end: reads alone p95 {alone.P95:F1} ms ({alone.Rps:F0}/s); with {accounts.Townships.Count} townships saving and 上报 " +
            $"p95 {withWrites.P95:F1} ms ({withWrites.Rps:F0}/s), ratio {withWrites.P95 / alone.P95:F2}; writes p95 {Percentile95(writes):F1} ms; {forms} forms stored; {errors.Count} errors");

        var costs = new List<Cost>
        {
            await cpu.PerRequestAsync("dashboard", () => KindAsync(web, pages, plannerToken, province, dashboard: true, KindPhase(phase), errors)),
            await cpu.PerRequestAsync("evaluation", () => KindAsync(web, pages, plannerToken, province, dashboard: false, KindPhase(phase), errors)),
        };
        // The writes one kind at a time: every township its months' saves, then their 上报, then their approvals.
        var months = Enumerable.Range(1, CpuMonths).Select(m => Month + m).ToList();
        costs.Add(await cpu.PerRequestAsync("save", () => EachFormAsync(accounts, months, (t, m) => SaveAsync(reporter, t, m, errors))));
        costs.Add(await cpu.PerRequestAsync("submit", () => EachFormAsync(accounts, months, (t, m) => SubmitAsync(reporter, t, m, errors))));
        costs.Add(await cpu.PerRequestAsync("approve", () => EachFormAsync(accounts, months, (t, m) => ApproveAsync(reviewer, t, m, errors))));
        var idle = await cpu.IdleAsync(TimeSpan.FromSeconds(3));
        foreach (var c in costs)
        {
            Console.WriteLine($"[{store}]   CPU per request, {c.Kind,-10}: {c.AppMs,7:F2} ms web process{(c.DatabaseMs is { } d ? $", {d:F2} ms PostgreSQL" : "")} ({c.Requests} requests)");
        }
        Console.WriteLine($"[{store}]   (the same processes idle, after: {idle.AppMsPerSecond:F1} ms CPU a second{(idle.DatabaseMsPerSecond > 0 ? $", PostgreSQL {idle.DatabaseMsPerSecond:F1} ms" : "")}; counted in above, not subtracted); month-end scenario {took.Elapsed.TotalSeconds:F0} s{(errors.Count > 0 ? $"; errors: {errors.First}" : "")}");
        return new Figures(alone.P95, alone.Rps, withWrites.P95, withWrites.Rps, Percentile95(writes), forms, errors.Count, idle.AppMsPerSecond, costs);
    }

    /// <summary>How long each read kind runs alone for its CPU: a quarter of the phase, at least 5 s.</summary>
    private static TimeSpan KindPhase(TimeSpan phase) => TimeSpan.FromSeconds(Math.Max(5, phase.TotalSeconds / 4));

    /// <summary>
    /// 50 readers for <paramref name="duration"/>, each in a loop: 1 in 3 a dashboard of a random city, county or township
    /// (page, cookie), else <c>/api/evaluations</c> of a random indicator and unit (token); writers alongside when given.
    /// </summary>
    private static async Task<(double P95, double Rps)> ReadAsync(WebProcess web, HttpClient pages, string token, SyntheticProvince province,
        TimeSpan duration, Errors errors, Func<TimeSpan, Task?> writers)
    {
        var areas = province.Units.Where(u => u.Kind is OrgUnitKind.County or OrgUnitKind.City or OrgUnitKind.Township).Select(u => u.Code).ToList();
        var latencies = new List<double>();
        var stop = Stopwatch.StartNew();
        var writing = writers(duration) ?? Task.CompletedTask;
        await Task.WhenAll(Enumerable.Range(0, Readers).Select(async c =>
        {
            using var api = web.TokenClient(token);
            var random = new Random(1000 + c);
            var mine = new List<double>();
            while (stop.Elapsed < duration)
            {
                var dashboard = random.Next(3) == 0;
                mine.Add(await ReadOnceAsync(dashboard ? pages : api, Read(province, areas, random, dashboard), errors));
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        await writing;
        return (Percentile95(latencies), latencies.Count / stop.Elapsed.TotalSeconds);
    }

    private static Uri Read(SyntheticProvince province, List<string> areas, Random random, bool dashboard)
    {
        if (dashboard)
        {
            return new Uri($"/?plan={ScaleBench.Plan}&orgunit={areas[random.Next(areas.Count)]}&year=2023", UriKind.Relative);
        }
        var unit = random.Next(2) == 0 ? province.Villages[random.Next(province.Villages.Count)].Code : areas[random.Next(areas.Count)];
        return new Uri($"/api/evaluations?indicator=ind{random.Next(5)}&orgunit={unit}&period=2023", UriKind.Relative);
    }

    /// <summary>Only one kind of read, by the same 50 readers: requests answered.</summary>
    private static async Task<int> KindAsync(WebProcess web, HttpClient pages, string token, SyntheticProvince province, bool dashboard,
        TimeSpan duration, Errors errors)
    {
        var areas = province.Units.Where(u => u.Kind is OrgUnitKind.County or OrgUnitKind.City or OrgUnitKind.Township).Select(u => u.Code).ToList();
        var count = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Readers).Select(async c =>
        {
            using var api = web.TokenClient(token);
            var random = new Random(2000 + c);
            while (stop.Elapsed < duration)
            {
                await ReadOnceAsync(dashboard ? pages : api, Read(province, areas, random, dashboard), errors);
                Interlocked.Increment(ref count);
            }
        }));
        return count;
    }

    private static async Task<double> ReadOnceAsync(HttpClient client, Uri path, Errors errors)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors.Add($"GET {path}: HTTP {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add($"GET {path}: {e.Message}");
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>One township's form for one month: save, 上报, and the county's approval if asked; each write's time kept.</summary>
    private static async Task FormAsync(HttpClient reporter, HttpClient reviewer, OrgUnit township, int month, bool approve, Errors errors, List<double>? times)
    {
        var steps = new List<Func<Task<double>>> { () => SaveAsync(reporter, township, month, errors), () => SubmitAsync(reporter, township, month, errors) };
        if (approve)
        {
            steps.Add(() => ApproveAsync(reviewer, township, month, errors));
        }
        foreach (var step in steps)
        {
            var ms = await step();
            if (times is not null)
            {
                lock (times)
                {
                    times.Add(ms);
                }
            }
        }
    }

    /// <summary>The form's 20 values for the township and month (numerators below their denominators, as the rules want).</summary>
    private static Task<double> SaveAsync(HttpClient reporter, OrgUnit township, int month, Errors errors) =>
        PostAsync(reporter, "/api/dataValueSets", new
        {
            dataValues = Enumerable.Range(0, 20).Select(e => new
            {
                dataElement = $"de{e:D2}",
                period = month.ToString(CultureInfo.InvariantCulture),
                orgUnit = township.Code,
                value = ((e % 2 == 1 ? 200 : 0) + (township.Id * 7 + month + e) % 200).ToString(CultureInfo.InvariantCulture),
            }),
        }, errors);

    private static Task<double> SubmitAsync(HttpClient reporter, OrgUnit township, int month, Errors errors) =>
        PostAsync(reporter, $"/api/dataSets/{DataSet}/submissions", new { orgUnit = township.Code, period = month.ToString(CultureInfo.InvariantCulture) }, errors);

    private static Task<double> ApproveAsync(HttpClient reviewer, OrgUnit township, int month, Errors errors) =>
        PostAsync(reviewer, $"/api/dataSets/{DataSet}/approvals", new { orgUnit = township.Code, period = month.ToString(CultureInfo.InvariantCulture), action = "approve" }, errors);

    private static async Task<double> PostAsync(HttpClient client, string path, object body, Errors errors)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                errors.Add($"POST {path}: HTTP {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
        }
        catch (HttpRequestException e)
        {
            errors.Add($"POST {path}: {e.Message}");
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Every township its months in order, the townships at once (as at month-end): requests made.</summary>
    private static async Task<int> EachFormAsync(Accounts accounts, IReadOnlyList<int> months, Func<OrgUnit, int, Task<double>> step)
    {
        await Task.WhenAll(accounts.Townships.Select(async township =>
        {
            foreach (var month in months)
            {
                await step(township, month);
            }
        }));
        return accounts.Townships.Count * months.Count;
    }

    /// <summary>What the store says after the phase: every township's form 已上报 or 已审核 as it was answered (else an error each).</summary>
    private static async Task<int> CheckStatesAsync(HttpClient reviewer, Accounts accounts, Errors errors)
    {
        using var json = JsonDocument.Parse(await reviewer.GetStringAsync(new Uri(
            $"/api/dataSets/{DataSet}/status?orgUnit={accounts.County.Code}&period={Month}&children=true", UriKind.Relative)));
        var states = json.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("orgUnit").GetString()!, s => s.GetProperty("state").GetString());
        var stored = 0;
        foreach (var (township, i) in accounts.Townships.Select((t, i) => (t, i)))
        {
            var want = i % 2 == 1 ? "approved" : "submitted";
            if (states.GetValueOrDefault(township.Code) == want)
            {
                stored++;
            }
            else
            {
                errors.Add($"{township.Code} {Month}: state {states.GetValueOrDefault(township.Code)}, expected {want}");
            }
        }
        return stored;
    }

    internal static double Percentile95(List<double> samples) => samples.Count == 0 ? double.NaN : ScaleBench.P95(samples);

    /// <summary>Errors of any kind in the scenario, counted, the first kept to print.</summary>
    internal sealed class Errors
    {
        private int _count;

        public int Count => _count;

        public string? First { get; private set; }

        public void Add(string what)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                First = what;
            }
        }
    }
}
