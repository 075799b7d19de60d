using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;
using Yardstick.Data.Reporting;
using Yardstick.Data.Values;

using Yardstick.Data.Documents;

namespace Yardstick.Data.Reports;

/// <summary>Which evaluation report: the annual monitoring report, the mid-term or the final evaluation.</summary>
public enum ReportKind
{
    Monitoring,
    Midterm,
    Final,
}

/// <summary>A unit's value that stands far from its own history (modified z-score over the years of data).</summary>
public sealed record Outlier(string Indicator, string OrgUnit, int Year, decimal Value, decimal Median, decimal Score);

/// <summary>
/// Everything an evaluation report says, computed once from the store so that the .docx, the .xlsx and the text
/// all show the same figures: the plan's targets judged for the unit, counts by status, lagging targets with the
/// departments named in the plan's key tasks, the mid-term 时间过半、任务过半 test, task counts, and data quality
/// (completeness, timeliness of the data sets owed in the year with late and missing reporters named, outliers by
/// modified z-score on each child unit's history, consistency of rates).
/// </summary>
public sealed record PlanReport(
    ReportKind Kind,
    string PlanName,
    string PlanCode,
    int StartYear,
    int EndYear,
    int BaseYear,
    string OrgUnitName,
    int Year,
    IReadOnlyList<PlanEvaluationRow> Rows,
    IReadOnlyDictionary<string, string> Responsible,
    int TaskCount,
    IReadOnlyList<Outlier> Outliers,
    IReadOnlyList<string> ConsistencyFailures,
    IReadOnlyList<YearReporting> Reporting,
    IReadOnlyList<DocumentTargetRow> DocumentTargets)
{
    public static string KindName(ReportKind kind) => kind switch
    {
        ReportKind.Midterm => "中期评估报告",
        ReportKind.Final => "终期评估报告",
        ReportKind.Monitoring => "年度监测报告",
        _ => throw new UnreachableException(),
    };

    /// <summary>The report's name with its year, as titles and file names write it: 2023年度监测报告, 2023年中期评估报告 (never "2023年年度").</summary>
    public static string Title(ReportKind kind, int year) =>
        kind == ReportKind.Monitoring ? $"{year}年度监测报告" : $"{year}年{KindName(kind)}";

    /// <summary>The share of the plan period elapsed by the end of <see cref="Year"/>, 0 to 1.</summary>
    public decimal Elapsed => EndYear <= BaseYear ? 1 : Math.Clamp((decimal)(Year - BaseYear) / (EndYear - BaseYear), 0, 1);

    public IReadOnlyList<(TargetStatus Status, int Count)> Counts =>
        [.. Enum.GetValues<TargetStatus>().Select(s => (s, Rows.Count(r => r.Evaluation.Status == s))).Where(c => c.Item2 > 0)];

    public IReadOnlyList<PlanEvaluationRow> Lagging =>
        [.. Rows.Where(r => r.Evaluation.Status.IsLagging())];

    /// <summary>时间过半、任务过半: progress at least the share of the period elapsed (met targets pass).</summary>
    public static bool HalfwayMet(PlanEvaluationRow row, decimal elapsed) =>
        row.Evaluation.Status == TargetStatus.Achieved || (row.Evaluation.ProgressPct is { } p && p >= elapsed * 100);

    /// <summary>The opening summary, written from the numbers ("截至2023年, 24项主要指标中已达标9项……").</summary>
    public string Summary()
    {
        var counts = string.Join("、", Counts.Select(c => $"{c.Status.Chinese()}{c.Count}项"));
        var text = $"截至{Year}年, {OrgUnitName}《{PlanName}》{Rows.Count}项主要指标中{counts}。" + DocumentTargetsSentence();
        return Kind switch
        {
            ReportKind.Midterm => text + $"规划期已过{Rounding.ForDisplay(Elapsed * 100, 0).ToString(CultureInfo.InvariantCulture)}%, "
                + $"按“时间过半、任务过半”检验, {Rows.Count(r => HalfwayMet(r, Elapsed))}项指标完成进度过半, {Rows.Count(r => !HalfwayMet(r, Elapsed))}项未过半。",
            ReportKind.Final => text + $"对照规划目标, {Rows.Count(r => r.Evaluation.Status == TargetStatus.Achieved)}项目标实现, "
                + $"{Rows.Count(r => r.Evaluation.Status != TargetStatus.Achieved)}项未实现。",
            ReportKind.Monitoring => text + (Lagging.Count > 0 ? $"进度滞后或较基期恶化的{Lagging.Count}项指标需重点推进。" : "各项指标均按计划推进。"),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>
    /// The 预警 paragraph (issue 28) of a mid-term or monitoring report: how many targets show a red or a yellow light
    /// (<see cref="Core.Targets.Outlook"/>), then each red one with its projection — "婴儿死亡率: 预计2025年 5.6‰ (95%预测区间
    /// 4.9–6.3), 目标≤5, 预计难以达标" —; empty for a final report (the plan's years are over: there is nothing to project).
    /// </summary>
    public IReadOnlyList<string> WarningLines()
    {
        if (Kind == ReportKind.Final)
        {
            return [];
        }
        var red = Rows.Where(r => r.Light == Light.Red).ToList();
        var yellow = Rows.Count(r => r.Light == Light.Yellow);
        var green = Rows.Count(r => r.Light == Light.Green);
        var lines = new List<string>
        {
            $"按基期以来各年数据的趋势外推到目标年, 并对照序时进度, {Rows.Count}项主要指标中红灯{red.Count}项、黄灯{yellow}项、绿灯{green}项"
                + (Rows.Count - red.Count - yellow - green is > 0 and var unlit ? $", 无数据或数据不完整未判断{unlit}项。" : "。"),
        };
        lines.AddRange(red.Select((r, k) =>
        {
            var p = r.Projection;
            var shown = p is null ? "年数太少, 未作预测"
                : $"预计{p.Year}年 {Plain(p.Value, r.Indicator.Decimals)}{r.Indicator.Unit}"
                  + (p.Low is { } low && p.High is { } high ? $" (95%预测区间 {Plain(low, r.Indicator.Decimals)}–{Plain(high, r.Indicator.Decimals)})" : "")
                  + $", {p.StatusChinese}";
            return $"{k + 1}. {r.Indicator.Name}: 现值 {Plain(r.Evaluation.Actual, r.Indicator.Decimals)}{r.Indicator.Unit}, 目标{ReportDocuments.TargetShown(r)} ({r.Target.TargetYear}年), "
                + $"{r.StatusText}, {shown}。";
        }));
        return lines;
    }

    private static string Plain(decimal? value, int decimals) => value is { } v ? Rounding.Plain(Rounding.ForDisplay(v, decimals)) : "—";

    /// <summary>"文件另列计数、定性和附表目标50项, 已登记结果2项: 已达标1项、进度滞后1项, 未登记48项。" — empty when there are none.</summary>
    public string DocumentTargetsSentence()
    {
        if (DocumentTargets.Count == 0)
        {
            return "";
        }
        var judged = DocumentTargets.Where(d => d.Evaluation.Status != TargetStatus.NoData).ToList();
        var counts = string.Join("、", judged.GroupBy(d => d.Evaluation.Status).OrderBy(g => g.Key).Select(g => $"{g.Key.Chinese()}{g.Count()}项"));
        return $"文件另列计数、定性和附表目标{DocumentTargets.Count}项, " + (judged.Count == 0
            ? "尚未登记完成情况。"
            : $"已登记结果或关联数据{judged.Count}项: {counts}" + (judged.Count < DocumentTargets.Count ? $", 未登记{DocumentTargets.Count - judged.Count}项。" : "。"));
    }

    /// <summary>
    /// The data-quality paragraph on completeness (报告完整性): the indicators some unit has no figure for, and per data set
    /// the reports owed and not sent, named by unit. The reports come from the same <see cref="Reporting"/> records as
    /// <see cref="TimelinessLines"/>, so the two paragraphs cannot disagree on who has not reported.
    /// </summary>
    public string CompletenessLine()
    {
        var incomplete = Rows.Where(r => r.Completeness.Expected > 0 && r.Completeness.Reported < r.Completeness.Expected).ToList();
        var unsent = Reporting.Where(r => r.Laggards.Any(l => l.Missing > 0)).ToList();
        if (incomplete.Count == 0 && unsent.Count == 0)
        {
            return Reporting.Any(r => r.Expected > 0)
                ? $"{Year}年各指标应报单位均有数据, 已到期的报表均已报送。"
                : $"{Year}年各指标应报单位均有数据。";
        }
        var parts = new List<string>();
        if (incomplete.Count > 0)
        {
            parts.Add("以下指标有应报未报的单位: " + string.Join("; ", incomplete.Select(r => $"{r.Indicator.Name} {r.Completeness.Reported}/{r.Completeness.Expected}")));
        }
        else
        {
            parts.Add($"{Year}年各指标应报单位均有数据");
        }
        if (unsent.Count > 0)
        {
            parts.Add("以下报表有应报未报的期数: " + string.Join("; ", unsent.Select(r =>
            {
                var missing = r.Laggards.Where(l => l.Missing > 0).ToList();
                return $"{r.DataSet.Name}未报{missing.Sum(l => l.Missing)}份 ("
                    + string.Join("、", missing.Take(10).Select(l => $"{l.Unit.Name}{l.Missing}期")) + (missing.Count > 10 ? "等" : "") + ")";
            })));
        }
        return string.Join("; ", parts) + "。";
    }

    /// <summary>
    /// The data-quality paragraph on timeliness: per data set the rates of the periods already due (及时率 = first
    /// 上报 by the due date ÷ reports owed), and the units that missed or were late, worst first (at most ten named).
    /// </summary>
    public IReadOnlyList<string> TimelinessLines()
    {
        if (Reporting.Count == 0)
        {
            return ["未设定报表及报送时限, 及时性暂不评价 (可在「报表与审核规则」中导入 datasets.csv)。"];
        }
        return [.. Reporting.Select(r =>
        {
            if (r.Expected == 0)
            {
                return $"{r.DataSet.Name}: {Year}年尚无已到报送期限的报表。";
            }
            var text = $"{r.DataSet.Name}: {Year}年已到期{r.PeriodsDue}期, 应报{r.Expected}份, 已报{r.Reported}份 (报送率{Percent(r.Rate)}), "
                + $"按时{r.OnTime}份 (及时率{Percent(r.TimelyRate)}), 已审核{r.Approved}份。";
            if (r.Laggards.Count == 0)
            {
                return text + "各单位均按时报送。";
            }
            var named = string.Join("、", r.Laggards.Take(10).Select(l =>
                l.Unit.Name + (l.Missing > 0 ? $"未报{l.Missing}期" : "") + (l.Missing > 0 && l.Late > 0 ? "、" : "") + (l.Late > 0 ? $"迟报{l.Late}期" : "")));
            return text + $"未报或迟报的单位{r.Laggards.Count}个: {named}" + (r.Laggards.Count > 10 ? "等" : "") + "。";
        })];
    }

    private static string Percent(double? rate) => rate is { } x ? (x * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    /// <param name="groupCode">An org-unit group: the report is then of the group's members inside the unit ("科尔沁区 · 二级以上公立医院" in its
    /// title and every heading), its document targets — recorded per unit, not per group — left out; reporting is the unit's.</param>
    /// <param name="approvedOnly">只统计已审核数据 at this level (市, 全部 …): figures from approved reports only, said in the title.</param>
    public static async Task<(PlanReport? Report, string? Error)> BuildAsync(YardstickDb db, IEngineSource engines, string planCode, string orgUnitCode, int year, ReportKind kind,
        DateOnly today, string? groupCode = null, string? approvedOnly = null, CancellationToken cancellationToken = default)
    {
        var (all, error) = await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year, children: true, groupCode, approvedOnly, cancellationToken);
        if (all is null)
        {
            return (null, error);
        }
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Code == planCode, cancellationToken);
        var rows = all.Where(r => r.OrgUnit.Code == orgUnitCode).ToList();
        var group = groupCode is null ? null : (await OrgUnits.OrgUnitGroups.FindAsync(db, groupCode, cancellationToken)).Group;
        var unit = rows.Count > 0 ? group?.Label(rows[0].OrgUnit) ?? rows[0].OrgUnit.Name : orgUnitCode;
        if ((approvedOnly ?? plan.ApprovedOnly) is { } level && Data.Reporting.ApprovedReports.TryParseLevel(level, out var tier))
        {
            // Said where the report names its subject, so no reader takes the figures for all values.
            unit += $" (只统计已审核数据: {Data.Reporting.ApprovedReports.LevelText(tier)})";
        }
        var (responsible, tasks) = await ResponsibleAsync(db, plan.Id, rows.Select(r => r.Indicator.Name), cancellationToken);
        var history = new List<IReadOnlyList<PlanEvaluationRow>>();
        for (var y = plan.BaseYear; y <= year; y++)
        {
            var (h, _) = y == year ? (all, null) : await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, y, children: true, groupCode, approvedOnly, cancellationToken);
            history.Add(h ?? []);
        }
        var root = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Code == orgUnitCode, cancellationToken);
        var reporting = await YearReporting.OfAsync(db, root, year, today, cancellationToken);
        var documentTargets = group is not null ? [] : await Documents.DocumentTargets.JudgeAsync(db, engines, plan, root, year, cancellationToken);
        return (new PlanReport(kind, plan.Name, plan.Code, plan.StartYear, plan.EndYear, plan.BaseYear, unit, year, rows, responsible, tasks,
            FindOutliers(history.SelectMany(h => h).Where(r => r.OrgUnit.Code != orgUnitCode)), Inconsistent(all), reporting, documentTargets), null);
    }

    // Lagging indicators are pinned on the departments of the key tasks whose text names them (plan_tasks of import-plan).
    private static async Task<(Dictionary<string, string> Responsible, int Tasks)> ResponsibleAsync(YardstickDb db, int planId, IEnumerable<string> indicatorNames,
        CancellationToken cancellationToken)
    {
        var tasks = new List<(string Text, string Responsible)>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT title, source, responsible FROM plan_tasks WHERE plan_id = @plan";
            SchemaMigrator.AddParameter(command, "@plan", planId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tasks.Add((reader.GetString(0) + reader.GetString(1), reader.GetString(2)));
            }
        }
        var responsible = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in indicatorNames.Distinct(StringComparer.Ordinal))
        {
            var departments = tasks.Where(t => t.Text.Contains(name, StringComparison.Ordinal) && t.Responsible.Length > 0)
                .SelectMany(t => t.Responsible.Split('、')).Distinct(StringComparer.Ordinal).ToList();
            if (departments.Count > 0)
            {
                responsible[name] = string.Join("、", departments);
            }
        }
        return (responsible, tasks.Count);
    }

    /// <summary>
    /// Values far from the unit's own history: modified z-score 0.6745 × (x − median) ÷ MAD above 3.5 (Iglewicz and
    /// Hoaglin), over at least four years; a unit whose values never vary has no outliers.
    /// </summary>
    public static IReadOnlyList<Outlier> FindOutliers(IEnumerable<PlanEvaluationRow> rows)
    {
        var found = new List<Outlier>();
        foreach (var series in rows.Where(r => r.Evaluation.Actual is not null).GroupBy(r => (r.Indicator.Code, r.OrgUnit.Code)))
        {
            var points = series.DistinctBy(r => r.Evaluation.Year).Select(r => (r.Evaluation.Year, Value: r.Evaluation.Actual!.Value)).ToList();
            if (points.Count < 4)
            {
                continue;
            }
            var median = Median(points.Select(p => p.Value));
            var mad = Median(points.Select(p => Math.Abs(p.Value - median)));
            if (mad == 0)
            {
                continue;
            }
            foreach (var (year, value) in points)
            {
                var score = 0.6745m * (value - median) / mad;
                if (Math.Abs(score) > 3.5m)
                {
                    var first = series.First();
                    found.Add(new Outlier(first.Indicator.Name, first.OrgUnit.Name, year, value, median, score));
                }
            }
        }
        return found;
    }

    private static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    // A share (factor 100, in %) above 100% means a numerator larger than its denominator: a reporting error.
    private static List<string> Inconsistent(IEnumerable<PlanEvaluationRow> rows) =>
        [.. rows.Where(r => r.Indicator.Factor == 100 && r.Value.Numerator > r.Value.Denominator)
            .Select(r => $"{r.OrgUnit.Name} {r.Indicator.Name}: 分子 {Rounding.Plain(r.Value.Numerator!.Value)} 大于分母 {Rounding.Plain(r.Value.Denominator!.Value)}")];
}
