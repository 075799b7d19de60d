using System.Globalization;
using System.Text;
using System.Text.Json;
using Yardstick.Core.Text;
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
                _ => ReadCsv(bytes, name),
            };
        }
        catch (TextDecodingException e)
        {
            return ([], [new ImportIssue(name, e.Line, e.Message)]);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException
            or ExcelDataReader.Exceptions.ExcelReaderException or NotSupportedException)
        {
            return ([], [new ImportIssue(name, 0, $"无法读取文件: {e.Message}")]);
        }
    }

    private static (IReadOnlyList<SourceTable>, IReadOnlyList<ImportIssue>) ReadCsv(byte[] bytes, string name)
    {
        var records = CsvText.Read(TextDecoding.Decode(bytes)).Where(r => !r.Fields.All(string.IsNullOrWhiteSpace)).ToList();
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
        // and "the 3rd value" is what its sender can find.
        var rows = new List<SourceRow>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var line = ++index;
            var cells = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["dataelement"] = JsonText(item, "dataElement"),
                ["period"] = JsonText(item, "period"),
                ["orgunit"] = JsonText(item, "orgUnit"),
                ["value"] = JsonText(item, "value"),
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
        return ([new SourceTable(name + " dataValues", InterchangeKind.DataValues, rows)], []);
    }

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

    private static string NormaliseHeader(string h) => InterchangeKinds.ColumnOf(Core.Text.InputText.Normalize(h).Trim('\uFEFF').Trim().ToLowerInvariant());

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
