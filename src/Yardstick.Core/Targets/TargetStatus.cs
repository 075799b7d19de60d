using System.Diagnostics;

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

    /// <summary>
    /// Figures exist but the target's level cannot be known: a relative target (比基期降低10%, 每年降低0.5个百分点) whose plan
    /// gives no baseline and whose unit has none of its own (缺少基期值). The value is shown, not judged.
    /// </summary>
    NoBaseline,

    /// <summary>
    /// A target every unit of a tier must meet (以乡镇为单位…≥95%) where no unit of that tier under the one judged has a
    /// figure: the unit's own pooled value is shown for information, not judged (<see cref="PlanEvaluationRow.StatusText"/>
    /// says "乡镇街道苏木无数据 (合计值 98.59)").
    /// </summary>
    NoUnitData,
}

public static class TargetStatuses
{
    /// <summary>
    /// The one definition of "lagging" (滞后): behind this year's point on the path, or worse than the baseline. The dashboard,
    /// the reports, the 通报 and the 考核 count the same targets. No data and partial data are not lagging: they are said
    /// apart (无数据, 数据不完整).
    /// </summary>
    public static bool IsLagging(this TargetStatus status) => status is TargetStatus.Lagging or TargetStatus.Worsened;

    /// <summary>
    /// Whether the status is a judgement (已达标 … 较基期恶化). The others say why there is none: 无数据 (no figure for the
    /// unit and year, and only then), 数据不完整, 缺少基期值, 下级单位无数据 — each shown beside the figure that exists.
    /// </summary>
    public static bool IsJudged(this TargetStatus status) =>
        status is TargetStatus.Achieved or TargetStatus.OnTrack or TargetStatus.Lagging or TargetStatus.Worsened;

    /// <summary>The word used in JSON and files: achieved, on_track, lagging, worsened, no_data, incomplete, no_baseline, no_unit_data.</summary>
    public static string Word(this TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "achieved",
        TargetStatus.OnTrack => "on_track",
        TargetStatus.Lagging => "lagging",
        TargetStatus.Worsened => "worsened",
        TargetStatus.Incomplete => "incomplete",
        TargetStatus.NoBaseline => "no_baseline",
        TargetStatus.NoUnitData => "no_unit_data",
        TargetStatus.NoData => "no_data",
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// The word users read: 已达标 / 进度正常 / 进度滞后 / 较基期恶化 / 无数据 / 数据不完整 / 缺少基期值 / 下级单位无数据 — the
    /// name of the category (a count's label); a row shows <see cref="PlanEvaluationRow.StatusText"/>, which names the tier.
    /// </summary>
    public static string Chinese(this TargetStatus status) => status switch
    {
        TargetStatus.Achieved => "已达标",
        TargetStatus.OnTrack => "进度正常",
        TargetStatus.Lagging => "进度滞后",
        TargetStatus.Worsened => "较基期恶化",
        TargetStatus.Incomplete => "数据不完整",
        TargetStatus.NoBaseline => "缺少基期值",
        TargetStatus.NoUnitData => "下级单位无数据",
        TargetStatus.NoData => "无数据",
        _ => throw new UnreachableException(),
    };
}
