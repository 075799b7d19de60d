namespace Yardstick.Core.Model;

/// <summary>
/// A stored option combo: its id (what <c>data_values</c> keeps), its combo and code, and a DHIS2 uid when the metadata
/// came with one. Ids are given once and never reused, so values keep their meaning when a category gains an option.
/// </summary>
public sealed class CategoryOptionCombo
{
    private CategoryOptionCombo() { }

    public CategoryOptionCombo(int id, int categoryComboId, string code, string? uid = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        Id = id;
        CategoryComboId = categoryComboId;
        Code = code;
        Uid = uid;
    }

    public int Id { get; private set; }
    public int CategoryComboId { get; private set; }
    public string Code { get; private set; } = "";
    public string? Uid { get; private set; }
}
