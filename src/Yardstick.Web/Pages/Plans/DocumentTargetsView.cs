using Yardstick.Core.Targets;
using Yardstick.Data.Documents;

namespace Yardstick.Web.Pages.Plans;

/// <summary>A plan's document targets judged for a unit and year, as the dashboard and the plan page show them.</summary>
public sealed record DocumentTargetsView(IReadOnlyList<DocumentTargetRow> Rows, int Year, bool CanRecord)
{
    public static string KindName(DocumentTargetKind kind) => kind switch
    {
        DocumentTargetKind.Count => "计数",
        DocumentTargetKind.Level => "水平",
        _ => "定性",
    };

    /// <summary>The figure judged, with the target's unit, or the outcome recorded; a dash when there is neither.</summary>
    public static string Shown(DocumentTargetRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Evaluation.Actual is { } a ? Screens.Plain(a) + (row.Item.Unit ?? "") : row.Result?.Outcome?.Chinese() ?? "—";
    }
}
