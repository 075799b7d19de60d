using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Scorecards;
using Yardstick.Core.Targets;
using Yardstick.Core.Model;
using Yardstick.Data.Documents;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Data.Reports;

/// <summary>A plan's 考核 of the children of one unit for one year, ready to print or write.</summary>
/// <param name="Scheme">The scheme as written (or the default one).</param>
/// <param name="Scored">The scheme as scored: items no child has data for dropped and their weight shared out (<see cref="Scorecard.Redistribute"/>).</param>
/// <param name="Unmeasured">The keys dropped from <paramref name="Scored"/>: not measured at the level scored.</param>
/// <param name="Names">Each scored target's name by its key: the indicator's name, the document target's words, 重点任务完成情况.</param>
public sealed record ScorecardReport(string PlanName, string OrgUnitName, int Year, IReadOnlyList<ScoringItem> Scheme, IReadOnlyList<ScoringItem> Scored,
    IReadOnlyList<string> Unmeasured, IReadOnlyDictionary<string, string> Names, IReadOnlyList<UnitScore> Units)
{
    /// <summary>Why each item of <see cref="Unmeasured"/> was not scored: 各单位均无数据, 缺少基期值, 乡镇街道苏木无数据 ….</summary>
    public IReadOnlyDictionary<string, string> UnmeasuredWhy { get; init; } = new Dictionary<string, string>();

    public const string TaskItemName = "重点任务完成情况";

    /// <summary>
    /// With an org-unit group: what the 考核 counts (<see cref="OrgUnits.ChosenGroup.ChildrenDefinition"/>), said under its
    /// heading on the page, in the workbook, the API and the CLI; null for the whole units.
    /// </summary>
    public string? GroupDefinition { get; init; }

    /// <summary>The group's code when the 考核 is restricted to one.</summary>
    public string? GroupCode { get; init; }

    /// <summary>Why a document target is not scored in a 考核 restricted to a group.</summary>
    public const string NotByGroup = "文件目标按单位登记, 按机构分组考核时不计";

    /// <summary>
    /// Scores the children of <paramref name="orgUnitCode"/> on the plan for <paramref name="year"/>: its indicators' targets
    /// (a veto or deduction on a small denominator judged on a pooled rate, <see cref="SmallNumbers"/>), its document's other
    /// targets (each child on its own data and records) and its key tasks (<see cref="TaskCompletion"/>, tasks led by units in
    /// the child's subtree), with last year's totals beside them. Without a <paramref name="scheme"/> every indicator target,
    /// every document target some child can be judged on, and the task item when a child has tasks due, weigh the same.
    /// Tasks are judged as of <paramref name="today"/>, the commission's date (<see cref="Core.Model.LocalClock.Today"/>).
    /// With <paramref name="groupCode"/> each child is scored restricted to the group's members inside it, as every evaluation
    /// restricted to a group is (<see cref="Evaluations.GroupPartsAsync"/>): a child with no member is left out, its key tasks are
    /// those led inside the group's part, and the document's own targets — recorded per unit — are not scored.
    /// </summary>
    public static async Task<(ScorecardReport? Report, string? Error)> BuildAsync(YardstickDb db, IEngineSource engines, string planCode, string orgUnitCode, int year,
        IReadOnlyList<ScoringItem>? scheme, DateOnly today, CancellationToken cancellationToken = default, string? groupCode = null)
    {
        var (rows, error) = await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year, children: true, groupCode, cancellationToken: cancellationToken);
        if (rows is null)
        {
            return (null, error);
        }
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Code == planCode, cancellationToken);
        var unit = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Code == orgUnitCode, cancellationToken);
        var children = await Evaluations.OpenChildrenAsync(db, unit, year, cancellationToken);
        var group = groupCode is null ? null : (await OrgUnits.OrgUnitGroups.FindAsync(db, groupCode, cancellationToken)).Group!;
        var parts = group is null ? null : await Evaluations.GroupPartsAsync(db, engines, children, group, year, cancellationToken);
        if (parts is not null)
        {
            children = [.. children.Where(c => parts[c.Id].Count > 0)];
        }
        if (children.Count == 0)
        {
            return (null, group is null ? $"{unit.Name}没有下级单位, 无法排名" : $"{unit.Name}的下级单位都没有机构分组「{group.Group.Name}」的成员, 无法排名");
        }
        var (previous, _) = await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year - 1, children: true, groupCode, cancellationToken: cancellationToken);
        var documentRows = await DocumentTargets.JudgeAsync(db, engines, plan, children, year, cancellationToken);
        var previousDocumentRows = await DocumentTargets.JudgeAsync(db, engines, plan, children, year - 1, cancellationToken);
        var tasks = await TaskBoard.ListAsync(db, planCode, cancellationToken);

        var names = rows.Select(r => r.Indicator).DistinctBy(i => i.Code).ToDictionary(i => i.Code, i => i.Name, StringComparer.Ordinal);
        var indicatorKeys = names.Keys.ToList();
        foreach (var item in documentRows.Select(r => r.Item).DistinctBy(i => i.Id))
        {
            names[ScoringScheme.DocumentKey(item.Id)] = item.Name;
        }
        names[ScoringScheme.TaskKey] = TaskItemName;
        if (group is not null)
        {
            // Named above (a stored scheme may list them), scored by no child: recorded per unit, which no group restricts.
            documentRows = previousDocumentRows = [];
        }
        var taskRows = TaskRows(tasks, children, year, today, parts);
        scheme ??= ScoringScheme.Equal(indicatorKeys
            .Concat(documentRows.Where(r => r.Basis != "none").Select(r => ScoringScheme.DocumentKey(r.Item.Id)))
            .Concat(taskRows.Any(r => r.Evaluation.Status != TargetStatus.NoData) ? [ScoringScheme.TaskKey] : []));
        scheme = [.. scheme.Select(s => s.Bounded())];
        if (scheme.Count == 0)
        {
            return (null, $"规划 {planCode} 没有可考核的目标: 没有指标目标, 文件目标也都还没有下级单位的数据或登记结果");
        }
        var unknown = scheme.Where(s => !names.ContainsKey(s.Key)).Select(s => s.Key).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"计分方案中的指标或文件目标不在规划 {planCode} 的目标里: {Yardstick.Core.Model.InputLimits.Echo(string.Join("、", unknown))}");
        }
        // Small numbers are pooled only where they could veto or deduct: a proportional item already scores partly.
        var harsh = scheme.Where(s => s.Rule is ScoringRule.Veto or ScoringRule.DeductPerPoint).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        // The year before last is read only for pooling, so only when some item could veto or deduct.
        var older = harsh.Count == 0 ? null : (await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year - 2, children: true, groupCode, cancellationToken: cancellationToken)).Rows;
        List<JudgedTarget> Judged(IReadOnlyList<PlanEvaluationRow> indicatorRows, IEnumerable<PlanEvaluationRow> earlier,
            IEnumerable<DocumentTargetRow> documentTargetRows, IEnumerable<JudgedTarget> taskTargets)
        {
            var before = earlier.ToLookup(r => (r.OrgUnit.Code, r.Indicator.Code));
            return
            [
                .. indicatorRows.Where(r => r.OrgUnit.Code != orgUnitCode)
                    .Select(r => harsh.Contains(r.Indicator.Code) ? SmallNumbers.Judge(r, before[(r.OrgUnit.Code, r.Indicator.Code)]) : JudgedTarget.Of(r)),
                .. documentTargetRows.Select(r => new JudgedTarget(r.OrgUnit.Code, r.OrgUnit.Name, ScoringScheme.DocumentKey(r.Item.Id),
                    r.Target.JudgedBy is "<=" or "<" ? Direction.Lower : Direction.Higher, r.Evaluation)),
                .. taskTargets,
            ];
        }
        var current = Judged(rows, [.. previous ?? [], .. older ?? []], documentRows, taskRows);
        var last = previous is null ? null : Judged(previous, older ?? [], previousDocumentRows, TaskRows(tasks, children, year - 1, today, parts));
        var units = Scorecard.Score(scheme, current, last);
        var (scored, unmeasured) = Scorecard.Redistribute(scheme, current);
        var why = unmeasured.ToDictionary(k => k, k => WhyUnmeasured(current.Where(r => r.Key == k).Select(r => r.Evaluation.Status),
            rows.Where(r => r.Indicator.Code == k && r.OrgUnit.Code != orgUnitCode).Select(r => r.EachUnit?.Kind).FirstOrDefault(t => t is not null)), StringComparer.Ordinal);
        if (group is not null)
        {
            foreach (var k in unmeasured.Where(k => ScoringScheme.DocumentItemId(k) is not null))
            {
                why[k] = NotByGroup;
            }
        }
        return (new ScorecardReport(plan.Name, group?.Label(unit) ?? unit.Name, year, scheme, scored, unmeasured, names, units)
        {
            UnmeasuredWhy = why,
            GroupDefinition = group?.ChildrenDefinition(unit),
            GroupCode = group?.Group.Code,
        }, null);
    }

    /// <summary>
    /// Why no child could be judged on an item: "各单位均无数据" only when none has a figure; else what the figures lack
    /// (缺少基期值; a target every unit of a tier must meet with no figure from that tier: "乡镇街道苏木无数据").
    /// </summary>
    private static string WhyUnmeasured(IEnumerable<TargetStatus> statuses, OrgUnitKind? tier)
    {
        var seen = statuses.ToHashSet();
        var reasons = new List<string>();
        if (seen.Contains(TargetStatus.NoUnitData))
        {
            reasons.Add($"{tier?.Chinese() ?? "下级单位"}无数据, 无法逐个评价");
        }
        if (seen.Contains(TargetStatus.NoBaseline))
        {
            reasons.Add("缺少基期值");
        }
        return reasons.Count == 0 ? "各单位均无数据" : string.Join("; ", reasons);
    }

    /// <summary>
    /// Each child's task item: the tasks handed to units in its subtree as lead (a closed task with no recorded close date counts
    /// as on time), judged against their current deadline — a granted 延期's — and weighed by their 销号 rating (<see cref="TaskCompletion.Credit"/>). A draft is nobody's duty yet and a dismissed one never was: a red light's draft names its unit as the
    /// proposed lead, and must not count against it before a planner hands it over. With a group's <paramref name="parts"/>, only
    /// tasks led inside the group's part of the child count.
    /// </summary>
    private static List<JudgedTarget> TaskRows(IReadOnlyList<PlanTask> tasks, IReadOnlyList<OrgUnit> children, int year, DateOnly today,
        IReadOnlyDictionary<int, IReadOnlyList<OrgUnit>>? parts) =>
    [
        .. children.Select(child =>
        {
            var own = tasks.Where(t => t.Stage is not (Core.Tasks.TaskStage.Draft or Core.Tasks.TaskStage.Dismissed)
                && t.LeadOwners.Any(o => parts is null ? o.IsWithin(child) : parts[child.Id].Any(o.IsWithin))).ToList();
            var evaluation = TaskCompletion.Judge(own.Select(t => (t.Deadline, t.Stage == Core.Tasks.TaskStage.Closed ? t.ClosedOn ?? t.Deadline : null, t.Rating)), year, today);
            return new JudgedTarget(child.Code, child.Name, ScoringScheme.TaskKey, Direction.Higher, evaluation);
        }),
    ];

    /// <summary>The workbook: the colour-coded table (units × indicators, total, rank, change) and the scheme.</summary>
    public IReadOnlyList<ReportSheet> Sheets()
    {
        var header = new List<ReportCell> { new("排名", Look: CellLook.Header), new("单位", Look: CellLook.Header) };
        header.AddRange(Scored.Select(s => new ReportCell($"{Names[s.Key]} ({Points(s.Weight)}分{(s.Rule == ScoringRule.Bonus ? ", 加分" : "")})", Look: CellLook.Header)));
        header.AddRange([new("总分", Look: CellLook.Header), new("较上年", Look: CellLook.Header), new("上年排名", Look: CellLook.Header)]);
        var rows = new List<IReadOnlyList<ReportCell>>
        {
            new List<ReportCell> { new($"{PlanName} {Year}年考核得分 ({OrgUnitName}下级单位)", Look: CellLook.Title) },
        };
        if (GroupDefinition is not null)
        {
            rows.Add([new ReportCell(GroupDefinition)]);
        }
        rows.Add(header);
        foreach (var u in Units)
        {
            var line = new List<ReportCell> { new(null, u.Rank), new(u.OrgUnitName + (u.Vetoed ? " (一票否决)" : "")) };
            line.AddRange(u.Items.Select(i => new ReportCell(null, Scorecard.Rounded(i.Points), LookOf(i))));
            line.Add(new ReportCell(null, u.Total, u.Vetoed ? CellLook.Poor : CellLook.Plain));
            line.Add(u.Change is { } c ? new ReportCell(null, c) : new ReportCell("—"));
            line.Add(u.PreviousRank is { } p ? new ReportCell(null, p) : new ReportCell("—"));
            rows.Add(line);
        }
        rows.Add([]);
        rows.Add([new ReportCell("图例: 绿 = 达到当年进度 (满分); 黄 = 得分过半; 红 = 得分不足一半; 灰 = 无数据")]);
        rows.AddRange(Notes().Select(n => (IReadOnlyList<ReportCell>)[new ReportCell(n)]));
        var scheme = new List<IReadOnlyList<ReportCell>>
        {
            new List<ReportCell> { new("指标或文件目标", Look: CellLook.Header), new("代码或编号", Look: CellLook.Header), new("权重", Look: CellLook.Header),
                new("计分权重", Look: CellLook.Header), new("计分规则", Look: CellLook.Header), new("每单位差距扣分", Look: CellLook.Header),
                new("保底分", Look: CellLook.Header) },
        };
        scheme.AddRange(Scheme.Select(s => (IReadOnlyList<ReportCell>)
        [
            Names[s.Key], s.Key, new(null, s.Weight),
            Scored.FirstOrDefault(x => x.Key == s.Key) is { } scored ? new ReportCell(null, Scorecard.Rounded(scored.Weight)) : "未在下级单位测量",
            RuleName(s.Rule),
            s.Rule == ScoringRule.DeductPerPoint ? new ReportCell(null, s.Deduction) : "—", s.Rule == ScoringRule.DeductPerPoint ? new ReportCell(null, s.Floor) : "—",
        ]));
        return
        [
            new ReportSheet("考核得分", rows, [6, 20, .. Scored.Select(_ => 16.0), 10, 10, 10]),
            new ReportSheet("计分规则", scheme, [30, 30, 8, 10, 14, 16, 8]),
        ];
    }

    /// <summary>
    /// What a reader of the table must know: how totals are rounded and ties ranked (<see cref="Scorecard.TieRule"/>), which
    /// items were not measured at this level and where their weight went, and each unit's item judged on pooled or too-few numbers.
    /// </summary>
    public IReadOnlyList<string> Notes()
    {
        var notes = new List<string> { Scorecard.TieRule };
        if (Unmeasured.Count > 0)
        {
            var reasons = string.Join("; ", Unmeasured.GroupBy(k => UnmeasuredWhy.GetValueOrDefault(k) ?? "各单位均无数据")
                .Select(g => $"{string.Join("、", g.Select(k => Names[k]))} ({g.Key})"));
            notes.Add($"说明: {reasons}: 下级单位均无法评价, 不计分; 其权重按比例分给其余各项, 满分仍为 {Points(Scheme.Where(s => s.Rule != ScoringRule.Bonus).Sum(s => s.Weight))} 分。");
        }
        foreach (var u in Units)
        {
            notes.AddRange(u.Items.Where(i => i.Note is not null).Select(i => $"说明: {u.OrgUnitName} · {Names[i.Key]}: {i.Note}。"));
        }
        return notes;
    }

    public static string RuleName(ScoringRule rule) => rule switch
    {
        ScoringRule.Bonus => "加分项",
        ScoringRule.FullWhenMet => "达标得满分",
        ScoringRule.Proportional => "按进度得分",
        ScoringRule.DeductPerPoint => "按差距扣分",
        ScoringRule.Veto => "一票否决",
        _ => throw new UnreachableException(),
    };

    private static CellLook LookOf(ItemScore item) => !item.Status.IsJudged() ? CellLook.Missing
        : item.Met || item.Points >= item.Weight ? CellLook.Good
        : item.Points * 2 >= item.Weight ? CellLook.Fair
        : CellLook.Poor;

    private static string Points(decimal weight) => Rounding.WithoutTrailingZeros(Scorecard.Rounded(weight)).ToString(CultureInfo.InvariantCulture);
}
