using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Yardstick.Core.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Indicators;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data.Values;

namespace Yardstick.Data.Interchange;

/// <summary>Writes stored data back in the interchange formats: CSV (UTF-8 with BOM, for Excel), xlsx, or DHIS2 JSON for values.</summary>
public static class Exporter
{
    public static async Task<int> ExportAsync(YardstickDb db, InterchangeKind kind, string path, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync(db, kind, cancellationToken);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".xlsx")
        {
            WriteWorkbook(path, kind, rows);
        }
        else if (extension == ".json")
        {
            if (kind != InterchangeKind.DataValues)
            {
                throw new NotSupportedException("JSON export is for data values (DHIS2 dataValueSets).");
            }
            await using var stream = File.Create(path);
            await JsonSerializer.SerializeAsync(stream, new
            {
                // DHIS2's form carries values only: an element's own note (a row without a value) stays in CSV and xlsx.
                dataValues = rows.Where(r => r[4].Length > 0).Select(r => new { dataElement = r[0], period = r[1], orgUnit = r[2], categoryOptionCombo = r[3].Length == 0 ? null : r[3], value = r[4] }),
            }, cancellationToken: cancellationToken);
        }
        else
        {
            var sb = new StringBuilder();
            sb.AppendJoin(',', kind.Columns()).Append('\n');
            foreach (var row in rows)
            {
                sb.AppendJoin(',', row.Select(CsvText.Escape)).Append('\n');
            }
            await File.WriteAllTextAsync(path, sb.ToString(), new UTF8Encoding(true), cancellationToken);
        }
        return rows.Count;
    }

    public static async Task<List<string[]>> RowsAsync(YardstickDb db, InterchangeKind kind, CancellationToken cancellationToken)
    {
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, cancellationToken);
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Id, cancellationToken);
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var combos = await db.CategoryCombos.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        static string N(decimal? d) => d is { } v ? Rounding.Plain(v) : "";
        switch (kind)
        {
            case InterchangeKind.OrgUnits:
                return units.Values.OrderBy(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal)
                    .Select(u => new[]
                    {
                        u.Code, u.Name, u.ParentId is { } p ? units[p].Code : "", u.Kind.Code(),
                        u.OpenedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                        u.ClosedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                    }).ToList();
            case InterchangeKind.Categories:
                return [.. (await db.Categories.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken)).Select(c => new[] { c.Code, c.Name, c.Options })];
            case InterchangeKind.CategoryCombos:
                return [.. combos.Values.OrderBy(c => c.Id).Select(c => new[] { c.Code, c.Name, c.Categories })];
            case InterchangeKind.CategoryOptionCombos:
                // Only combos the metadata gave a DHIS2 uid: the others need no row, their code is the file's own.
                return [.. (await db.CategoryOptionCombos.AsNoTracking().Where(o => o.Uid != null).ToListAsync(cancellationToken))
                    .OrderBy(o => o.Id).Select(o => new[] { combos[o.CategoryComboId].Code, o.Code, o.Uid! })];
            case InterchangeKind.OrgUnitGroups:
                var sets = await db.OrgUnitGroupSets.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
                var members = (await db.OrgUnitGroupMembers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(m => m.GroupId, m => units[m.OrgUnitId].Code);
                return (await db.OrgUnitGroups.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(g => g.Code, StringComparer.Ordinal)
                    .Select(g => new[] { g.Code, g.Name, g.GroupSetId is { } s ? sets[s].Code : "", string.Join(';', members[g.Id].Order(StringComparer.Ordinal)),
                        g.GroupSetId is { } t ? (sets[t].IsExclusive ? "是" : "否") : "" })
                    .ToList();
            case InterchangeKind.DataElements:
                return elements.Values.OrderBy(e => e.Id)
                    .Select(e => new[] { e.Code, e.Name, e.ValueKind.Word(), e.OrgUnitAggregation.Word(), e.TimeAggregation.Word(),
                        e.CategoryComboId is { } c ? combos[c].Code : "" }).ToList();
            case InterchangeKind.DataSets:
                var dataSets = await db.DataSets.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
                return dataSets.Select(d => new[]
                {
                    d.Code, d.Name, d.PeriodType.Name(), d.Elements, d.Assign,
                    d.DueDays.ToString(CultureInfo.InvariantCulture), d.LockDays.ToString(CultureInfo.InvariantCulture), d.ApprovalLevels,
                    d.RequiresAcceptance ? "是" : "否",
                }).ToList();
            case InterchangeKind.ValidationRules:
                var rules = await db.ValidationRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
                return rules.Select(r => new[]
                {
                    r.Code, r.Name, r.LeftSide, Core.Reporting.RuleWords.Word(r.Operator), r.RightSide, Core.Reporting.RuleWords.Word(r.Importance),
                    r.PeriodType?.Name() ?? "", Core.Reporting.RuleWords.Word(r.Missing),
                }).ToList();
            case InterchangeKind.Indicators:
                return indicators.Values.OrderBy(i => i.Id)
                    .Select(i => new[] { i.Code, i.Name, i.Numerator, i.Denominator ?? "", N(i.Factor), i.Unit, i.Direction.ToString().ToLowerInvariant(), i.Decimals.ToString(CultureInfo.InvariantCulture) }).ToList();
            case InterchangeKind.Targets:
                var targets = await db.Targets.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);
                return targets.Select(t => new[]
                {
                    plans[t.PlanId].Code, indicators[t.IndicatorId].Code, units[t.OrgUnitId].Code,
                    t.BaselineYear?.ToString(CultureInfo.InvariantCulture) ?? "", N(t.BaselineValue),
                    t.TargetYear.ToString(CultureInfo.InvariantCulture),
                    t.Comparator == Comparator.Range ? $"{N(t.TargetValue)}-{N(t.TargetUpper)}" : N(t.TargetValue),
                    t.Comparator.Word(), t.Nature.Chinese(), t.EachUnit?.Chinese() ?? "",
                }).ToList();
            case InterchangeKind.DataValues:
                var rows = new List<string[]>();
                await db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    // Notes are few beside values: held in memory and joined as the values stream past.
                    var notes = await ValueNotes.ReadAsync(db, null, 1900, 2999, cancellationToken);
                    var optionCombos = await db.CategoryOptionCombos.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code, cancellationToken);
                    static string[] Noted(Core.Reporting.ValueNote? note) => [note?.Comment ?? "", note?.Source ?? "", note is { FollowUp: true } ? "是" : ""];
                    await foreach (var v in DataValueStore.ReadAsync(db, null, 1900, 2999, cancellationToken))
                    {
                        var note = notes.GetValueOrDefault((v.DataElementId, v.OrgUnitId, v.Period, v.OptionComboId));
                        rows.Add([elements[v.DataElementId].Code, v.Period.ToString(), units[v.OrgUnitId].Code,
                            optionCombos.GetValueOrDefault(v.OptionComboId, ""), Rounding.Plain(v.Value), .. Noted(note)]);
                    }
                    // The own note of an element with categories (the entry form's, beside its grid) has no value row of its
                    // combo: a row of its own, with no combo and no value, which import reads back as that note.
                    foreach (var note in notes.Values.Where(n => n.OptionComboId == OptionCombo.DefaultId && !n.IsEmpty
                        && elements.GetValueOrDefault(n.ElementId)?.CategoryComboId is not null && units.ContainsKey(n.UnitId))
                        .OrderBy(n => n.ElementId).ThenBy(n => n.Period.StartIndex).ThenBy(n => n.UnitId))
                    {
                        rows.Add([elements[note.ElementId].Code, note.Period.ToString(), units[note.UnitId].Code, "", "", .. Noted(note)]);
                    }
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
                return rows;
            default:
                throw new UnreachableException();
        }
    }

    private static void WriteWorkbook(string path, InterchangeKind kind, List<string[]> rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, kind.Columns()));
        var index = 2u;
        foreach (var row in rows)
        {
            data.Append(Row(index++, row));
        }
        sheetPart.Worksheet = new Worksheet(data);
        workbookPart.Workbook.AppendChild(new Sheets(new Sheet
        {
            Id = workbookPart.GetIdOfPart(sheetPart),
            SheetId = 1,
            Name = kind.Word(),
        }));
        workbookPart.Workbook.Save();
    }

    // Every cell is text: codes like "0101" and periods like "202303" must not become numbers.
    private static Row Row(uint index, IEnumerable<string> cells) =>
        new(cells.Select(c => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(c)) }))
        {
            RowIndex = index,
        };
}
