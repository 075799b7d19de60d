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
/// <remarks>
/// A data set may also require acceptance (接收, DHIS2's accept): after level k approves, level k+1 must 接收 the report
/// before it may approve it (县已审核 → 市已接收 → 市已审核); once received, level k can no longer unapprove until level
/// k+1 取消接收; returning to the reporter clears it. The bottom level receives nothing (it reviews the submission itself).
/// <c>accepted</c> says the level next to approve (index <c>passed</c>, above the bottom) has received the report.
/// </remarks>
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

    /// <summary>"市已接收": the word for a report the level <paramref name="tier"/> has received from the level below.</summary>
    public static string AcceptedAt(OrgUnitKind tier) => Short(tier) + "已接收";

    /// <summary>The tiers that approve a report of <paramref name="unit"/>: the data set's, those strictly above the unit, bottom up.</summary>
    public static IReadOnlyList<OrgUnitKind> For(IReadOnlyList<OrgUnitKind> tiers, OrgUnit unit)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(unit);
        return [.. tiers.Where(t => t < unit.Kind)];
    }

    /// <summary>
    /// The report's state in words: 已上报 / 县已审核 / 市已审核 with levels, the state's own word otherwise.
    /// <paramref name="passed"/> is how many of <paramref name="levels"/> have approved; <paramref name="accepted"/>, that the
    /// next level has received it (市已接收).
    /// </summary>
    public static string Text(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, bool accepted = false)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Count == 0 ? state.Chinese() : state switch
        {
            ReportState.Approved => ApprovedAt(levels[^1]),
            ReportState.Submitted when accepted && passed > 0 && passed < levels.Count => AcceptedAt(levels[passed]),
            ReportState.Submitted when passed > 0 => ApprovedAt(levels[Math.Min(passed, levels.Count) - 1]),
            ReportState.NotStarted or ReportState.Saved or ReportState.Submitted or ReportState.Returned => state.Chinese(),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// Each level's state, bottom up: "县已审核 · 市待审核" (empty without levels); with <paramref name="acceptance"/>, the level
    /// next to act after the one below approved is 待接收 until it receives the report, then 已接收.
    /// </summary>
    public static string EachLevel(IReadOnlyList<OrgUnitKind> levels, int passed, bool accepted = false, bool acceptance = false)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return string.Join(" · ", levels.Select((tier, i) => Short(tier) + (i < passed ? "已审核"
            : i == passed && i > 0 && acceptance ? (accepted ? "已接收" : "待接收")
            : "待审核")));
    }

    /// <summary>
    /// Whether a reviewer of <paramref name="tier"/> may approve now; null when they may. With <paramref name="acceptance"/>,
    /// a level above the bottom approves only what it has received (<paramref name="accepted"/>).
    /// </summary>
    public static string? RefuseApprove(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, OrgUnitKind tier,
        bool accepted = false, bool acceptance = false)
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
        if (at > passed)
        {
            return $"须先由{Short(levels[passed])}级审核通过, {Short(tier)}级才能审核 (当前: {Text(state, levels, passed, accepted)})";
        }
        return acceptance && at > 0 && !accepted
            ? $"须先由{Short(tier)}级接收{Short(levels[at - 1])}级审核通过的报表, 才能审核 (当前: {Text(state, levels, passed, accepted)})"
            : null;
    }

    /// <summary>
    /// Whether a reviewer of <paramref name="tier"/> may receive (接收) the report from the level below now; null when they
    /// may: the data set requires acceptance, the level below has just approved, and this level has not yet received it.
    /// </summary>
    public static string? RefuseAccept(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, bool accepted, bool acceptance, OrgUnitKind tier)
    {
        if (RefuseOutsideAcceptance(levels, acceptance, tier, out var at) is { } refusal)
        {
            return refusal;
        }
        if (at == 0)
        {
            return $"{Short(tier)}级是第一个审核层级, 直接审核上报的报表, 无需接收";
        }
        if (state != ReportState.Submitted)
        {
            return state == ReportState.Approved ? $"已经{ApprovedAt(levels[^1])}" : $"只有下级已审核通过的报表可以接收 (当前状态: {state.Chinese()})";
        }
        if (at < passed)
        {
            return $"{Short(tier)}级已经审核通过 (当前: {Text(state, levels, passed, accepted)})";
        }
        if (at > passed)
        {
            return $"须先由{Short(levels[at - 1])}级审核通过, {Short(tier)}级才能接收 (当前: {Text(state, levels, passed, accepted)})";
        }
        return accepted ? $"{Short(tier)}级已经接收 (当前: {Text(state, levels, passed, accepted)})" : null;
    }

    /// <summary>The refusal of 接收 or 取消接收 by a tier that approves nothing here, or for a set that needs no acceptance; else the tier's level.</summary>
    private static string? RefuseOutsideAcceptance(IReadOnlyList<OrgUnitKind> levels, bool acceptance, OrgUnitKind tier, out int at)
    {
        ArgumentNullException.ThrowIfNull(levels);
        at = IndexOf(levels, tier);
        return at < 0 ? NotALevel(levels) : acceptance ? null : "本报表审核通过后无需上级接收";
    }

    /// <summary>Whether a reviewer of <paramref name="tier"/> may undo their level's 接收 now (before approving); null when they may.</summary>
    public static string? RefuseUnaccept(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, bool accepted, bool acceptance, OrgUnitKind tier)
    {
        if (RefuseOutsideAcceptance(levels, acceptance, tier, out var at) is { } refusal)
        {
            return refusal;
        }
        var approvedLevels = state == ReportState.Approved ? levels.Count : state == ReportState.Submitted ? passed : 0;
        if (at < approvedLevels)
        {
            return $"{Short(tier)}级已经审核通过; 如需取消接收, 请先取消{Short(tier)}级的审核";
        }
        return state == ReportState.Submitted && at == passed && accepted ? null
            : $"{Short(tier)}级还没有接收, 无需取消接收 (当前: {Text(state, levels, passed, accepted)})";
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
    /// they may. With <paramref name="acceptance"/>, a level may not once the level above has received the report (or approved
    /// it): that level must first undo its approval and 取消接收.
    /// </summary>
    public static string? RefuseUnapprove(ReportState state, IReadOnlyList<OrgUnitKind> levels, int passed, OrgUnitKind tier,
        bool accepted = false, bool acceptance = false)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var at = IndexOf(levels, tier);
        if (at < 0)
        {
            return NotALevel(levels);
        }
        var approvedLevels = state == ReportState.Approved ? levels.Count : state == ReportState.Submitted ? passed : 0;
        if (at >= approvedLevels)
        {
            return $"{Short(tier)}级还没有审核通过, 无需取消 (当前: {Text(state, levels, passed, accepted)})";
        }
        if (acceptance && at + 1 < levels.Count && (at + 1 < approvedLevels || accepted))
        {
            var above = Short(levels[at + 1]);
            return $"{above}级已经接收, {Short(tier)}级不能取消审核; 如需修改, 请{above}级先"
                + (at + 1 < approvedLevels ? "取消审核并" : "") + $"取消接收 (当前: {Text(state, levels, passed, accepted)})";
        }
        return null;
    }

    /// <summary>After an approval by level index <paramref name="at"/>: the state and levels passed.</summary>
    public static (ReportState State, int Passed) AfterApprove(IReadOnlyList<OrgUnitKind> levels, int at)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return at + 1 >= levels.Count ? (ReportState.Approved, levels.Count) : (ReportState.Submitted, at + 1);
    }

    /// <summary>
    /// After undoing the approval of level index <paramref name="at"/> and above: reopened at the bottom, else back to the levels
    /// below — with <paramref name="acceptance"/> still received by the level that undid its approval (市已接收), as it received
    /// the report before approving it.
    /// </summary>
    public static (ReportState State, int Passed, bool Accepted) AfterUnapprove(int at, bool acceptance = false) =>
        at == 0 ? (ReportState.Saved, 0, false) : (ReportState.Submitted, at, acceptance);

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
