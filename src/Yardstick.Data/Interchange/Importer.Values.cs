using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    private const int MaxDecimalPlaces = 9;

    private void CheckTargets(SourceTable table)
    {
        var seen = new Dictionary<(string, string, string, int), int>();
        var nextId = NextId(_targets, t => t.Id);
        var nextPlanId = NextId(_plans.Values, p => p.Id);
        foreach (var row in table.Rows)
        {
            var ok = true;
            var planCode = InputText.Normalize(row["plan"]);
            if (planCode.Length == 0) { Error(table, row, "规划代码为空"); ok = false; }
            if (!_indicators.TryGetValue(InputText.Normalize(row["indicator"]), out var indicator)) { Error(table, row, $"未知的指标代码 \"{row["indicator"]}\""); ok = false; }
            if (!_units.TryGetValue(InputText.Normalize(row["orgunit"]), out var unit)) { Error(table, row, $"未知的组织机构代码 \"{row["orgunit"]}\""); ok = false; }
            int? baselineYear = null;
            decimal? baselineValue = null;
            if (!IsBlank(row["baseline_year"]))
            {
                if (TryYear(row["baseline_year"], out var by)) { baselineYear = by; }
                else { Error(table, row, $"基期年份无效: \"{row["baseline_year"]}\""); ok = false; }
            }
            if (!IsBlank(row["baseline_value"]))
            {
                if (InputText.TryParseDecimal(row["baseline_value"], out var bv)) { baselineValue = bv; }
                else { Error(table, row, $"基期值无效: \"{row["baseline_value"]}\""); ok = false; }
            }
            if (baselineValue is not null && baselineYear is null) { Error(table, row, "有基期值时必须给出基期年份"); ok = false; }
            if (!TryYear(row["target_year"], out var targetYear)) { Error(table, row, $"目标年份无效: \"{row["target_year"]}\""); ok = false; }
            if (!Comparators.TryParse(row["comparator"], out var comparator)) { Error(table, row, $"无法识别的比较方式 \"{row["comparator"]}\" (应为 >=、>、<=、<、=、range、reduce_pct、increase_pct、reduce_pp_per_year、increase_pp_per_year)"); ok = false; }
            if (!TargetNatures.TryParse(row["nature"], out var nature)) { Error(table, row, $"无法识别的指标性质 \"{row["nature"]}\" (应为 约束性 或 预期性)"); ok = false; }
            decimal? targetValue = null, targetUpper = null;
            if (ok && comparator == Comparator.Range)
            {
                if (TryRange(row["target_value"], out var lo, out var hi)) { (targetValue, targetUpper) = (lo, hi); }
                else { Error(table, row, $"区间目标值应写作 \"下限-上限\",如 103-107: \"{row["target_value"]}\""); ok = false; }
            }
            else if (ok)
            {
                if (InputText.TryParseDecimal(row["target_value"], out var tv)) { targetValue = tv; }
                else { Error(table, row, $"目标值无效: \"{row["target_value"]}\""); ok = false; }
            }
            if (ok && baselineYear > targetYear) { Error(table, row, $"基期年份 {baselineYear} 晚于目标年份 {targetYear}"); ok = false; }
            if (ok && !seen.TryAdd((planCode, indicator!.Code, unit!.Code, targetYear), row.Line))
            {
                Error(table, row, $"同一规划、指标、机构和目标年份的目标重复 (首次出现在第 {seen[(planCode, indicator.Code, unit.Code, targetYear)]} 行)");
                ok = false;
            }
            if (!ok)
            {
                continue;
            }
            if (comparator.IsRelative() && baselineValue is null)
            {
                Warn(table, row, $"相对目标 ({comparator.Word()}) 没有基期值,在补充基期值之前无法评价");
            }
            if (!_plans.TryGetValue(planCode, out var plan))
            {
                var baseYear = baselineYear ?? targetYear - 5;
                plan = new Plan(nextPlanId++, planCode, planCode, baseYear, baseYear + 1, targetYear);
                _plans[planCode] = plan;
                db.Plans.Add(plan);
                _audit.Add(("plan", planCode, null, $"base_year={baseYear};end_year={targetYear}"));
            }
            var existing = _targets.FirstOrDefault(t => t.PlanId == plan.Id && t.IndicatorId == indicator!.Id && t.OrgUnitId == unit!.Id && t.TargetYear == targetYear);
            var key = $"{planCode}/{indicator!.Code}/{unit!.Code}/{targetYear}";
            if (existing is not null)
            {
                var before = Describe(existing);
                existing.Change(baselineYear, baselineValue, targetYear, targetValue, targetUpper, comparator, nature);
                if (before != Describe(existing))
                {
                    _audit.Add(("target", key, before, Describe(existing)));
                }
            }
            else
            {
                var target = new Target(nextId++, plan.Id, indicator.Id, unit.Id, baselineYear, baselineValue, targetYear, targetValue, targetUpper, comparator, nature);
                _targets.Add(target);
                db.Targets.Add(target);
                _audit.Add(("target", key, null, Describe(target)));
            }
        }
    }

    private static bool TryRange(string text, out decimal low, out decimal high)
    {
        low = high = 0;
        var s = InputText.Normalize(text).Replace("～", "~", StringComparison.Ordinal).Replace("—", "~", StringComparison.Ordinal).Replace("..", "~", StringComparison.Ordinal);
        var dash = s.IndexOf('~', StringComparison.Ordinal) is var t and >= 0 ? t : s.IndexOf('-', 1);
        return dash > 0
            && InputText.TryParseDecimal(s[..dash], out low)
            && InputText.TryParseDecimal(s[(dash + 1)..].TrimStart('~', '-'), out high)
            && high >= low;
    }

    private static string Describe(Target t) =>
        $"baseline={t.BaselineYear}:{t.BaselineValue};target={t.TargetYear}:{t.Comparator.Word()} {t.TargetValue}{(t.TargetUpper is { } u ? "-" + u : "")};nature={t.Nature.Chinese()}";

    private void CheckDataValues(SourceTable table)
    {
        var seen = new Dictionary<(int, int, Period), (string Location, int Line)>();
        foreach (var row in table.Rows)
        {
            var ok = true;
            var elementCode = InputText.Normalize(row["dataelement"]);
            var unitCode = InputText.Normalize(row["orgunit"]);
            if (!_elements.TryGetValue(elementCode, out var element)) { Error(table, row, $"未知的数据元代码 \"{elementCode}\""); ok = false; }
            if (!_units.TryGetValue(unitCode, out var unit)) { Error(table, row, $"未知的组织机构代码 \"{unitCode}\""); ok = false; }
            if (!Period.TryParse(row["period"], out var period)) { Error(table, row, $"无法识别的期间 \"{row["period"]}\" (如 2023、2023S1、2023Q1、202303、2023年3月)"); ok = false; }
            if (!InputText.TryParseDecimal(row["value"], out var value))
            {
                Error(table, row, IsBlank(row["value"]) ? "数值为空" : $"无法识别的数值 \"{row["value"]}\"");
                ok = false;
            }
            else if (element?.Reject(value) is { } reason) { Error(table, row, reason); ok = false; }
            else if (InputText.DecimalPlaces(value) > MaxDecimalPlaces) { Error(table, row, $"数值小数位数超过 {MaxDecimalPlaces} 位: {row["value"]}"); ok = false; }
            if (!ok)
            {
                continue;
            }
            if (!seen.TryAdd((element!.Id, unit!.Id, period), (table.Location, row.Line)))
            {
                var first = seen[(element.Id, unit.Id, period)];
                Error(table, row, $"重复的数据值 ({elementCode}, {period}, {unitCode}),首次出现在 {first.Location}:{first.Line}");
                continue;
            }
            _values.Add(new DataValue(element.Id, unit.Id, period, value));
        }
    }
}
