using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Yardstick.Web.Tests;

/// <summary>
/// The figures a user reads come from the instance's live engine, and a write shows at once: in the next read on the instance
/// that took it, within a second on another instance of the same PostgreSQL, and within a second after a command-line import
/// into the SQLite file the app serves.
/// </summary>
public abstract class FreshnessTests(WebApp app)
{
    /// <summary>A year no other test writes, so the figures start empty; each test takes its own.</summary>
    private static int _year = 2040;

    protected WebApp App => app;

    protected static int NewYear() => Interlocked.Increment(ref _year);

    protected static StringContent Values(int year, int births, int deaths) => new(JsonSerializer.Serialize(new
    {
        dataValues = new[]
        {
            new { dataElement = "live_births", period = year.ToString(System.Globalization.CultureInfo.InvariantCulture), orgUnit = WebApp.Dalin, value = births.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new { dataElement = "infant_deaths", period = year.ToString(System.Globalization.CultureInfo.InvariantCulture), orgUnit = WebApp.Dalin, value = deaths.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
    }), Encoding.UTF8, "application/json");

    /// <summary>婴儿死亡率 of 科尔沁区 in the year, as the API answers it; null when it has no value.</summary>
    protected static async Task<decimal?> KerqinImrAsync(HttpClient client, int year)
    {
        var response = await client.GetAsync($"/api/evaluations?indicator=infant_mortality_rate&orgunit={WebApp.Kerqin}&period={year}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var value = json.RootElement.GetProperty("value");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDecimal();
    }

    [Fact]
    public async Task A_value_posted_through_the_API_is_in_the_next_read()
    {
        var year = NewYear();
        using var reporter = app.TokenClient(await app.TokenAsync("kerqin"));
        (await KerqinImrAsync(reporter, year)).ShouldBeNull();

        (await reporter.PostAsync("/api/dataValueSets", Values(year, 400, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await KerqinImrAsync(reporter, year)).ShouldBe(5m);
        (await reporter.PostAsync("/api/dataValueSets", Values(year, 500, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await KerqinImrAsync(reporter, year)).ShouldBe(4m);
    }

    [Fact]
    public async Task A_refused_batch_changes_no_figure()
    {
        var year = NewYear();
        using var reporter = app.TokenClient(await app.TokenAsync("kerqin"));
        (await reporter.PostAsync("/api/dataValueSets", Values(year, 400, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Deaths above births: refused whole, nothing stored, nothing in memory.
        (await reporter.PostAsync("/api/dataValueSets", Values(year, 100, 300))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await KerqinImrAsync(reporter, year)).ShouldBe(5m);
    }

    /// <summary>Polls until the figure is the one expected; returns how long it took.</summary>
    protected static async Task<TimeSpan> UntilAsync(Func<Task<decimal?>> read, decimal expected)
    {
        var clock = Stopwatch.StartNew();
        while (await read() != expected)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the write never showed");
            await Task.Delay(20);
        }
        return clock.Elapsed;
    }
}

public sealed class SqliteFreshnessTests(SqliteWebApp app) : FreshnessTests(app), IClassFixture<SqliteWebApp>
{
    [Fact]
    public async Task A_command_line_import_into_the_apps_database_shows_in_the_app_within_a_second()
    {
        var year = NewYear();
        var folder = Directory.CreateTempSubdirectory("yardstick-fresh-").FullName;
        var file = Path.Combine(folder, "values.csv");
        await File.WriteAllTextAsync(file, $"dataelement,period,orgunit,value\nlive_births,{year},{WebApp.Dalin},250\ninfant_deaths,{year},{WebApp.Dalin},1\n");
        using var reporter = App.TokenClient(await App.TokenAsync("kerqin"));
        (await KerqinImrAsync(reporter, year)).ShouldBeNull();

        var (code, output) = await Cli.RunAsync("import", "--db", App.Connection, file);
        code.ShouldBe(0, output);

        (await UntilAsync(() => KerqinImrAsync(reporter, year), 4m)).ShouldBeLessThan(TimeSpan.FromSeconds(1));
        Directory.Delete(folder, recursive: true);
    }
}

public sealed class PostgresFreshnessTests(PostgresWebApp app) : FreshnessTests(app), IClassFixture<PostgresWebApp>
{
    [Fact]
    public async Task A_value_written_on_one_instance_shows_on_another_within_a_second()
    {
        var year = NewYear();
        await using var other = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Yardstick:Provider", "PostgreSQL");
            b.UseSetting("Yardstick:ConnectionString", App.Connection);
        });
        var token = await App.TokenAsync("kerqin");
        using var theirs = other.CreateClient();
        theirs.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await WebApp.UntilReadyAsync(other);
        using var mine = App.TokenClient(token);
        (await KerqinImrAsync(theirs, year)).ShouldBeNull();

        (await mine.PostAsync("/api/dataValueSets", Values(year, 400, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await UntilAsync(() => KerqinImrAsync(theirs, year), 5m)).ShouldBeLessThan(TimeSpan.FromSeconds(1));

        // And back: written there, read here.
        (await theirs.PostAsync("/api/dataValueSets", Values(year, 1000, 2))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await UntilAsync(() => KerqinImrAsync(mine, year), 2m)).ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }
}

/// <summary>The built <c>yardstick</c> command, run as a user runs it.</summary>
public static class Cli
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts the command and returns at once (to be waited for, or killed).</summary>
    public static Process Start(params string[] args)
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Artifacts.Folder))!;
        var program = Directory.GetFiles(Path.Combine(root, "artifacts", "bin", "Yardstick.Cli"), "yardstick", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        return Process.Start(start)!;
    }
}
