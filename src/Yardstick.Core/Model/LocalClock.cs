using System.Globalization;

namespace Yardstick.Core.Model;

/// <summary>
/// The one zone every shown time and every "today" is in: China Standard Time (Asia/Shanghai, UTC+8, no daylight saving)
/// unless <c>Yardstick:TimeZone</c> (or the environment variable <c>Yardstick__TimeZone</c>) names another IANA zone.
/// Stored times stay UTC; only what people read and which day a deadline falls on depend on this. The instant comes from
/// the injected <see cref="TimeProvider"/> (the web app's one registered in DI, <see cref="TimeProvider.System"/> in the
/// CLI): "today" is always <see cref="Today"/> of it, never the UTC date, never <c>DateTime.Now</c>.
/// </summary>
/// <remarks>
/// Why the zone is static and the instant injected: the zone is a fact of the deployment (one commission, one zone, no
/// daylight saving), read once from configuration when the process starts (<see cref="Use"/>, before the host is built)
/// and never changed after, while the instant is what a test must move (a deadline at 00:30 Beijing time). Injecting the
/// zone too would thread a parameter through every formatted time — pages, reports, audit words, CLI tables — to no test's
/// benefit. So <see cref="Use"/> takes one zone per process: naming a different one later is refused as a bug.
/// </remarks>
public static class LocalClock
{
    private static TimeZoneInfo _zone = Find(Environment.GetEnvironmentVariable("Yardstick__TimeZone")) ?? China;

    private static bool _configured;

    private static TimeZoneInfo China => Find("Asia/Shanghai") ?? TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");

    public static TimeZoneInfo Zone => _zone;

    /// <summary>
    /// Sets the zone from configuration, once, at start; nothing (null or blank) keeps the default. An unknown name is refused
    /// (so a typo does not silently shift every deadline), and so is a second, different zone in the same process.
    /// </summary>
    public static void Use(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            return;
        }
        var zone = Find(zoneId) ?? throw new ArgumentException($"未知的时区: {zoneId} (应为 IANA 名称, 如 Asia/Shanghai)", nameof(zoneId));
        if (_configured && zone.Id != _zone.Id)
        {
            throw new InvalidOperationException($"时区已设为 {_zone.Id}, 同一进程中不能改为 {zone.Id}");
        }
        _zone = zone;
        _configured = true;
    }

    /// <summary>The commission's date now: the calendar day the clock's instant falls on in <see cref="Zone"/>.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Day(time.GetUtcNow());
    }

    /// <summary>The calendar day <paramref name="at"/> falls on here.</summary>
    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    /// <summary>A time as people write it: <c>2026-12-01 10:23</c>.</summary>
    public static string Text(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A stored ISO 8601 time as <see cref="Text(DateTimeOffset)"/>; text that is not a time is shown as it is.</summary>
    public static string Text(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? Text(at) : iso ?? "";

    /// <summary>The UTC instant a local day starts, written as the stores compare it (<c>yyyy-MM-dd HH:mm:ss</c>).</summary>
    public static string UtcStartOf(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
