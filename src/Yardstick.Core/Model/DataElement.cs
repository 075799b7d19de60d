using System.Diagnostics;

namespace Yardstick.Core.Model;

/// <summary>What kind of number a data element holds; decides which values an import accepts.</summary>
public enum ValueKind
{
    /// <summary>Any decimal.</summary>
    Number,
    /// <summary>A whole number, possibly negative (a net change).</summary>
    Integer,
    /// <summary>A whole number of zero or more: people, deaths, beds.</summary>
    Count,
    /// <summary>A decimal from 0 to 100.</summary>
    Percentage,
}

/// <summary>How values of child org units combine into the parent's value.</summary>
public enum OrgUnitAggregation
{
    Sum,
    Average,
    /// <summary>Not additive (life expectancy, survey estimates): only a value reported at the unit itself counts.</summary>
    None,
}

/// <summary>How values of shorter periods combine into a longer one.</summary>
public enum TimeAggregation
{
    /// <summary>Flows such as births: add the months up.</summary>
    Sum,
    /// <summary>Stocks such as beds or population: the last value inside the period.</summary>
    Last,
    Average,
}

/// <summary>A raw figure that org units report, e.g. live births or year-end beds.</summary>
public sealed class DataElement
{
    private DataElement() { }

    public DataElement(int id, string code, string name, ValueKind valueKind,
        OrgUnitAggregation orgUnitAggregation, TimeAggregation timeAggregation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Code = code.Trim();
        Name = name.Trim();
        ValueKind = valueKind;
        OrgUnitAggregation = orgUnitAggregation;
        TimeAggregation = timeAggregation;
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public ValueKind ValueKind { get; private set; }
    public OrgUnitAggregation OrgUnitAggregation { get; private set; }
    public TimeAggregation TimeAggregation { get; private set; }

    /// <summary>The categories its values are split by (性别 × 年龄组); null: the default combo, one figure per unit and period.</summary>
    public int? CategoryComboId { get; private set; }

    /// <summary>Splits (or, with null, stops splitting) the element's values by a category combo.</summary>
    public void UseCategoryCombo(int? categoryComboId) => CategoryComboId = categoryComboId;

    public void Update(string name, ValueKind valueKind, OrgUnitAggregation orgUnitAggregation, TimeAggregation timeAggregation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
        ValueKind = valueKind;
        OrgUnitAggregation = orgUnitAggregation;
        TimeAggregation = timeAggregation;
    }

    /// <summary>
    /// A longer period's figure from the values of its parts, in period order: their sum, their average, or the last —
    /// the rule the indicator engine applies over time, for screens and checks that work from a handful of values.
    /// </summary>
    public decimal CombineOverTime(IReadOnlyList<decimal> partsInOrder)
    {
        ArgumentNullException.ThrowIfNull(partsInOrder);
        return TimeAggregation switch
        {
            TimeAggregation.Last => partsInOrder[^1],
            TimeAggregation.Average => partsInOrder.Sum() / partsInOrder.Count,
            TimeAggregation.Sum => partsInOrder.Sum(),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// The largest whole number a count or integer element takes: a trillion, far above any figure a health commission
    /// reports (China's population is 1.4·10^9), far below what breaks a total (10^19 beds was once accepted).
    /// </summary>
    public const decimal MaxWhole = 1_000_000_000_000m;

    /// <summary>The largest magnitude of a decimal element: 10^13 (yuan of a province's health spending are ~10^11).</summary>
    public const decimal MaxNumber = 10_000_000_000_000m;

    /// <summary>Decimal places a value may carry: six is more than any measured figure has (0.000000001 is a typing slip).</summary>
    public const int MaxDecimalPlaces = 6;

    /// <summary>
    /// Null when the value fits this element, else the reason in Chinese: its kind, its range and its precision.
    /// The element is named by its Chinese name; a file or API import, where the user typed the code, passes
    /// <paramref name="withCode"/> to add the code in brackets ("应种剂次 (vaccine_doses_due) 是计数…").
    /// </summary>
    public string? Reject(decimal value, bool withCode = false)
    {
        var name = withCode ? $"{Name} ({Code}) " : Name;
        return ValueKind switch
        {
            ValueKind.Count when value < 0 => $"{name}是计数, 不能为负数: {Plain(value)}",
            ValueKind.Count or ValueKind.Integer when decimal.Truncate(value) != value => $"{name}只接受整数: {Plain(value)}",
            ValueKind.Count or ValueKind.Integer when Math.Abs(value) > MaxWhole => $"数值超出合理范围: {name}的取值不超过 1 万亿, 收到 {Plain(value)}",
            ValueKind.Percentage when value is < 0 or > 100 => $"{name}是百分比, 应在 0–100 之间: {Plain(value)}",
            ValueKind.Number when Math.Abs(value) > MaxNumber => $"数值超出合理范围: {name}的取值绝对值不超过 10 万亿, 收到 {Plain(value)}",
            _ when Text.InputText.DecimalPlaces(value) > MaxDecimalPlaces => $"数值小数位数超过 {MaxDecimalPlaces} 位: {Plain(value)}",
            _ => null,
        };
    }

    private static string Plain(decimal value) => Indicators.Rounding.Plain(value);
}

/// <summary>Reading and writing the aggregation and value-kind words used in interchange files.</summary>
public static class DataElementWords
{
    public static bool TryParseValueKind(string? text, out ValueKind kind)
    {
        ValueKind? k = Normalise(text) switch
        {
            "number" or "decimal" or "数值" or "" => ValueKind.Number,
            "integer" or "int" or "整数" => ValueKind.Integer,
            "count" or "integer_zero_or_positive" or "non_negative_integer" or "计数" => ValueKind.Count,
            "percentage" or "percent" or "百分比" => ValueKind.Percentage,
            _ => null,
        };
        kind = k ?? default;
        return k is not null;
    }

    public static bool TryParseOrgUnitAggregation(string? text, out OrgUnitAggregation aggregation)
    {
        OrgUnitAggregation? a = Normalise(text) switch
        {
            "sum" or "求和" or "" => OrgUnitAggregation.Sum,
            "average" or "avg" or "mean" or "平均" => OrgUnitAggregation.Average,
            "none" or "不汇总" => OrgUnitAggregation.None,
            _ => null,
        };
        aggregation = a ?? default;
        return a is not null;
    }

    public static bool TryParseTimeAggregation(string? text, out TimeAggregation aggregation)
    {
        TimeAggregation? a = Normalise(text) switch
        {
            "sum" or "求和" or "" => TimeAggregation.Sum,
            "last" or "期末" or "last_value" => TimeAggregation.Last,
            "average" or "avg" or "mean" or "平均" => TimeAggregation.Average,
            _ => null,
        };
        aggregation = a ?? default;
        return a is not null;
    }

    public static string Word(this ValueKind kind) => kind.ToString().ToLowerInvariant();
    public static string Word(this OrgUnitAggregation a) => a.ToString().ToLowerInvariant();
    public static string Word(this TimeAggregation a) => a.ToString().ToLowerInvariant();

    private static string Normalise(string? text) => Text.InputText.Normalize(text ?? "").ToLowerInvariant();
}
