using Yardstick.Core.Model;

namespace Yardstick.Core.Tests.Model;

public class LocalClockTests
{
    [Fact]
    public void Times_are_written_in_Beijing_time_to_the_minute()
    {
        var at = new DateTimeOffset(2026, 12, 1, 2, 23, 46, 770, TimeSpan.Zero);

        LocalClock.Text(at).ShouldBe("2026-12-01 10:23");
        LocalClock.Text("2026-12-01T02:23:46.77+00:00").ShouldBe("2026-12-01 10:23", "a stored time, not 2026-12-01T02:23:46.77+00:00");
        LocalClock.Text("不是时间").ShouldBe("不是时间");
    }

    [Fact]
    public void A_day_starts_at_midnight_in_Beijing_not_in_UTC()
    {
        LocalClock.Day(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 12, 1));
        LocalClock.Day(new DateTimeOffset(2026, 11, 30, 15, 59, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 11, 30));
        LocalClock.UtcStartOf(new DateOnly(2026, 12, 1)).ShouldBe("2026-11-30 16:00:00");
    }

    [Fact]
    public void An_unknown_zone_is_refused_rather_than_shifting_every_deadline()
    {
        Should.Throw<ArgumentException>(() => LocalClock.Use("Mars/Olympus")).Message.ShouldContain("未知的时区");
        LocalClock.Zone.BaseUtcOffset.ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void Issue_30_today_at_half_past_midnight_in_Beijing_is_the_Beijing_date_not_the_UTC_one()
    {
        var time = new FixedClock(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero));

        LocalClock.Today(time).ShouldBe(new DateOnly(2026, 12, 1));
    }

    [Fact]
    public void Issue_30_the_zone_is_chosen_once_per_process()
    {
        LocalClock.Use("Asia/Shanghai");
        LocalClock.Use("Asia/Shanghai");

        Should.Throw<InvalidOperationException>(() => LocalClock.Use("Asia/Tokyo")).Message.ShouldContain("不能改为");
        LocalClock.Zone.BaseUtcOffset.ShouldBe(TimeSpan.FromHours(8));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
