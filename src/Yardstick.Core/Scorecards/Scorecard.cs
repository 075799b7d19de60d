using System.Diagnostics;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;

namespace Yardstick.Core.Scorecards;

/// <summary>How an indicator earns its points in a 考核 scheme.</summary>
public enum ScoringRule
{
    /// <summary>达标得满分: the full weight when the year's point on the path is met, else nothing.</summary>
    FullWhenMet,

    /// <summary>按进度得分: the share of the way from baseline to the year's expected value, times the weight.</summary>
    Proportional,

    /// <summary>按差距扣分: the weight less a deduction per unit of gap to the year's expected value, not below a floor.</summary>
    DeductPerPoint,

    /// <summary>一票否决: not met zeroes the unit's total.</summary>
    Veto,

    /// <summary>加分项: the weight added on top of the total when met; outside the 100 points the other items share.</summary>
    Bonus,
}

/// <summary>
/// One target of a scheme: its weight (points), rule, and for <see cref="ScoringRule.DeductPerPoint"/> the deduction and floor.
/// </summary>
/// <param name="Key">An indicator's code, or <c>#N</c> for the document target numbered N (<see cref="ScoringScheme.DocumentKey"/>).</param>
public sealed record ScoringItem(string Key, decimal Weight, ScoringRule Rule, decimal Deduction = 0, decimal Floor = 0)
{
    /// <summary>
    /// The item with weight, deduction and floor held to 0–<see cref="InputLimits.SchemeWeight"/>: what is scored, so that
    /// any stored scheme — one saved before the limits, or written into the store by hand — scores without overflow.
    /// </summary>
    public ScoringItem Bounded() => this with
    {
        Weight = Math.Clamp(Weight, 0, InputLimits.SchemeWeight),
        Deduction = Math.Clamp(Deduction, 0, InputLimits.SchemeWeight),
        Floor = Math.Clamp(Floor, 0, InputLimits.SchemeWeight),
    };
}

/// <summary>A unit's points for one target, and why.</summary>
/// <param name="Weight">The weight it was scored at: the scheme's, or more when an unmeasured item's weight was shared out.</param>
/// <param name="Note">What the reader must know about how it was judged (a pooled rate for small numbers …), or null.</param>
public sealed record ItemScore(string Key, decimal Weight, decimal Points, TargetStatus Status, bool Met, decimal? Gap, string? Note = null);

/// <summary>
/// One target judged for one unit, as the scorecard needs it: an indicator's target (<see cref="Of"/>) and a document target
/// (a count, level or qualitative one, keyed <c>#N</c>) are scored by the same rules.
/// </summary>
/// <param name="Direction">Which way is better, for the share of the way in <see cref="ScoringRule.Proportional"/>.</param>
/// <param name="TooFewForVeto">
/// The numbers are too small to veto or deduct on (a pooled rate's denominator still below the indicator's factor): a veto or
/// deduction item scores by progress instead, and <paramref name="Note"/> says so.
/// </param>
public sealed record JudgedTarget(string OrgUnitCode, string OrgUnitName, string Key, Direction Direction, TargetEvaluation Evaluation,
    string? Note = null, bool TooFewForVeto = false)
{
    public static JudgedTarget Of(PlanEvaluationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new JudgedTarget(row.OrgUnit.Code, row.OrgUnit.Name, row.Indicator.Code, row.Indicator.Direction, row.Evaluation);
    }
}

/// <summary>
/// A unit's line of the scorecard: item points, total (two decimals, <see cref="Scorecard.Rounded"/>), rank (equal totals share
/// a rank), and last year's for comparison.
/// </summary>
public sealed record UnitScore(string OrgUnitCode, string OrgUnitName, IReadOnlyList<ItemScore> Items, decimal Total, bool Vetoed, int Rank,
    decimal? PreviousTotal, int? PreviousRank)
{
    public decimal? Change => PreviousTotal is { } p ? Total - p : null;
}

/// <summary>
/// Scores units against a plan's targets (考核): its indicators' targets, the targets of its documents and task completion.
/// A target counts as met in a year when the actual reaches that year's point on the straight path from baseline to final
/// target (status 已达标 or 进度正常) — an annual assessment asks whether this year's share of the work is done, not whether
/// the five-year goal already is. A unit with no data for a target gets no points for it; a qualitative target earns its
/// full weight or nothing, by the outcome recorded. An item no unit can be judged on is not measured at the level scored (an
/// indicator only the city measures; figures without a baseline, 缺少基期值; a per-township target with no township figures): its weight is shared out among the other items in proportion to theirs, so totals
/// stay out of the same 100 points (<see cref="Redistribute"/>). Bonus items add on top. A total is kept to two decimals
/// (四舍五入, <see cref="Rounded"/>), the score every table shows, and ranks are competition ranks on it: equal shown totals
/// share a rank and the next rank skips (1, 2, 2, 4) — <see cref="TieRule"/>, said under every table.
/// </summary>
public static class Scorecard
{
    private const decimal MinimumShare = 0.0001m;

    /// <summary>The decimals a total (and an item's points, on display) is kept to.</summary>
    public const int Decimals = 2;

    /// <summary>How totals are rounded and ranked, in the words printed under every 考核 table, page and document.</summary>
    public const string TieRule = "排名: 总分按四舍五入保留两位小数后排名, 总分相同者名次并列, 其后名次顺延 (如 1, 2, 2, 4)。";

    /// <summary>Points as shown and, for a total, as ranked: two decimals, half away from zero.</summary>
    public static decimal Rounded(decimal points) => Rounding.ForDisplay(points, Decimals);

    public static IReadOnlyList<UnitScore> Score(IReadOnlyList<ScoringItem> scheme, IReadOnlyList<JudgedTarget> rows,
        IReadOnlyList<JudgedTarget>? previousYear = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(rows);
        var current = Totals(Redistribute(scheme, rows).Scheme, rows);
        var previous = previousYear is null ? null : Totals(Redistribute(scheme, previousYear).Scheme, previousYear).ToDictionary(u => u.OrgUnitCode, StringComparer.Ordinal);
        var ranked = Rank(current);
        return [.. ranked.Select(u => u with
        {
            PreviousTotal = previous?.GetValueOrDefault(u.OrgUnitCode)?.Total,
            PreviousRank = previous?.GetValueOrDefault(u.OrgUnitCode)?.Rank,
        })];
    }

    /// <summary>
    /// The scheme as scored: items no unit can be judged on (every row 无数据, 缺少基期值 or 下级单位无数据) dropped, their weight
    /// shared among the other non-bonus items in proportion to their weights; and the keys dropped. Partial data (数据不完整)
    /// is data: it keeps its item.
    /// </summary>
    public static (IReadOnlyList<ScoringItem> Scheme, IReadOnlyList<string> Unmeasured) Redistribute(IReadOnlyList<ScoringItem> scheme, IReadOnlyList<JudgedTarget> rows)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(rows);
        scheme = [.. scheme.Select(i => i.Bounded())];
        // Measured: some unit is judged on it, or has partial data. An item every unit has a figure for but none can be judged
        // on (缺少基期值, 乡镇无数据) is not measured either: no unit can earn its points.
        var measured = rows.Where(r => r.Evaluation.Status.IsJudged() || r.Evaluation.Status == TargetStatus.Incomplete).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var unmeasured = scheme.Where(i => !measured.Contains(i.Key)).Select(i => i.Key).ToList();
        var (kept, shared) = ShareOut(scheme, measured);
        return (kept, shared ? unmeasured : []);
    }

    /// <summary>
    /// The scheme kept to <paramref name="keys"/>, the dropped items' weight shared among the kept non-bonus items in proportion
    /// to theirs; and whether it was (below a ten-thousandth of a point kept, nothing is shared and the scheme stays whole).
    /// </summary>
    private static (IReadOnlyList<ScoringItem> Scheme, bool Shared) ShareOut(IReadOnlyList<ScoringItem> scheme, IReadOnlySet<string> keys)
    {
        var kept = scheme.Where(i => keys.Contains(i.Key)).ToList();
        var total = scheme.Where(i => i.Rule != ScoringRule.Bonus).Sum(i => i.Weight);
        var keptTotal = kept.Where(i => i.Rule != ScoringRule.Bonus).Sum(i => i.Weight);
        // Below a ten-thousandth of a point nothing is left to share out to (and the factor would overflow).
        if (keptTotal < MinimumShare)
        {
            return (kept.Count == 0 ? scheme : kept, false);
        }
        if (kept.Count == scheme.Count)
        {
            return (scheme, true);
        }
        var factor = total / keptTotal;
        return ([.. kept.Select(i => i.Rule == ScoringRule.Bonus ? i : i with { Weight = i.Weight * factor, Floor = i.Floor * factor })], true);
    }

    /// <summary>
    /// A unit's row that cannot be judged for a reason that is not the unit's to mend — the plan gives no baseline and the unit
    /// had no figure in the baseline year (缺少基期值), or a per-township target where the unit has no township in the tree
    /// (下级单位无数据) — is not scored for that unit: its weight goes to the unit's other items, as for an item no unit is
    /// judged on. A unit that did not report (无数据) or reported part of the year (数据不完整) gets no points for it.
    /// </summary>
    public static bool IsOutOfScore(TargetStatus status) => status is TargetStatus.NoBaseline or TargetStatus.NoUnitData;

    /// <summary>The words beside an item left out of a unit's score (<see cref="IsOutOfScore"/>).</summary>
    public const string OutOfScoreNote = "本单位无法评价, 不计分, 权重按比例计入其他项目";

    /// <summary>The points one item earns for one evaluated target.</summary>
    public static ItemScore ScoreItem(ScoringItem item, Direction direction, TargetEvaluation evaluation) => ScoreItem(item, direction, evaluation, null, false);

    /// <summary>
    /// The points one item earns for one judged target; when the numbers are too few to veto or deduct on, such an item
    /// scores by progress instead (the note says so).
    /// </summary>
    public static ItemScore ScoreItem(ScoringItem item, JudgedTarget judged)
    {
        ArgumentNullException.ThrowIfNull(judged);
        return ScoreItem(item, judged.Direction, judged.Evaluation, judged.Note, judged.TooFewForVeto);
    }

    private static ItemScore ScoreItem(ScoringItem item, Direction direction, TargetEvaluation evaluation, string? note, bool tooFewForVeto)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(evaluation);
        item = item.Bounded();
        if (tooFewForVeto && item.Rule is ScoringRule.Veto or ScoringRule.DeductPerPoint)
        {
            item = item with { Rule = ScoringRule.Proportional };
        }
        if (!evaluation.Status.IsJudged())
        {
            // A partial year, or a figure that cannot be judged, scores like a missing one (no points, shown as such): it
            // is not ranked as if it were judged.
            return new ItemScore(item.Key, item.Weight, 0, evaluation.Status, false, null, note);
        }
        var met = evaluation.Status is TargetStatus.Achieved or TargetStatus.OnTrack;
        if (evaluation.Actual is not { } actual)
        {
            // Judged by a recorded outcome (达成 / 推进中 on time / 未达成), not a figure: there is no share of the way to pay.
            return new ItemScore(item.Key, item.Weight, met ? item.Weight : 0, evaluation.Status, met, null, note);
        }
        var goal = evaluation.Expected ?? evaluation.TargetValue;
        decimal? gap = met || goal is null ? 0 : Math.Abs(goal.Value - actual);
        var points = item.Rule switch
        {
            _ when met => item.Weight,
            ScoringRule.Bonus => 0,
            ScoringRule.Proportional => item.Weight * Share(direction, actual, evaluation.Baseline, goal),
            // A gap past what the deduction can take from the weight leaves the floor (and never multiplies out of range).
            ScoringRule.DeductPerPoint => gap is not { } d ? 0
                : item.Deduction == 0 ? item.Weight
                : d >= (item.Weight - item.Floor) / item.Deduction ? item.Floor
                : Math.Max(item.Floor, item.Weight - (item.Deduction * d)),
            ScoringRule.FullWhenMet or ScoringRule.Veto => 0,
            _ => throw new UnreachableException(),
        };
        return new ItemScore(item.Key, item.Weight, Math.Max(0, points), evaluation.Status, met, gap, note);
    }

    // How far from the baseline toward this year's goal the actual has come, 0 to 1; without a baseline, the actual
    // as a share of the goal (or the goal of the actual, when lower is better).
    private static decimal Share(Direction direction, decimal actual, decimal? baseline, decimal? goal)
    {
        if (goal is not { } g)
        {
            return 0;
        }
        decimal share;
        if (baseline is { } b && b != g)
        {
            share = (actual - b) / (g - b);
        }
        else if (direction == Direction.Lower)
        {
            share = actual == 0 ? 1 : g / actual;
        }
        else
        {
            share = g == 0 ? 1 : actual / g;
        }
        return Math.Clamp(share, 0, 1);
    }

    private static List<UnitScore> Totals(IReadOnlyList<ScoringItem> scheme, IReadOnlyList<JudgedTarget> rows)
    {
        var units = new List<UnitScore>();
        foreach (var unit in rows.GroupBy(r => r.OrgUnitCode, StringComparer.Ordinal))
        {
            var items = new List<ItemScore>();
            var vetoed = false;
            var outOfScore = unit.Where(r => IsOutOfScore(r.Evaluation.Status)).ToDictionary(r => r.Key, StringComparer.Ordinal);
            var unitScheme = outOfScore.Count == 0 ? scheme
                : ShareOut(scheme, scheme.Select(i => i.Key).Where(k => !outOfScore.ContainsKey(k)).ToHashSet(StringComparer.Ordinal)) is (var s, true) ? s : scheme;
            foreach (var item in scheme)
            {
                if (outOfScore.TryGetValue(item.Key, out var left) && !unitScheme.Any(i => i.Key == item.Key))
                {
                    items.Add(new ItemScore(item.Key, 0, 0, left.Evaluation.Status, false, null, OutOfScoreNote));
                    continue;
                }
                var scored = unitScheme.FirstOrDefault(i => i.Key == item.Key) ?? item;
                var row = unit.FirstOrDefault(r => r.Key == item.Key);
                var score = row is null ? new ItemScore(item.Key, scored.Weight, 0, TargetStatus.NoData, false, null) : ScoreItem(scored, row);
                items.Add(score);
                vetoed |= item.Rule == ScoringRule.Veto && !score.Met && row?.TooFewForVeto != true;
            }
            var total = vetoed ? 0 : Rounded(items.Sum(i => i.Points));
            units.Add(new UnitScore(unit.Key, unit.First().OrgUnitName, items, total, vetoed, 0, null, null));
        }
        return Rank(units);
    }

    private static List<UnitScore> Rank(IEnumerable<UnitScore> units)
    {
        var ordered = units.OrderByDescending(u => u.Total).ThenBy(u => u.OrgUnitCode, StringComparer.Ordinal).ToList();
        var ranked = new List<UnitScore>(ordered.Count);
        for (var k = 0; k < ordered.Count; k++)
        {
            var rank = k > 0 && ordered[k].Total == ordered[k - 1].Total ? ranked[k - 1].Rank : k + 1;
            ranked.Add(ordered[k] with { Rank = rank });
        }
        return ranked;
    }
}
