using System.Globalization;
using System.Text;
using System.Text.Json;
using Yardstick.Core.Text;
using Yardstick.Core.Model;
using ExcelDataReader;

namespace Yardstick.Data.Interchange;

/// <summary>One row of an input table, with the line it came from (the header is line 1).</summary>
public sealed record SourceRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells.TryGetValue(column, out var v) ? v.Trim() : "";
}

/// <summary>
/// A table read from a CSV file, an xlsx sheet or a DHIS2 dataValueSets JSON document, before any
/// validation. <see cref="Location"/> names the file (and sheet) for messages.
/// </summary>
public sealed record SourceTable(string Location, InterchangeKind Kind, IReadOnlyList<SourceRow> Rows)
{
    /// <summary>
    /// Reads every table in a file. The kind comes from the header; a file whose header fits no kind,
    /// or that cannot be read at all, yields an issue instead.
    /// </summary>
    public static (IReadOnlyList<SourceTable> Tables, IReadOnlyList<ImportIssue> Issues) Read(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            return ([], [new ImportIssue(name, 0, "文件不存在")]);
        }
        return Read(name, File.ReadAllBytes(path));
    }

    /// <summary>Reads an uploaded file's bytes; <paramref name="name"/> (its file name) decides the format by extension.</summary>
    public static (IReadOnlyList<SourceTable> Tables, IReadOnlyList<ImportIssue> Issues) Read(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return Path.GetExtension(name).ToLowerInvariant() switch
            {
                ".xlsx" or ".xls" => ReadWorkbook(bytes, name),
                ".json" => ReadDataValueSet(bytes, name),
                ".adx" or ".xml" => ReadAdx(bytes, name),
                _ => RefuseCategoryCombos(ReadCsv(bytes, name)),
            };
        }
        catch (TextDecodingException e)
        {
            return ([], [new ImportIssue(name, e.Line, e.Message)]);
        }
        // The parsers' own words are English and about their internals: the sender is told where, in Chinese.
        catch (JsonException e)
        {
            return ([], [new ImportIssue(name, 0, $"内容不是合法的 JSON: 第 {e.LineNumber + 1} 行第 {e.BytePositionInLine + 1} 个字节附近无法解析")]);
        }
        catch (System.Xml.XmlException e)
        {
            return ([], [new ImportIssue(name, 0, $"内容不是合法的 XML: 第 {e.LineNumber} 行第 {e.LinePosition} 列附近无法解析")]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or NotSupportedException)
        {
            return ([], [new ImportIssue(name, 0, $"无法读取文件: 不是可以读取的 {Path.GetExtension(name).TrimStart('.')} 文件, 或文件已损坏")]);
        }
    }

    /// <summary>
    /// Why a row with fewer cells than its header is refused: a missing value column is not an empty value (which may delete
    /// the stored one), so the row is not read at all.
    /// </summary>
    internal static string ShortRowReason(int cells, IReadOnlyList<string> header) =>
        $"本行只有 {cells} 列, 少于表头的 {header.Count} 列 (缺少 {string.Join("、", header.Skip(cells))}), 未导入; 要删除数值请保留该列并留空";

    /// <summary>
    /// Why a row with a non-empty cell past its header's columns is refused: a value written 1,234 without quotes would be
    /// read as 1 and the 234 dropped. Empty cells past the header (a spreadsheet's stray commas) are no extra column.
    /// </summary>
    internal static string? LongRowReason(int cells, int width, IEnumerable<string> beyondHeader)
    {
        var extra = beyondHeader.Where(c => !string.IsNullOrWhiteSpace(c)).Take(3).Select(c => $"\"{Core.Model.InputLimits.Echo(c.Trim())}\"").ToList();
        return extra.Count == 0 ? null
            : $"本行有 {cells} 列, 多于表头的 {width} 列 (多出 {string.Join("、", extra)}), 未导入; 数值中请不要写逗号, 含逗号的文字请加引号";
    }

    /// <summary>Why a file whose quote is never closed is refused: from that quote on, every row would be read as one cell.</summary>
    internal const string UnclosedQuoteReason = "引号未闭合: 从本行的引号起, 之后各行都会被读成同一个单元格, 整个文件未导入; 请补上右引号 (文字中的引号写作两个 \"\")";

    /// <summary>The header's width: trailing unnamed columns (a spreadsheet's stray commas) do not count.</summary>
    internal static int Width(IReadOnlyList<string> header)
    {
        var width = header.Count;
        while (width > 0 && string.IsNullOrWhiteSpace(header[width - 1]))
        {
            width--;
        }
        return width;
    }

    private static bool IsEmpty(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    private static (IReadOnlyList<SourceTable>, IReadOnlyList<ImportIssue>) ReadCsv(byte[] bytes, string name)
    {
        var (all, unclosedQuote) = CsvText.ReadAll(TextDecoding.Decode(bytes));
        if (unclosedQuote is { } quoteLine)
        {
            return ([], [new ImportIssue(name, quoteLine, UnclosedQuoteReason)]);
        }
        var records = all.Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
        if (records.Count == 0)
        {
            return ([], [new ImportIssue(name, 0, "文件为空")]);
        }
        var header = records[0].Fields.Select(NormaliseHeader).ToArray();
        if (InterchangeKinds.FromHeader(header) is not { } kind)
        {
            return ([], [UnknownHeader(name, header)]);
        }
        var rows = records.Skip(1).Select(r => new SourceRow(r.Line, ToCells(header, r.Fields))).ToList();
        if (kind == InterchangeKind.DataValues)
        {
            var width = Width(header);
            var badRows = records.Skip(1)
                .Select(r => (r.Line, Reason: r.Fields.Length < width ? ShortRowReason(r.Fields.Length, header[..width]) : LongRowReason(r.Fields.Length, width, r.Fields[width..])))
                .Where(r => r.Reason is not null).Select(r => new ImportIssue(name, r.Line, r.Reason!)).ToList();
            if (badRows.Count > 0)
            {
                return ([], badRows);
            }
        }
        return ([new SourceTable(name, kind, rows)], []);
    }

    private static (IReadOnlyList<SourceTable>, IReadOnlyList<ImportIssue>) ReadWorkbook(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        var tables = new List<SourceTable>();
        var issues = new List<ImportIssue>();
        do
        {
            var location = $"{name}[{reader.Name}]";
            string[]? header = null;
            var rows = new List<SourceRow>();
            var line = 0;
            while (reader.Read())
            {
                line++;
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i => CellText(reader.GetValue(i))).ToArray();
                if (header is null)
                {
                    if (cells.All(string.IsNullOrWhiteSpace))
                    {
                        continue;
                    }
                    header = cells.Select(NormaliseHeader).ToArray();
                    continue;
                }
                if (!cells.All(string.IsNullOrWhiteSpace))
                {
                    rows.Add(new SourceRow(line, ToCells(header, cells)));
                }
            }
            if (header is null)
            {
                continue;
            }
            if (InterchangeKinds.FromHeader(header) is { } kind)
            {
                tables.Add(new SourceTable(location, kind, rows));
            }
            else
            {
                issues.Add(UnknownHeader(location, header));
            }
        }
        while (reader.NextResult());
        if (tables.Count == 0 && issues.Count == 0)
        {
            issues.Add(new ImportIssue(name, 0, "工作簿中没有数据"));
        }
        return (tables, issues);
    }

    /// <summary>
    /// DHIS2's <c>{"dataValues":[{"dataElement","period","orgUnit","value"[,"comment","followup"]}]}</c> (and our "source");
    /// each value is named by its place in the array.
    /// </summary>
    private static (IReadOnlyList<SourceTable>, IReadOnlyList<ImportIssue>) ReadDataValueSet(byte[] bytes, string name)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8))
        {
            span = span[3..];
        }
        if (IsEmpty(span))
        {
            return ([], [new ImportIssue(name, 0, "内容为空: 应为 DHIS2 dataValueSets JSON, 如 {\"dataValues\":[{\"dataElement\",\"period\",\"orgUnit\",\"value\"}]}")]);
        }
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            // JSON is UTF-8 (RFC 8259); a GB18030 body is transcoded only when it decodes cleanly as a whole.
            var text = TextDecoding.Decode(span.ToArray());
            return ReadDataValueSet(System.Text.Encoding.UTF8.GetBytes(text), name);
        }
        using var document = JsonDocument.Parse(span.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("dataValues", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return ([], [new ImportIssue(name, 0, "JSON 中没有 dataValues 数组 (应为 DHIS2 dataValueSets 格式)")]);
        }
        // Rows are numbered by their place in the dataValues array (1-based), not by line: an API body is usually one line,
        // and "the 3rd value" is what its sender can find. As in DHIS2, the set's own period, orgUnit and
        // attributeOptionCombo are what each value has unless it says otherwise.
        var root = document.RootElement;
        var rows = new List<SourceRow>();
        var missing = new List<ImportIssue>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var line = ++index;
            // Only an explicit blank ("value": "" or null) deletes; a value left out is a mistake, not a deletion.
            if (item.ValueKind == JsonValueKind.Object && !item.TryGetProperty("value", out _))
            {
                missing.Add(new ImportIssue(name + " dataValues", line, "没有 value, 未导入; 要删除该值请明确写 \"value\": \"\""));
            }
            else if (item.ValueKind == JsonValueKind.Object && item.GetProperty("value").ValueKind is JsonValueKind.Array or JsonValueKind.Object
                or JsonValueKind.True or JsonValueKind.False)
            {
                // A list, an object or a truth value is not a figure, and must not be read as the blank that deletes.
                missing.Add(new ImportIssue(name + " dataValues", line, "value 应为数字或字符串 (删除请写 \"value\": \"\"), 未导入"));
            }
            string Field(string property) => JsonText(item, property) is { Length: > 0 } own ? own : JsonText(root, property);
            var cells = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["dataelement"] = JsonText(item, "dataElement"),
                ["period"] = Field("period"),
                ["orgunit"] = Field("orgUnit"),
                ["value"] = JsonText(item, "value"),
                ["categoryoptioncombo"] = JsonText(item, "categoryOptionCombo"),
                ["attributeoptioncombo"] = Field("attributeOptionCombo"),
            };
            // DHIS2's comment and followup; source is ours. Present only when sent, so a value without them keeps its note.
            foreach (var (property, column) in new[] { ("comment", "comment"), ("followup", "follow_up"), ("followUp", "follow_up"), ("source", "source") })
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out _))
                {
                    cells[column] = JsonText(item, property);
                }
            }
            rows.Add(new SourceRow(line, cells));
        }
        if (missing.Count > 0)
        {
            return ([], missing);
        }
        return RefuseCategoryCombos(([new SourceTable(name + " dataValues", InterchangeKind.DataValues, rows)], []));
    }

    /// <summary>
    /// ADX (IHE, the XML DHIS2 also reads): <c>&lt;adx&gt;&lt;group orgUnit period="2023-01-01/P1Y"&gt;&lt;dataValue dataElement value/&gt;</c>.
    /// A period is a start date and an ISO 8601 duration (P1Y, P6M, P3M, P1M, P7D from a Monday for an ISO week, P1Y from
    /// 1 October for a 妇幼 year); each value is named by its place in the file.
    /// </summary>
    private static (IReadOnlyList<SourceTable>, IReadOnlyList<ImportIssue>) ReadAdx(byte[] bytes, string name)
    {
        var text = TextDecoding.Decode(bytes);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], [new ImportIssue(name, 0, "内容为空: 应为 ADX, 如 <adx><group orgUnit period><dataValue dataElement value/></group></adx>")]);
        }
        // An API body is untrusted: no DTD, so no entity expansion and nothing fetched — said in Chinese, not by the parser.
        if (text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return ([], [new ImportIssue(name, 0, "不允许 DTD (<!DOCTYPE …>): 为安全起见, ADX 中的文档类型定义和实体一律拒绝, 请去掉后重发")]);
        }
        using var reader = System.Xml.XmlReader.Create(new StringReader(text),
            new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        var document = System.Xml.Linq.XDocument.Load(reader);
        var rows = new List<SourceRow>();
        var issues = new List<ImportIssue>();
        foreach (var group in document.Descendants().Where(e => e.Name.LocalName == "group"))
        {
            var period = AdxPeriod((string?)group.Attribute("period") ?? "");
            foreach (var value in group.Elements().Where(e => e.Name.LocalName == "dataValue"))
            {
                var line = rows.Count + issues.Count + 1;
                if (value.Attribute("value") is null)
                {
                    issues.Add(new ImportIssue(name, line, "没有 value 属性, 未导入; 要删除该值请明确写 value=\"\""));
                    continue;
                }
                if (period is null)
                {
                    issues.Add(new ImportIssue(name, line, $"无法识别的 ADX 期间 \"{(string?)group.Attribute("period")}\" (应为 开始日期/时长, 如 2023-01-01/P1Y、2023-11-01/P1M)"));
                    continue;
                }
                var cells = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["dataelement"] = (string?)value.Attribute("dataElement") ?? "",
                    ["period"] = period,
                    ["orgunit"] = (string?)group.Attribute("orgUnit") ?? "",
                    ["value"] = (string?)value.Attribute("value") ?? "",
                    ["categoryoptioncombo"] = (string?)value.Attribute("categoryOptionCombo") ?? "",
                    ["attributeoptioncombo"] = (string?)group.Attribute("attributeOptionCombo") ?? "",
                };
                if (value.Elements().FirstOrDefault(e => e.Name.LocalName == "annotation") is { } annotation)
                {
                    cells["comment"] = annotation.Value.Trim();
                }
                rows.Add(new SourceRow(line, cells));
            }
        }
        if (rows.Count == 0 && issues.Count == 0)
        {
            issues.Add(new ImportIssue(name, 0, "ADX 中没有 group/dataValue"));
        }
        return issues.Count > 0 ? ([], issues) : RefuseCategoryCombos(([new SourceTable(name + " dataValues", InterchangeKind.DataValues, rows)], []));
    }

    /// <summary>
    /// "2023-01-01/P1Y" → 2023, "2023-07-01/P6M" → 2023S2, "2023-04-01/P3M" → 2023Q2, "2023-11-01/P1M" → 202311,
    /// "2024-01-29/P7D" → 2024W05, "2023-10-01/P1Y" → 2023Oct.
    /// </summary>
    private static string? AdxPeriod(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 2 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return null;
        }
        if (parts[1].Equals("P7D", StringComparison.OrdinalIgnoreCase) || parts[1].Equals("P1W", StringComparison.OrdinalIgnoreCase))
        {
            return start.DayOfWeek == DayOfWeek.Monday && start.Year is >= 1900 and <= 2999 ? Period.Containing(PeriodType.Week, start).ToString() : null;
        }
        if (start.Day != 1)
        {
            return null;
        }
        if (start.Month == 10 && parts[1].ToUpperInvariant() is "P1Y" or "P12M")
        {
            return $"{start.Year}Oct";
        }
        var (year, month) = (start.Year.ToString(CultureInfo.InvariantCulture), start.Month);
        return parts[1].ToUpperInvariant() switch
        {
            "P1Y" or "P12M" when month == 1 => year,
            "P6M" when month is 1 or 7 => $"{year}S{(month + 5) / 6}",
            "P3M" when (month - 1) % 3 == 0 => $"{year}Q{(month + 2) / 3}",
            "P1M" => $"{year}{month:00}",
            _ => null,
        };
    }

    /// <summary>
    /// Our data elements have no categories: a value sent for a category (or attribute) option combo other than DHIS2's default
    /// is refused with its place, never stored as if it were the element's total.
    /// </summary>
    private static (IReadOnlyList<SourceTable>, IReadOnlyList<ImportIssue>) RefuseCategoryCombos((IReadOnlyList<SourceTable> Tables, IReadOnlyList<ImportIssue> Issues) read)
    {
        var issues = new List<ImportIssue>(read.Issues);
        foreach (var table in read.Tables.Where(t => t.Kind == InterchangeKind.DataValues))
        {
            foreach (var row in table.Rows)
            {
                foreach (var (column, what) in new[] { ("categoryoptioncombo", "分类选项组合"), ("attributeoptioncombo", "属性选项组合") })
                {
                    if (row.Cells.TryGetValue(column, out var combo) && combo.Trim() is { Length: > 0 } c && !IsDefaultCombo(c))
                    {
                        issues.Add(new ImportIssue(table.Location, row.Line,
                            $"数据元 {row["dataelement"]} 没有{what} \"{c}\": 本系统的数据元不分类别, 只接受默认组合 (default / HllvX50cXC0) 或不填"));
                    }
                }
            }
        }
        return issues.Count > read.Issues.Count ? ([], issues) : read;
    }

    private static bool IsDefaultCombo(string combo) =>
        combo.Equals("default", StringComparison.OrdinalIgnoreCase) || combo == "HllvX50cXC0" || combo == "默认";

    private static string JsonText(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString() ?? "",
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => "",
            }
            : "";

    private static Dictionary<string, string> ToCells(string[] header, string[] record)
    {
        var cells = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            cells[header[i]] = i < record.Length ? record[i] : "";
        }
        return cells;
    }

    // DHIS2's CSV spells follow_up without the underscore.
    private static string NormaliseHeader(string h) =>
        InterchangeKinds.ColumnOf(Core.Text.InputText.Normalize(h).Trim('\uFEFF').Trim().ToLowerInvariant()) is var c && c == "followup" ? "follow_up" : c;

    private static string CellText(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The columns each kind needs (the most common kind, values, first), then the header found, shortened.</summary>
    private static ImportIssue UnknownHeader(string location, string[] header)
    {
        var found = string.Join(',', header);
        return new(location, 1, "无法识别表头, 应至少含以下一组列: "
            + string.Join(" | ", InterchangeKinds.All.OrderBy(k => k == InterchangeKind.DataValues ? 0 : 1).Select(k => string.Join(',', k.RequiredColumns())))
            + $"。实际为 \"{(found.Length > 60 ? found[..60] + "…" : found)}\"");
    }
}
