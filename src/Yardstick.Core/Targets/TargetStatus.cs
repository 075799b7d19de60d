namespace Yardstick.Core.Targets;

/// <summary>Where an actual value stands against its target in a given year.</summary>
public enum TargetStatus
{
    Achieved,
    OnTrack,
    Lagging,
    Worsened,
    NoData,
    /// <summary>
    /// The period's data are partial (fewer units or sub-periods than owed: one month of a year): the value is shown, with
    /// its coverage, but not judged against a target meant for a whole period.
    /// </summary>
    Incomplete,
}

public static class TargetStatuses
{
    /// <summary>
    /// The one definition of "lagging" (滞后): behind this year's point on the path, or worse than the baseline. The dashboard,
    /// the reports, the 通报 and the 考核 count the same targets. No data and partial data are not lagging: they are said
    /// apart (无数据, 数据不完整).
    /// </summary>
    public static bool IsLagging(this TargetStatus status) => status is TargetStatus.Lagging or TargetStatus.Worsened;

    /// <summary>The word used in JSON and files: achieved, on_track, lagging, worsened, no_data, incomplete.</summary>
    public static string Word(this TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "achieved",
        TargetStatus.OnTrack => "on_track",
        TargetStatus.Lagging => "lagging",
        TargetStatus.Worsened => "worsened",
        TargetStatus.Incomplete => "incomplete",
        _ => "no_data",
    };

    /// <summary>The word users read: 已达标 / 进度正常 / 进度滞后 / 较基期恶化 / 无数据 / 数据不完整.</summary>
    public static string Chinese(this TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "已达标",
        TargetStatus.OnTrack => "进度正常",
        TargetStatus.Lagging => "进度滞后",
        TargetStatus.Worsened => "较基期恶化",
        TargetStatus.Incomplete => "数据不完整",
        _ => "无数据",
    };
}
