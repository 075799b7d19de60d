using Yardstick.Core.Model;

namespace Yardstick.Core.Reporting;

/// <summary>
/// A data set (数据集 / 报表): the data elements one form collects, how often (its period type), which org units must
/// report it, and its timetable — due <see cref="DueDays"/> days after the period ends, locked <see cref="LockDays"/>
/// days after it ends (0: never) unless the reviewing level unlocks it.
/// </summary>
/// <remarks>
/// Elements and assignment are kept as the codes datasets.csv gives (<c>a;b;c</c>, <c>150502;level:4</c>): codes are
/// the stable names of elements and units, a data set has tens of them, and an assignment by level takes in units
/// added later without rewriting the data set.
/// </remarks>
public sealed class DataSet
{
    public DataSet(int id, string code, string name, PeriodType periodType, int dueDays, int lockDays, string elements, string assign)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Code = code;
        Name = name;
        Elements = elements;
        Assign = assign;
        Update(name, periodType, dueDays, lockDays, elements, assign);
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public PeriodType PeriodType { get; private set; }
    public int DueDays { get; private set; }
    public int LockDays { get; private set; }

    /// <summary>The form's fields in order: element codes separated by ';'.</summary>
    public string Elements { get; private set; }

    /// <summary>Who must report: org-unit codes and <c>level:N</c> (every open unit of tier N) separated by ';'.</summary>
    public string Assign { get; private set; }

    public IReadOnlyList<string> ElementCodes => Split(Elements);

    public IReadOnlyList<string> AssignedUnitCodes => Assignment.Codes;

    /// <summary>
    /// Tiers assigned whole — the number of the org-unit files' <c>level</c> column (省 1, 市 2, 县 3, 乡镇 4, 村 5, 机构 6),
    /// not the depth in this tree, so <c>level:4</c> means the townships whether the tree starts at a province or a city.
    /// </summary>
    public IReadOnlyList<OrgUnitKind> AssignedLevels => Assignment.Levels;

    // Parsed once per Assign text: IsAssigned is asked for every unit × period of a province's year report.
    private (string Text, HashSet<string> Codes, HashSet<OrgUnitKind> Levels)? _assignment;

    private (IReadOnlyList<string> Codes, IReadOnlyList<OrgUnitKind> Levels) Assignment
    {
        get
        {
            var (codes, levels) = Parsed();
            return ([.. codes], [.. levels]);
        }
    }

    private (HashSet<string> Codes, HashSet<OrgUnitKind> Levels) Parsed()
    {
        if (_assignment is not { } cached || !ReferenceEquals(cached.Text, Assign))
        {
            var parts = Split(Assign);
            cached = (Assign,
                parts.Where(a => !a.StartsWith(LevelPrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal),
                parts.Where(a => a.StartsWith(LevelPrefix, StringComparison.Ordinal))
                    .Select(a => (OrgUnitKind)int.Parse(a[LevelPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
            _assignment = cached;
        }
        return (cached.Codes, cached.Levels);
    }

    public const string LevelPrefix = "level:";

    /// <summary>
    /// The tiers that approve this set's reports, bottom up, as written in datasets.csv's <c>approval_levels</c>
    /// (<c>level:3;level:2</c>: 县 then 市); empty: one approval by any reviewer above (<see cref="ApprovalLevels"/>).
    /// </summary>
    public string ApprovalLevels { get; private set; } = "";

    /// <summary><see cref="ApprovalLevels"/> as tiers, bottom up.</summary>
    public IReadOnlyList<OrgUnitKind> ApprovalTiers =>
        [.. Split(ApprovalLevels).Select(a => (OrgUnitKind)int.Parse(a[LevelPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Names the approving tiers, bottom up (each strictly above the one before); none for a single approval.</summary>
    public void ApproveBy(IReadOnlyList<OrgUnitKind> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        for (var i = 1; i < tiers.Count; i++)
        {
            if (tiers[i] >= tiers[i - 1])
            {
                throw new ArgumentException("Approval tiers run from the bottom up.", nameof(tiers));
            }
        }
        ApprovalLevels = string.Join(';', tiers.Select(t => LevelPrefix + ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Whether, with approval levels, each level above the bottom must receive (接收) a report the level below approved before
    /// approving it (datasets.csv's <c>accept</c>, 是/否; <see cref="Core.Reporting.ApprovalLevels"/>). Off by default.
    /// </summary>
    public bool RequiresAcceptance { get; private set; }

    /// <summary>Sets <see cref="RequiresAcceptance"/>; only a set with approval levels may require it.</summary>
    public void RequireAcceptance(bool required)
    {
        if (required && ApprovalLevels.Length == 0)
        {
            throw new InvalidOperationException("Acceptance needs approval levels.");
        }
        RequiresAcceptance = required;
    }

    public void Update(string name, PeriodType periodType, int dueDays, int lockDays, string elements, string assign)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dueDays);
        ArgumentOutOfRangeException.ThrowIfNegative(lockDays);
        Name = name;
        PeriodType = periodType;
        DueDays = dueDays;
        LockDays = lockDays;
        Elements = elements;
        Assign = assign;
    }

    /// <summary>The last day a report for <paramref name="period"/> counts as on time.</summary>
    public DateOnly DueDate(Period period) => period.End.AddDays(DueDays);

    /// <summary>The last day entry is open without an unlock, or null when the data set never locks.</summary>
    public DateOnly? LockDate(Period period) => LockDays == 0 ? null : period.End.AddDays(LockDays);

    public bool IsLockedOn(Period period, DateOnly today) => LockDate(period) is { } last && today > last;

    /// <summary>
    /// Whether <paramref name="unit"/> must report <paramref name="period"/>: named, or of an assigned tier, and open
    /// during the period (a closed township does not owe the months after it closed).
    /// </summary>
    public bool IsAssigned(OrgUnit unit, Period period)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var (codes, levels) = Parsed();
        return unit.IsOpenDuring(period) && (levels.Contains(unit.Kind) || codes.Contains(unit.Code));
    }

    /// <summary>The period of this data set's type that holds <paramref name="day"/>.</summary>
    public Period PeriodOf(DateOnly day) => Period.Containing(PeriodType, day);

    private static string[] Split(string list) => list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
