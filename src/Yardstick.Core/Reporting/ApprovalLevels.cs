using System.Diagnostics;
using Yardstick.Core.Model;

namespace Yardstick.Core.Reporting;

/// <summary>
/// Approval level by level (issue 27): a data set may name the tiers that approve its reports, from the bottom up
/// (<c>level:3;level:2</c>: 县 then 市). A report of a unit is approved by each of those tiers strictly above it, in order:
/// 已上报 → 县已审核 → 市已审核. While some but not all have approved it stays <see cref="ReportState.Submitted"/> (in
/// review, closed to writes) with the count of levels passed; the last level's approval makes it
/// <see cref="ReportState.Approved"/>. A level approves only after the level below; returning from any level not yet
/// passed sends it back to the reporter with the reason; unapproving at a level undoes it and every level above (at the
/// bottom level the report reopens for entry, as a single-level 取消审核 does). The one place these rules live.
/// </summary>
public static class ApprovalLevels
{
    /// <summary>A tier's short name in 县已审核: 省, 市, 县, 乡, 村, 机构.</summary>
    public static string Short(OrgUnitKind tier) => tier switch
    {
        OrgUnitKind.Province => "省",
        OrgUnitKind.City => "市",
        OrgUnitKind.County => "县",
        OrgUnitKind.Township => "乡",
        OrgUnitKind.Village => "村",
        OrgUnitKind.Facility => "机构",
        OrgUnitKind.Department => "处室",
        _ => throw new UnreachableException(),
    };

    /// <summary>"县已审核": the word for a report approved up to and including <paramref name="tier"/>.</summary>
    public static string ApprovedAt(OrgUnitKind tier) => Short(tier) + "已审核";

    /// <summary>The tiers that approve a report of <paramref name="unit"/>: the data set's, those strictly above the unit, bottom up.</summary>
    public static IReadOnlyList<OrgUnitKind> For(IReadOnlyList<OrgUnitKind> tiers, OrgUnit unit)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(unit);
        return [.. tiers.Where(t => t < unit.Kind)];
    }

    /// <summary>
    /// The report's state in words: 已上报 / 县已审核 / 市已审核 with levels, the state's own word otherwise.
    /// <paramref name="passed"/> is how many of <paramref name="levels"/> have approved.
    /// </summary>
    public static string Text(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Count == 0 ? state.Chinese() : state switch
        {
            ReportState.Approved => ApprovedAt(levels[^1]),
            ReportState.Submitted when passed > 0 => ApprovedAt(levels[Math.Min(passed, levels.Count) - 1]),
            ReportState.NotStarted or ReportState.Saved or ReportState.Submitted or ReportState.Returned => state.Chinese(),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>Each level's state, bottom up: "县已审核 · 市待审核" (empty without levels).</summary>
    public static string EachLevel(IReadOnlyList<OrgUnitKind> levels, int passed)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return string.Join(" · ", levels.Select((tier, i) => Short(tier) + (i < passed ? "已审核" : "待审核")));
    }

    /// <summary>Whether a reviewer of <paramref name="tier"/> may approve now; null when they may.</summary>
    public static string? RefuseApprove(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, OrgUnitKind tier)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var at = IndexOf(levels, tier);
        if (at < 0)
        {
            return NotALevel(levels);
        }
        if (state != ReportState.Submitted)
        {
            return state == ReportState.Approved ? $"已经{ApprovedAt(levels[^1])}" : $"只有已上报的报表可以审核通过 (当前状态: {state.Chinese()})";
        }
        if (at < passed)
        {
            return $"{Short(tier)}级已经审核通过 (当前: {Text(state, levels, passed)})";
        }
        return at > passed ? $"须先由{Short(levels[passed])}级审核通过, {Short(tier)}级才能审核 (当前: {Text(state, levels, passed)})" : null;
    }

    /// <summary>Whether a reviewer of <paramref name="tier"/> may return the report to the reporter now; null when they may.</summary>
    public static string? RefuseReturn(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, OrgUnitKind tier)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var at = IndexOf(levels, tier);
        if (at < 0)
        {
            return NotALevel(levels);
        }
        if (state == ReportState.Approved)
        {
            return "已审核通过的报表要先取消审核才能退回";
        }
        if (state != ReportState.Submitted)
        {
            return $"只有已上报的报表可以退回 (当前状态: {state.Chinese()})";
        }
        return at < passed ? $"{Short(tier)}级已经审核通过; 如需退回, 请先取消{Short(tier)}级的审核" : null;
    }

    /// <summary>
    /// Whether a reviewer of <paramref name="tier"/> may undo their level's approval (and every level above it) now; null when
    /// they may.
    /// </summary>
    public static string? RefuseUnapprove(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, OrgUnitKind tier)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var at = IndexOf(levels, tier);
        if (at < 0)
        {
            return NotALevel(levels);
        }
        var approvedLevels = state == ReportState.Approved ? levels.Count : state == ReportState.Submitted ? passed : 0;
        return at < approvedLevels ? null : $"{Short(tier)}级还没有审核通过, 无需取消 (当前: {Text(state, levels, passed)})";
    }

    /// <summary>After an approval by level index <paramref name="at"/>: the state and levels passed.</summary>
    public static (ReportState State, int Passed) AfterApprove(IReadOnlyList<OrgUnitKind> levels, int at)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return at + 1 >= levels.Count ? (ReportState.Approved, levels.Count) : (ReportState.Submitted, at + 1);
    }

    /// <summary>After undoing the approval of level index <paramref name="at"/> and above: reopened at the bottom, else back to the levels below.</summary>
    public static (ReportState State, int Passed) AfterUnapprove(int at) => at == 0 ? (ReportState.Saved, 0) : (ReportState.Submitted, at);

    public static int IndexOf(IReadOnlyList<OrgUnitKind> levels, OrgUnitKind tier)
    {
        ArgumentNullException.ThrowIfNull(levels);
        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i] == tier)
            {
                return i;
            }
        }
        return -1;
    }

    private static string NotALevel(IReadOnlyList<OrgUnitKind> levels) =>
        $"本报表由{string.Join("、", levels.Select(l => Short(l) + "级"))}依次审核, 您所在的层级不是其中之一";
}
