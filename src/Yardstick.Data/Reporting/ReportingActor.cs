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
/// <param name="Levels">The tiers that approve it, bottom up (the data set's approval levels above the unit); empty for a single approval.</param>
/// <param name="Passed">How many of <paramref name="Levels"/> have approved it.</param>
/// <param name="Acceptance">Whether its data set requires each level above the bottom to receive (接收) it before approving.</param>
/// <param name="Accepted">Whether the level next to approve has received it (市已接收).</param>
public sealed record ReportStatus(OrgUnit Unit, Period Period, Core.Reporting.ReportState State, bool Assigned,
    DateTimeOffset? SubmittedAt, bool? OnTime, DateOnly DueDate, DateOnly? LockDate, Core.Reporting.DataSetReport? Recorded,
    IReadOnlyList<OrgUnitKind>? Levels = null, int Passed = 0, bool Acceptance = false, bool Accepted = false)
{
    /// <summary>The state in words: 已上报, 县已审核, 市已接收, 市已审核 … (<see cref="Core.Reporting.ApprovalLevels.Text"/>).</summary>
    public string StateText => Core.Reporting.ApprovalLevels.Text(State, Levels ?? [], Passed, Accepted);

    /// <summary>Each level's state: "县已审核 · 市已接收" (<see cref="Core.Reporting.ApprovalLevels.EachLevel"/>); empty without levels.</summary>
    public string LevelsText => Core.Reporting.ApprovalLevels.EachLevel(Levels ?? [], Passed, Accepted, Acceptance);

    /// <summary>Whether the level next to act on it is to receive it first (接收): the level below has approved, this one not yet received.</summary>
    public bool AwaitsAcceptance => Acceptance && State == Core.Reporting.ReportState.Submitted && Passed > 0 && Levels is { } l && Passed < l.Count && !Accepted;

    /// <summary>Whether the report is approved by <paramref name="tier"/> (a level of it) or, without levels, approved at all.</summary>
    public bool IsApprovedBy(OrgUnitKind tier) => State == Core.Reporting.ReportState.Approved
        || (State == Core.Reporting.ReportState.Submitted && Levels is { } levels && Core.Reporting.ApprovalLevels.IndexOf(levels, tier) is >= 0 and var at && at < Passed);
}

/// <summary>A report from before the system: submitted and approved at these times (see <see cref="ReportingCycle.RecordPastAsync"/>).</summary>
public sealed record PastReport(Core.Reporting.DataSet DataSet, OrgUnit Unit, Period Period, DateTimeOffset SubmittedAt, DateTimeOffset ApprovedAt);
