using System.Diagnostics;
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
            ReportKind.Monitoring => [],
            _ => throw new UnreachableException(),
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
                e.ProgressText,
                r.StatusText,
                .. report.Kind switch
                {
                    ReportKind.Midterm => new[] { PlanReport.HalfwayMet(r, report.Elapsed) ? "已过半" : "未过半" },
                    ReportKind.Final => [e.Status == TargetStatus.Achieved ? "实现" : "未实现"],
                    ReportKind.Monitoring => [],
                    _ => throw new UnreachableException(),
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
            Comparator.EqualTo => Show(e.TargetValue, d),
            _ => throw new UnreachableException(),
        };
    }

    public static string Show(decimal? value, int decimals) =>
        value is { } v ? Rounding.ForDisplay(v, decimals).ToString("0.##########", CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// Writes the report to <paramref name="path"/> by its extension: .docx (with the progress chart as an image when
    /// Chromium is there to draw it), .xlsx, or .pdf (Chromium prints the HTML view). Returns a note for the user
    /// when something was left out. <paramref name="withChart"/> false leaves the chart out of a .docx (a quick draft:
    /// drawing it starts a browser, which takes a second or two).
    /// </summary>
    public static async Task<string?> WriteAsync(string path, PlanReport report, CancellationToken cancellationToken = default, bool withChart = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".xlsx")
        {
            XlsxWriter.Write(path, Sheets(report));
            return null;
        }
        var work = Directory.CreateTempSubdirectory("yardstick-report-");
        try
        {
            var browser = HeadlessChromium.Find();
            if (extension == ".pdf")
            {
                var html = Path.Combine(work.FullName, "report.html");
                await File.WriteAllTextAsync(html, ReportHtml.Page(report), cancellationToken);
                await HeadlessChromium.PrintToPdfAsync(html, path, cancellationToken);
                return null;
            }
            byte[]? chart = null;
            if (!withChart)
            {
                WriteDocx(path, report, null);
                return null;
            }
            if (browser is not null)
            {
                var html = Path.Combine(work.FullName, "chart.html");
                var png = Path.Combine(work.FullName, "chart.png");
                await File.WriteAllTextAsync(html, ReportHtml.ChartPage(report), cancellationToken);
                await HeadlessChromium.ScreenshotAsync(html, png, 700, ReportHtml.ChartHeight(report), cancellationToken);
                chart = await File.ReadAllBytesAsync(png, cancellationToken);
            }
            WriteDocx(path, report, chart);
            return chart is null ? "未找到 Chromium, 报告中未附图表 (运行 scripts/setup.sh 安装)" : null;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    public static void WriteDocx(string path, PlanReport report, byte[]? chartPng = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = new List<OpenXmlElement>
        {
            Title($"{report.PlanName}"),
            Title(ReportHtml.Title(report)),
            Centered(report.Kind == ReportKind.Monitoring ? $"({report.OrgUnitName})" : $"({report.OrgUnitName}, 截至{report.Year}年)"),
            Heading("一、总体情况"),
            Body(report.Summary()),
        };
        body.AddRange(
        [
            Heading("二、主要指标完成情况"),
            Table(TableHeader(report.Kind), TableRows(report)),
        ]);
        if (report.DocumentTargets.Count > 0)
        {
            body.Add(Lead(report.DocumentTargetsSentence()));
            body.Add(Table(DocumentTargetHeader, DocumentTargetRows(report)));
        }
        body.Add(Heading("三、进度滞后的指标"));
        body.AddRange(LaggingLines(report).Select(Body));
        if (report.WarningLines() is { Count: > 0 } warnings)
        {
            body.Add(Subheading("预警"));
            body.AddRange(warnings.Select(Body));
        }
        body.Add(Heading("四、重点任务推进情况"));
        body.Add(Body(report.TaskCount == 0
            ? "本规划未导入重点任务清单。"
            : $"规划共列重点任务{report.TaskCount}项, 牵头领导和责任处室见任务清单; 各项任务的推进状态以督办台账为准。"));
        body.Add(Heading("五、数据质量"));
        body.Add(Subheading("(一)报告完整性"));
        body.Add(Body(report.CompletenessLine()));
        body.Add(Subheading("(二)及时性"));
        body.AddRange(report.TimelinessLines().Select(Body));
        body.Add(Subheading("(三)异常值"));
        body.Add(Body(report.Outliers.Count == 0
            ? "按各单位历年数据的修正z分数 (|z| > 3.5) 检查, 未发现异常值。"
            : "按各单位历年数据的修正z分数 (|z| > 3.5), 以下数值需核实: " + string.Join("; ", report.Outliers.Select(o =>
                $"{o.OrgUnit}{o.Year}年{o.Indicator} {Rounding.Plain(Math.Round(o.Value, 2))} (中位数 {Rounding.Plain(Math.Round(o.Median, 2))})")) + "。"));
        body.Add(Subheading("(四)内部一致性"));
        body.Add(Body(report.ConsistencyFailures.Count == 0 ? "未发现分子大于分母等不一致。" : string.Join("; ", report.ConsistencyFailures) + "。"));
        Write(path, main =>
        {
            // The chart goes after the opening summary (the fifth paragraph).
            if (chartPng is not null)
            {
                body.Insert(5, Picture(main, chartPng, 700, ReportHtml.ChartHeight(report)));
            }
            return body;
        });
    }

    public static IReadOnlyList<string> DocumentTargetHeader { get; } = ["序号", "目标 (原文)", "类型", "完成数或达成情况", "依据", "状态", "责任处室"];

    /// <summary>The document's own targets: as written, kind, the figure or outcome recorded, what it was judged on, status.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> DocumentTargetRows(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.DocumentTargets.Select((r, k) => (IReadOnlyList<string>)
        [
            (k + 1).ToString(CultureInfo.InvariantCulture),
            r.Item.Written,
            r.Target.Kind.Chinese(),
            r.Shown,
            r.BasisChinese,
            r.Evaluation.Status.Chinese(),
            r.Result?.Department ?? "—",
        ])];
    }

    /// <summary>One line per lagging target: where it is, where it should be this year, who is responsible.</summary>
    public static IReadOnlyList<string> LaggingLines(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Lagging.Count == 0)
        {
            return ["无进度滞后或较基期恶化的指标。"];
        }
        // Responsibility is named where the plan names it; the targets it names no department for are listed once, after.
        var unassigned = report.Lagging.Where(r => report.Responsible.GetValueOrDefault(r.Indicator.Name) is null).Select(r => r.Indicator.Name).Distinct().ToList();
        var lines = report.Lagging.Select((r, k) =>
        {
            var d = r.Indicator.Decimals;
            var who = report.Responsible.GetValueOrDefault(r.Indicator.Name);
            // （5）not "5.": an item number before "65岁及以上…" would read as 5.65岁. A clause without a figure is left out, not written "—".
            var parts = new List<string> { $"现值{Show(r.Evaluation.Actual, d)}{r.Indicator.Unit}" };
            if (r.Evaluation.Expected is { } expected && r.Evaluation.Progress != ProgressBasis.BaselineMet)
            {
                parts.Add($"按进度当年应达{Show(expected, d)}{r.Indicator.Unit}");
            }
            if (r.Evaluation.TargetValue is { } target)
            {
                parts.Add($"目标{Show(target, d)}{r.Indicator.Unit}");
            }
            return $"（{k + 1}）{r.Indicator.Name}：{string.Join("，", parts)}，{r.StatusText}。" + (who is null ? "" : $"责任：{who}。");
        }).ToList();
        if (unassigned.Count > 0)
        {
            lines.Add(unassigned.Count == report.Lagging.Count
                ? "以上指标规划未明确责任处室。"
                : $"{string.Join("、", unassigned)}{(unassigned.Count > 1 ? "等" + unassigned.Count + "项指标" : "")}规划未明确责任处室。");
        }
        return lines;
    }

    /// <summary>The same tables as the .docx: indicators, lagging ones, data quality.</summary>
    public static IReadOnlyList<ReportSheet> Sheets(PlanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new List<IReadOnlyList<ReportCell>>
        {
            new List<ReportCell> { new($"{report.PlanName} {PlanReport.Title(report.Kind, report.Year)} ({report.OrgUnitName})", Look: CellLook.Title) },
            Header([.. TableHeader(report.Kind)]),
        };
        table.AddRange(TableRows(report).Select((cells, k) => (IReadOnlyList<ReportCell>)[.. cells.Select((c, col) =>
            new ReportCell(c, Look: col == 7 ? StatusLook(report.Rows[k].Evaluation.Status) : CellLook.Plain))]));
        var lagging = new List<IReadOnlyList<ReportCell>> { Header("指标", "现值", "当年应达", "状态", "责任") };
        lagging.AddRange(report.Lagging.Select(r => (IReadOnlyList<ReportCell>)
        [
            r.Indicator.Name, Show(r.Evaluation.Actual, r.Indicator.Decimals), Show(r.Evaluation.Expected, r.Indicator.Decimals),
            new(r.StatusText, Look: StatusLook(r.Evaluation.Status)), report.Responsible.GetValueOrDefault(r.Indicator.Name) ?? "—",
        ]));
        var quality = new List<IReadOnlyList<ReportCell>> { Header("单位", "指标", "年份", "数值", "历年中位数", "修正z分数") };
        quality.AddRange(report.Outliers.Select(o => (IReadOnlyList<ReportCell>)
            [o.OrgUnit, o.Indicator, new(null, o.Year), new(null, Math.Round(o.Value, 4)), new(null, Math.Round(o.Median, 4)), new(null, Math.Round(o.Score, 2))]));
        var timeliness = new List<IReadOnlyList<ReportCell>> { Header("报表", "单位", "未报期数", "迟报期数") };
        timeliness.AddRange(report.Reporting.SelectMany(r => r.Laggards.Select(l => (IReadOnlyList<ReportCell>)
            [r.DataSet.Name, l.Unit.Name, new(null, l.Missing), new(null, l.Late)])));
        return
        [
            new ReportSheet("指标完成情况", table, [6, 40, 8, 10, 12, 10, 10, 12, 10]),
            new ReportSheet("进度滞后指标", lagging, [40, 10, 10, 12, 24]),
            new ReportSheet("异常值", quality, [16, 40, 8, 10, 12, 10]),
            new ReportSheet("未报迟报单位", timeliness, [24, 24, 10, 10]),
            new ReportSheet("文件其他目标", [Header([.. DocumentTargetHeader]), .. DocumentTargetRows(report).Select((cells, k) => (IReadOnlyList<ReportCell>)[.. cells.Select((c, col) =>
                new ReportCell(c, Look: col == 5 ? StatusLook(report.DocumentTargets[k].Evaluation.Status) : CellLook.Plain))])], [6, 50, 8, 16, 16, 10, 14]),
        ];
    }

    private static List<ReportCell> Header(params string[] names) => [.. names.Select(n => new ReportCell(n, Look: CellLook.Header))];

    public static CellLook StatusLook(TargetStatus status) => status switch
    {
        TargetStatus.Achieved or TargetStatus.OnTrack => CellLook.Good,
        TargetStatus.Lagging or TargetStatus.NotMet => CellLook.Fair,
        TargetStatus.Worsened or TargetStatus.Overdue => CellLook.Poor,
        TargetStatus.NoData or TargetStatus.Incomplete or TargetStatus.NoBaseline or TargetStatus.NoUnitData => CellLook.Missing,
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// A document of headings, paragraphs, tables and pictures written with the official-document page and styles;
    /// <paramref name="content"/> gets the main part so that pictures can add their image parts to it.
    /// </summary>
    public static void Write(string path, Func<MainDocumentPart, IEnumerable<OpenXmlElement>> content) => Write(path, content, landscape: false);

    /// <summary>The same, on A4 landscape when <paramref name="landscape"/> (a wide table such as the 考核 result).</summary>
    public static void Write(string path, Func<MainDocumentPart, IEnumerable<OpenXmlElement>> content, bool landscape)
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
            landscape ? new PageSize { Width = 16838, Height = 11906, Orient = PageOrientationValues.Landscape } : new PageSize { Width = 11906, Height = 16838 },
            // GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (1 mm = 56.7 twips); turned for landscape, narrower.
            landscape
                ? new PageMargin { Top = 1134, Bottom = 1134, Left = 1418U, Right = 1418U, Header = 567U, Footer = 567U, Gutter = 0U }
                : new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U });
        var elements = content(main).ToList();
        main.Document = new Document(new Body([.. elements, section]));
        main.Document.Save();
    }

    // An inline picture 15 cm wide (the text block is 15.6 cm), keeping the image's proportions.
    public static Paragraph Picture(MainDocumentPart main, byte[] png, int widthPx, int heightPx)
    {
        ArgumentNullException.ThrowIfNull(main);
        var image = main.AddImagePart(ImagePartType.Png);
        using (var stream = new MemoryStream(png))
        {
            image.FeedData(stream);
        }
        var relationshipId = main.GetIdOfPart(image);
        var id = main.ImageParts.Count();
        const long Width = 5_400_000; // EMU: 15 cm
        var height = Width * heightPx / widthPx;
        var graphic = new DocumentFormat.OpenXml.Drawing.Graphic(new DocumentFormat.OpenXml.Drawing.GraphicData(
            new DocumentFormat.OpenXml.Drawing.Pictures.Picture(
                new DocumentFormat.OpenXml.Drawing.Pictures.NonVisualPictureProperties(
                    new DocumentFormat.OpenXml.Drawing.Pictures.NonVisualDrawingProperties { Id = (uint)id, Name = $"chart{id}.png" },
                    new DocumentFormat.OpenXml.Drawing.Pictures.NonVisualPictureDrawingProperties()),
                new DocumentFormat.OpenXml.Drawing.Pictures.BlipFill(
                    new DocumentFormat.OpenXml.Drawing.Blip { Embed = relationshipId },
                    new DocumentFormat.OpenXml.Drawing.Stretch(new DocumentFormat.OpenXml.Drawing.FillRectangle())),
                new DocumentFormat.OpenXml.Drawing.Pictures.ShapeProperties(
                    new DocumentFormat.OpenXml.Drawing.Transform2D(
                        new DocumentFormat.OpenXml.Drawing.Offset { X = 0, Y = 0 },
                        new DocumentFormat.OpenXml.Drawing.Extents { Cx = Width, Cy = height }),
                    new DocumentFormat.OpenXml.Drawing.PresetGeometry(new DocumentFormat.OpenXml.Drawing.AdjustValueList()) { Preset = DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Rectangle })))
        { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" });
        var inline = new DocumentFormat.OpenXml.Drawing.Wordprocessing.Inline(
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent { Cx = Width, Cy = height },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties { Id = (uint)id, Name = $"图{id}" },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.NonVisualGraphicFrameDrawingProperties(new DocumentFormat.OpenXml.Drawing.GraphicFrameLocks { NoChangeAspect = true }),
            graphic)
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        return new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(new Drawing(inline)));
    }

    public static Paragraph Title(string text) => Paragraph(text, TitleFont, 44, bold: false, JustificationValues.Center);

    /// <summary>The 发文字号 line: 仿宋 3号, centred (GB/T 9704 7.2.4).</summary>
    public static Paragraph DocumentNumber(string text) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Center);

    public static Paragraph Centered(string text) => Paragraph(text, SubheadingFont, 32, bold: false, JustificationValues.Center);

    public static Paragraph Heading(string text) => Paragraph(text, HeadingFont, 32, bold: false, JustificationValues.Left, keepNext: true);

    public static Paragraph Subheading(string text) => Paragraph(text, SubheadingFont, 32, bold: false, JustificationValues.Left, keepNext: true);

    public static Paragraph Body(string text) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Both, firstLineIndent: true);

    /// <summary>A sentence that introduces the table after it: kept on the same page as the table's first rows.</summary>
    public static Paragraph Lead(string text) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Both, firstLineIndent: true, keepNext: true);

    /// <summary>A line set flush left, no indent (主送).</summary>
    public static Paragraph Flush(string text) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Left);

    /// <summary>A line set flush right (落款: the issuing office, the date); <paramref name="keepNext"/> holds it on the next one's page.</summary>
    public static Paragraph Signature(string text, bool keepNext = false) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Right, keepNext: keepNext);

    /// <summary>The body's last paragraph, kept on the page of the 落款 after it: a signature never stands alone (GB/T 9704 7.3.5).</summary>
    public static Paragraph Closing(string text) => Paragraph(text, BodyFont, 32, bold: false, JustificationValues.Both, firstLineIndent: true, keepNext: true);

    /// <summary>
    /// A table: column widths from what the columns hold (a rank narrow, a list of indicators wide), the heading row repeated
    /// on every page and kept with the first row (never stranded at the foot of a page), no row split across pages.
    /// </summary>
    public static Table Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int textWidth = PortraitTextWidth)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var body = rows.ToList();
        static TableCell Cell(string text, bool heading) => new(new Paragraph(
            heading
                ? new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Line = "300", LineRule = LineSpacingRuleValues.Auto }, new Justification { Val = JustificationValues.Center })
                : new ParagraphProperties(new SpacingBetweenLines { Line = "300", LineRule = LineSpacingRuleValues.Auto }, new Justification { Val = JustificationValues.Center }),
            new Run(new RunProperties(new RunFonts { EastAsia = BodyFont, Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, heading ? new Bold() : new Bold { Val = false }, new FontSize { Val = "18" }),
                new Text(Core.Text.ChineseText.Punctuate(text)))));
        // Schema order: tblW before tblBorders; top, left, bottom, right, insideH, insideV; then tblGrid before the rows.
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, border),
            new TableGrid([.. Widths(header, body, textWidth).Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })]));
        table.Append(new TableRow([new TableRowProperties(new CantSplit(), new TableHeader()), .. header.Select(h => Cell(h, heading: true))]));
        foreach (var row in body)
        {
            table.Append(new TableRow([new TableRowProperties(new CantSplit()), .. row.Select(c => Cell(c, heading: false))]));
        }
        return table;
    }

    /// <summary>Twips of text a portrait GB/T 9704 page holds across (156 mm).</summary>
    public const int PortraitTextWidth = 9000;

    /// <summary>Twips of text an A4-landscape page (the 考核 table) holds across: 297 mm less two 25 mm margins.</summary>
    public const int LandscapeTextWidth = 16838 - 2 * 1418;

    /// <summary>
    /// The narrowest a table cell may be, in twips, so that <paramref name="text"/> never breaks inside a number or a short
    /// word: the widest unbreakable token (a run of digits, letters and signs such as "18.27" or "2023-12-31"; a whole
    /// cell of at most <see cref="ShortWordChars"/> Chinese characters, such as 进度滞后 or a unit's name) at the table's
    /// 9-point type, a Chinese character 180 twips and any other 120 (a digit is 90 in Times New Roman, up to 115 in the
    /// fonts LibreOffice puts in its place), plus the cell's 108-twip margins either side.
    /// </summary>
    public static int MinimumCellWidth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = Core.Text.ChineseText.Punctuate(text);
        return UnbreakableTokens(text).Select(TextTwips).DefaultIfEmpty(0).Max() + 2 * 108 + 20;
    }

    /// <summary>A cell of at most this many characters and no space is one word (a status, a unit's name) and is not broken.</summary>
    public const int ShortWordChars = 8;

    private static int TextTwips(string text) => text.Sum(c => IsWide(c) ? 180 : 120);

    private static bool IsWide(char c) => c >= 0x2E80;

    private static IEnumerable<string> UnbreakableTokens(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= ShortWordChars && !trimmed.Any(char.IsWhiteSpace))
        {
            yield return trimmed;
            yield break;
        }
        var token = new System.Text.StringBuilder();
        foreach (var c in trimmed)
        {
            if (IsWide(c) || char.IsWhiteSpace(c))
            {
                if (token.Length > 0)
                {
                    yield return token.ToString();
                    token.Clear();
                }
            }
            else
            {
                token.Append(c);
            }
        }
        if (token.Length > 0)
        {
            yield return token.ToString();
        }
    }

    /// <summary>
    /// Whether a table with these cells fits <paramref name="textWidth"/> twips across without breaking a number or a short
    /// word (every column at least its <see cref="MinimumCellWidth"/>); a table that does not is squeezed and breaks them.
    /// </summary>
    public static bool Fits(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, int textWidth) =>
        Least(header, rows).Sum() <= textWidth;

    // The narrowest each column may be: its longest number or short word (MinimumCellWidth, over its body cells and, up to
    // four characters, its heading).
    private static List<int> Least(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows) =>
        [.. header.Select((h, k) => Math.Max(MinimumCellWidth(h.Length <= 4 ? h : h[..4]),
            rows.Select(r => k < r.Count ? MinimumCellWidth(r[k]) : 0).DefaultIfEmpty(0).Max()))];

    // Every column first gets its least width; the rest of the text block then goes, a step at a time, to the column where
    // it saves the most lines per twip — the table's height first (the tallest cell of each row), then the lines of all its
    // cells — so a list of lagging targets widens before a unit's name does and no row is taller than it has to be. What no
    // step can shorten is shared by how much each column holds. If even the least widths do not fit, they are scaled down
    // together: the table never runs past the margins.
    private static List<int> Widths(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, int textWidth)
    {
        var least = Least(header, rows);
        if (least.Sum() > textWidth)
        {
            var scaled = least.Select(m => (int)((long)m * textWidth / least.Sum())).ToList();
            scaled[scaled.IndexOf(scaled.Max())] += textWidth - scaled.Sum();
            return scaled;
        }
        var cells = rows.Prepend(header).Select(r => header.Select((_, k) => Tokens(k < r.Count ? r[k] : "")).ToList()).ToList();
        var widths = least.ToList();
        var spare = textWidth - widths.Sum();
        while (true)
        {
            var (height, lines) = Measure(cells, widths);
            (int Column, int Width, double Gain)? best = null;
            for (var k = 0; k < widths.Count; k++)
            {
                // The next width at which some cell of this column takes a line fewer.
                var next = cells.Select(r => WidthForFewerLines(r[k], widths[k], widths[k] + spare)).Where(w => w > 0).DefaultIfEmpty(0).Min();
                if (next == 0)
                {
                    continue;
                }
                var old = widths[k];
                widths[k] = next;
                var (shorter, fewer) = Measure(cells, widths);
                widths[k] = old;
                var gain = ((height - shorter) * 1000.0 + (lines - fewer)) / (next - old);
                if (gain > 0 && (best is null || gain > best.Value.Gain))
                {
                    best = (k, next, gain);
                }
            }
            if (best is not { } step)
            {
                break;
            }
            spare -= step.Width - widths[step.Column];
            widths[step.Column] = step.Width;
        }
        var want = cells.Aggregate(new int[widths.Count], (sum, r) => { for (var k = 0; k < r.Count; k++) { sum[k] += r[k].Sum(); } return sum; });
        var shares = want.Sum();
        for (var k = 0; k < widths.Count; k++)
        {
            widths[k] += shares == 0 ? spare / widths.Count : (int)((long)spare * want[k] / shares);
        }
        // Rounding leaves the sum a little short: the widest column takes the difference.
        widths[widths.IndexOf(widths.Max())] += textWidth - widths.Sum();
        return widths;
    }

    // A cell's text as the pieces a line may break between, in twips at 9 pt: each Chinese character or space alone, a run
    // of anything else (a number, "10%") whole; an opening bracket goes with what follows it and a closing one or a
    // stop with what precedes it, since neither may stand at that end of a line.
    private static int[] Tokens(string text)
    {
        const string Opening = "（《“‘〔【「(", Closing = "）》”’〕】」，。、；：！？％)";
        var tokens = new List<int>();
        var (run, opening) = (0, 0);
        void Close()
        {
            if (run > 0)
            {
                tokens.Add(opening + run);
                (run, opening) = (0, 0);
            }
        }
        foreach (var c in Core.Text.ChineseText.Punctuate(text).Trim())
        {
            var width = TextTwips(c.ToString());
            if (Closing.Contains(c, StringComparison.Ordinal) && (run > 0 || tokens.Count > 0))
            {
                if (run > 0)
                {
                    run += width;
                }
                else
                {
                    tokens[^1] += width;
                }
            }
            else if (Opening.Contains(c, StringComparison.Ordinal))
            {
                Close();
                opening += width;
            }
            else if (IsWide(c) || char.IsWhiteSpace(c))
            {
                Close();
                tokens.Add(opening + width);
                opening = 0;
            }
            else
            {
                run += width;
            }
        }
        Close();
        if (opening > 0)
        {
            tokens.Add(opening);
        }
        return [.. tokens];
    }

    // The lines a cell of this width sets its tokens in, each line filled before the next begins.
    private static int LinesIn(int[] tokens, int width)
    {
        var room = width - 2 * 108 - 20;
        var (lines, used) = (1, 0);
        foreach (var t in tokens)
        {
            if (used > 0 && used + t > room)
            {
                (lines, used) = (lines + 1, 0);
            }
            used += t;
        }
        return lines;
    }

    // The least width above `from`, up to `to`, at which the cell takes fewer lines than at `from`; 0 when there is none.
    private static int WidthForFewerLines(int[] tokens, int from, int to)
    {
        var now = LinesIn(tokens, from);
        if (now == 1 || LinesIn(tokens, to) >= now)
        {
            return 0;
        }
        var (low, high) = (from, to);
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            (low, high) = LinesIn(tokens, middle) < now ? (low, middle) : (middle, high);
        }
        return high;
    }

    // The table's height (the tallest cell of each row, in lines) and all its cells' lines.
    private static (int Height, int Lines) Measure(List<List<int[]>> cells, List<int> widths) =>
        (cells.Sum(r => r.Select((t, k) => LinesIn(t, widths[k])).Max()), cells.Sum(r => r.Select((t, k) => LinesIn(t, widths[k])).Sum()));

    // Children of pPr in schema order: keepNext, spacing, ind, jc.
    // Every paragraph's text goes through ChineseText.Punctuate: the one place documents get their full-width ，；：（）.
    private static Paragraph Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues justification, bool firstLineIndent = false,
        bool keepNext = false) => new(
        new ParagraphProperties(new OpenXmlElement?[]
            {
                keepNext ? new KeepNext() : null,
                new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact },
                // Two characters: in characters for Word, and in twips (2 × 16 pt) for LibreOffice, which reads only those.
                firstLineIndent ? new Indentation { FirstLine = "640", FirstLineChars = 200 } : null,
                new Justification { Val = justification },
            }
            .OfType<OpenXmlElement>()),
        new Run(
            new RunProperties(new RunFonts { EastAsia = font, Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, bold ? new Bold() : new Bold { Val = false }, new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }),
            new Text(Core.Text.ChineseText.Punctuate(text)) { Space = SpaceProcessingModeValues.Preserve }));

    private static Run Run(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
}
