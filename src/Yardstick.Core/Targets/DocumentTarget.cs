using System.Diagnostics;
using System.Globalization;
using Yardstick.Core.Documents;
using Yardstick.Core.Indicators;

namespace Yardstick.Core.Targets;

/// <summary>What a responsible department records for a target it owns: 达成 / 未达成 / 推进中.</summary>
public enum ItemOutcome
{
    Achieved,
    NotAchieved,
    InProgress,
}

public static class ItemOutcomes
{
    public static string Word(this ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Achieved => "achieved",
        ItemOutcome.NotAchieved => "not_achieved",
        ItemOutcome.InProgress => "in_progress",
        _ => throw new UnreachableException(),
    };

    public static string Chinese(this ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Achieved => "达成",
        ItemOutcome.NotAchieved => "未达成",
        ItemOutcome.InProgress => "推进中",
        _ => throw new UnreachableException(),
    };

    /// <summary>Accepts the words above and the Chinese a department writes (达成, 已完成, 未完成, 推进中, 进行中…).</summary>
    public static bool TryParse(string? text, out ItemOutcome outcome)
    {
        ItemOutcome? found = Text.InputText.Normalize(text ?? "").ToLowerInvariant() switch
        {
            "achieved" or "达成" or "已达成" or "完成" or "已完成" or "达标" or "已达标" => ItemOutcome.Achieved,
            "not_achieved" or "未达成" or "未完成" or "未达标" => ItemOutcome.NotAchieved,
            "in_progress" or "推进中" or "进行中" or "正在推进" => ItemOutcome.InProgress,
            _ => null,
        };
        outcome = found ?? default;
        return found is not null;
    }
}

/// <summary>How a document target is judged.</summary>
public enum DocumentTargetKind
{
    /// <summary>A number of things done over the plan's years (完成2000人次的筛查, 新增护理型床位50张): from zero at the base year.</summary>
    Count,

    /// <summary>A level with no stored indicator (经费标准人均≥96元, 体检率≥75%): the recorded figure against it.</summary>
    Level,

    /// <summary>No figure to compare (基本建成…, 通过国家卫生镇复审): the department's recorded 达成 / 未达成 / 推进中.</summary>
    Qualitative,
}

public static class DocumentTargetKinds
{
    /// <summary>The word users read: 计数 / 水平 / 定性.</summary>
    public static string Chinese(this DocumentTargetKind kind) => kind switch
    {
        DocumentTargetKind.Count => "计数",
        DocumentTargetKind.Level => "水平",
        DocumentTargetKind.Qualitative => "定性",
        _ => throw new UnreachableException(),
    };

    /// <summary>The word in JSON: count, level, qualitative.</summary>
    public static string Word(this DocumentTargetKind kind) => kind switch
    {
        DocumentTargetKind.Count => "count",
        DocumentTargetKind.Level => "level",
        DocumentTargetKind.Qualitative => "qualitative",
        _ => throw new UnreachableException(),
    };
}

/// <summary>
/// A target a plan's document sets that no stored indicator's target judges: a count judged on a data element or on the
/// figure a department records, a level judged on a recorded figure, or a qualitative target judged by the recorded
/// result. <see cref="Judge"/> is the one rule for all three.
/// </summary>
/// <param name="Comparator">The comparator as the document wrote it (<c>&gt;=</c>, <c>=</c>, <c>range</c>, <c>qualitative</c> …).</param>
/// <param name="Value">The figure as stored: 2000, 2-3 for a range, or words (稳步提升, the annex's whole sentence).</param>
public sealed partial record DocumentTarget(string Name, string? Comparator, string? Value, string? Unit, int Year)
{
    private static readonly string[] RateUnits = ["%", "‰", "/10万", "1/10万", "/万", "/千", "元", "岁", "天", "日", "小时", "分钟", "倍"];
    private static readonly string[] LevelWords = ["率", "比例", "占比", "比重", "人均", "每千", "每万", "每十万", "平均"];

    /// <summary>
    /// A target written as a whole sentence (an annex row: "开展婴幼儿照护服务从业人员培训100人次以上", "建成4个家庭医生工作室"):
    /// with exactly one figure it is judged on that figure — at least it when the sentence says 以上/不低于/不少于, at most when
    /// it says 以下/以内/不超过, else a number to reach —; with none or several ("完成100台AED投放和5000人次急救培训") it is
    /// qualitative, judged by the outcome recorded.
    /// </summary>
    public static DocumentTarget FromSentence(string name, string sentence, int year)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var text = Text.InputText.Normalize(sentence);
        var figures = SentenceFigure().Matches(text);
        if (figures.Count != 1)
        {
            return new DocumentTarget(name, null, sentence, null, year);
        }
        var comparator = AtLeastWords().IsMatch(text) ? ">=" : AtMostWords().IsMatch(text) ? "<=" : "=";
        return new DocumentTarget(name, comparator, figures[0].Groups["number"].Value, figures[0].Groups["unit"].Value, year);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<number>\d+(?:\.\d+)?)\s*(?<unit>%|‰|/10万|万人次|万人|人次|个|家|所|名|张|台|人|元|例|项|支|辆|间|套|场|期|次)")]
    private static partial System.Text.RegularExpressions.Regex SentenceFigure();

    [System.Text.RegularExpressions.GeneratedRegex(@"以上|不低于|不少于|超过|≥|至少")]
    private static partial System.Text.RegularExpressions.Regex AtLeastWords();

    [System.Text.RegularExpressions.GeneratedRegex(@"以下|以内|不超过|不高于|低于|≤|控制在")]
    private static partial System.Text.RegularExpressions.Regex AtMostWords();

    /// <summary>The lower figure (or the only one); null when the target is not a number.</summary>
    public decimal? Number => Bounds().Lower;

    /// <summary>The higher figure of a range (2-3个); null otherwise.</summary>
    public decimal? Upper => Bounds().Upper;

    /// <summary>The evaluation's comparator for a figure (a bare count is one to reach); null for a qualitative target.</summary>
    public string? JudgedBy => Number is { } n && Comparator is { } c
        ? (c == "range" && Upper is null ? ">=" : ReadingTargets.Comparator(c, n, null, Direction.Higher))
        : null;

    public DocumentTargetKind Kind =>
        JudgedBy is null ? DocumentTargetKind.Qualitative
        : JudgedBy is ">=" or ">" or "range" && !IsRate ? DocumentTargetKind.Count
        : DocumentTargetKind.Level;

    private bool IsRate => (Unit is { } u && RateUnits.Any(r => u.Contains(r, StringComparison.Ordinal)))
        || LevelWords.Any(w => Name.Contains(w, StringComparison.Ordinal));

    private (decimal? Lower, decimal? Upper) Bounds()
    {
        var text = Text.InputText.Normalize(Value ?? "").Replace(",", "", StringComparison.Ordinal);
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
        {
            return (v, null);
        }
        var dash = text.IndexOfAny(['-', '~', '—', '–', '至']);
        return dash > 0
            && decimal.TryParse(text[..dash], NumberStyles.Number, CultureInfo.InvariantCulture, out var lo)
            && decimal.TryParse(text[(dash + 1)..], NumberStyles.Number, CultureInfo.InvariantCulture, out var hi) && hi >= lo
            ? (lo, hi)
            : (null, null);
    }

    /// <summary>
    /// Judges the target in <paramref name="year"/>. A figure (<paramref name="actual"/>: the data element's total or the
    /// recorded one) is compared with the target; a count's expected path runs from zero in <paramref name="baseYear"/> to the
    /// target in its year, so 1,200 of 2,000 half-way is on track. Without a figure, the department's recorded
    /// <paramref name="outcome"/> decides: 达成 is achieved, 未达成 lagging, 推进中 on track until the target's year and lagging
    /// after it. Neither: no data.
    /// </summary>
    public TargetEvaluation Judge(int year, int baseYear, decimal? actual, ItemOutcome? outcome)
    {
        if (actual is { } a && JudgedBy is { } word && Comparators.TryParse(word, out var comparator))
        {
            var count = Kind == DocumentTargetKind.Count;
            var start = Math.Min(baseYear, Year - 1);
            var target = new Target(1, 1, 1, 1, count ? start : null, count ? 0 : null, Year, Number, Upper, comparator, TargetNature.Expected);
            return TargetEvaluation.Evaluate(target, year, a);
        }
        var status = outcome switch
        {
            ItemOutcome.Achieved => TargetStatus.Achieved,
            ItemOutcome.NotAchieved => TargetStatus.Lagging,
            ItemOutcome.InProgress => year < Year ? TargetStatus.OnTrack : TargetStatus.Lagging,
            null => TargetStatus.NoData,
            _ => throw new UnreachableException(),
        };
        return new TargetEvaluation(year, null, null, null, Number, Upper, null, null, status);
    }
}
