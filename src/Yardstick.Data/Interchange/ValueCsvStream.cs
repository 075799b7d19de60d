using System.Text;
using Yardstick.Core.Text;

namespace Yardstick.Data.Interchange;

/// <summary>
/// Reads a data-values CSV file of any size a row at a time, holding one line in memory: the bulk path of
/// <c>yardstick import</c> (a province's 24M values in one file). Cells are the four columns of the datavalues kind, in
/// whatever order the header gives them; quoted cells are read as in <see cref="CsvText"/>.
/// <para>
/// Encoding: UTF-8 (with or without a BOM); GB18030 only when the file's first bytes are not UTF-8 (as Chinese Excel saves
/// it). A byte that is not valid in the encoding chosen stops the read with its line, rather than letting mojibake in.
/// </para>
/// </summary>
public sealed class ValueCsvStream : IDisposable
{
    /// <summary>Data-values CSV files larger than this are streamed; smaller ones are read whole and checked across rows.</summary>
    public const long StreamedBytes = 16 * 1024 * 1024;

    private readonly LineReader _reader;
    private readonly int[] _columns;
    private readonly char _delimiter;
    private readonly string[] _cells = new string[5];
    private readonly string[] _header;
    private readonly FileStream _file;

    private ValueCsvStream(FileStream file, LineReader reader, int[] columns, char delimiter, string location, string[] header)
    {
        _file = file;
        _reader = reader;
        _columns = columns;
        _delimiter = delimiter;
        Location = location;
        _header = header;
    }

    public string Location { get; }

    /// <summary>The physical line of the row last read (the header is line 1).</summary>
    public int Line { get; private set; } = 1;

    /// <summary>How far through the file the reader is, 0–1.</summary>
    public double Fraction => _file.Length == 0 ? 1 : (double)_file.Position / _file.Length;

    public string DataElement => _cells[0];
    public string Period => _cells[1];
    public string OrgUnit => _cells[2];
    public string Value => _cells[3];

    /// <summary>The optional <c>categoryoptioncombo</c> column (empty when the file has none).</summary>
    public string OptionCombo => _cells[4];

    /// <summary>Whether the header has a note's columns (comment, source, follow_up): the streamed path reads values only.</summary>
    public bool HasNoteColumns => _header.Any(h => h is "comment" or "source" or "follow_up" or "followup");

    /// <summary>How many cells the row last read has.</summary>
    public int Cells { get; private set; }

    /// <summary>The row last read's non-empty cells past the header's columns (at most a few, for the reason).</summary>
    private readonly List<string> _beyondHeader = [];

    /// <summary>The line of a quote the row last read opened and the file never closed, or null.</summary>
    private int? _unclosedQuoteLine;

    /// <summary>
    /// Why the row last read is refused for its shape, and the line to name, or null — as a small file's rows are
    /// (<see cref="SourceTable"/>): fewer cells than the header (a lost value column is not an empty value), a non-empty cell
    /// past it, a quote never closed.
    /// </summary>
    public (int Line, string Reason)? BadRow =>
        _unclosedQuoteLine is { } quoteLine ? (quoteLine, SourceTable.UnclosedQuoteReason)
        : Cells < _header.Length ? (Line, SourceTable.ShortRowReason(Cells, _header))
        : SourceTable.LongRowReason(Cells, _header.Length, _beyondHeader) is { } tooLong ? (Line, tooLong)
        : null;

    /// <summary>Whether the file is a CSV bigger than <paramref name="bytes"/> (then it must hold data values, and is streamed).</summary>
    public static bool IsLarge(string path, long bytes) =>
        Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) && File.Exists(path) && new FileInfo(path).Length > bytes;

    /// <summary>About how many rows the file holds, from the length of its first lines (to size the duplicate check once).</summary>
    public static long EstimateRows(string path)
    {
        var length = new FileInfo(path).Length;
        using var file = File.OpenRead(path);
        var head = new byte[(int)Math.Min(1 << 16, length)];
        file.ReadExactly(head);
        var lines = Math.Max(1, head.Count(b => b == (byte)'\n'));
        return length * lines / Math.Max(1, head.Length) + 1;
    }

    /// <summary>Opens the file and reads its header; null with the reason when it is not a data-values CSV.</summary>
    public static (ValueCsvStream? Stream, ImportIssue? Issue) Open(string path)
    {
        var name = Path.GetFileName(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var head = new byte[Math.Min(1 << 20, file.Length)];
        file.ReadExactly(head);
        file.Position = 0;
        var reader = new LineReader(file, Sniff(head));
        string header;
        try
        {
            header = reader.ReadLine() ?? "";
        }
        catch (DecoderFallbackException)
        {
            reader.Dispose();
            return (null, new ImportIssue(name, 1, "含有不是合法文字编码的字节 (文件应为 UTF-8 或 GB18030), 未导入"));
        }
        var delimiter = !header.Contains(',', StringComparison.Ordinal) && header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var names = CsvText.Read(header).FirstOrDefault().Fields?.Select(h => InputText.Normalize(h).Trim('\uFEFF').ToLowerInvariant()).ToArray() ?? [];
        var required = InterchangeKind.DataValues.RequiredColumns().Select(c => Array.IndexOf(names, c)).ToArray();
        var columns = required.Append(Array.IndexOf(names, "categoryoptioncombo")).ToArray();
        if (required.Any(c => c < 0))
        {
            reader.Dispose();
            return (null, new ImportIssue(name, 1, "大文件只能是数据值 (表头 dataelement, period, orgunit, value)"));
        }
        return (new ValueCsvStream(file, reader, columns, delimiter, name, names[..SourceTable.Width(names)]), null);
    }

    /// <summary>
    /// Moves to the next non-blank row; false at the end. A byte sequence that is not text in the file's encoding throws
    /// <see cref="DecoderFallbackException"/>: the caller reports it at <see cref="Line"/> + 1.
    /// </summary>
    public bool Next()
    {
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
            {
                return false;
            }
            Line++;
            _beyondHeader.Clear();
            _unclosedQuoteLine = null;
            if (line.Contains('"', StringComparison.Ordinal))
            {
                // Quoted cells (rare in bulk files): a quoted line break continues the record on the next line.
                var first = Line;
                while (line.Count(c => c == '"') % 2 == 1 && _reader.ReadLine() is { } more)
                {
                    Line++;
                    line += "\n" + more;
                }
                var (records, unclosed) = CsvText.ReadAll(line);
                _unclosedQuoteLine = unclosed is { } u ? first + u - 1 : null;
                var fields = records.FirstOrDefault().Fields ?? [];
                if (fields.All(string.IsNullOrWhiteSpace) && unclosed is null)
                {
                    continue;
                }
                for (var c = 0; c < _cells.Length; c++)
                {
                    _cells[c] = _columns[c] >= 0 && _columns[c] < fields.Length ? fields[_columns[c]] : "";
                }
                Cells = fields.Length;
                _beyondHeader.AddRange(fields.Skip(_header.Length).Where(f => !string.IsNullOrWhiteSpace(f)).Take(3));
                return true;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            Split(line);
            return true;
        }
    }

    private void Split(string line)
    {
        Array.Fill(_cells, "");
        var field = 0;
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != _delimiter)
            {
                continue;
            }
            var column = Array.IndexOf(_columns, field);
            if (column >= 0)
            {
                _cells[column] = line[start..i];
            }
            else if (field >= _header.Length && _beyondHeader.Count < 3 && !line.AsSpan(start, i - start).IsWhiteSpace())
            {
                _beyondHeader.Add(line[start..i]);
            }
            field++;
            start = i + 1;
        }
        Cells = field;
    }

    private static Encoding Sniff(byte[] head)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        // A multi-byte character cut at the end of the sample is not a reason to call the file GB18030.
        var end = head.Length;
        for (var back = 0; back < 3 && end > 0 && (head[end - 1] & 0xC0) == 0x80; back++)
        {
            end--;
        }
        if (end > 0 && head[end - 1] >= 0xC0)
        {
            end--;
        }
        if (Decodes(strict, head, end))
        {
            return strict;
        }
        _ = TextDecoding.Decode([]);   // registers the code pages
        var gb18030 = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        // Neither: read as UTF-8, and the bad byte is reported at its line.
        return Decodes(gb18030, head, head.Length) ? gb18030 : strict;
    }

    private static bool Decodes(Encoding encoding, byte[] bytes, int count)
    {
        try
        {
            encoding.GetCharCount(bytes, 0, count);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>
    /// Lines split at the byte level, then decoded one by one: a bad byte is reported at its own line (a StreamReader decodes
    /// whole buffers ahead). Splitting bytes at '\n' is safe in UTF-8 and GB18030, where 0x0A is never part of a character.
    /// </summary>
    private sealed class LineReader(FileStream file, Encoding encoding) : IDisposable
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;
        private bool _eof;
        private bool _first = true;

        public string? ReadLine()
        {
            while (true)
            {
                var span = _buffer.AsSpan(_start, _end - _start);
                var newline = span.IndexOf((byte)'\n');
                if (newline >= 0 || (_eof && span.Length > 0))
                {
                    var length = newline >= 0 ? newline : span.Length;
                    var line = span[..length];
                    _start += newline >= 0 ? newline + 1 : length;
                    if (line.Length > 0 && line[^1] == '\r')
                    {
                        line = line[..^1];
                    }
                    if (_first)
                    {
                        _first = false;
                        if (line.StartsWith("\uFEFF"u8))
                        {
                            line = line[3..];
                        }
                    }
                    return encoding.GetString(line);
                }
                if (_eof)
                {
                    return null;
                }
                // Keep the partial line, refill behind it; a line longer than the buffer doubles nothing: it is refused.
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
                if (_end == _buffer.Length)
                {
                    throw new DecoderFallbackException("一行超过 1 MB");
                }
                var read = file.Read(_buffer, _end, _buffer.Length - _end);
                _end += read;
                _eof = read == 0;
            }
        }

        public void Dispose() => file.Dispose();
    }
}
