using Yardstick.Core.Model;

namespace Yardstick.Core.Reporting;

/// <summary>
/// The recorded steps of one report (a data set, an org unit, a period): the last submission, the last decision with its
/// reasons, and an unlock granted past the lock date. No row means nobody has submitted yet.
/// </summary>
public sealed class DataSetReport
{
    public DataSetReport(int dataSetId, int orgUnitId, Period period)
    {
        DataSetId = dataSetId;
        OrgUnitId = orgUnitId;
        PeriodStart = period.Key;
    }

    private DataSetReport()
    {
    }

    public int DataSetId { get; private set; }
    public int OrgUnitId { get; private set; }

    /// <summary>yyyymm of the period's first month, as <c>data_values.period_start</c>; the type is the data set's.</summary>
    public int PeriodStart { get; private set; }

    /// <summary>submitted, returned or approved — or saved/not_started for a row that only carries an unlock.</summary>
    public string State { get; set; } = ReportState.NotStarted.Word();

    /// <summary>With approval levels: how many of the levels above the unit have approved, bottom up (<see cref="ApprovalLevels"/>).</summary>
    public int ApprovedLevels { get; set; }

    /// <summary>
    /// With approval levels that require acceptance: the level next to approve (the one above the <see cref="ApprovedLevels"/>
    /// passed) has received (接收) the report, so the level below may no longer unapprove it.
    /// </summary>
    public bool Accepted { get; set; }

    public DateTimeOffset? FirstSubmittedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>The path of the deciding reviewer's scope: who approved decides who may unapprove (that level or above).</summary>
    public string? DecidedScope { get; set; }

    public string? Reason { get; set; }

    /// <summary>Reasons per field of the last return, as JSON {"element code": "reason"}.</summary>
    public string? FieldReasons { get; set; }

    /// <summary>Entry is open until this day (Beijing) although the lock date has passed.</summary>
    public DateOnly? UnlockedUntil { get; set; }

    public ReportState RecordedState => ReportStates.FromWord(State);
}
