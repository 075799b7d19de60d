using System.Diagnostics;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;

namespace Yardstick.Core.Reporting;

/// <summary>How a rule compares its two sides (DHIS2's operators, with the pair rules).</summary>
public enum RuleOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    /// <summary>Both sides filled in, or neither.</summary>
    CompulsoryPair,
    /// <summary>Not both sides filled in.</summary>
    ExclusivePair,

    /// <summary>
    /// Built in, no sides: a flow or average may not sit beside values of the same element and unit for overlapping
    /// periods of another length (a year total beside its months) — the engine adds them over time, so it would count twice.
    /// </summary>
    NoOverlap,

    /// <summary>Built in, no sides: the numerator of every %, ‰ or /10万 indicator is at most its denominator.</summary>
    NumeratorWithinDenominator,
}

/// <summary>高: a violation blocks 上报; 中/低: a warning beside the field.</summary>
public enum RuleImportance
{
    High,
    Medium,
    Low,
}

/// <summary>What missing values mean (DHIS2's missing-value strategy).</summary>
public enum MissingValues
{
    /// <summary>Not checked unless every element it reads has a value (the default).</summary>
    SkipIfAnyMissing,
    /// <summary>Not checked when nothing it reads has a value; a missing value counts as 0 otherwise.</summary>
    SkipIfAllMissing,
    /// <summary>Always checked; missing counts as 0.</summary>
    NeverSkip,
}

/// <summary>
/// A validation rule stored as data (校验规则): left expression, operator, right expression — the formula language of
/// indicators, <c>#{code}</c> + − × ÷ ( ) — with its importance and the period type it applies to (null: any).
/// </summary>
public sealed class ValidationRule
{
    public ValidationRule(int id, string code, string name, string leftSide, RuleOperator @operator, string rightSide,
        RuleImportance importance, PeriodType? periodType, MissingValues missing)
    {
        Id = id;
        Code = code;
        Name = name;
        LeftSide = leftSide;
        RightSide = rightSide;
        Operator = @operator;
        Importance = importance;
        PeriodType = periodType;
        Missing = missing;
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public string LeftSide { get; private set; }
    public RuleOperator Operator { get; private set; }
    public string RightSide { get; private set; }
    public RuleImportance Importance { get; private set; }
    public PeriodType? PeriodType { get; private set; }
    public MissingValues Missing { get; private set; }

    public void Update(string name, string leftSide, RuleOperator @operator, string rightSide, RuleImportance importance, PeriodType? periodType, MissingValues missing)
    {
        Name = name;
        LeftSide = leftSide;
        Operator = @operator;
        RightSide = rightSide;
        Importance = importance;
        PeriodType = periodType;
        Missing = missing;
    }

    public Formula Left => FormulaParser.Parse(LeftSide);
    public Formula Right => FormulaParser.Parse(RightSide);

    /// <summary>
    /// One of the two checks the importer runs on every value (<see cref="RuleOperator.NoOverlap"/>,
    /// <see cref="RuleOperator.NumeratorWithinDenominator"/>): stored as rules so that a commission sees them beside its own
    /// and sets how strict they are — high refuses the write, medium or low only warns.
    /// </summary>
    public bool IsBuiltIn => Operator is RuleOperator.NoOverlap or RuleOperator.NumeratorWithinDenominator;

    /// <summary>Element codes either side reads, each once (none for a built-in rule).</summary>
    public IReadOnlyList<string> References() => IsBuiltIn ? [] : [.. Left.References().Concat(Right.References()).Distinct(StringComparer.Ordinal)];

    public bool AppliesTo(Period period) => PeriodType is null || PeriodType == period.Type;

    /// <summary>
    /// The violation for these values, in words a reporter reads ("住院分娩数 (60) 应不大于 活产数 (55)"), or null when the
    /// rule holds or is skipped for missing values. <paramref name="nameOf"/> turns a side into words.
    /// </summary>
    public string? Violation(Func<string, decimal?> valueOf, Func<string, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        ArgumentNullException.ThrowIfNull(nameOf);
        if (IsBuiltIn)
        {
            return null;   // run by the importer over every value, not one unit's form
        }
        var left = Left;
        var right = Right;
        var present = References().Select(valueOf).ToList();
        if (Operator is RuleOperator.CompulsoryPair or RuleOperator.ExclusivePair)
        {
            var l = left.References().Any(c => valueOf(c) is not null);
            var r = right.References().Any(c => valueOf(c) is not null);
            var broken = Operator == RuleOperator.CompulsoryPair ? l != r : l && r;
            return broken ? $"{Name}: {nameOf(LeftSide)} 与 {nameOf(RightSide)} {Operator.Chinese()}" : null;
        }
        switch (Missing)
        {
            case MissingValues.SkipIfAnyMissing when present.Any(v => v is null):
            case MissingValues.SkipIfAllMissing when present.All(v => v is null):
                return null;
        }
        decimal? Zeroed(string code) => valueOf(code) ?? 0m;
        var lv = left.Evaluate(Missing == MissingValues.SkipIfAnyMissing ? valueOf : Zeroed);
        var rv = right.Evaluate(Missing == MissingValues.SkipIfAnyMissing ? valueOf : Zeroed);
        if (lv is not { } a || rv is not { } b)
        {
            return null;
        }
        var holds = Operator switch
        {
            RuleOperator.Equal => a == b,
            RuleOperator.NotEqual => a != b,
            RuleOperator.Less => a < b,
            RuleOperator.LessOrEqual => a <= b,
            RuleOperator.Greater => a > b,
            RuleOperator.GreaterOrEqual => a >= b,
            _ => throw new UnreachableException(),
        };
        return holds ? null : $"{Name}: {nameOf(LeftSide)} ({Rounding.Plain(Math.Round(a, 4))}) 应{Operator.Chinese()} {nameOf(RightSide)} ({Rounding.Plain(Math.Round(b, 4))})";
    }
}

public static class RuleWords
{
    public static string Chinese(this RuleOperator op) => op switch
    {
        RuleOperator.Equal => "等于",
        RuleOperator.NotEqual => "不等于",
        RuleOperator.Less => "小于",
        RuleOperator.LessOrEqual => "不大于",
        RuleOperator.Greater => "大于",
        RuleOperator.GreaterOrEqual => "不小于",
        RuleOperator.CompulsoryPair => "须同时填报",
        RuleOperator.NoOverlap => "同一数据元不能同时填报相互重叠的期间 (如年度合计与其中的月份)",
        RuleOperator.NumeratorWithinDenominator => "比率指标的分子不能大于分母",
        RuleOperator.ExclusivePair => "不能同时填报",
        _ => throw new UnreachableException(),
    };

    /// <summary>The file's word: ==, !=, &lt;, &lt;=, &gt;, &gt;=, compulsory_pair, exclusive_pair.</summary>
    public static string Word(this RuleOperator op) => op switch
    {
        RuleOperator.Equal => "==",
        RuleOperator.NotEqual => "!=",
        RuleOperator.Less => "<",
        RuleOperator.LessOrEqual => "<=",
        RuleOperator.Greater => ">",
        RuleOperator.GreaterOrEqual => ">=",
        RuleOperator.CompulsoryPair => "compulsory_pair",
        RuleOperator.NoOverlap => "no_overlap",
        RuleOperator.NumeratorWithinDenominator => "numerator_le_denominator",
        RuleOperator.ExclusivePair => "exclusive_pair",
        _ => throw new UnreachableException(),
    };

    public static bool TryParseOperator(string? text, out RuleOperator op)
    {
        RuleOperator? found = Text.InputText.Normalize(text ?? "").Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "==" or "=" or "等于" => RuleOperator.Equal,
            "!=" or "<>" or "≠" or "不等于" => RuleOperator.NotEqual,
            "<" or "小于" => RuleOperator.Less,
            "<=" or "≤" or "不大于" or "小于等于" => RuleOperator.LessOrEqual,
            ">" or "大于" => RuleOperator.Greater,
            ">=" or "≥" or "不小于" or "大于等于" => RuleOperator.GreaterOrEqual,
            "compulsory_pair" or "compulsorypair" or "须同时填报" => RuleOperator.CompulsoryPair,
            "exclusive_pair" or "exclusivepair" or "不能同时填报" => RuleOperator.ExclusivePair,
            "no_overlap" or "nooverlap" => RuleOperator.NoOverlap,
            "numerator_le_denominator" or "numeratorledenominator" => RuleOperator.NumeratorWithinDenominator,
            _ => null,
        };
        op = found ?? default;
        return found is not null;
    }

    public static string Chinese(this RuleImportance importance) => importance switch
    {
        RuleImportance.High => "高",
        RuleImportance.Medium => "中",
        RuleImportance.Low => "低",
        _ => throw new UnreachableException(),
    };

    public static string Word(this RuleImportance importance) => importance.ToString().ToLowerInvariant();

    public static bool TryParseImportance(string? text, out RuleImportance importance)
    {
        RuleImportance? found = Text.InputText.Normalize(text ?? "").ToLowerInvariant() switch
        {
            "high" or "高" => RuleImportance.High,
            "medium" or "中" or "" => RuleImportance.Medium,
            "low" or "低" => RuleImportance.Low,
            _ => null,
        };
        importance = found ?? default;
        return found is not null;
    }

    public static string Word(this MissingValues missing) => missing switch
    {
        MissingValues.SkipIfAnyMissing => "skip_if_any_missing",
        MissingValues.SkipIfAllMissing => "skip_if_all_missing",
        MissingValues.NeverSkip => "never_skip",
        _ => throw new UnreachableException(),
    };

    public static bool TryParseMissing(string? text, out MissingValues missing)
    {
        MissingValues? found = Text.InputText.Normalize(text ?? "").ToLowerInvariant() switch
        {
            "" or "skip_if_any_missing" or "任一缺失不校验" => MissingValues.SkipIfAnyMissing,
            "skip_if_all_missing" or "全部缺失不校验" => MissingValues.SkipIfAllMissing,
            "never_skip" or "缺失按0" or "缺失按零" => MissingValues.NeverSkip,
            _ => null,
        };
        missing = found ?? default;
        return found is not null;
    }
}
