using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Targets;
using Yardstick.Data.Documents;
using Yardstick.Data.Values;

namespace Yardstick.Data.Reports;

/// <summary>A plan's 考核 of the children of one unit for one year, ready to print or write.</summary>
/// <param name="Names">Each scored target's name by its key: the indicator's name, or the document target's words.</param>
public sealed record ScorecardReport(string PlanName, string OrgUnitName, int Year, IReadOnlyList<ScoringItem> Scheme,
    IReadOnlyDictionary<string, string> Names, IReadOnlyList<UnitScore> Units)
{
    /// <summary>
    /// Scores the children of <paramref name="orgUnitCode"/> on the plan's targets for <paramref name="year"/> — its indicators'
    /// targets and its document's other targets (counts, levels, qualitative ones; each child judged on its own data and
    /// records) — with last year's totals beside them. Without a <paramref name="scheme"/> every indicator target and every
    /// document target some child can be judged on (a linked element's data or a recorded result) weighs the same: one that
    /// nobody has reported on would only lower every total alike.
    /// </summary>
    public static async Task<(ScorecardReport? Report, string? Error)> BuildAsync(YardstickDb db, IEngineSource engines, string planCode, string orgUnitCode, int year,
        IReadOnlyList<ScoringItem>? scheme, CancellationToken cancellationToken = default)
    {
        var (rows, error) = await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year, children: true, cancellationToken);
        if (rows is null)
        {
            return (null, error);
        }
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Code == planCode, cancellationToken);
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Code == orgUnitCode, cancellationToken);
        var children = await Evaluations.OpenChildrenAsync(db, unit, year, cancellationToken);
        if (children.Count == 0)
        {
            return (null, $"组织机构 \"{orgUnitCode}\" 没有下级单位, 无法排名");
        }
        var (previous, _) = await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year - 1, children: true, cancellationToken);
        var documentRows = await DocumentTargets.JudgeAsync(db, engines, plan, children, year, cancellationToken);
        var previousDocumentRows = await DocumentTargets.JudgeAsync(db, engines, plan, children, year - 1, cancellationToken);

        var names = rows.Select(r => r.Indicator).DistinctBy(i => i.Code).ToDictionary(i => i.Code, i => i.Name, StringComparer.Ordinal);
        var indicatorKeys = names.Keys.ToList();
        foreach (var item in documentRows.Select(r => r.Item).DistinctBy(i => i.Id))
        {
            names[ScoringScheme.DocumentKey(item.Id)] = item.Name;
        }
        scheme ??= ScoringScheme.Equal(indicatorKeys.Concat(documentRows.Where(r => r.Basis != "none").Select(r => ScoringScheme.DocumentKey(r.Item.Id))));
        if (scheme.Count == 0)
        {
            return (null, $"规划 {planCode} 没有可考核的目标: 没有指标目标, 文件目标也都还没有下级单位的数据或登记结果");
        }
        var unknown = scheme.Where(s => !names.ContainsKey(s.Key)).Select(s => s.Key).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"计分方案中的指标或文件目标不在规划 {planCode} 的目标里: {string.Join("、", unknown)}");
        }
        List<JudgedTarget> Judged(IEnumerable<PlanEvaluationRow> indicatorRows, IEnumerable<DocumentTargetRow> documentTargetRows) =>
        [
            .. indicatorRows.Where(r => r.OrgUnit.Code != orgUnitCode).Select(JudgedTarget.Of),
            .. documentTargetRows.Select(r => new JudgedTarget(r.OrgUnit.Code, r.OrgUnit.Name, ScoringScheme.DocumentKey(r.Item.Id),
                r.Target.JudgedBy is "<=" or "<" ? Direction.Lower : Direction.Higher, r.Evaluation)),
        ];
        var current = Judged(rows, documentRows);
        var units = Scorecard.Score(scheme, current, previous is null ? null : Judged(previous, previousDocumentRows));
        return (new ScorecardReport(plan.Name, unit.Name, year, scheme, names, units), null);
    }

    /// <summary>The workbook: the colour-coded table (units × indicators, total, rank, change) and the scheme.</summary>
    public IReadOnlyList<ReportSheet> Sheets()
    {
        var header = new List<ReportCell> { new("排名", Look: CellLook.Header), new("单位", Look: CellLook.Header) };
        header.AddRange(Scheme.Select(s => new ReportCell($"{Names[s.Key]} ({Points(s.Weight)}分)", Look: CellLook.Header)));
        header.AddRange([new("总分", Look: CellLook.Header), new("较上年", Look: CellLook.Header), new("上年排名", Look: CellLook.Header)]);
        var rows = new List<IReadOnlyList<ReportCell>>
        {
            new List<ReportCell> { new($"{PlanName} {Year}年考核得分 ({OrgUnitName}下级单位)", Look: CellLook.Title) },
            header,
        };
        foreach (var u in Units)
        {
            var line = new List<ReportCell> { new(null, u.Rank), new(u.OrgUnitName + (u.Vetoed ? " (一票否决)" : "")) };
            line.AddRange(u.Items.Select(i => new ReportCell(null, Math.Round(i.Points, 2), LookOf(i))));
            line.Add(new ReportCell(null, Math.Round(u.Total, 2), u.Vetoed ? CellLook.Poor : CellLook.Plain));
            line.Add(u.Change is { } c ? new ReportCell(null, Math.Round(c, 2)) : new ReportCell("—"));
            line.Add(u.PreviousRank is { } p ? new ReportCell(null, p) : new ReportCell("—"));
            rows.Add(line);
        }
        rows.Add([]);
        rows.Add([new ReportCell("图例: 绿 = 达到当年进度 (满分); 黄 = 得分过半; 红 = 得分不足一半; 灰 = 无数据")]);
        var scheme = new List<IReadOnlyList<ReportCell>>
        {
            new List<ReportCell> { new("指标或文件目标", Look: CellLook.Header), new("代码或编号", Look: CellLook.Header), new("权重", Look: CellLook.Header),
                new("计分规则", Look: CellLook.Header), new("每单位差距扣分", Look: CellLook.Header), new("保底分", Look: CellLook.Header) },
        };
        scheme.AddRange(Scheme.Select(s => (IReadOnlyList<ReportCell>)
        [
            Names[s.Key], s.Key, new(null, s.Weight), RuleName(s.Rule),
            s.Rule == ScoringRule.DeductPerPoint ? new ReportCell(null, s.Deduction) : "—", s.Rule == ScoringRule.DeductPerPoint ? new ReportCell(null, s.Floor) : "—",
        ]));
        return
        [
            new ReportSheet("考核得分", rows, [6, 20, .. Scheme.Select(_ => 16.0), 10, 10, 10]),
            new ReportSheet("计分规则", scheme, [30, 30, 8, 14, 16, 8]),
        ];
    }

    public static string RuleName(ScoringRule rule) => rule switch
    {
        ScoringRule.FullWhenMet => "达标得满分",
        ScoringRule.Proportional => "按进度得分",
        ScoringRule.DeductPerPoint => "按差距扣分",
        _ => "一票否决",
    };

    private static CellLook LookOf(ItemScore item) => item.Status is TargetStatus.NoData or TargetStatus.Incomplete ? CellLook.Missing
        : item.Met || item.Points >= item.Weight ? CellLook.Good
        : item.Points * 2 >= item.Weight ? CellLook.Fair
        : CellLook.Poor;

    private static string Points(decimal weight) => Rounding.WithoutTrailingZeros(Math.Round(weight, 2)).ToString(CultureInfo.InvariantCulture);
}
