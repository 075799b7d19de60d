using Yardstick.Core.Targets;

namespace Yardstick.Data.Values;

/// <summary>
/// The one JSON shape of evaluations, printed by <c>yardstick evaluate --format json</c> and answered by
/// <c>GET /api/evaluations</c>: full precision, codes not names, status words (achieved, on_track, …).
/// </summary>
public static class EvaluationJson
{
    public static Dictionary<string, object?> Of(IndicatorEvaluation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new()
        {
            ["indicator"] = e.Indicator.Code,
            ["orgunit"] = e.OrgUnit.Code,
            ["period"] = e.Period.ToString(),
            ["value"] = e.Value.Value,
            ["numerator"] = e.Value.Numerator,
            ["denominator"] = e.Value.Denominator,
            ["unit"] = e.Indicator.Unit,
            ["small_denominator"] = e.Value.SmallDenominator,
            ["reported_units"] = e.Completeness.Reported,
            ["expected_units"] = e.Completeness.Expected,
            ["coverage"] = e.Completeness.Coverage,
            ["partial"] = e.Completeness.IsPartial,
        };
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
            ["status"] = r.Evaluation.Status.Word(),
            ["numerator"] = r.Value.Numerator,
            ["denominator"] = r.Value.Denominator,
            ["small_denominator"] = r.Value.SmallDenominator,
            ["coverage"] = r.Completeness.Coverage,
            ["partial"] = r.Completeness.IsPartial,
        });
}
