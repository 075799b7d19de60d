namespace Yardstick.Core.Model;

/// <summary>
/// The one table of how much input the app accepts, for every path (pages, API POST and PATCH, CLI): text lengths are
/// counted after <see cref="Text.InputText.Clean"/>, in characters. What is refused is refused with the limit in the reason;
/// what is echoed back or listed is cut (<see cref="Echo"/>, <see cref="IssueList"/>) so no answer grows with the input.
/// </summary>
public static class InputLimits
{
    /// <summary>A name (unit, element, indicator, plan) and a code.</summary>
    public const int Name = 100, Code = 50;

    /// <summary>A task's title (任务名称) and a note on a task step (说明, 理由).</summary>
    public const int TaskTitle = 500, Note = 2000;

    /// <summary>A milestone's title (里程碑事项) and how many milestones one task has.</summary>
    public const int MilestoneTitle = 200, MilestonesPerTask = 50;

    /// <summary>How many indicators (targets) one task serves; each must be a stored indicator's code.</summary>
    public const int IndicatorsPerTask = 50;

    /// <summary>A scoring scheme: weights, deductions and floors from 0 to <see cref="SchemeWeight"/> points with at most <see cref="SchemeDecimals"/> decimals; at most <see cref="SchemeRows"/> rows.</summary>
    public const decimal SchemeWeight = 1000;

    public const int SchemeDecimals = 2, SchemeRows = 500;

    /// <summary>
    /// The years a typed date may fall in (a task's deadline, a milestone's day): a plan's date is never before 1900 nor after
    /// 2999, and year 0001 or 9999 is a slip or a probe that would sort every list and light every deadline wrongly.
    /// </summary>
    public const int FirstYear = 1900, LastYear = 2999;

    /// <summary>The days a 考核's appeal window (申诉期) may last from its 公示.</summary>
    public const int FewestAppealDays = 1, MostAppealDays = 30;

    /// <summary>The longest piece of the caller's input an error message repeats.</summary>
    public const int Echoed = 300;

    /// <summary>How many issues an answer lists; the rest are counted (<see cref="IssueList"/>).</summary>
    public const int IssuesListed = 100;

    /// <summary><paramref name="text"/> as an error message may repeat it: at most <see cref="Echoed"/> characters, cut with "…".</summary>
    public static string Echo(string? text) =>
        text is null ? "" : text.Length <= Echoed ? text : string.Concat(text.AsSpan(0, Echoed - 1), "…");

    /// <summary>The line that stands for issues not listed.</summary>
    public static string More(int count) => $"另有 {count:N0} 条问题未列出";

    /// <summary>Why a day named <paramref name="field"/> (完成时限, 第 2 个里程碑的日期) is refused: its year outside <see cref="FirstYear"/>–<see cref="LastYear"/>; or null.</summary>
    public static string? DayRefusal(DateOnly day, string field) =>
        day.Year is < FirstYear or > LastYear
            ? $"{field} {day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} 超出范围: 年份应在 {FirstYear} 到 {LastYear} 之间"
            : null;

    /// <summary>
    /// A typed day named <paramref name="field"/>: none when blank; else the day, or why it is refused — not a date
    /// (<see cref="Text.InputText.TryParseDay"/>), or out of range (<see cref="DayRefusal"/>) — with the field and the value.
    /// </summary>
    public static (DateOnly? Day, string? Refusal) Day(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? (null, null)
        : !Text.InputText.TryParseDay(text, out var day) ? (null, $"{field} \"{Echo(text.Trim())}\" 不是日期 (应为 年-月-日, 如 2026-12-31)")
        : DayRefusal(day, field) is { } refusal ? (null, refusal)
        : (day, null);

    /// <summary>Why an appeal window of <paramref name="days"/> days is refused (named <paramref name="field"/>), or null: it is never clamped into range unseen.</summary>
    public static string? AppealDaysRefusal(int days, string field = "申诉期") =>
        days is < FewestAppealDays or > MostAppealDays ? $"{field}应在 {FewestAppealDays} 到 {MostAppealDays} 天之间 (收到 {days} 天)" : null;

    /// <summary>Why a scheme's number (weight, deduction, floor) is out of bounds, or null.</summary>
    public static string? SchemeNumberRefusal(decimal value, string what) =>
        value < 0 || value > SchemeWeight ? $"{what}应在 0 到 {SchemeWeight:0} 之间"
        : value.Scale > SchemeDecimals && value != Math.Round(value, SchemeDecimals) ? $"{what}最多 {SchemeDecimals} 位小数"
        : null;
}
