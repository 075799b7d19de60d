namespace Yardstick.Core.Model;

/// <summary>
/// One reported figure: (data element, option combo, org unit, period) → an exact decimal. Who stored it, when and
/// from which source is kept on the change set (<see cref="ChangeId"/>) that wrote it. An element without categories has
/// the default option combo (<see cref="OptionCombo.DefaultId"/>).
/// </summary>
public readonly record struct DataValue(int DataElementId, int OrgUnitId, Period Period, decimal Value, long ChangeId = 0,
    int OptionComboId = OptionCombo.DefaultId);
