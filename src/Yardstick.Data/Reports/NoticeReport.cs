using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data.Reporting;
using Yardstick.Data.Values;

namespace Yardstick.Data.Reports;

/// <summary>
/// One unit named in a 通报: its lagging targets (indicators' and the document's), the indicators it has not fully reported, and the reports it (or units
/// under it) sent late or not at all ("月报表未报3期、迟报1期").
/// </summary>
public sealed record NoticeLine(int Rank, string OrgUnit, IReadOnlyList<string> Lagging, IReadOnlyList<string> Unreported, IReadOnlyList<string> LateReports);

/// <summary>
/// The 通报 naming lagging units: the children of a unit, those with lagging or worsened targets, with indicators they did
/// not fully report, or with reports of a data set missing or late in the year (their own or their subtree's, counted
/// by <see cref="YearReporting"/>), ranked by how many targets lag (most first; ties share a rank, then by unreported);
/// then the plan's key tasks past their deadline and not closed, with their owners (the unit's departments and units below).
/// </summary>
/// <summary>A key task past its deadline and not closed, with who owns it.</summary>
public sealed record OverdueTask(string No, string Title, string Leads, string Partners, DateOnly Deadline, int DaysLate, int Progress, string Stage);

/// <param name="Recipients">The 主送 line: the kind of unit addressed (各县区旗卫生健康行政部门).</param>
/// <param name="IssuedOn">The day of the 落款.</param>
public sealed record NoticeReport(string PlanName, string OrgUnitName, int Year, int UnitCount, IReadOnlyList<NoticeLine> Lines, IReadOnlyList<OverdueTask> Overdue,
    string Recipients, DateOnly IssuedOn)
{
    /// <summary>The issuing office of the 落款: the unit's health commission.</summary>
    public string Issuer => OrgUnitName.EndsWith("卫生健康委员会", StringComparison.Ordinal) || OrgUnitName.EndsWith("卫健委", StringComparison.Ordinal)
        ? OrgUnitName
        : OrgUnitName + "卫生健康委员会";

    /// <summary>
    /// The issuing organ's abbreviation in the 发文字号 (机关代字, "通卫健"): as given, or by default the unit name's first
    /// character and 卫健 (通辽市 → 通卫健). The default is a guess at local usage: an office whose 代字 differs passes its own.
    /// </summary>
    public string? OrganCode { get; init; }

    /// <summary>The serial number of the 发文字号; null leaves a blank for the office to fill in by hand.</summary>
    public int? Number { get; init; }

    /// <summary>With an org-unit group: the subject "通辽市 · 农村牧区" (<see cref="OrgUnits.ChosenGroup.Label"/>), under the title.</summary>
    public string? Subject { get; init; }

    /// <summary>With an org-unit group: what the 通报 counts (<see cref="OrgUnits.ChosenGroup.ChildrenDefinition"/>), under the subject.</summary>
    public string? GroupDefinition { get; init; }

    /// <summary>
    /// The 发文字号 (GB/T 9704 7.2.4): 机关代字, 通 (a 通报), the year in 〔〕 and the number, "通卫健通〔2026〕3号"; without a
    /// number, "通卫健通〔2026〕　号" with a full-width space to be filled in.
    /// </summary>
    public string DocumentNumber =>
        $"{(string.IsNullOrWhiteSpace(OrganCode) ? DefaultOrganCode(OrgUnitName) : OrganCode.Trim())}通〔{IssuedOn.Year}〕"
        + (Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "\u3000") + "号";

    private static string DefaultOrganCode(string unitName) => (unitName.Length > 0 ? unitName[..1] : "") + "卫健";

    /// <param name="taskSource">
    /// Which overdue tasks it names: null, the plan's (its own and its red-light drafts, as always); 规划 or 预警, the plan's of
    /// that source; 批示件 or 其他, every task of that source under the unit, since those stand outside plans.
    /// </param>
    /// <param name="groupCode">
    /// An org-unit group: each child is named on its figures restricted to the group's members inside it, as every evaluation
    /// restricted to a group is (<see cref="Evaluations.GroupPartsAsync"/>); a child with no member is left out; late reports and
    /// overdue tasks count only inside the group's part; the document's own targets — recorded per unit — are left out.
    /// </param>
    public static async Task<(NoticeReport? Notice, string? Error)> BuildAsync(YardstickDb db, IEngineSource engines, string planCode, string orgUnitCode, int year,
        DateOnly today, CancellationToken cancellationToken = default, Core.Tasks.TaskSource? taskSource = null, string? groupCode = null)
    {
        var (rows, error) = await Evaluations.PlanAsync(db, engines, planCode, orgUnitCode, year, children: true, groupCode, cancellationToken: cancellationToken);
        if (rows is null)
        {
            return (null, error);
        }
        var parent = rows.FirstOrDefault(r => r.OrgUnit.Code == orgUnitCode)?.OrgUnit.Name ?? orgUnitCode;
        var root = await db.OrgUnits.AsNoTracking().FirstAsync(u => u.Code == orgUnitCode, cancellationToken);
        var reporting = await YearReporting.OfAsync(db, root, year, today, cancellationToken);
        var plan = await db.Plans.AsNoTracking().FirstAsync(p => p.Code == planCode, cancellationToken);
        // The document's own targets (counts, qualitative ones…) lag too: each child judged on its own data and records.
        var children = await Evaluations.OpenChildrenAsync(db, root, year, cancellationToken);
        var group = groupCode is null ? null : (await OrgUnits.OrgUnitGroups.FindAsync(db, groupCode, cancellationToken)).Group!;
        var parts = group is null ? null : await Evaluations.GroupPartsAsync(db, engines, [root, .. children], group, year, cancellationToken);
        if (parts is not null)
        {
            children = [.. children.Where(c => parts[c.Id].Count > 0)];
        }
        bool Inside(OrgUnit unit, OrgUnit within) => parts is null ? unit.IsWithin(within) : parts[within.Id].Any(unit.IsWithin);
        var addressed = children.Where(c => c.Kind.IsArea()).Select(c => c.Kind).Distinct().ToList();
        var recipients = addressed.Count == 1 ? $"各{addressed[0].Chinese()}卫生健康行政部门" : "各有关单位";
        var documentLagging = (group is not null ? [] : await Documents.DocumentTargets.JudgeAsync(db, engines, plan, children, year, cancellationToken))
            .Where(r => r.Evaluation.Status.IsLagging())
            .ToLookup(r => r.OrgUnit.Code, r => r.Item.Name, StringComparer.Ordinal);
        var units = rows.Where(r => r.OrgUnit.Code != orgUnitCode).GroupBy(r => r.OrgUnit.Code, StringComparer.Ordinal)
            .Select(g => (Unit: g.First().OrgUnit.Name,
                Lagging: g.Where(r => r.Evaluation.Status.IsLagging()).Select(r => r.Indicator.Name)
                    .Concat(documentLagging[g.Key]).ToList(),
                Unreported: g.Where(r => r.Completeness.Expected > 0 && r.Completeness.Reported < r.Completeness.Expected).Select(r => r.Indicator.Name).ToList(),
                LateReports: LateReports(reporting, u => Inside(u, g.First().OrgUnit))))
            .ToList();
        var named = units.Where(u => u.Lagging.Count > 0 || u.Unreported.Count > 0 || u.LateReports.Count > 0)
            .OrderByDescending(u => u.Lagging.Count).ThenByDescending(u => u.Unreported.Count + u.LateReports.Count).ThenBy(u => u.Unit, StringComparer.Ordinal).ToList();
        var lines = new List<NoticeLine>();
        for (var k = 0; k < named.Count; k++)
        {
            var rank = k > 0 && named[k].Lagging.Count == named[k - 1].Lagging.Count ? lines[k - 1].Rank : k + 1;
            lines.Add(new NoticeLine(rank, named[k].Unit, named[k].Lagging, named[k].Unreported, named[k].LateReports));
        }
        var planWide = taskSource is null or Core.Tasks.TaskSource.Plan or Core.Tasks.TaskSource.Warning;
        var overdue = (await Tasks.TaskBoard.ListAsync(db, planWide ? planCode : null, cancellationToken))
            .Where(t => taskSource is null || t.Source == taskSource)
            .Where(t => t.LightOn(today) == Core.Tasks.TaskLight.Overdue
                && (t.Owners.Any(o => parts is null ? o.IsWithin(root) : parts[root.Id].Any(o.IsWithin)) || (group is null && t.Assigner?.IsWithin(root) == true)))
            .OrderBy(t => t.NextDue)
            .Select(t => new OverdueTask(t.No, t.Title + (t.NextMilestone is { } m ? $" (里程碑: {m.Title})" : ""), t.LeadNames,
                string.Join("、", t.PartnerOwners.Select(o => o.Name)), t.NextDue!.Value, today.DayNumber - t.NextDue!.Value.DayNumber, t.Progress,
                Core.Tasks.TaskWords.Chinese(t.Stage)))
            .ToList();
        return (new NoticeReport(plan.Name, parent, year, units.Count, lines, overdue, recipients, today)
        {
            Subject = group?.Label(root),
            GroupDefinition = group?.ChildrenDefinition(root),
        }, null);
    }

    // Per data set, the periods missed and sent late by the units counted (a child and every unit under it, or its group's part).
    private static List<string> LateReports(IReadOnlyList<YearReporting> reporting, Func<OrgUnit, bool> counted) =>
        [.. reporting.Select(r => (r.DataSet.Name,
                Missing: r.Laggards.Where(l => counted(l.Unit)).Sum(l => l.Missing),
                Late: r.Laggards.Where(l => counted(l.Unit)).Sum(l => l.Late)))
            .Where(x => x.Missing + x.Late > 0)
            .Select(x => x.Name + string.Join("、", new[] { x.Missing > 0 ? $"未报{x.Missing}期" : null, x.Late > 0 ? $"迟报{x.Late}期" : null }.OfType<string>()))];

    /// <summary>
    /// The two completeness columns count different things, so each says what: indicators whose year's figures are missing
    /// for the unit or a unit under it (the year's values, the indicator page's 上报完整率), and forms (报表) past their due
    /// date not sent or sent late, by period (报送完整性). A county can send every monthly form late and still have whole-year
    /// figures, or have a form for every month and an indicator whose annual element no one entered.
    /// </summary>
    public const string UnreportedColumn = "年度数据不全的指标 (按指标计)";

    /// <summary>See <see cref="UnreportedColumn"/>.</summary>
    public const string LateColumn = "未报或迟报的报表 (按报表期计)";

    /// <summary>The line under the table that says how the two columns count.</summary>
    public const string CountingNote = "注: “年度数据不全的指标”指本单位或所辖单位缺少该年度数值的指标 (与指标页“上报完整率”同一口径); "
        + "“未报或迟报的报表”按报表期计, 指已过报送期限仍未上报或超期上报的期数 (与“报送完整性”页同一口径)。两者口径不同, 可以一列为“—”而另一列有数。";

    public void WriteDocx(string path)
    {
        var body = new List<DocumentFormat.OpenXml.OpenXmlElement>
        {
            ReportDocuments.DocumentNumber(DocumentNumber),
            ReportDocuments.Title($"关于{Year}年《{PlanName}》目标进展情况的通报"),
        };
        if (Subject is not null)
        {
            body.Add(ReportDocuments.Centered($"（{Subject}）"));
            body.Add(ReportDocuments.Body(GroupDefinition ?? ""));
        }
        body.AddRange(
        [
            ReportDocuments.Flush(Recipients + "："),
            ReportDocuments.Lead($"根据{Year}年监测数据, 对{Subject ?? OrgUnitName}所辖{UnitCount}个单位的规划目标进展和数据报送情况进行了评价。"
                + (Lines.Count == 0 ? "各单位目标均按进度推进, 数据报送完整, 予以肯定。" : $"现将目标进度滞后或数据报送不完整的{Lines.Count}个单位通报如下:")
                + (Overdue.Count > 0 ? $"另有{Overdue.Count}项重点任务逾期未办结, 一并通报。" : "")),
        ]);
        if (Lines.Count > 0)
        {
            body.Add(ReportDocuments.Table(["排名", "单位", "滞后目标数", "进度滞后、较基期恶化或到期未达标的目标", UnreportedColumn, LateColumn],
                Lines.Select(l => (IReadOnlyList<string>)[l.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), l.OrgUnit,
                    l.Lagging.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Lagging.Count == 0 ? "—" : string.Join("、", l.Lagging),
                    l.Unreported.Count == 0 ? "—" : string.Join("、", l.Unreported), l.LateReports.Count == 0 ? "—" : string.Join("; ", l.LateReports)])));
            body.Add(ReportDocuments.Body(CountingNote));
            body.Add(ReportDocuments.Closing("请上述单位认真分析原因, 制定整改措施, 加快推进滞后目标, 补报缺失数据, 并于下一监测期前报送整改情况。"));
        }
        if (Overdue.Count > 0)
        {
            body.Add(ReportDocuments.Lead($"截至通报之日, 下列{Overdue.Count}项重点任务已超过完成时限尚未办结, 请牵头单位说明原因、明确办结时间:"));
            body.Add(ReportDocuments.Table(["任务", "牵头单位", "配合单位", "完成时限", "逾期天数", "进度", "办理状态"],
                Overdue.Select(t => (IReadOnlyList<string>)[$"{t.No} {t.Title}", t.Leads, t.Partners.Length == 0 ? "—" : t.Partners,
                    t.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), t.DaysLate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    t.Progress.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%", t.Stage])));
        }
        body.Add(ReportDocuments.Closing(""));
        body.Add(ReportDocuments.Signature(Issuer, keepNext: true));
        body.Add(ReportDocuments.Signature($"{IssuedOn.Year}年{IssuedOn.Month}月{IssuedOn.Day}日"));
        ReportDocuments.Write(path, _ => body);
    }
}
