using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Yardstick.Core.Tasks;

/// <summary>
/// Where a 督办 task came from, for the board's and the 通报's filter: a leader's written instruction (批示件) first, then a
/// red light's draft (预警), then a plan (规划: read from its document or handed over under it), else 其他 (交办 outside any
/// plan). A task answering an instruction under a plan is the instruction's: the instruction is why it exists.
/// </summary>
public enum TaskSource
{
    Plan,
    Instruction,
    Warning,
    Other,
}

/// <summary>The words of a source: asked (<c>?source=</c>, <see cref="Word"/>) and shown (<see cref="Chinese"/>).</summary>
public static class TaskSources
{
    public static TaskSource Of(bool instruction, bool warning, bool plan) =>
        instruction ? TaskSource.Instruction : warning ? TaskSource.Warning : plan ? TaskSource.Plan : TaskSource.Other;

    public static string Word(this TaskSource source) => source switch
    {
        TaskSource.Plan => "plan",
        TaskSource.Instruction => "instruction",
        TaskSource.Warning => "warning",
        TaskSource.Other => "other",
        _ => throw new UnreachableException(),
    };

    public static string Chinese(this TaskSource source) => source switch
    {
        TaskSource.Plan => "规划",
        TaskSource.Instruction => "批示件",
        TaskSource.Warning => "预警",
        TaskSource.Other => "其他",
        _ => throw new UnreachableException(),
    };

    /// <summary>A source as asked: its word or its Chinese; blank is no filter (true, null); anything else false.</summary>
    public static bool TryParse(string? text, out TaskSource? source)
    {
        var t = (text ?? "").Trim();
        source = null;
        if (t.Length == 0)
        {
            return true;
        }
        source = Enum.GetValues<TaskSource>().Where(s => s.Word() == t || s.Chinese() == t).Cast<TaskSource?>().FirstOrDefault();
        return source is not null;
    }
}

/// <summary>
/// An instruction's number in its registering unit: 批示〔2026〕12号 — the year and the sequence within the unit and year.
/// </summary>
public sealed partial record InstructionNumber(int Year, int Seq)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"批示〔{Year}〕{Seq}号");

    /// <summary>
    /// A number as a clerk types it: 12, 12号, 批示〔2026〕12号, [2026]12 or (2026)12 with full- or half-width brackets;
    /// without a year the year is <paramref name="year"/>. Null when it is none of these or the sequence is 0.
    /// </summary>
    public static InstructionNumber? Parse(string? text, int year)
    {
        var match = Written().Match(Text.InputText.Normalize(text ?? "").Trim());
        if (!match.Success || !int.TryParse(match.Groups["seq"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq is < 1 or > 99999)
        {
            return null;
        }
        return new InstructionNumber(match.Groups["year"].Success ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) : year, seq);
    }

    [GeneratedRegex(@"^(?:批示)?\s*(?:[〔\[\(（【]\s*(?<year>\d{4})\s*[〕\]\)）】])?\s*第?\s*(?<seq>\d{1,5})\s*号?$")]
    private static partial Regex Written();
}
