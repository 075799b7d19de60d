using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Yardstick.Core.Text;

namespace Yardstick.Data.Documents;

/// <summary>
/// Turns a document file into the text the document reader reads: <c>.txt</c> (UTF-8 or GB18030) as it is, <c>.docx</c>
/// as its paragraphs one per line and each table row as one <c>| cell | cell |</c> line — a cell continued from the
/// row above (vertical merge) is left out, as flattened tables write a merged category once. Anything else gets a
/// clear Chinese message instead of a crash.
/// </summary>
public static class DocumentFile
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
        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return fileName.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) || !fileName.Contains('.', StringComparison.Ordinal)
                ? Docx(bytes, fileName)
                : throw new DocumentFileException($"{fileName} 是压缩包 (如 .xlsx), 不是文档; 请提供 .docx 或 .txt");
        }
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new DocumentFileException($"{fileName} 是旧版 Word (.doc) 文件, 暂不支持; 请在 Word 或 WPS 中另存为 .docx 后再读取");
        }
        if (bytes.AsSpan().StartsWith("%PDF"u8))
        {
            throw new DocumentFileException($"{fileName} 是 PDF, 暂不支持; 请复制其中文字保存为 .txt, 或提供 .docx");
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
