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

    /// <summary>Whether the text is a DHIS2 uid: 11 characters, a letter then letters or digits (ASCII only).</summary>
    public static bool IsUid(string? text) =>
        text is { Length: 11 } && char.IsAsciiLetter(text[0]) && text.All(char.IsAsciiLetterOrDigit);

    /// <summary>Gives the combo the DHIS2 uid its metadata names (<c>categoryoptioncombos.csv</c>), replacing any it had.</summary>
    public void GiveUid(string uid)
    {
        if (!IsUid(uid))
        {
            throw new ArgumentException($"Not a DHIS2 uid: {uid}", nameof(uid));
        }
        Uid = uid;
    }
}
