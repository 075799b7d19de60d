using System.Diagnostics;

namespace Yardstick.Core.Reporting;

/// <summary>
/// Where one report — a data set for one org unit and one period — stands in the cycle 填报 → 上报 → 审核 (or 退回).
/// <see cref="NotStarted"/> and <see cref="Saved"/> are read off the values; the others are recorded steps.
/// </summary>
public enum ReportState
{
    NotStarted,
    Saved,
    Submitted,
    Returned,
    Approved,
}

public static class ReportStates
{
    public static string Chinese(this ReportState state) => state switch
    {
        ReportState.NotStarted => "未填报",
        ReportState.Saved => "已保存",
        ReportState.Submitted => "已上报",
        ReportState.Returned => "已退回",
        ReportState.Approved => "已审核",
        _ => throw new UnreachableException(),
    };

    /// <summary>The API's words: not_started, saved, submitted, returned, approved (also the stored column).</summary>
    public static string Word(this ReportState state) => state switch
    {
        ReportState.NotStarted => "not_started",
        ReportState.Saved => "saved",
        ReportState.Submitted => "submitted",
        ReportState.Returned => "returned",
        ReportState.Approved => "approved",
        _ => throw new UnreachableException(),
    };

    /// <summary>A state as stored (<see cref="Word"/>); an unknown word is refused, never read as not started.</summary>
    public static ReportState FromWord(string word) =>
        Enum.GetValues<ReportState>().Where(s => s.Word() == word).Cast<ReportState?>().FirstOrDefault()
            ?? throw new FormatException($"未知的报表状态 \"{word}\" (存储的值应为 {string.Join("、", Enum.GetValues<ReportState>().Select(s => s.Word()))} 之一)");

    /// <summary>Whether values of the report can be written: not while it waits for review or after it was approved.</summary>
    public static string? RefuseWrite(this ReportState state) => state switch
    {
        ReportState.Submitted => "已上报, 正在等待审核, 不能修改; 如需修改, 请上级审核人退回后再改",
        ReportState.Approved => "已审核通过并锁定, 不能修改; 如需修改请由审核层级取消审核",
        ReportState.NotStarted or ReportState.Saved or ReportState.Returned => null,
        _ => throw new UnreachableException(),
    };

    public static string? RefuseSubmit(this ReportState state) => state switch
    {
        ReportState.NotStarted => "还没有填报任何数据, 不能上报",
        ReportState.Submitted => "已经上报, 正在等待审核",
        ReportState.Approved => "已审核通过, 无需再次上报",
        ReportState.Saved or ReportState.Returned => null,
        _ => throw new UnreachableException(),
    };

    public static string? RefuseApprove(this ReportState state) => state == ReportState.Submitted ? null : $"只有已上报的报表可以审核通过 (当前状态: {state.Chinese()})";

    public static string? RefuseReturn(this ReportState state) => state == ReportState.Submitted ? null
        : state == ReportState.Approved ? "已审核通过的报表要先取消审核才能退回" : $"只有已上报的报表可以退回 (当前状态: {state.Chinese()})";

    public static string? RefuseUnapprove(this ReportState state) => state == ReportState.Approved ? null : $"只有已审核的报表可以取消审核 (当前状态: {state.Chinese()})";
}
