using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Yardstick.Core.Indicators;
using Yardstick.Core.Targets;

namespace Yardstick.Data.Reports;

/// <summary>
/// Writes a <see cref="PlanReport"/> (and the 通报 notice) as documents a commission sends as they are: .docx after
/// GB/T 9704 (A4; margins 37/35/28/26 mm; title in 小标宋 22 pt; 一、 headings in 黑体, (一) in 楷体, body 仿宋 16 pt
/// on a 28 pt line; page numbers "— N —" at the foot), and .xlsx of the same tables. Values are rounded to each
/// indicator's decimals; fonts fall back where a machine lacks them.
/// </summary>
public static class ReportDocuments
{
    private const string TitleFont = "方正小标宋简体";
    private const string HeadingFont = "黑体";
    private const string SubheadingFont = "楷体";
    private const string BodyFont = "仿宋";

    /// <summary>The rows of the indicator table, as shown in both the .docx and the .xlsx.</summary>
    public static IReadOnlyList<string> TableHeader(ReportKind kind) =>
        ["序号", "指标", "性质", "基期值", "目标值", "现值", "完成进度", "状态", .. kind switch
        {
            ReportKind.Midterm => new[] { "任务过半" },
            ReportKind.Final => ["目标实现"],
            _ => [],
        }];

    public static IReadOnlyList<IReadOnlyList<string>> TableRows(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Rows.Select((r, k) =>
        {
            var d = r.Indicator.Decimals;
            var e = r.Evaluation;
            IReadOnlyList<string> cells =
            [
                (k + 1).ToString(CultureInfo.InvariantCulture),
                $"{r.Indicator.Name}({r.Indicator.Unit})",
                r.Target.Nature == TargetNature.Binding ? "约束性" : "预期性",
                Show(e.Baseline, d),
                TargetShown(r),
                Show(e.Actual, d),
                // A target met from the start (baseline already beyond it) has a meaningless negative progress.
                e.Status == TargetStatus.Achieved && e.ProgressPct is not >= 100 ? "已完成"
                    : e.ProgressPct is { } p ? $"{Rounding.ForDisplay(p, 1).ToString(CultureInfo.InvariantCulture)}%" : "—",
                e.Status.Chinese(),
                .. report.Kind switch
                {
                    ReportKind.Midterm => new[] { PlanReport.HalfwayMet(r, report.Elapsed) ? "已过半" : "未过半" },
                    ReportKind.Final => [e.Status == TargetStatus.Achieved ? "实现" : "未实现"],
                    _ => [],
                },
            ];
            return cells;
        })];
    }

    /// <summary>The target as a reader writes it: ≥80, <10, 15.6 (比基期降低10%), 4.2–5.0.</summary>
    public static string TargetShown(PlanEvaluationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var (t, e, d) = (row.Target, row.Evaluation, row.Indicator.Decimals);
        var given = Rounding.Plain(t.TargetValue ?? 0);
        return t.Comparator switch
        {
            Comparator.AtLeast => "≥" + Show(e.TargetValue, d),
            Comparator.GreaterThan => ">" + Show(e.TargetValue, d),
            Comparator.AtMost => "≤" + Show(e.TargetValue, d),
            Comparator.LessThan => "<" + Show(e.TargetValue, d),
            Comparator.Range => $"{Show(e.TargetValue, d)}–{Show(e.TargetUpper, d)}",
            Comparator.ReducePct => $"{Show(e.TargetValue, d)} (比基期降低{given}%)",
            Comparator.IncreasePct => $"{Show(e.TargetValue, d)} (比基期增长{given}%)",
            Comparator.ReducePpPerYear => $"{Show(e.TargetValue, d)} (每年降低{given}个百分点)",
            Comparator.IncreasePpPerYear => $"{Show(e.TargetValue, d)} (每年提高{given}个百分点)",
            _ => Show(e.TargetValue, d),
        };
    }

    public static string Show(decimal? value, int decimals) =>
        value is { } v ? Rounding.ForDisplay(v, decimals).ToString("0.##########", CultureInfo.InvariantCulture) : "—";

    public static void WriteDocx(string path, PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new List<OpenXmlElement>
        {
            Title($"{report.PlanName}"),
            Title(report.Kind == ReportKind.Monitoring ? $"{report.Year}年度监测报告" : PlanReport.KindName(report.Kind)),
            Centered(report.Kind == ReportKind.Monitoring ? $"({report.OrgUnitName})" : $"({report.OrgUnitName}, 截至{report.Year}年)"),
            Heading("一、总体情况"),
            Body(report.Summary()),
            Heading("二、主要指标完成情况"),
            Table(TableHeader(report.Kind), TableRows(report)),
            Heading("三、进度滞后的指标"),
        };
        if (report.Lagging.Count == 0)
        {
            body.Add(Body("无进度滞后或较基期恶化的指标。"));
        }
        foreach (var (r, k) in report.Lagging.Select((r, k) => (r, k + 1)))
        {
            var d = r.Indicator.Decimals;
            var who = report.Responsible.GetValueOrDefault(r.Indicator.Name) ?? "规划未明确责任处室";
            body.Add(Body($"{k}.{r.Indicator.Name}: 现值{Show(r.Evaluation.Actual, d)}{r.Indicator.Unit}, 按进度当年应达{Show(r.Evaluation.Expected, d)}{r.Indicator.Unit}, "
                + $"目标{Show(r.Evaluation.TargetValue, d)}{r.Indicator.Unit}, {r.Evaluation.Status.Chinese()}。责任: {who}。"));
        }
        body.Add(Heading("四、重点任务推进情况"));
        body.Add(Body(report.TaskCount == 0
            ? "本规划未导入重点任务清单。"
            : $"规划共列重点任务{report.TaskCount}项, 牵头领导和责任处室见任务清单; 各项任务的推进状态以督办台账为准。"));
        body.Add(Heading("五、数据质量"));
        body.Add(Subheading("(一)报告完整性"));
        var incomplete = report.Rows.Where(r => r.Completeness.Expected > 0 && r.Completeness.Reported < r.Completeness.Expected).ToList();
        body.Add(Body(incomplete.Count == 0
            ? $"{report.Year}年各指标应报单位均已报送数据。"
            : "以下指标有应报未报的单位: " + string.Join("; ", incomplete.Select(r => $"{r.Indicator.Name} {r.Completeness.Reported}/{r.Completeness.Expected}")) + "。"));
        body.Add(Subheading("(二)及时性"));
        body.Add(Body("本期数据按年度汇总; 报送时限未在系统中设定, 及时性暂不评价。"));
        body.Add(Subheading("(三)异常值"));
        body.Add(Body(report.Outliers.Count == 0
            ? "按各单位历年数据的修正z分数 (|z| > 3.5) 检查, 未发现异常值。"
            : "按各单位历年数据的修正z分数 (|z| > 3.5), 以下数值需核实: " + string.Join("; ", report.Outliers.Select(o =>
                $"{o.OrgUnit}{o.Year}年{o.Indicator} {Rounding.Plain(Math.Round(o.Value, 2))} (中位数 {Rounding.Plain(Math.Round(o.Median, 2))})")) + "。"));
        body.Add(Subheading("(四)内部一致性"));
        body.Add(Body(report.ConsistencyFailures.Count == 0 ? "未发现分子大于分母等不一致。" : string.Join("; ", report.ConsistencyFailures) + "。"));
        Write(path, body);
    }

    /// <summary>The same tables as the .docx: indicators, lagging ones, data quality.</summary>
    public static IReadOnlyList<ReportSheet> Sheets(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new List<IReadOnlyList<ReportCell>>
        {
            new List<ReportCell> { new($"{report.PlanName} {report.Year}年{PlanReport.KindName(report.Kind)} ({report.OrgUnitName})", Look: CellLook.Title) },
            Header([.. TableHeader(report.Kind)]),
        };
        table.AddRange(TableRows(report).Select((cells, k) => (IReadOnlyList<ReportCell>)[.. cells.Select((c, col) =>
            new ReportCell(c, Look: col == 7 ? StatusLook(report.Rows[k].Evaluation.Status) : CellLook.Plain))]));
        var lagging = new List<IReadOnlyList<ReportCell>> { Header("指标", "现值", "当年应达", "状态", "责任") };
        lagging.AddRange(report.Lagging.Select(r => (IReadOnlyList<ReportCell>)
        [
            r.Indicator.Name, Show(r.Evaluation.Actual, r.Indicator.Decimals), Show(r.Evaluation.Expected, r.Indicator.Decimals),
            new(r.Evaluation.Status.Chinese(), Look: StatusLook(r.Evaluation.Status)), report.Responsible.GetValueOrDefault(r.Indicator.Name) ?? "—",
        ]));
        var quality = new List<IReadOnlyList<ReportCell>> { Header("单位", "指标", "年份", "数值", "历年中位数", "修正z分数") };
        quality.AddRange(report.Outliers.Select(o => (IReadOnlyList<ReportCell>)
            [o.OrgUnit, o.Indicator, new(null, o.Year), new(null, Math.Round(o.Value, 4)), new(null, Math.Round(o.Median, 4)), new(null, Math.Round(o.Score, 2))]));
        return
        [
            new ReportSheet("指标完成情况", table, [6, 40, 8, 10, 12, 10, 10, 12, 10]),
            new ReportSheet("进度滞后指标", lagging, [40, 10, 10, 12, 24]),
            new ReportSheet("异常值", quality, [16, 40, 8, 10, 12, 10]),
        ];
    }

    private static List<ReportCell> Header(params string[] names) => [.. names.Select(n => new ReportCell(n, Look: CellLook.Header))];

    public static CellLook StatusLook(TargetStatus status) => status switch
    {
        TargetStatus.Achieved or TargetStatus.OnTrack => CellLook.Good,
        TargetStatus.Lagging => CellLook.Fair,
        TargetStatus.Worsened => CellLook.Poor,
        _ => CellLook.Missing,
    };

    /// <summary>A document of headings, paragraphs and tables written with the official-document page and styles.</summary>
    public static void Write(string path, IEnumerable<OpenXmlElement> content)
    {
        using var document = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            Run("— "), new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }), new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }), Run("1"), new Run(new FieldChar { FieldCharType = FieldCharValues.End }), Run(" —")));
        var section = new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new PageSize { Width = 11906, Height = 16838 },
            // GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (1 mm = 56.7 twips).
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U });
        main.Document = new Document(new Body([.. content, section]));
        main.Document.Save();
    }

    public static Paragraph Title(string text) => Paragraph(text, TitleFont, 44, bold: false, JustificationValues.Center);

    public static Paragraph Centered(string text) => Paragraph(text, SubheadingFont, 32, bold: false, JustificationValues.Center);

    public static Paragraph Heading(string text) => Paragraph(text, HeadingFont, 32, bold: false, JustificationValues.Left);

    public static Paragraph Subheading(string text) => Paragraph(text, SubheadingFont, 32, bold: false, JustificationValues.Left);

    public static Paragraph Body(string text) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Both, firstLineIndent: true);

    public static Table Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        static TableCell Cell(string text, bool bold) => new(new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { Line = "300", LineRule = LineSpacingRuleValues.Auto }, new Justification { Val = JustificationValues.Center }),
            new Run(new RunProperties(new RunFonts { EastAsia = BodyFont, Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, bold ? new Bold() : new Bold { Val = false }, new FontSize { Val = "18" }), new Text(text))));
        // Schema order: tblW before tblBorders; top, left, bottom, right, insideH, insideV; then tblGrid before the rows.
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, border),
            new TableGrid([.. Widths(header).Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })]));
        table.Append(new TableRow([.. header.Select(h => Cell(h, bold: true))]));
        foreach (var row in rows)
        {
            table.Append(new TableRow([.. row.Select(c => Cell(c, bold: false))]));
        }
        return table;
    }

    // Children of pPr in schema order: spacing, ind, jc.
    // Twips over the 9,000 of a GB/T 9704 text block: a narrow 序号/排名, a wide name column, the rest shared.
    private static IEnumerable<int> Widths(IReadOnlyList<string> header)
    {
        var wide = header.Count > 1 ? 1 : 0;
        var rest = (9000 - 700 - 2200) / Math.Max(1, header.Count - 2);
        return header.Select((h, k) => k == 0 ? 700 : k == wide ? 2200 : rest);
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues justification, bool firstLineIndent = false) => new(
        new ParagraphProperties(firstLineIndent
            ? [new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }, new Indentation { FirstLineChars = 200 }, new Justification { Val = justification }]
            : [new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }, new Justification { Val = justification }]),
        new Run(
            new RunProperties(new RunFonts { EastAsia = font, Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, bold ? new Bold() : new Bold { Val = false }, new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Run Run(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
}
