using System.Globalization;
using Yardstick.Core.Model;

namespace Yardstick.Data.Backups;

/// <summary>
/// The web app's nightly backup (<c>Yardstick:BackupFolder</c>): when the next one is due, its file name, and keeping the
/// newest N. Files are named by their Beijing time (<c>yardstick-20261207-023000.zip</c>), so name order is age order and
/// nothing depends on a file system's timestamps.
/// </summary>
public static class NightlyBackups
{
    private const string Prefix = "yardstick-";

    /// <summary>The first moment after <paramref name="now"/> whose Beijing (<see cref="LocalClock"/>) time of day is <paramref name="at"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at)
    {
        var local = TimeZoneInfo.ConvertTime(now, LocalClock.Zone);
        var candidate = new DateTimeOffset(local.Date.Add(at.ToTimeSpan()), local.Offset);
        return candidate > local ? candidate : candidate.AddDays(1);
    }

    public static string FileName(DateTimeOffset at) =>
        Prefix + TimeZoneInfo.ConvertTime(at, LocalClock.Zone).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".zip";

    /// <summary>
    /// One nightly run: the leftovers of a run that was killed (<c>.partial-…</c>) removed, a backup into
    /// <paramref name="folder"/>, then only the newest <paramref name="keep"/> kept.
    /// </summary>
    public static async Task<(StoreBackup.Taken Taken, IReadOnlyList<string> Removed)> RunAsync(DatabaseLocation location, string folder, int keep, string? keyFile,
        TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(folder);
        foreach (var leftover in Directory.GetDirectories(folder, Prefix + "*.partial-*"))
        {
            Directory.Delete(leftover, recursive: true);
        }
        foreach (var leftover in Directory.GetFiles(folder, Prefix + "*.partial-*"))
        {
            File.Delete(leftover);
        }
        var taken = await StoreBackup.CreateAsync(location, Path.Combine(folder, FileName(time.GetUtcNow())), keyFile, time, null, cancellationToken);
        return (taken, Prune(folder, keep));
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> backups in the folder (at least one is always kept); returns the names deleted.</summary>
    public static IReadOnlyList<string> Prune(string folder, int keep)
    {
        var old = Directory.GetFiles(folder, Prefix + "*.zip")
            .Where(f => !Path.GetFileName(f).Contains(".partial-", StringComparison.Ordinal))
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Skip(Math.Max(1, keep))
            .ToList();
        old.ForEach(File.Delete);
        return [.. old.Select(Path.GetFileName).OfType<string>()];
    }
}
