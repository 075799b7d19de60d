using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Core.Text;
using Yardstick.Data.Values;

namespace Yardstick.Data.Interchange;

/// <summary>
/// Imports interchange files (org units, data elements, indicators, targets, data values) all or nothing:
/// every row of every file is checked first, against the store and against the other files of the same
/// import; any error means nothing is written and every bad row is reported as <c>file:line: reason</c>.
/// Otherwise everything is written in one transaction under one change set, and each overwritten row is audited.
/// An importer holds the state of one import: use a new one for each.
/// </summary>
public sealed partial class Importer(YardstickDb db, TimeProvider time)
{
    /// <summary>The client address recorded with the change set (the web app sets it; the CLI leaves it empty).</summary>
    public string? ClientAddress { get; init; }

    /// <summary>
    /// Which org units the caller may write values for (a web user's subtree); rows for other units are refused with
    /// their line. Null: any unit (the CLI, run by whoever owns the database file).
    /// </summary>
    public Func<OrgUnit, bool>? MayWrite { get; init; }

    /// <summary>Rows whose value is left empty are skipped rather than refused (a template filled in part).</summary>
    public bool SkipBlankValues { get; init; }

    /// <summary>A blank value deletes the stored one (DHIS2's dataValueSets; the form's emptied field), audited old → nothing.</summary>
    public bool DeleteBlankValues { get; init; }

    /// <summary>
    /// Refusals name a data element by its Chinese name with the code in brackets, for files and the API where the user typed
    /// the code; the entry form, which shows names only, turns this off.
    /// </summary>
    public bool NameElementCodes { get; init; } = true;

    /// <summary>
    /// Notes set by the rows go to the element (the default combo's note) rather than to each row's option combo: the entry
    /// form, which keeps one note per element beside its grid of combos.
    /// </summary>
    public bool NotesOnElement { get; init; }

    /// <summary>
    /// Past a data set's lock date writes are refused unless unlocked; the operator loading history from the command line
    /// may set this. Submitted and approved reports refuse writes whatever it says.
    /// </summary>
    public bool IgnoreLockDates { get; init; }

    /// <summary>Data-values CSV files larger than this many bytes are streamed (see <see cref="ImportStreamingAsync"/>).</summary>
    public long StreamAboveBytes { get; init; } = ValueCsvStream.StreamedBytes;

    /// <summary>Accept only data values (web uploads and the API); metadata and targets have their own screens.</summary>
    public bool ValuesOnly { get; init; }

    /// <summary>
    /// Told each phase's wall time as it ends (<c>yardstick import --timing</c>): where a large import's seconds go, measured
    /// in the product rather than guessed from the outside.
    /// </summary>
    public Action<string, TimeSpan>? PhaseTimed { get; init; }

    private readonly System.Diagnostics.Stopwatch _phaseClock = System.Diagnostics.Stopwatch.StartNew();

    private void Phase(string name)
    {
        PhaseTimed?.Invoke(name, _phaseClock.Elapsed);
        _phaseClock.Restart();
    }

    private readonly List<ImportIssue> _issues = [];
    private readonly List<(string Entity, string Key, string? Old, string? New)> _audit = [];
    private readonly Dictionary<InterchangeKind, int> _rows = [];

    private Dictionary<string, OrgUnit> _units = null!;
    private Dictionary<int, OrgUnit> _unitsById = null!;
    private Dictionary<string, DataElement> _elements = null!;
    private Dictionary<string, Indicator> _indicators = null!;
    private Dictionary<string, Core.Reporting.DataSet> _dataSets = null!;
    private Dictionary<string, Core.Reporting.ValidationRule> _rules = null!;
    private Dictionary<string, Plan> _plans = null!;
    private List<Target> _targets = null!;
    private readonly List<DataValue> _values = [];

    public async Task<ImportResult> ImportAsync(IReadOnlyList<string> paths, string actor, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var tables = new List<SourceTable>();
        var large = paths.Where(p => ValueCsvStream.IsLarge(p, StreamAboveBytes)).ToList();
        foreach (var path in paths.Except(large))
        {
            var (read, issues) = SourceTable.Read(path);
            tables.AddRange(read);
            _issues.AddRange(issues);
        }
        var source = string.Join(", ", paths.Select(Path.GetFileName));
        Phase("读取文件");
        return large.Count > 0
            ? await ImportStreamingAsync(tables, large, actor, source, progress, cancellationToken)
            : await ImportAsync(tables, actor, source, progress, cancellationToken);
    }

    public async Task<ImportResult> ImportAsync(IReadOnlyList<SourceTable> tables, string actor, string source,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        await LoadAsync(cancellationToken, ValuesOnly && tables.All(t => t.Kind == InterchangeKind.DataValues) ? tables : null,
            writesMetadata: tables.Any(t => t.Kind != InterchangeKind.DataValues));
        Phase("读取已有元数据");
        CheckTables(tables);
        if (ValuesOnly)
        {
            RefuseMetadata(tables);
        }
        Phase("逐行检查");
        await CheckValueRulesAsync(cancellationToken);
        Phase("跨数值规则");
        await CheckReportingAsync(cancellationToken);
        Phase("报表状态与锁定检查");
        var result = new ImportResult(_issues.ToList(), new Dictionary<InterchangeKind, int>(_rows));
        if (!result.Succeeded || _dryRun)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        await AuditedChange.RunAsync(db, Opening(actor, source), async (changeSet, _, _) =>
        {
            // Asked again now that this import holds the writers' lock: a 上报 or 审核 that committed since the check above
            // (a reporter's save racing its own submission) refuses the write, as it would have a moment later.
            Phase("开始事务");
            if (await RefusedSinceCheckAsync(cancellationToken))
            {
                return false;
            }
            Phase("事务内复查报表状态");
            await db.SaveChangesAsync(cancellationToken);
            await AuditLog.WriteAsync(db, changeSet, _audit, cancellationToken);
            if (_values.Count > 0)
            {
                await DataValueStore.WriteAsync(db, _values, changeSet, progress, cancellationToken);
            }
            if (_deletes.Count > 0)
            {
                _deleted = await DataValueStore.DeleteAsync(db, _deletes, changeSet, cancellationToken);
            }
            await WriteNotesAsync(changeSet, cancellationToken);
            Phase("写入数据值与审计");
            var refusedByRules = _rulesInStore && await CheckRulesInStoreAsync(changeSet, WrittenTypes(_values), cancellationToken);
            Phase("在库中检查跨数值规则");
            return !refusedByRules;
        }, cancellationToken);
        Phase("提交");
        return HasErrors ? new ImportResult(_issues.ToList(), new Dictionary<InterchangeKind, int>(_rows)) : result;
    }

    /// <summary>Checks every table, in dependency order, against the store and the other tables of the same import.</summary>
    private void CheckTables(IReadOnlyList<SourceTable> tables)
    {
        foreach (var kind in InterchangeKinds.All)
        {
            foreach (var table in tables.Where(t => t.Kind == kind))
            {
                _rows[kind] = _rows.GetValueOrDefault(kind) + table.Rows.Count;
                switch (kind)
                {
                    case InterchangeKind.OrgUnits: CheckOrgUnits(table); break;
                    case InterchangeKind.Categories: CheckCategories(table); break;
                    case InterchangeKind.CategoryCombos: CheckCategoryCombos(table); break;
                    case InterchangeKind.CategoryOptionCombos: CheckOptionComboUids(table); break;
                    case InterchangeKind.OrgUnitGroups: CheckOrgUnitGroups(table); break;
                    case InterchangeKind.DataElements: CheckDataElements(table); break;
                    case InterchangeKind.DataSets: CheckDataSets(table); break;
                    case InterchangeKind.ValidationRules: CheckValidationRules(table); break;
                    case InterchangeKind.Indicators: CheckIndicators(table); break;
                    case InterchangeKind.Targets: CheckTargets(table); break;
                    case InterchangeKind.DataValues: CheckDataValues(table); break;
                }
            }
            if (kind == InterchangeKind.CategoryCombos)
            {
                StoreOptionCombos();
            }
        }
    }

    /// <summary>
    /// The import's change set (<see cref="AuditedChange.RunAsync(YardstickDb, AuditedChange.Opening, Func{ChangeSet, System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task{bool}}, CancellationToken)"/>
    /// opens it inside the import's transaction); marked <c>metadata</c> when it writes org units or data elements, so
    /// live engines following the store reshape (LiveEngine).
    /// </summary>
    private AuditedChange.Opening Opening(string actor, string source) =>
        new(actor, source, time.GetUtcNow(), ClientAddress, Metadata: _audit.Any(a => a.Entity is "org_unit" or "data_element" or "data_set" or "category" or "category_combo" or "category_option_combo"));

    private static Dictionary<int, HashSet<PeriodType>> WrittenTypes(IEnumerable<DataValue> values)
    {
        var written = new Dictionary<int, HashSet<PeriodType>>();
        foreach (var _ in Recording(values, written))
        {
        }
        return written;
    }

    private void RefuseMetadata(IReadOnlyList<SourceTable> tables)
    {
        foreach (var table in tables.Where(t => t.Kind != InterchangeKind.DataValues))
        {
            _issues.Add(new ImportIssue(table.Location, 0, $"这里只接受数据值 (dataelement, period, orgunit, value), 不接受{table.Kind.Word()}"));
        }
    }

    private bool _dryRun;

    /// <summary>
    /// Checks everything an import would and lists the values it would write with the value each replaces, writing
    /// nothing: the upload screen's preview before the all-or-nothing commit.
    /// </summary>
    public async Task<(ImportResult Result, IReadOnlyList<ValueChange> Changes)> PreviewAsync(IReadOnlyList<SourceTable> tables, CancellationToken cancellationToken = default)
    {
        _dryRun = true;
        var result = await ImportAsync(tables, "preview", "preview", cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            return (result, []);
        }
        var stored = await StoredAsync([.. _values.Select(v => (v.DataElementId, v.OrgUnitId, v.Period)), .. _deletes.Select(d => (d.ElementId, d.UnitId, d.Period))], cancellationToken);
        _deleted = _deletes.Count(d => stored.GetValueOrDefault((d.ElementId, d.UnitId))?.Exists(x => x.Period == d.Period && x.Combo == d.Combo) == true);
        var elements = _elements.Values.ToDictionary(e => e.Id);
        decimal? Old(DataValue v) => stored.GetValueOrDefault((v.DataElementId, v.OrgUnitId))?.Where(x => x.Period == v.Period && x.Combo == v.OptionComboId).Select(x => (decimal?)x.Value).FirstOrDefault();
        return (result, [.. _values.Select(v => new ValueChange(elements[v.DataElementId].Code, elements[v.DataElementId].Name, _unitsById[v.OrgUnitId].Code,
            _unitsById[v.OrgUnitId].Name, v.Period, Old(v), v.Value))]);
    }

    /// <param name="valuesOnly">the tables of a web write of values: only the units they name are read</param>
    /// <param name="writesMetadata">whether any file is not data values: only then are units tracked (and groups read)</param>
    private async Task LoadAsync(CancellationToken cancellationToken, IReadOnlyList<SourceTable>? valuesOnly, bool writesMetadata)
    {
        // A web write of a few values reads only the units it names, not a province's 21,000; files of values only change no
        // unit, so their units are read untracked (a province's month spent seconds tracking 21,000 it never changed).
        var codes = valuesOnly?.SelectMany(t => t.Rows).Select(r => InputText.Normalize(r["orgunit"])).Distinct().ToList();
        var units = writesMetadata ? db.OrgUnits : db.OrgUnits.AsNoTracking();
        _units = codes is null
            ? await units.ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken)
            : await units.Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, StringComparer.Ordinal, cancellationToken);
        _unitsById = _units.Values.ToDictionary(u => u.Id);
        _elements = await db.DataElements.ToDictionaryAsync(e => e.Code, StringComparer.Ordinal, cancellationToken);
        await LoadCategoriesAsync(cancellationToken);
        _indicators = await db.Indicators.ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, cancellationToken);
        _dataSets = await db.DataSets.ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, cancellationToken);
        _rules = await db.ValidationRules.ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, cancellationToken);
        _plans = await db.Plans.ToDictionaryAsync(p => p.Code, StringComparer.Ordinal, cancellationToken);
        _targets = await db.Targets.ToListAsync(cancellationToken);
        if (codes is null && writesMetadata)
        {
            await LoadGroupsAsync(cancellationToken);
        }
    }

    private void Error(SourceTable table, SourceRow row, string message) => _issues.Add(new ImportIssue(table.Location, row.Line, message));

    private void Warn(SourceTable table, SourceRow row, string message) => _issues.Add(new ImportIssue(table.Location, row.Line, message, IsError: false));

    private static int NextId<T>(IEnumerable<T> existing, Func<T, int> id) => existing.Select(id).DefaultIfEmpty(0).Max() + 1;

    private static bool TryYear(string text, out int year)
    {
        var s = InputText.Normalize(text).TrimEnd('年');
        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2999;
    }

    /// <summary>Empty, "—", "-" or "无" mean "no value", not zero (glossary §4).</summary>
    private static bool IsBlank(string text) => InputText.Normalize(text) is "" or "—" or "-" or "--" or "——" or "无" or "/";
}
