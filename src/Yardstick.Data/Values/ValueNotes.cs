using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;

namespace Yardstick.Data.Values;

/// <summary>
/// Comments, sources and 需核实 marks on values (<c>value_notes</c>), keyed like <c>data_values</c> (option combo too,
/// migration 0029; the default combo's note is the element's, the one the entry form keeps beside a grid). Written by the
/// importer in the same transaction as the values (a form, the API, a file with comment/source/follow_up columns),
/// audited old → new under the value's unit; read by the form, the indicator page and export.
/// </summary>
public static class ValueNotes
{
    /// <summary>The notes of these units (null: all) over the years, by (element, unit, period, option combo).</summary>
    public static async Task<Dictionary<(int ElementId, int UnitId, Period Period, int OptionComboId), ValueNote>> ReadAsync(YardstickDb db, IReadOnlyCollection<int>? unitIds,
        int fromYear, int toYear, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var notes = new Dictionary<(int, int, Period, int), ValueNote>();
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var units = unitIds is null ? "" : unitIds.Count == 0 ? " AND 1 = 0" : $" AND org_unit_id IN ({string.Join(',', unitIds)})";
            command.CommandText = $"""
                SELECT data_element_id, org_unit_id, period_type, period_start, comment, source, follow_up, category_option_combo_id FROM value_notes
                WHERE period_start >= {fromYear * 100} AND period_start <= {toYear * 100 + 53}{units}
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var start = reader.GetInt32(3);
                var period = Period.FromKey((PeriodType)reader.GetInt32(2), start);
                var note = new ValueNote(reader.GetInt32(0), reader.GetInt32(1), period, reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), Convert.ToInt32(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture) != 0,
                    reader.GetInt32(7));
                notes[(note.ElementId, note.UnitId, period, note.OptionComboId)] = note;
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        return notes;
    }

    /// <summary>
    /// Sets each note as given (an empty one removes the stored note), inside the current transaction, auditing what
    /// changed, keyed <c>element/unit/period</c> as a value is, with <c>/combo</c> (its code) for an option combo's note.
    /// Returns how many notes changed.
    /// </summary>
    public static async Task<int> WriteAsync(YardstickDb db, IReadOnlyList<ValueNote> notes, ChangeSet changeSet,
        IReadOnlyDictionary<int, string> elementCodes, IReadOnlyDictionary<int, OrgUnit> units, IReadOnlyDictionary<int, string> comboCodes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(elementCodes);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(comboCodes);
        if (notes.Count == 0)
        {
            return 0;
        }
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Notes are written inside a transaction.");
        var stored = await ReadAsync(db, [.. notes.Select(n => n.UnitId).Distinct()], notes.Min(n => n.Period.Year), notes.Max(n => n.Period.Year), cancellationToken);
        var audit = new List<(string, string, string?, string?)>();
        var connection = db.Database.GetDbConnection();
        foreach (var note in notes)
        {
            var old = stored.GetValueOrDefault((note.ElementId, note.UnitId, note.Period, note.OptionComboId));
            var before = old is null || old.IsEmpty ? null : old.Describe();
            var after = note.IsEmpty ? null : note.Describe();
            if (before == after)
            {
                continue;
            }
            var key = $"data_element_id = {note.ElementId} AND org_unit_id = {note.UnitId} AND period_type = {(int)note.Period.Type} AND period_start = {note.Period.Key} AND category_option_combo_id = {note.OptionComboId}";
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM value_notes WHERE " + key;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (!note.IsEmpty)
            {
                command.CommandText = $"""
                    INSERT INTO value_notes (data_element_id, org_unit_id, period_type, period_start, category_option_combo_id, comment, source, follow_up)
                    VALUES ({note.ElementId}, {note.UnitId}, {(int)note.Period.Type}, {note.Period.Key}, {note.OptionComboId}, @comment, @source, {(note.FollowUp ? 1 : 0)})
                    """;
                SchemaMigrator.AddParameter(command, "@comment", string.IsNullOrWhiteSpace(note.Comment) ? null : note.Comment);
                SchemaMigrator.AddParameter(command, "@source", string.IsNullOrWhiteSpace(note.Source) ? null : note.Source);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            var combo = note.OptionComboId == OptionCombo.DefaultId ? "" : "/" + comboCodes[note.OptionComboId];
            audit.Add(("value_note", $"{elementCodes[note.ElementId]}/{units[note.UnitId].Code}/{note.Period}{combo}", before, after));
        }
        await AuditLog.WriteAsync(db, changeSet, audit, cancellationToken);
        return audit.Count;
    }
}
