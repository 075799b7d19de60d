using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ExcelDataReader;
using Yardstick.Core.Documents;
using Yardstick.Core.Text;

namespace Yardstick.Data.Documents;

/// <summary>
/// Turns a document file into the text the document reader reads: <c>.txt</c> (UTF-8 or GB18030) as it is; <c>.docx</c>
/// as its paragraphs one per line and each table row as one <c>| cell | cell |</c> line — a cell continued from the
/// row above (vertical merge) is left out, as flattened tables write a merged category once; <c>.pdf</c> laid out
/// from its words' positions (PdfPig), cleaned of page furniture (<see cref="PdfLayoutText"/>); <c>.html</c> pages by
/// AngleSharp; <c>.doc</c> and
/// <c>.wps</c> converted to .docx by LibreOffice headless; <c>.xlsx</c>/<c>.xls</c> sheets as barred rows. Anything else,
/// and a scanned PDF without a text layer, gets a clear Chinese message instead of a crash.
/// </summary>
public static partial class DocumentFile
{
    /// <summary>Documents larger than this are not planning documents; reading stops with a message.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static string ReadText(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DocumentFileException($"文件不存在: {path}");
        }
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new DocumentFileException($"文件超过 {MaxBytes / 1024 / 1024} MB, 不像是一份规划文档: {path}");
        }
        return FromBytes(File.ReadAllBytes(path), Path.GetFileName(path));
    }

    public static string FromBytes(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(fileName);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return extension switch
            {
                ".xlsx" or ".xlsm" => Sheets(bytes, fileName),
                ".docx" or "" => Docx(bytes, fileName),
                _ => throw new DocumentFileException($"{fileName} 是压缩包, 不是文档; 可读取的是 .txt、.docx、.doc、.wps、.pdf、.xlsx、.xls 和网页 .html/.htm"),
            };
        }
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            // The old Office container holds .doc, .wps and .xls alike: the name says which.
            if (extension is ".xls")
            {
                return Sheets(bytes, fileName);
            }
            var converted = Docx(Converted(bytes, fileName, "docx"), fileName);
            // LibreOffice opens a damaged file as plain text: replacement characters and no word of Chinese or Latin script.
            var readable = converted.Any(c => char.IsAsciiLetterOrDigit(c) || c is >= '\u4E00' and <= '\u9FFF')
                && converted.Count(c => c == '\uFFFD') * 10 < converted.Count(c => !char.IsWhiteSpace(c));
            return readable
                ? converted
                : throw new DocumentFileException($"{fileName} 无法读取: 转换后没有文字 (文件可能已损坏); 请在 Word 或 WPS 中打开后另存为 .docx");
        }
        if (bytes.AsSpan().StartsWith("%PDF"u8))
        {
            return Pdf(bytes, fileName);
        }
        if (extension is ".html" or ".htm" or ".shtml" || LooksLikeHtml(bytes))
        {
            return Html(bytes);
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new DocumentFileException($"这是二进制文件, 不是文本文档: {fileName}");
        }
        try
        {
            return TextDecoding.Decode(bytes);
        }
        catch (TextDecodingException e)
        {
            throw new DocumentFileException($"{fileName}:{e.Line}: {e.Message}");
        }
    }

    private static string Docx(byte[] bytes, string fileName)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var word = WordprocessingDocument.Open(stream, isEditable: false);
            var body = word.MainDocumentPart?.Document?.Body ?? throw new DocumentFileException($"{fileName} 没有正文");
            var text = new StringBuilder();
            foreach (var element in body.ChildElements)
            {
                switch (element)
                {
                    case Paragraph p:
                        text.AppendLine(p.InnerText);
                        break;
                    case Table t:
                        AppendTable(text, t);
                        break;
                }
            }
            return text.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or FormatException or System.Xml.XmlException)
        {
            throw new DocumentFileException($"{fileName} 不是有效的 .docx 文件: {e.Message}");
        }
    }

    /// <summary>
    /// A web page as saved from a government site: its blocks (paragraphs, headings, list items) one per line and each
    /// innermost table row as one <c>| cell | cell |</c> line, as a .docx table is written. A table that holds other
    /// tables is the page's layout, not data: its cells are read as blocks. A cell continued from the row above
    /// (rowspan) is left out, as flattened tables write a merged category once. Scripts, styles and the head are not text.
    /// AngleSharp parses it as a browser would (unclosed cells, a charset named in a meta tag: GB2312, GBK, UTF-8).
    /// </summary>
    private static string Html(byte[] bytes)
    {
        // Pages older than UTF-8 name a Chinese code page (gb2312, gbk) the parser needs registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(bytes, writable: false);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(stream);
        var text = new StringBuilder();
        AppendHtml(text, page.Body ?? (AngleSharp.Dom.INode)page.DocumentElement);
        // One blank line at most between blocks; no spaces at a line's ends.
        var lines = text.ToString().Split('\n').Select(l => l.Trim());
        var kept = new StringBuilder();
        var blank = true;
        foreach (var line in lines)
        {
            if (line.Length == 0 && blank)
            {
                continue;
            }
            blank = line.Length == 0;
            kept.Append(line).Append('\n');
        }
        return kept.ToString();
    }

    private static readonly HashSet<string> HtmlBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header", "footer", "blockquote",
        "pre", "dl", "dt", "dd", "caption", "center", "form", "hr", "main", "nav", "aside", "figure", "figcaption", "address",
    };

    private static void AppendHtml(StringBuilder text, AngleSharp.Dom.INode node)
    {
        switch (node)
        {
            case AngleSharp.Dom.IText t:
                text.Append(WhiteSpace().Replace(t.Data, " "));
                return;
            case AngleSharp.Dom.IElement e when e.LocalName is "script" or "style" or "noscript" or "template" or "head" or "title":
                return;
            case AngleSharp.Dom.IElement e when e.LocalName == "br":
                text.Append('\n');
                return;
            case AngleSharp.Html.Dom.IHtmlTableElement table when table.QuerySelector("table") is null:
                text.Append('\n');
                AppendHtmlTable(text, table);
                text.Append('\n');
                return;
            case AngleSharp.Dom.IElement e:
                // A layout table's rows and cells are blocks of their own.
                var block = HtmlBlocks.Contains(e.LocalName) || e.LocalName is "table" or "tr" or "td" or "th" or "tbody";
                if (block)
                {
                    text.Append('\n');
                }
                foreach (var child in e.ChildNodes)
                {
                    AppendHtml(text, child);
                }
                if (block)
                {
                    text.Append('\n');
                }
                return;
            default:
                foreach (var child in node.ChildNodes)
                {
                    AppendHtml(text, child);
                }
                return;
        }
    }

    private static void AppendHtmlTable(StringBuilder text, AngleSharp.Html.Dom.IHtmlTableElement table)
    {
        // Columns still covered by a cell of a row above (rowspan), with how many rows more they stay covered.
        var covered = new Dictionary<int, int>();
        foreach (var row in table.Rows)
        {
            var cells = new List<string>();
            var column = 0;
            foreach (var cell in row.Cells)
            {
                while (covered.TryGetValue(column, out var left) && left > 0)
                {
                    column++;
                }
                var content = new StringBuilder();
                foreach (var child in cell.ChildNodes)
                {
                    AppendHtml(content, child);
                }
                cells.Add(WhiteSpace().Replace(content.ToString(), " ").Trim());
                var span = Math.Max(1, cell.ColumnSpan);
                for (var k = 0; k < span; k++)
                {
                    // One more than the rows below it covers: every row, this one included, counts one off below.
                    covered[column + k] = Math.Max(1, cell.RowSpan);
                }
                column += span;
            }
            foreach (var k in covered.Keys.ToList())
            {
                covered[k] = Math.Max(0, covered[k] - 1);
            }
            if (cells.TrueForAll(c => c.Length == 0))
            {
                continue;
            }
            text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        }
    }

    // "<!DOCTYPE html>", "<html", "<meta …>" at the start (after a byte-order mark and blank space): a saved web page
    // whatever its name says.
    private static bool LooksLikeHtml(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 512)).TrimStart('\uFEFF', '?', ' ', '\r', '\n', '\t');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<head", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<meta", StringComparison.OrdinalIgnoreCase);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial System.Text.RegularExpressions.Regex WhiteSpace();

    /// <summary>
    /// The PDF's text layer, laid out as on the page from its words' positions (PdfPig, not <c>pdftotext -layout</c>:
    /// measured on the corpus printed to PDF, table rows F1 0.464 against 0.407, docs/READER.md), then cleaned of page
    /// numbers, headers and hard line breaks, wrapped cells put back in their rows.
    /// </summary>
    private static string Pdf(byte[] bytes, string fileName)
    {
        List<PdfPage> pages;
        try
        {
            pages = Pages(bytes);
        }
        catch (Exception e) when (e is not DocumentFileException and not OutOfMemoryException)
        {
            throw new DocumentFileException($"{fileName} 不是有效的 PDF 文件, 无法读取: {e.Message}");
        }
        var text = PdfLayoutText.Read(pages);
        if (text.Count(c => !char.IsWhiteSpace(c)) < 20)
        {
            throw new DocumentFileException($"{fileName} 没有文字层 (可能是扫描件), 无法读取其中文字; 请提供带文字的 PDF、.docx 或 .txt, 或先做文字识别 (OCR)");
        }
        return text;
    }

    /// <summary>The PDF's pages with their words where they are printed (PdfPig).</summary>
    private static List<PdfPage> Pages(byte[] bytes)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        return [.. pdf.GetPages().Select(page => new PdfPage(page.Width, page.Height,
            [.. page.GetWords().Select(w => new PdfWord(w.Text, w.BoundingBox.Left, w.BoundingBox.Right, w.BoundingBox.Bottom, w.BoundingBox.Top))]))];
    }

    /// <summary>A .doc or .wps turned into <paramref name="format"/> by LibreOffice headless, in a profile of its own.</summary>
    internal static byte[] Converted(byte[] bytes, string fileName, string format)
    {
        var output = Path.Combine(Path.GetTempPath(), "yardstick-convert-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            RunTool(bytes, Path.GetExtension(fileName) is { Length: > 0 } e ? e : ".doc", fileName, "soffice",
                input => [$"-env:UserInstallation=file://{output}/profile", "--headless", "--convert-to", format, "--outdir", output, input], output);
            var converted = Directory.GetFiles(output, "*." + format).FirstOrDefault()
                ?? throw new DocumentFileException($"{fileName} 无法转换 (LibreOffice 未能打开它); 请在 Word 或 WPS 中另存为 .docx 后再读取");
            return File.ReadAllBytes(converted);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// Many files of one <paramref name="extension"/> turned into <paramref name="format"/> by one LibreOffice run, in order
    /// (a run starts LibreOffice once, which takes seconds: one run per file is what makes converting a corpus slow).
    /// </summary>
    internal static IReadOnlyList<byte[]> Converted(IReadOnlyList<byte[]> files, string extension, string format)
    {
        var output = Path.Combine(Path.GetTempPath(), "yardstick-convert-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            var inputs = files.Select((bytes, k) =>
            {
                var input = Path.Combine(output, $"{k:D4}{extension}");
                File.WriteAllBytes(input, bytes);
                return input;
            }).ToList();
            var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = output };
            foreach (var a in (string[])[$"-env:UserInstallation=file://{output}/profile", "--headless", "--convert-to", format, "--outdir", output, .. inputs])
            {
                start.ArgumentList.Add(a);
            }
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new DocumentFileException("无法启动 soffice");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new DocumentFileException("转换文档需要 soffice, 本机没有安装; 请运行 bash scripts/setup.sh --documents");
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                // Two minutes to start, and half a minute a file on a busy machine.
                if (!process.WaitForExit(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(30) * files.Count))
                {
                    process.Kill(entireProcessTree: true);
                    throw new DocumentFileException($"soffice 未能在时限内转换 {files.Count} 个文件, 已停止");
                }
                _ = stdout.Result;
                return [.. inputs.Select(i => Path.ChangeExtension(i, format)).Select(o => File.Exists(o) ? File.ReadAllBytes(o)
                    : throw new DocumentFileException($"soffice 未能转换 {Path.GetFileName(o)}: {stderr.Result.Trim()}"))];
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// Runs a converter on the bytes written to a temporary file and returns what it prints; a missing tool, a failure or
    /// a run over two minutes is a <see cref="DocumentFileException"/> that says what to install or do.
    /// </summary>
    private static string RunTool(byte[] bytes, string extension, string fileName, string tool, Func<string, string[]> arguments, string? output)
    {
        var input = Path.Combine(Path.GetTempPath(), "yardstick-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(input, bytes);
        try
        {
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                UseShellExecute = false,
                WorkingDirectory = output ?? Path.GetTempPath(),
            };
            foreach (var a in arguments(input))
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start) ?? throw new DocumentFileException($"无法启动 {tool}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new DocumentFileException($"{fileName}: {tool} 两分钟内未完成, 已停止");
            }
            if (process.ExitCode != 0)
            {
                throw new DocumentFileException($"{fileName} 无法读取 ({tool} 退出码 {process.ExitCode}: {stderr.Result.Trim()})");
            }
            return stdout.Result;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new DocumentFileException($"读取 {fileName} 需要 {tool}, 本机没有安装; 请运行 bash scripts/setup.sh --documents");
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>Each sheet of a workbook as barred rows (<c>| 指标 | 2020年 | 2025年 |</c>), empty rows left out.</summary>
    private static string Sheets(byte[] bytes, string fileName)
    {
        try
        {
            // Old .xls files name their code page (1252, 936): the reader needs the code-page encodings registered.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            var text = new StringBuilder();
            do
            {
                text.AppendLine(reader.Name);
                while (reader.Read())
                {
                    var cells = Enumerable.Range(0, reader.FieldCount)
                        .Select(k => Convert.ToString(reader.GetValue(k), System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "")
                        .ToList();
                    if (cells.TrueForAll(c => c.Length == 0))
                    {
                        continue;
                    }
                    // Empty cells inside a row keep their column (the table reader reads an empty inner cell as "—").
                    var first = cells.FindIndex(c => c.Length > 0);
                    var last = cells.FindLastIndex(c => c.Length > 0);
                    text.Append("| ").AppendJoin(" | ", cells.Skip(first).Take(last - first + 1)).AppendLine(" |");
                }
            }
            while (reader.NextResult());
            return text.ToString();
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or IOException or NotSupportedException)
        {
            throw new DocumentFileException($"{fileName} 不是有效的 Excel 文件: {e.Message}");
        }
    }

    private static void AppendTable(StringBuilder text, Table table)
    {
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>()
                .Where(c => c.TableCellProperties?.VerticalMerge is not { } merge || merge.Val?.Value == MergedCellValues.Restart)
                .Select(c => string.Join(' ', c.Elements<Paragraph>().Select(p => p.InnerText.Trim())).Trim());
            text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");
        }
    }
}

/// <summary>A document that cannot be read, with a message for the person who gave it.</summary>
public sealed class DocumentFileException(string message) : Exception(message);
