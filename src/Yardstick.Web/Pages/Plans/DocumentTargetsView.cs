using Yardstick.Data.Documents;

namespace Yardstick.Web.Pages.Plans;

/// <summary>A plan's document targets judged for a unit and year, as the dashboard and the plan page show them.</summary>
public sealed record DocumentTargetsView(IReadOnlyList<DocumentTargetRow> Rows, int Year, bool CanRecord);
