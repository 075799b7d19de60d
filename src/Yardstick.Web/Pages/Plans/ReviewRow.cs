namespace Yardstick.Web.Pages.Plans;

/// <summary>One row of the review table of a document reading (see <c>_ReviewRow.cshtml</c>).</summary>
/// <param name="Row">The row's position in the posted list.</param>
/// <param name="Kind">indicator (a table row) or prose (a target in the text).</param>
/// <param name="Index">The item's position in its list of the reading.</param>
/// <param name="Linked">The name of the stored indicator the item stands for, if any.</param>
public sealed record ReviewRow(int Row, string Kind, int Index, string KindName, string Name, string? Comparator, string? Value, int? Year,
    string? Unit, string? Linked, string Source);
