using Yardstick.Core.Model;

namespace Yardstick.Core.Indicators;

public sealed partial class IndicatorEngine
{
    private const string SnapshotMagic = "yardstick-engine-2";

    /// <summary>
    /// Writes the engine's raw values (not its aggregates, which are rebuilt on demand) with the unit and element ids they
    /// belong to, and a caller's <paramref name="label"/> (which store, which change set): a province's 24M values in a
    /// few hundred MB, read back in a second or two instead of re-reading the store.
    /// </summary>
    public void WriteSnapshot(Stream stream, string label)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(SnapshotMagic);
        writer.Write(label);
        writer.Write(FirstYear);
        writer.Write(LastYear);
        writer.Write(_units.Length);
        foreach (var unit in _units)
        {
            writer.Write(unit.Id);
        }
        // Per series: its element and option combo (format 2; format 1 had elements only and is read from the store instead).
        writer.Write(_elements.Length);
        for (var s = 0; s < _elements.Length; s++)
        {
            writer.Write(_elements[s].Id);
            writer.Write(_comboOf[s]);
        }
        foreach (var raw in _raw)
        {
            raw.Write(writer);
        }
    }

    /// <summary>
    /// Reads a snapshot's label, or null when the stream is not a snapshot of this format. Then
    /// <see cref="ReadSnapshot"/> reads the values onto today's tree.
    /// </summary>
    public static string? SnapshotLabel(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            return reader.ReadString() == SnapshotMagic ? reader.ReadString() : null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>
    /// An engine over <paramref name="units"/> and <paramref name="elements"/> holding a snapshot's values for every unit and
    /// element it names that still exist (matched by id, wherever they now stand in the tree). The stream is positioned
    /// after the label (<see cref="SnapshotLabel"/>).
    /// </summary>
    public static IndicatorEngine ReadSnapshot(Stream stream, IEnumerable<OrgUnit> units, IEnumerable<DataElement> elements,
        IReadOnlyDictionary<int, ComboShape>? combos = null)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var firstYear = reader.ReadInt32();
        var lastYear = reader.ReadInt32();
        var unitIds = new int[reader.ReadInt32()];
        for (var i = 0; i < unitIds.Length; i++)
        {
            unitIds[i] = reader.ReadInt32();
        }
        var stubs = new Dictionary<int, DataElement>();
        var series = new List<(DataElement, int)>();
        var count = reader.ReadInt32();
        for (var e = 0; e < count; e++)
        {
            var id = reader.ReadInt32();
            var combo = reader.ReadInt32();
            if (!stubs.TryGetValue(id, out var stub))
            {
                stubs[id] = stub = new DataElement(id, "e" + id, "e" + id, ValueKind.Number, OrgUnitAggregation.Sum, TimeAggregation.Sum);
            }
            series.Add((stub, combo));
        }
        // Today's tree and series as the snapshot wrote them (the usual restart): its values are read straight in, with no
        // second engine to copy from — a province's values once in memory, not twice.
        var today = new IndicatorEngine(units, elements, firstYear, lastYear, combos);
        if (today._units.Select(u => u.Id).SequenceEqual(unitIds)
            && today._elements.Length == series.Count
            && series.Select((s, i) => s.Item1.Id == today._elements[i].Id && s.Item2 == today._comboOf[i]).All(same => same))
        {
            foreach (var raw in today._raw)
            {
                raw.Read(reader);
            }
            return today;
        }
        // Else the snapshot's own tree and elements as stubs (for raw values only their order and ids matter), reshaped onto
        // today's tree and elements. Flat stubs keep the written order: roots are laid out by code, and the codes are the
        // positions, zero-padded.
        var stubUnits = unitIds.Select((id, i) => new OrgUnit(id, i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), "u", OrgUnitKind.Village, null));
        var snapshot = new IndicatorEngine(stubUnits, series, firstYear, lastYear, new Dictionary<int, ComboShape>());
        foreach (var raw in snapshot._raw)
        {
            raw.Read(reader);
        }
        return snapshot.Reshape(units, elements, combos ?? new Dictionary<int, ComboShape>());
    }
}
