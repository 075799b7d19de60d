using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Testing;

namespace Yardstick.Bench;

/// <summary>
/// The web app at a city's or a province's size, as its users meet it. The synthetic province is written as CSV files and
/// loaded by the real <c>yardstick import</c> (a child process: its speed and peak memory are the product's), then the real
/// web app is started as its own process on that database, and timed: start-up until /healthz says ok, resident memory,
/// the main pages and API answers at the root (p95 of 20 after warm-up), how soon a posted value shows, and 50 clients
/// reading and writing at once. All of it on SQLite and on a throwaway PostgreSQL, in one run.
/// </summary>
internal static class ScaleBench
{
    public const string Plan = "SYN";
    private const string Password = "Bench-Pass-2026";
    private const int Samples = 20;
    private const int Clients = 50;

    public sealed record StoreFigures(string Store, double ImportValuesPerSecond, double ImportRssMb, double ColdStartSeconds, double StartupSeconds, double RssMb,
        IReadOnlyList<(string Page, double P95Ms, double Budget)> Pages, double WriteVisibleMs, double? WriteVisibleAcrossMs,
        double ConcurrentRps, double ConcurrentP95Ms, int Errors, string? FigureMismatch, MonthEnd.Figures MonthEnd);

    /// <summary>The requests timed, each with its budget in ms (a report document: 2 s).</summary>
    private static IReadOnlyList<(string Name, string Path, double Budget)> Requests(SyntheticProvince province)
    {
        var county = province.Units.First(u => u.Kind == OrgUnitKind.County).Code;
        var village = province.Villages[province.Villages.Count / 2].Code;
        return
        [
            ("api_evaluation", "/api/evaluations?indicator=ind0&orgunit=P&period=2023", 100),
            ("api_plan_children", $"/api/plans/{Plan}/evaluation?orgunit=P&year=2023&children=true", 100),
            ("dashboard", $"/?plan={Plan}&orgunit=P&year=2023", 100),
            ("dashboard_county", $"/?plan={Plan}&orgunit={county}&year=2023", 100),
            ("indicator", "/Indicators/Detail?code=ind0&orgunit=P&year=2023", 100),
            ("indicator_village", $"/Indicators/Detail?code=ind0&orgunit={village}&year=2023", 100),
            ("indicator_list", "/Indicators?year=2023", 100),
            ("reports", $"/Reports?plan={Plan}&orgunit=P&year=2023", 100),
            ("scorecard", $"/Reports?handler=Scorecard&plan={Plan}&orgunit=P&year=2023", 100),
            ("report_docx", $"/Reports?handler=Report&plan={Plan}&orgunit=P&year=2023&kind=monitoring&format=docx&chart=false", 2000),
        ];
    }

    /// <summary>Writes the province as the interchange files a commission would import; returns their paths, values last.</summary>
    public static async Task<IReadOnlyList<string>> WriteFilesAsync(SyntheticProvince province, string folder)
    {
        var units = Path.Combine(folder, "orgunits.csv");
        var byId = province.Units.ToDictionary(u => u.Id);
        await File.WriteAllLinesAsync(units, ["code,name,parent,level", .. province.Units.Select(u =>
            $"{u.Code},{u.Name},{(u.ParentId is { } p ? byId[p].Code : "")},{u.Level}")]);
        var categories = Path.Combine(folder, "categories.csv");
        await File.WriteAllLinesAsync(categories, ["code,name,options", .. SyntheticProvince.Categories.Select(c =>
            $"{c.Code},{c.Name},{string.Join(';', c.Options.Select(o => $"{o.Code}:{o.Name}"))}")]);
        var combos = Path.Combine(folder, "categorycombos.csv");
        await File.WriteAllLinesAsync(combos, ["code,name,categories",
            $"{SyntheticProvince.Combo},性别与年龄组,{string.Join(';', SyntheticProvince.Categories.Select(c => c.Code))}"]);
        var elements = Path.Combine(folder, "dataelements.csv");
        await File.WriteAllLinesAsync(elements, ["code,name,value_type,agg_ou,agg_time,category_combo", .. province.Elements.Select(e =>
            $"{e.Code},{e.Name},count,sum,{(e.TimeAggregation == TimeAggregation.Last ? "last" : "sum")},"),
            .. SyntheticProvince.Disaggregated.Select((code, k) => $"{code},分类数据元{k},count,sum,sum,{SyntheticProvince.Combo}")]);
        var indicators = Path.Combine(folder, "indicators.csv");
        await File.WriteAllLinesAsync(indicators, ["code,name,numerator,denominator,factor,unit,direction,decimals", .. province.Indicators.Select(i =>
            $"{i.Code},{i.Name},{i.Numerator},{i.Denominator},{i.Factor.ToString(CultureInfo.InvariantCulture)},{(i.Factor == 1000 ? "‰" : "%")},higher,2")]);
        var targets = Path.Combine(folder, "targets.csv");
        await File.WriteAllLinesAsync(targets, ["plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature", .. province.Indicators.Select((i, k) =>
            $"{Plan},{i.Code},P,2019,{(i.Factor == 1000 ? 300 + 10 * k : 30 + k)},2025,{(i.Factor == 1000 ? 340 : 34)},>=,预期性")]);
        var values = Path.Combine(folder, "datavalues.csv");
        var codes = province.Units.ToDictionary(u => u.Id, u => u.Code);
        var elementCodes = province.Elements.ToDictionary(e => e.Id, e => e.Code);
        await using (var writer = new StreamWriter(values, false, new UTF8Encoding(false), 1 << 20))
        {
            await writer.WriteLineAsync("dataelement,period,orgunit,categoryoptioncombo,value");
            foreach (var v in province.Values())
            {
                writer.Write(elementCodes[v.DataElementId]);
                writer.Write(',');
                writer.Write(v.Period.Year * 100 + v.Period.StartMonth);
                writer.Write(',');
                writer.Write(codes[v.OrgUnitId]);
                writer.Write(",,");
                writer.Write((long)v.Value);
                writer.Write('\n');
            }
            foreach (var (element, combo, village, year, month, value) in province.DisaggregatedValues())
            {
                writer.Write(element);
                writer.Write(',');
                writer.Write(year * 100 + month);
                writer.Write(',');
                writer.Write(village.Code);
                writer.Write(',');
                writer.Write(combo);
                writer.Write(',');
                writer.Write(value);
                writer.Write('\n');
            }
        }
        return [units, categories, combos, elements, indicators, targets, values];
    }

    /// <param name="LoaderValuesPerSecond">the store's own bulk loader of the same month's rows (<see cref="StoreBulkLoader"/>)</param>
    /// <param name="MonthCpuSeconds">the month's <c>yardstick import</c> process's own CPU (not PostgreSQL's): on this shared machine
    /// its wall time is mostly waiting for a core</param>
    public sealed record Loaded(double ValuesPerSecond, double PeakRssMb, int MonthValues, double MonthValuesPerSecond, double MonthCpuSeconds,
        double LoaderValuesPerSecond, string Token)
    {
        /// <summary><c>yardstick import</c> of the month ÷ the store's loader of it (the issue asks ≥ 0.8).</summary>
        public double MonthToLoader => MonthValuesPerSecond / LoaderValuesPerSecond;
    }

    /// <summary>Loads the files with <c>yardstick import</c> and adds the bench's planner account and token.</summary>
    public static async Task<Loaded> ImportAsync(string store, SyntheticProvince province, IReadOnlyList<string> files, string[] storeArgs)
    {
        Console.WriteLine($"[{store}] yardstick import: {province.FileValueCount:N0} values from {new FileInfo(files[^1]).Length / 1e6:F0} MB of CSV …");
        var import = await Child.RunAsync(Child.Cli, ["import", .. storeArgs, .. files]);
        if (import.Code != 0)
        {
            throw new InvalidOperationException($"import failed: {import.Output}");
        }
        var importRate = province.FileValueCount / import.Seconds;
        Console.WriteLine($"[{store}]   {import.Seconds:F1} s, {importRate:N0} values/s, peak RSS {import.PeakRssMb:F0} MB");

        // A new month into the loaded province: every village, every element (the store is not empty: staged, audited path).
        var month = Path.Combine(Path.GetDirectoryName(files[^1])!, "month.csv");
        List<StoreBulkLoader.Row> rows = [.. province.Elements.SelectMany(e => province.Villages.Select(v =>
                new StoreBulkLoader.Row(e.Code, v.Code, "", (e.Id % 2 == 0 ? 200 : 0) + (v.Id + e.Id) % 200))),   // numerators below denominators, as the rules want
            .. SyntheticProvince.Disaggregated.SelectMany((e, k) => province.Villages.SelectMany(v =>
                SyntheticProvince.OptionCombos.Select((c, j) => new StoreBulkLoader.Row(e, v.Code, c, (v.Id + k + j) % 50))))];
        await File.WriteAllLinesAsync(month, ["dataelement,period,orgunit,categoryoptioncombo,value", .. rows.Select(r => $"{r.Element},202401,{r.Unit},{r.Combo},{r.Value}")]);
        var monthValues = rows.Count;
        var loaderSeconds = await StoreBulkLoader.TimeAsync(storeArgs, rows);
        Console.WriteLine($"[{store}]   the store's own bulk loader of the same {monthValues:N0} rows into data_values (rolled back): {loaderSeconds:F1} s, {monthValues / loaderSeconds:N0} values/s");
        var monthly = await Child.RunAsync(Child.Cli, ["import", "--timing", .. storeArgs, month]);
        if (monthly.Code != 0)
        {
            throw new InvalidOperationException($"month import failed: {monthly.Output}");
        }
        var monthRate = monthValues / monthly.Seconds;
        Console.WriteLine($"[{store}]   a new month ({monthValues:N0} values) into the loaded store: {monthly.Seconds:F1} s, {monthRate:N0} values/s; the command's own CPU {monthly.CpuSeconds:F1} s");
        Console.WriteLine(string.Join('\n', monthly.Output.Split('\n').Where(l => l.StartsWith("用时", StringComparison.Ordinal)).Select(l => $"[{store}]     {l.Trim()}")));
        var user = await Child.RunAsync(Child.Cli, ["user", "add", .. storeArgs, "--name", "bench", "--role", "planner", "--orgunit", "P", "--password", Password, "--no-must-change"]);
        var token = (await Child.RunAsync(Child.Cli, ["token", "create", .. storeArgs, "--user", "bench"])).Output.Trim().Split('\n')[^1].Trim();
        if (user.Code != 0 || !token.StartsWith("ys_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"bench user: {user.Output} {token}");
        }
        return new Loaded(importRate, import.PeakRssMb, monthValues, monthRate, monthly.CpuSeconds, monthValues / loaderSeconds, token);
    }

    public static async Task<StoreFigures> MeasureAsync(string store, SyntheticProvince province, Loaded loaded,
        Dictionary<string, string> webEnvironment, TimeSpan concurrentFor, IReadOnlyDictionary<string, decimal> expected, MonthEnd.Accounts monthEnd, int? postgresPort)
    {
        var token = loaded.Token;
        // First start: every value from the store (then the engine writes its snapshot); the start timed is the next one.
        double coldStart;
        await using (var cold = await WebProcess.StartAsync(webEnvironment))
        {
            coldStart = cold.StartupSeconds;
            Console.WriteLine($"[{store}] web app, first start (values read from the store): serving after {coldStart:F1} s (RSS {cold.RssMb():F0} MB)");
            await Task.Delay(TimeSpan.FromSeconds(2));   // lets the snapshot be written
        }
        await using var web = await WebProcess.StartAsync(webEnvironment);
        Console.WriteLine($"[{store}] web app, restart (values from its snapshot): serving after {web.StartupSeconds:F1} s (RSS {web.RssMb():F0} MB)");
        using var pages = await web.SignedInClientAsync("bench", Password);
        using var api = web.TokenClient(token);

        var timings = new List<(string, double, double)>();
        foreach (var (name, path, budget) in Requests(province))
        {
            var client = path.StartsWith("/api", StringComparison.Ordinal) ? api : pages;
            var samples = new List<double>();
            for (var i = 0; i < Samples + 3; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}");
                }
                if (i >= 3)
                {
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            timings.Add((name, P95(samples), budget));
            Console.WriteLine($"[{store}]   {name,-20} p95 {P95(samples),8:F1} ms  median {Median(samples),8:F1} ms  (budget {budget} ms)");
        }

        var wrong = new List<string>();
        foreach (var (unit, value) in expected)
        {
            var answered = await ValueAsync(api, unit);
            if (answered != Math.Round(value, 10))
            {
                wrong.Add($"ind0 at {unit} 2023: app {answered}, computed {value}");
            }
        }
        var mismatch = wrong.Count == 0 ? null : string.Join("; ", wrong);
        var visible = await WriteVisibleAsync(api, api, province, 2023);
        double? across = null;
        if (store == "postgresql")
        {
            // Its own snapshot file: each instance keeps one.
            var secondEnvironment = webEnvironment.ToDictionary(e => e.Key, e => e.Key == "Yardstick__EngineSnapshot" ? e.Value + ".2" : e.Value);
            await using var second = await WebProcess.StartAsync(secondEnvironment);
            using var there = second.TokenClient(token);
            across = await WriteVisibleAsync(api, there, province, 2022);
        }
        var (rps, p95, errors) = await ConcurrentAsync(web, token, province, concurrentFor);
        Console.WriteLine($"[{store}]   write visible {visible:F1} ms{(across is { } a ? $", on a second instance {a:F1} ms" : "")}; {Clients} clients: {rps:F0} requests/s, p95 {p95:F1} ms, {errors} errors");
        var monthEndFigures = await MonthEnd.RunAsync(store, web, pages, token, monthEnd, province, concurrentFor, new CpuClock(web.Id, postgresPort));
        return new StoreFigures(store, loaded.ValuesPerSecond, loaded.PeakRssMb, coldStart, web.StartupSeconds, web.PeakRssMb(), timings, visible, across, rps, p95, errors, mismatch, monthEndFigures);
    }

    private static async Task<decimal?> ValueAsync(HttpClient api, string unit)
    {
        using var json = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/evaluations?indicator=ind0&orgunit={unit}&period=2023", UriKind.Relative)));
        var value = json.RootElement.GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : Math.Round(value.GetDecimal(), 10);
    }

    /// <summary>Median over 5 writes of the time from posting a village's value on one instance to reading its effect on another (or the same).</summary>
    private static async Task<double> WriteVisibleAsync(HttpClient writer, HttpClient reader, SyntheticProvince province, int year)
    {
        var times = new List<double>();
        for (var k = 0; k < 5; k++)
        {
            var village = province.Villages[k * 7 % province.Villages.Count].Code;
            var before = await EvaluationAsync(reader, village, year);
            var body = JsonSerializer.Serialize(new { dataValues = new[] { new { dataElement = "de00", period = $"{year}01", orgUnit = village, value = (k % 2 == 0 ? 199 : 0).ToString(CultureInfo.InvariantCulture) } } });
            var clock = Stopwatch.StartNew();
            using var posted = await writer.PostAsync(new Uri("/api/dataValueSets", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            if (posted.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"write: HTTP {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
            }
            while (await EvaluationAsync(reader, village, year) == before && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5);
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }

    private static async Task<string> EvaluationAsync(HttpClient client, string unit, int year)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/evaluations?indicator=ind0&orgunit={unit}&period={year}", UriKind.Relative)));
        return json.RootElement.GetProperty("numerator").ToString();
    }

    /// <summary>50 clients for the given time, each request a read (9 in 10: an evaluation or a dashboard at a random unit) or a write.</summary>
    private static async Task<(double Rps, double P95, int Errors)> ConcurrentAsync(WebProcess web, string token, SyntheticProvince province, TimeSpan duration)
    {
        var counties = province.Units.Where(u => u.Kind is OrgUnitKind.County or OrgUnitKind.City or OrgUnitKind.Township).Select(u => u.Code).ToList();
        var latencies = new List<double>();
        var errors = 0;
        var stop = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Clients).Select(async c =>
        {
            using var client = web.TokenClient(token);
            var random = new Random(c);
            var mine = new List<double>();
            while (stop.Elapsed < duration)
            {
                var roll = random.Next(10);
                var unit = roll < 5 ? province.Villages[random.Next(province.Villages.Count)].Code : counties[random.Next(counties.Count)];
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = roll switch
                    {
                        0 => await client.PostAsync(new Uri("/api/dataValueSets", UriKind.Relative), new StringContent(JsonSerializer.Serialize(new
                        {
                            dataValues = new[] { new { dataElement = "de02", period = $"2023{random.Next(1, 13):D2}", orgUnit = province.Villages[random.Next(province.Villages.Count)].Code, value = random.Next(0, 200).ToString(CultureInfo.InvariantCulture) } },
                        }), Encoding.UTF8, "application/json")),
                        < 4 => await client.GetAsync(new Uri($"/?plan={Plan}&orgunit={counties[random.Next(counties.Count)]}&year=2023", UriKind.Relative)),
                        _ => await client.GetAsync(new Uri($"/api/evaluations?indicator=ind{random.Next(5)}&orgunit={unit}&period=2023", UriKind.Relative)),
                    };
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                mine.Add(clock.Elapsed.TotalMilliseconds);
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        });
        await Task.WhenAll(clients);
        return (latencies.Count / stop.Elapsed.TotalSeconds, P95(latencies), errors);
    }

    internal static double P95(List<double> samples)
    {
        samples.Sort();
        return samples[(int)Math.Ceiling(samples.Count * 0.95) - 1];
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        return samples[samples.Count / 2];
    }
}

/// <summary>The product's own programs, built beside the bench, run as child processes with their peak memory watched.</summary>
internal static class Child
{
    private static string Built(string project, string file)
    {
        var bin = Path.GetDirectoryName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var configuration = Path.GetFileName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(bin, project, configuration, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first", path);
    }

    public static string Cli => Built("Yardstick.Cli", "yardstick");

    public static string Web => Built("Yardstick.Web", "Yardstick.Web");

    /// <param name="CpuSeconds">the child's user + system CPU, last seen ≤ 100 ms before it exited: on this shared machine
    /// (load average ~20 on 2 cores) wall time is mostly waiting for a core, CPU time is what the command costs</param>
    public sealed record Outcome(int Code, string Output, double Seconds, double PeakRssMb, double CpuSeconds = 0);

    public static async Task<Outcome> RunAsync(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        double peak = 0, cpu = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, ResidentMb(process.Id, "VmHWM"));
            try
            {
                cpu = process.TotalProcessorTime.TotalSeconds;
            }
            catch (InvalidOperationException)
            {
                // exited between the check and the read
            }
            await Task.Delay(100);
        }
        await process.WaitForExitAsync();
        return new Outcome(process.ExitCode, await output + await error, clock.Elapsed.TotalSeconds, peak, cpu);
    }

    /// <summary>A process's resident memory (VmRSS) or its peak (VmHWM) from /proc, in MB; 0 when it is gone.</summary>
    public static double ResidentMb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The published web app as its own process on a free loopback port.</summary>
internal sealed class WebProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WebProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int Id => _process.Id;
    public double StartupSeconds { get; private set; }

    public static async Task<WebProcess> StartAsync(Dictionary<string, string> environment)
    {
        var port = PostgresServer.FreePort();
        var start = new ProcessStartInfo(Child.Web)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Child.Web)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Yardstick__SeedDemo"] = "false";
        start.Environment["Yardstick__SignInAttemptsPerMinute"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Yardstick"] = "Information";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        var web = new WebProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        web._process.OutputDataReceived += (_, e) => { lock (web._log) { web._log.AppendLine(e.Data); } };
        web._process.ErrorDataReceived += (_, e) => { lock (web._log) { web._log.AppendLine(e.Data); } };
        web._process.BeginOutputReadLine();
        web._process.BeginErrorReadLine();
        try
        {
            await Healthz.WaitAsync(web.Address, TimeSpan.FromMinutes(10));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine(web._log.ToString());
            throw;
        }
        web.StartupSeconds = clock.Elapsed.TotalSeconds;
        return web;
    }

    public double RssMb() => Child.ResidentMb(_process.Id, "VmRSS");

    public double PeakRssMb() => Child.ResidentMb(_process.Id, "VmHWM");

    public HttpClient TokenClient(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> SignedInClientAsync(string user, string password)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        var login = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        using var signIn = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = user,
            ["password"] = password,
            ["__RequestVerificationToken"] = AntiForgeryToken.From(login),
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"bench sign-in failed: HTTP {(int)signIn.StatusCode}");
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
