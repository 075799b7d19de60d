using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data.Values;

namespace Yardstick.Data.Interchange;

public sealed partial class Importer
{
    /// <summary>
    /// An import with data-values CSV files too large to hold (<see cref="ValueCsvStream.StreamedBytes"/>): the other files are
    /// checked as usual, then each large file is read a row at a time, every row checked and, while no error has been
    /// found, written inside the one transaction. Any error anywhere and the transaction rolls back: all or nothing, every
    /// bad row listed, memory flat in the file's size (one line, and one 8-byte key per value to find duplicates).
    /// The rules across values are checked in the store after the write, inside the transaction (<see cref="CheckRulesInStoreAsync"/>).
    /// </summary>
    private async Task<ImportResult> ImportStreamingAsync(IReadOnlyList<SourceTable> tables, IReadOnlyList<string> large, string actor, string source,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken, valuesOnly: null, writesMetadata: tables.Any(t => t.Kind != InterchangeKind.DataValues));
        CheckTables(tables);
        if (ValuesOnly)
        {
            RefuseMetadata(tables);
        }
        Phase("读取已有元数据, 检查其他文件");

        var keys = new PackedKeySet(large.Sum(ValueCsvStream.EstimateRows) + _values.Count);
        var duplicates = new HashSet<long>();
        foreach (var v in _values)
        {
            keys.Add(Key(v));
        }
        await AuditedChange.RunAsync(db, Opening(actor, source), async (changeSet, _, _) =>
        {
            if (!HasErrors)
            {
                await db.SaveChangesAsync(cancellationToken);
                await AuditLog.WriteAsync(db, changeSet, _audit, cancellationToken);
            }
            // Checked rows stream into the store until the first error; after it every row is still checked, nothing written.
            var written = new Dictionary<int, HashSet<PeriodType>>();
            var rows = Recording(_values.Concat(large.SelectMany(path => StreamRows(path, keys, duplicates))).TakeWhile(_ => !HasErrors), written);
            await DataValueStore.WriteAsync(db, rows, changeSet, progress, cancellationToken);
            Phase("逐行检查并写入数据值");
            foreach (var path in large)
            {
                // Whatever the write did not need (it stopped at an error) is still read, so that every bad row is listed.
                foreach (var _ in StreamRows(path, keys, duplicates))
                {
                }
            }
            if (duplicates.Count > 0)
            {
                NameDuplicates(large, duplicates);
            }
            if (!HasErrors)
            {
                await CheckRulesInStoreAsync(changeSet, written, cancellationToken);
                Phase("在库中检查跨数值规则");
            }
            if (!HasErrors)
            {
                // The reporting cycle's say, asked of the store: the values are too many to hold for RefuseWritesAsync.
                foreach (var (element, unit, period, refusal) in await Reporting.ReportingCycle.RefusedInStoreAsync(db, changeSet.Id,
                    Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()), IgnoreLockDates, MaxRuleIssues, cancellationToken))
                {
                    RefuseInStore(element, unit, period, refusal.Message, kind: refusal.Kind);
                }
                Phase("在库中检查报表状态与锁定");
            }
            if (!HasErrors && _deletes.Count > 0)
            {
                var refused = await Reporting.ReportingCycle.RefuseWritesAsync(db, [.. _deletes.Select(d => (d.ElementId, d.UnitId, d.Period))], _unitsById, Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow()), IgnoreLockDates, cancellationToken);
                foreach (var (index, refusal) in refused)
                {
                    _issues.Add(new ImportIssue(_deleteRows[index].Location, _deleteRows[index].Line, refusal.Message) { Kind = refusal.Kind });
                }
                if (refused.Count == 0)
                {
                    _deleted = await DataValueStore.DeleteAsync(db, _deletes, changeSet, cancellationToken);
                }
            }
            if (!HasErrors)
            {
                await WriteNotesAsync(changeSet, cancellationToken);
            }
            return !HasErrors;
        }, cancellationToken);
        Phase("提交");
        db.ChangeTracker.Clear();
        return new ImportResult(_issues.ToList(), new Dictionary<InterchangeKind, int>(_rows));
    }

    private bool HasErrors => _issues.Any(i => i.IsError);

    private readonly Dictionary<string, (ValueCsvStream Stream, bool Done)> _streams = [];

    /// <summary>
    /// The checked values of one large file, read on from where the last call stopped. Every row counts toward the import's
    /// rows; a row whose key was seen before is a duplicate, named at the end.
    /// </summary>
    private IEnumerable<DataValue> StreamRows(string path, PackedKeySet keys, HashSet<long> duplicates)
    {
        if (!_streams.TryGetValue(path, out var open))
        {
            var (stream, issue) = ValueCsvStream.Open(path);
            if (stream is null)
            {
                _issues.Add(issue!);
                yield break;
            }
            _streams[path] = open = (stream, false);
        }
        if (open.Done)
        {
            yield break;
        }
        var s = open.Stream;
        while (true)
        {
            bool more;
            try
            {
                more = s.Next();
            }
            catch (System.Text.DecoderFallbackException)
            {
                _issues.Add(new ImportIssue(s.Location, s.Line + 1, "含有不是合法文字编码的字节 (文件应为 UTF-8 或 GB18030), 未导入"));
                more = false;
            }
            if (!more)
            {
                _streams[path] = (s, true);
                s.Dispose();
                yield break;
            }
            _rows[InterchangeKind.DataValues] = _rows.GetValueOrDefault(InterchangeKind.DataValues) + 1;
            if (s.BadRow is { } bad)
            {
                _issues.Add(new ImportIssue(s.Location, bad.Line, bad.Reason));
                continue;
            }
            // An element's own note as export writes it (no combo, no value): the streamed path reads values, not notes.
            if (s.HasNoteColumns && IsBlank(s.Value) && Core.Text.InputText.Normalize(s.OptionCombo).Length == 0
                && _elements.GetValueOrDefault(Core.Text.InputText.Normalize(s.DataElement))?.CategoryComboId is not null)
            {
                continue;
            }
            if (CheckValue(s.Location, s.Line, s.DataElement, s.Period, s.OrgUnit, s.Value, s.OptionCombo) is not { } value)
            {
                continue;
            }
            var key = Key(value);
            if (!keys.Add(key))
            {
                duplicates.Add(key);
                continue;
            }
            yield return value;
        }
    }

    /// <summary>Reads the large files again to name each duplicate's lines: an error for every repeat, pointing at the first.</summary>
    private void NameDuplicates(IReadOnlyList<string> large, HashSet<long> duplicates)
    {
        var first = new Dictionary<long, (string Location, int Line)>();
        for (var i = 0; i < _values.Count; i++)
        {
            if (duplicates.Contains(Key(_values[i])))
            {
                first.TryAdd(Key(_values[i]), _valueRows[i]);
            }
        }
        foreach (var path in large)
        {
            var (stream, _) = ValueCsvStream.Open(path);
            using var s = stream!;
            while (s.Next())
            {
                if (!_elements.TryGetValue(Core.Text.InputText.Normalize(s.DataElement), out var element)
                    || !_units.TryGetValue(Core.Text.InputText.Normalize(s.OrgUnit), out var unit) || !Period.TryParse(s.Period, out var period)
                    || OptionComboOf(element, s.OptionCombo, out _) is not { } combo)
                {
                    continue;
                }
                var key = Key(new DataValue(element.Id, unit.Id, period, 0, OptionComboId: combo));
                if (!duplicates.Contains(key))
                {
                    continue;
                }
                if (first.TryGetValue(key, out var earlier))
                {
                    _issues.Add(new ImportIssue(s.Location, s.Line, $"重复的数据值 ({element.Code}, {period}, {unit.Code}),首次出现在 {earlier.Location}:{earlier.Line}"));
                }
                else
                {
                    first[key] = (s.Location, s.Line);
                }
            }
        }
    }

    /// <summary>Numbers (from 1) for the (element, option combo) pairs this import has seen: the series part of <see cref="Key"/>.</summary>
    private readonly Dictionary<(int Element, int Combo), int> _seriesNumbers = [];

    /// <summary>
    /// ((element, combo), unit, period) in 8 bytes: the pair numbered below 2^20 in the order seen (bits 43–62), unit id
    /// below 2^24 (19–42), the period type (16–18) and the period's place since 1900 (0–15): 1,100 years of 53 weeks fit in
    /// 16 bits, and of months in fewer.
    /// </summary>
    private long Key(DataValue v)
    {
        if (!_seriesNumbers.TryGetValue((v.DataElementId, v.OptionComboId), out var series))
        {
            _seriesNumbers[(v.DataElementId, v.OptionComboId)] = series = _seriesNumbers.Count + 1;
        }
        if (series >= 1 << 20 || v.OrgUnitId >= 1 << 24)
        {
            throw new InvalidOperationException($"数据元或机构编号过大 ({v.DataElementId}, {v.OrgUnitId}), 无法批量导入");
        }
        var years = v.Period.Year - 1900;
        var place = v.Period.Type switch
        {
            PeriodType.Week => years * 53 + v.Period.Week - 1,
            PeriodType.FinancialOct => years,
            PeriodType.Year or PeriodType.SixMonth or PeriodType.Quarter or PeriodType.Month => years * 12 + v.Period.StartMonth - 1,
            _ => throw new UnreachableException(),
        };
        return ((long)series << 43) | ((long)v.OrgUnitId << 19) | ((long)v.Period.Type << 16) | (long)place;
    }

    /// <summary>
    /// A set of non-zero longs by open addressing in one array (8 bytes a slot, at most 70% full): a province's 24M keys in
    /// ~270 MB where a HashSet would take ~500 MB and twice that while it grows.
    /// </summary>
    private sealed class PackedKeySet(long expected)
    {
        private long[] _slots = new long[Capacity(expected)];
        private long _count;

        private static long Capacity(long n)
        {
            var c = 1L << 10;
            while (c * 7 / 10 < n)
            {
                c <<= 1;
            }
            return c;
        }

        /// <summary>False when the key was already there.</summary>
        public bool Add(long key)
        {
            if ((_count + 1) * 10 > _slots.LongLength * 7)
            {
                Grow();
            }
            if (!Insert(_slots, key))
            {
                return false;
            }
            _count++;
            return true;
        }

        private static bool Insert(long[] slots, long key)
        {
            var mask = slots.LongLength - 1;
            var i = (long)((ulong)(key * -7046029254386353131L) >> 20) & mask;
            while (slots[i] != 0)
            {
                if (slots[i] == key)
                {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = key;
            return true;
        }

        private void Grow()
        {
            var larger = new long[_slots.LongLength * 2];
            foreach (var key in _slots)
            {
                if (key != 0)
                {
                    Insert(larger, key);
                }
            }
            _slots = larger;
        }
    }
}
