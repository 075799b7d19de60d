using System.Diagnostics;
using System.Text.Json.Serialization;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Values;

/// <summary>
/// The one JSON shape of evaluations, printed by <c>yardstick evaluate --format json</c> and answered by
/// <c>GET /api/evaluations</c>: full precision, codes not names, status words (achieved, on_track, …).
/// </summary>
public static class EvaluationJson
{
    public static IndicatorEvaluationJson Of(IndicatorEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Indicator.Code, e.OrgUnit.Code, e.Period.ToString(), e.Value.Value, e.Value.Numerator, e.Value.Denominator, e.Indicator.Unit,
            e.Value.SmallDenominator, e.Completeness.Reported, e.Completeness.Expected, e.Completeness.Coverage, e.Completeness.IsPartial)
        { Group = e.Group?.Group.Code, ApprovedOnly = e.Approved?.Level };
    }

    public static IEnumerable<Dictionary<string, object?>> Of(IReadOnlyList<PlanEvaluationRow> rows) =>
        (rows ?? throw new ArgumentNullException(nameof(rows))).Select(r => new Dictionary<string, object?>
        {
            ["indicator"] = r.Indicator.Code,
            ["orgunit"] = r.OrgUnit.Code,
            ["year"] = r.Evaluation.Year,
            ["actual"] = r.Evaluation.Actual,
            ["baseline"] = r.Evaluation.Baseline,
            ["baseline_year"] = r.Evaluation.BaselineYear,
            ["target_value"] = r.Evaluation.TargetValue,
            ["target_upper"] = r.Evaluation.TargetUpper,
            ["target_year"] = r.Target.TargetYear,
            ["comparator"] = r.Target.Comparator.Word(),
            ["nature"] = r.Target.Nature.Chinese(),
            ["expected"] = r.Evaluation.Expected,
            ["progress_pct"] = r.Evaluation.ProgressPct,
            ["progress_basis"] = Basis(r.Evaluation.Progress),
            ["progress_text"] = r.Evaluation.ProgressText,
            ["status"] = r.Evaluation.Status.Word(),
            ["status_text"] = r.StatusText,
            // The target year's value as the years observed point to it, its 95% interval, and the 预警 light (Outlook).
            ["projected_value"] = r.Projection?.Value,
            ["projected_low"] = r.Projection?.Low,
            ["projected_high"] = r.Projection?.High,
            ["projected_status"] = r.Projection?.Status.Word(),
            ["light"] = r.Light?.Word(),
            // The baseline and expected value are the unit's own when it inherited the target and has a baseline-year value.
            ["baseline_source"] = r.HasOwnBaseline ? "own" : r.Evaluation.Baseline is null ? null : "plan",
            ["numerator"] = r.Value.Numerator,
            ["denominator"] = r.Value.Denominator,
            ["small_denominator"] = r.Value.SmallDenominator,
            ["coverage"] = r.Completeness.Coverage,
            ["partial"] = r.Completeness.IsPartial,
            // A target every unit of a tier must meet: actual is the worst unit's value, the pooled one is for information.
            ["each_unit"] = r.EachUnit is { } e ? new Dictionary<string, object?>
            {
                ["kind"] = e.Kind.Code(),
                ["met"] = e.Met,
                ["total"] = e.Total,
                ["without_data"] = e.WithoutData,
                ["share_pct"] = e.SharePct,
                ["worst_orgunit"] = e.Worst?.Code,
                ["worst_value"] = e.WorstValue,
                ["pooled_value"] = r.Value.Value,
            } : null,
        });

    /// <summary>
    /// The stored targets' rows, then the document targets' (they have an <c>item</c>, the id of the document's item, and may
    /// have no indicator): kind (count, level, qualitative), what they were judged on (<c>basis</c>: data_element, recorded,
    /// outcome, none), the recorded outcome and evidence.
    /// </summary>
    /// <param name="references">Reference values the document quotes (省定7‰), by indicator code: listed on their indicator's rows.</param>
    public static IEnumerable<Dictionary<string, object?>> Of(IReadOnlyList<PlanEvaluationRow> rows, IReadOnlyList<Documents.DocumentTargetRow> documentTargets,
        ILookup<string, Documents.PlanItem>? references = null) =>
        Of(rows).Select((row, k) =>
        {
            if (references is not null && references[rows[k].Indicator.Code].ToList() is { Count: > 0 } lines)
            {
                row["references"] = lines.Select(l => new Dictionary<string, object?>
                {
                    ["reference"] = l.Origin,
                    ["comparator"] = l.Comparator,
                    ["value"] = l.AsTarget(rows[k].Evaluation.Year).Number,
                    ["unit"] = l.Unit,
                    ["met"] = l.AsReference(rows[k].Evaluation.Actual).Met,
                }).ToList();
            }
            return row;
        }).Concat((documentTargets ?? throw new ArgumentNullException(nameof(documentTargets))).Select(r => new Dictionary<string, object?>
        {
            ["item"] = r.Item.Id,
            ["indicator"] = r.Item.IndicatorCode,
            ["name"] = r.Item.Name,
            ["written"] = r.Item.Written,
            ["kind"] = r.Target.Kind.Word(),
            ["orgunit"] = r.OrgUnit.Code,
            ["year"] = r.Evaluation.Year,
            ["target_year"] = r.Target.Year,
            ["comparator"] = r.Target.JudgedBy ?? r.Item.Comparator ?? "qualitative",
            ["target_value"] = r.Evaluation.TargetValue,
            ["target_upper"] = r.Evaluation.TargetUpper,
            ["unit"] = r.Target.Unit,
            ["actual"] = r.Evaluation.Actual,
            ["baseline"] = r.Evaluation.Baseline,
            ["expected"] = r.Evaluation.Expected,
            ["progress_pct"] = r.Evaluation.ProgressPct,
            ["progress_basis"] = Basis(r.Evaluation.Progress),
            ["progress_text"] = r.Evaluation.ProgressText,
            ["status"] = r.Evaluation.Status.Word(),
            ["basis"] = r.Basis,
            ["element"] = r.Item.ElementCode,
            ["outcome"] = r.Result?.Outcome?.Word(),
            ["note"] = r.Result?.Note,
            ["department"] = r.Result?.Department,
            ["evidence"] = r.Result?.AttachmentName,
            ["recorded_by"] = r.Result?.Actor,
            ["recorded_at"] = r.Result?.At,
        }));

    private static string Basis(ProgressBasis basis) => basis switch
    {
        ProgressBasis.BaselineMet => "baseline_met",
        ProgressBasis.FromZero => "from_zero",
        ProgressBasis.NoBaseline => "no_baseline",
        ProgressBasis.Path => "path",
        _ => throw new UnreachableException(),
    };
}

/// <summary>One indicator at one unit and period, as <see cref="EvaluationJson.Of(IndicatorEvaluation)"/> writes it (snake_case, as the CLI always has).</summary>
public sealed record IndicatorEvaluationJson(
    [property: JsonPropertyName("indicator")] string Indicator,
    [property: JsonPropertyName("orgunit")] string OrgUnit,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("value")] decimal? Value,
    [property: JsonPropertyName("numerator")] decimal? Numerator,
    [property: JsonPropertyName("denominator")] decimal? Denominator,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("small_denominator")] bool SmallDenominator,
    [property: JsonPropertyName("reported_units")] int ReportedUnits,
    [property: JsonPropertyName("expected_units")] int ExpectedUnits,
    [property: JsonPropertyName("coverage")] decimal? Coverage,
    [property: JsonPropertyName("partial")] bool Partial)
{
    /// <summary>The org-unit group the figure is restricted to (its members inside the unit); absent for the whole unit.</summary>
    [JsonPropertyName("group")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }

    /// <summary>只统计已审核数据: the level the values' reports were approved at (市已审核); absent when every value counted.</summary>
    [JsonPropertyName("approved_only")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApprovedOnly { get; init; }
}
