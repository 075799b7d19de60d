using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data;
using Yardstick.Data.Interchange;
using Yardstick.Data.Values;

namespace Yardstick.Web.Tests;

/// <summary>
/// Load and faults at a small size, on SQLite and PostgreSQL, in every run of the suite: readers and writers at once
/// (no errors, every acknowledged write stored, the audit chain whole), and a command-line import killed with SIGKILL
/// half-way (all or nothing). The lock held past the writers' wait (503, not 500) is in <see cref="HostileInputTests"/>.
/// </summary>
public abstract class LoadAndFaultTests(WebApp app)
{
    private const int Writers = 6, Readers = 6;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Concurrent_readers_and_writers_get_no_errors_and_every_acknowledged_write_is_stored_and_chained()
    {
        var token = await app.TokenAsync("kerqin");
        var acknowledged = new ConcurrentDictionary<(string Unit, string Period), string>();
        var errors = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        long reads = 0;

        async Task Write(int writer)
        {
            using var client = app.TokenClient(token);
            for (var k = 0; clock.Elapsed < Duration; k++)
            {
                // A key of its own per write (year by writer, month by round), so each acknowledged value must survive.
                var unit = k % 2 == 0 ? WebApp.Dalin : WebApp.Qianjia;
                var period = $"{2600 + writer * 20 + k / 24}{k / 2 % 12 + 1:D2}";
                var value = (writer * 1000 + k).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var body = JsonSerializer.Serialize(new { dataValues = new[] { new { dataElement = "beds_total", period, orgUnit = unit, value } } });
                var answer = await client.PostAsync("/api/dataValueSets", new StringContent(body, Encoding.UTF8, "application/json"));
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged[(unit, period)] = value;
                }
                else
                {
                    errors.Add($"write {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                }
            }
        }

        async Task Read(int reader)
        {
            using var client = app.TokenClient(token);
            while (clock.Elapsed < Duration)
            {
                var path = reader % 2 == 0
                    ? $"/api/evaluations?indicator=infant_mortality_rate&orgunit={WebApp.Kerqin}&period=2023"
                    : $"/api/plans/TL14/evaluation?orgunit={WebApp.Kerqin}&year=2023&children=true";
                var answer = await client.GetAsync(path);
                Interlocked.Increment(ref reads);
                if (answer.StatusCode != HttpStatusCode.OK)
                {
                    errors.Add($"read {(int)answer.StatusCode} {path}");
                }
            }
        }

        await Task.WhenAll([.. Enumerable.Range(0, Writers).Select(Write), .. Enumerable.Range(0, Readers).Select(Read)]);

        errors.ShouldBeEmpty();
        // Progress, not speed (speed is the benchmark's business): on a loaded 2-core runner a few writes a second is normal.
        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(Writers);
        reads.ShouldBeGreaterThanOrEqualTo(Readers);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
        var stored = await StoredBedsAsync(db);
        foreach (var ((unit, period), value) in acknowledged)
        {
            stored.GetValueOrDefault((unit, period)).ShouldBe(value, $"{unit} {period}");
        }
        (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task An_import_killed_while_it_writes_leaves_nothing_and_run_again_writes_everything()
    {
        var folder = Directory.CreateTempSubdirectory("yardstick-kill-").FullName;
        try
        {
            // Every unit, every month of 2200–2999, two stock elements: ~10^5 values, a few seconds of writing.
            var units = await app.WithDbAsync(async db => await db.WithConnectionAsync(async c =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "SELECT code FROM org_units";
                var codes = new List<string>();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    codes.Add(reader.GetString(0));
                }
                return codes;
            }, default));
            var file = Path.Combine(folder, "values.csv");
            long lines = 0;
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteLineAsync("dataelement,period,orgunit,value");
                foreach (var unit in units)
                {
                    for (var y = 2200; y < 3000; y++)
                    {
                        for (var m = 1; m <= 12; m++)
                        {
                            await writer.WriteLineAsync($"beds_total,{y}{m:D2},{unit},{y % 97 + m}");
                            await writer.WriteLineAsync($"registered_nurses,{y}{m:D2},{unit},{y % 89 + m}");
                            lines += 2;
                        }
                    }
                }
            }
            var store = app.Provider == "Sqlite" ? new[] { "--db", app.Connection } : ["--connection", app.Connection];

            using (var process = Cli.Start(["import", .. store, file]))
            {
                // Killed (SIGKILL) once it is seen writing: the SQLite journal grows, or PostgreSQL runs its bulk statement.
                var clock = Stopwatch.StartNew();
                while (!await WritingAsync())
                {
                    if (process.HasExited)
                    {
                        throw new ShouldAssertException($"the import ended (code {process.ExitCode}) before it could be killed: "
                            + await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync());
                    }
                    clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
                    await Task.Delay(25);
                }
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            // The killed writer's lock goes with it: the next writer commits within its bounded wait (5 s in tests), it is
            // not left waiting on a dead client's backend.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
                var small = Path.Combine(folder, "after-kill.csv");
                await File.WriteAllTextAsync(small, $"dataelement,period,orgunit,value\nbeds_total,2199,{units[0]},7\n");
                var waited = Stopwatch.StartNew();
                (await new Importer(db, TimeProvider.System).ImportAsync([small], "tester")).Succeeded.ShouldBeTrue();
                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
            }
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
                (await FarFutureBedsAsync(db)).ShouldBe(0);
                (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
            }

            var (code, output) = await Cli.RunAsync(["import", .. store, file]);
            code.ShouldBe(0, output);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
                (await FarFutureBedsAsync(db)).ShouldBe(lines);
                (await AuditLog.VerifyAsync(db)).Intact.ShouldBeTrue();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Whether a bulk write is under way: SQLite's write-ahead log has grown, or a PostgreSQL backend is copying.</summary>
    private async Task<bool> WritingAsync()
    {
        if (app.Provider == "Sqlite")
        {
            var wal = new FileInfo(app.Connection + "-wal");
            return wal.Exists && wal.Length > 1024 * 1024;
        }
        await using var connection = new Npgsql.NpgsqlConnection(app.Connection);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query ILIKE 'COPY%')";
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> FarFutureBedsAsync(YardstickDb db) => await db.WithConnectionAsync(async c =>
    {
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT count(*) FROM data_values WHERE period_start >= 220001";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }, default);

    /// <summary>Every stored beds_total of the two townships, by (unit code, yyyymm), as text.</summary>
    private static async Task<Dictionary<(string Unit, string Period), string>> StoredBedsAsync(YardstickDb db) =>
        await db.WithConnectionAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = """
                SELECT u.code, v.period_start, CAST(v.value AS text) FROM data_values v
                JOIN org_units u ON u.id = v.org_unit_id JOIN data_elements e ON e.id = v.data_element_id
                WHERE e.code = 'beds_total' AND v.period_type = 4
                """;
            var stored = new Dictionary<(string, string), string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[(reader.GetString(0), reader.GetInt32(1).ToString(System.Globalization.CultureInfo.InvariantCulture))] =
                    Core.Indicators.Rounding.Plain(decimal.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture));
            }
            return stored;
        }, default);
}

public sealed class SqliteLoadAndFaultTests(SqliteWebApp app) : LoadAndFaultTests(app), IClassFixture<SqliteWebApp>;

public sealed class PostgresLoadAndFaultTests(PostgresWebApp app) : LoadAndFaultTests(app), IClassFixture<PostgresWebApp>;
