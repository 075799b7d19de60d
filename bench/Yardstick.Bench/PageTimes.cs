using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Testing;
using Yardstick.Web.Hosting;

namespace Yardstick.Bench;

/// <summary>
/// How long the web app takes to answer its main pages at the demo's size (goal: under 200 ms), measured end to end over
/// loopback HTTP against a real Kestrel, signed in as a city planner. The same pages on the same demo are timed on the
/// embedded SQLite store and on PostgreSQL in the same run, and the ratio printed.
/// </summary>
public static class PageTimes
{
    public const double GoalMs = 200;
    private const int Runs = 25;
    private const string Password = "Bench-Pass-2026";

    public static readonly IReadOnlyList<string> Pages =
    [
        "/",
        "/?orgunit=150502",
        "/Indicators/Detail?code=infant_mortality_rate&orgunit=150500",
        "/Indicators/Detail?code=beds_per_1000&orgunit=150502",
        "/Entry?dataset=TL14&orgunit=150502&period=2023",
        "/Plans/Detail?code=TL14",
        "/Tasks",
        "/Reports",
        "/api/plans/TL14/evaluation?orgunit=150500&year=2023&children=true",
    ];

    public sealed record Timing(string Page, double MedianMs, double P95Ms, int Bytes);

    public static async Task<IReadOnlyList<Timing>> MeasureAsync(string provider, string connection)
    {
        var port = PostgresServer.FreePort();
        await using var factory = new WebApplicationFactory<YardstickOptions>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", provider);
            b.UseSetting("Yardstick:ConnectionString", connection);
            b.UseSetting("Yardstick:SeedDemo", "true");
            b.UseSetting("Yardstick:SignInAttemptsPerMinute", "1000");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseUrls($"http://127.0.0.1:{port}");
            // Pages only: the stylesheet and scripts are not timed, so the content root is where the bench runs.
            b.UseContentRoot(AppContext.BaseDirectory);
        });
        factory.UseKestrel();
        factory.StartServer();
        await Healthz.WaitAsync(new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromMinutes(5));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var errors = await UserAccounts.CreateAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<YardstickDb>(), "bench",
                Roles.Planner, "150500", Password, mustChangePassword: false, DateTimeOffset.UtcNow);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", errors));
            }
        }
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var login = await client.GetStringAsync("/Account/Login");
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "bench",
            ["password"] = Password,
            ["__RequestVerificationToken"] = AntiForgeryToken.From(login),
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("bench sign-in failed");
        }

        var timings = new List<Timing>();
        foreach (var page in Pages)
        {
            var samples = new List<double>();
            var bytes = 0;
            for (var i = 0; i < Runs + 3; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(page);
                var body = await response.Content.ReadAsByteArrayAsync();
                clock.Stop();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{page}: HTTP {(int)response.StatusCode}");
                }
                bytes = body.Length;
                if (i >= 3)
                {
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            samples.Sort();
            timings.Add(new Timing(page, samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.95) - 1], bytes));
        }
        return timings;
    }

    /// <summary>Runs both stores and prints the table; returns the SQLite p95 worst page, the PostgreSQL/SQLite ratio of medians.</summary>
    public static async Task<(double WorstP95Ms, double Ratio)> RunAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"yardstick-pages-{Guid.NewGuid():N}.db");
        var postgres = new PostgresServer();
        try
        {
            var sqlite = await MeasureAsync("Sqlite", file);
            await postgres.InitializeAsync();
            // Pooled, as a server deployment's connection string is (Npgsql's default; the test cluster's admin string turns it off).
            var pooled = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync()) { Pooling = true }.ToString();
            var pg = await MeasureAsync("PostgreSQL", pooled);
            Console.WriteLine($"(f) page response times at the demo's size, {Runs} runs each after 3 warm-ups (median / p95 ms):");
            Console.WriteLine($"    {"page",-70} {"SQLite",16} {"PostgreSQL",16}");
            for (var i = 0; i < sqlite.Count; i++)
            {
                Console.WriteLine($"    {sqlite[i].Page,-70} {sqlite[i].MedianMs,7:F1} / {sqlite[i].P95Ms,6:F1} {pg[i].MedianMs,7:F1} / {pg[i].P95Ms,6:F1}");
            }
            var worst = sqlite.Max(t => t.P95Ms);
            var ratio = pg.Sum(t => t.MedianMs) / sqlite.Sum(t => t.MedianMs);
            Console.WriteLine($"    worst p95 on SQLite {worst:F1} ms, on PostgreSQL {pg.Max(t => t.P95Ms):F1} ms (goal < {GoalMs} ms: {(Math.Max(worst, pg.Max(t => t.P95Ms)) < GoalMs ? "met" : "NOT met")}); ratio PostgreSQL/SQLite (sum of medians) = {ratio:F2}");
            return (worst, ratio);
        }
        finally
        {
            await postgres.DisposeAsync();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

}
