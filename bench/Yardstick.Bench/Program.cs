using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Yardstick.Bench;

var scale = "small";
var seed = 20261122;
var pages = false;
var engineOnly = false;
var newMonth = false;
var pivot = false;
var backup = false;
var storeOnly = false;
int? concurrentSeconds = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scale" when i + 1 < args.Length: scale = args[++i]; break;
        case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--pages": pages = true; break;
        case "--engine-only": engineOnly = true; break;
        case "--new-month": newMonth = true; break;
        case "--pivot": pivot = true; break;
        case "--backup": backup = true; break;
        case "--store-only": storeOnly = true; break;
        case "--concurrent-seconds" when i + 1 < args.Length: concurrentSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--help" or "-h":
            Console.WriteLine("yardstick bench: --scale small|province [--seed N]. Measures import, engine build, full evaluation against DuckDB, incremental update and peak memory; the last line is JSON.");
            Console.WriteLine("                 --pages: the province loaded by `yardstick import`, served by the real web app on SQLite and on a throwaway");
            Console.WriteLine("                 PostgreSQL: start-up, memory, page and API p95, write-to-read time, 50 concurrent clients; the engine against");
            Console.WriteLine("                 DuckDB in the same run. [--concurrent-seconds N] (60 at province scale, 20 at small). The last line is JSON.");
            Console.WriteLine("                 --engine-only: full evaluation against DuckDB on values loaded straight from the generator (no store; quick).");
            Console.WriteLine("                 --new-month: `yardstick import` of the province, then of one more month, into SQLite and PostgreSQL (no web app).");
            Console.WriteLine("                 --backup: the province served by the web app while 50 clients save forms; `yardstick backup` meanwhile, then");
            Console.WriteLine("                 `yardstick restore` into an empty store (rows, audit chain, engine totals verified) and figures compared, on both stores.");
            Console.WriteLine("                 --store-only: the province's files and a SQLite store loaded from them by `yardstick import`, kept in a");
            Console.WriteLine("                 folder it prints (for profiling start-up or a new month by hand); nothing is timed.");
            Console.WriteLine("                 --pivot: the 数据分析 table of a 1,000-cell selection (p95) and a 100,000-cell .xlsx/.csv export, on the whole province's engine.");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]} (try --help)");
            return 2;
    }
}
if (scale is not ("small" or "province"))
{
    Console.Error.WriteLine("--scale is small or province");
    return 2;
}

if (storeOnly)
{
    var kept = new SyntheticProvince(scale, seed);
    var keptFolder = Directory.CreateTempSubdirectory("yardstick-store-").FullName;
    var keptFiles = await ScaleBench.WriteFilesAsync(kept, keptFolder);
    await ScaleBench.ImportAsync("sqlite", kept, keptFiles, ["--db", Path.Combine(keptFolder, "province.db")]);
    Console.WriteLine($"kept: {keptFolder} (the files, month.csv and province.db with that month in it)");
    return 0;
}
if (newMonth)
{
    return await PagesAtScale.NewMonthAsync(scale, seed);
}
if (backup)
{
    return await BackupUnderLoad.RunAsync(scale, seed);
}
if (pivot)
{
    return await PivotAtScale.RunAsync(scale, seed);
}
if (pages)
{
    return await PagesAtScale.RunAsync(scale, seed, concurrentSeconds ?? (scale == "province" ? 60 : 20));
}

var province = new SyntheticProvince(scale, seed);
if (engineOnly)
{
    // For working on the engine itself: the same comparison as (c) without minutes of import first.
    var inMemory = new Yardstick.Core.Indicators.IndicatorEngine(province.Units,
        province.Elements.Where(e => province.Indicators.Any(i => i.DataElementCodes.Contains(e.Code))),
        SyntheticProvince.FirstYear, SyntheticProvince.FirstYear + SyntheticProvince.Years - 1);
    inMemory.Load(province.Values().Where(v => inMemory.Knows(v.DataElementId, v.OrgUnitId)));
    var mine = EvaluateAll.Ours(inMemory, province);
    var peer = EvaluateAll.DuckDb(province);
    Console.WriteLine($"engine {mine.MedianMs:F1} ms, DuckDB {peer.MedianMs:F1} ms, ratio {mine.MedianMs / peer.MedianMs:F3}; checksums {(mine.Checksum.Matches(peer.Checksum) ? "agree" : "DISAGREE")}");
    return mine.Checksum.Matches(peer.Checksum) ? 0 : 1;
}
Console.WriteLine($"scale={scale}: {province.Units.Count:N0} org units, {province.Villages.Count:N0} villages, {province.Elements.Count} data elements, {province.ValueCount:N0} values");
var folder = Path.Combine(Path.GetTempPath(), "yardstick-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
try
{
    var import = await ImportIntoStore.RunAsync(province, Path.Combine(folder, "bench.db"));
    Console.WriteLine($"(a) import into SQLite: {import.Seconds:F2} s, {import.ValuesPerSecond:N0} values/s (durable commit)");

    var (engine, buildSeconds) = await BuildEngine.RunAsync(province, import.Location);
    Console.WriteLine($"(b) engine build from store: {buildSeconds:F2} s");

    var ours = EvaluateAll.Ours(engine, province);
    Console.WriteLine($"(c) full evaluation, Yardstick engine: median {ours.MedianMs:F1} ms over {ours.Runs} runs ({ours.Checksum})");
    var duck = EvaluateAll.DuckDb(province);
    Console.WriteLine($"    full evaluation, DuckDB SQL:      median {duck.MedianMs:F1} ms over {duck.Runs} runs ({duck.Checksum})");
    var ratio = ours.MedianMs / duck.MedianMs;
    var match = ours.Checksum.Matches(duck.Checksum);
    Console.WriteLine($"    ratio ours/DuckDB = {ratio:F3}; checksums {(match ? "agree" : "DISAGREE")}");

    var incrementalMs = IncrementalUpdate.Run(engine, province);
    Console.WriteLine($"(d) one changed value → every affected value up the tree fresh: median {incrementalMs:F4} ms");

    var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    Console.WriteLine($"(e) peak working set: {peakMb:F0} MB (this process: generator, SQLite, engine and DuckDB together)");

    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["scale"] = scale,
        ["values"] = province.ValueCount,
        ["import_values_per_s"] = Math.Round(import.ValuesPerSecond),
        ["engine_build_s"] = Math.Round(buildSeconds, 3),
        ["evaluate_ms"] = Math.Round(ours.MedianMs, 2),
        ["duckdb_evaluate_ms"] = Math.Round(duck.MedianMs, 2),
        ["evaluate_ratio"] = Math.Round(ratio, 4),
        ["incremental_update_ms"] = Math.Round(incrementalMs, 5),
        ["peak_memory_mb"] = Math.Round(peakMb),
        ["checksum_match"] = match,
    }));
    return match ? 0 : 1;
}
finally
{
    Directory.Delete(folder, recursive: true);
}
