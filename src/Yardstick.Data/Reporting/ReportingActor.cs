using Yardstick.Core.Model;
using Yardstick.Data.Access;

namespace Yardstick.Data.Reporting;

/// <summary>Who takes a step of the reporting cycle: name, role, the root of their scope, where from.</summary>
public sealed record ReportingActor(string Name, IReadOnlyCollection<string> Roles, OrgUnit? Scope, string? Address = null)
{
    public bool MayWriteData => Roles.Any(Access.Roles.Writers.Contains);

    public bool MayReview => Roles.Contains(Access.Roles.Reviewer);

    public bool Covers(OrgUnit unit) => Scope is not null && unit.IsWithin(Scope);

    /// <summary>Strictly above: inside the scope but not the scope's own unit — nobody approves their own data.</summary>
    public bool IsAbove(OrgUnit unit) => Covers(unit) && unit.Id != Scope!.Id;
}

/// <summary>Where one report stands, as the status API and the pages show it.</summary>
public sealed record ReportStatus(OrgUnit Unit, Period Period, Core.Reporting.ReportState State, bool Assigned,
    DateTimeOffset? SubmittedAt, bool? OnTime, DateOnly DueDate, DateOnly? LockDate, Core.Reporting.DataSetReport? Recorded);

/// <summary>A report from before the system: submitted and approved at these times (see <see cref="ReportingCycle.RecordPastAsync"/>).</summary>
public sealed record PastReport(Core.Reporting.DataSet DataSet, OrgUnit Unit, Period Period, DateTimeOffset SubmittedAt, DateTimeOffset ApprovedAt);
