namespace Yardstick.Core.Targets;

/// <summary>A plan (规划) or annual work programme, e.g. TL14 for 2021–2025 with base year 2020.</summary>
public sealed class Plan
{
    private Plan() { }

    public Plan(int id, string code, string name, int baseYear, int startYear, int endYear)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = id;
        Code = code.Trim();
        Update(name, baseYear, startYear, endYear);
    }

    public int Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public int BaseYear { get; private set; }
    public int StartYear { get; private set; }
    public int EndYear { get; private set; }

    /// <summary>Points behind 序时进度 beyond which a target's light is yellow; null: the default (<see cref="WarningThresholds.Default"/>).</summary>
    public int? WarningYellowGap { get; private set; }

    /// <summary>Points behind 序时进度 beyond which a target that the trend misses is red; null: the default.</summary>
    public int? WarningRedGap { get; private set; }

    /// <summary>
    /// 只统计已审核数据: the approval level (市, 县, 全部) every evaluation of the plan reads values at — its dashboard, reports,
    /// 考核 and API —, unless a view asks otherwise; null: every value counts.
    /// </summary>
    public string? ApprovedOnly { get; private set; }

    /// <summary>The plan's 预警 thresholds, its own where set.</summary>
    public WarningThresholds Warnings => new(WarningYellowGap ?? WarningThresholds.Default.YellowGap, WarningRedGap ?? WarningThresholds.Default.RedGap);

    /// <summary>
    /// Sets the thresholds (0–100 points; null restores a default); the reason when they are refused: out of range, or the
    /// red gap below the yellow one (a target would turn red before yellow).
    /// </summary>
    public static string? WarningsRefusal(int? yellow, int? red)
    {
        if (yellow is < 0 or > 100 || red is < 0 or > 100)
        {
            return "预警阈值须为 0–100 个百分点";
        }
        var (y, r) = (yellow ?? WarningThresholds.Default.YellowGap, red ?? WarningThresholds.Default.RedGap);
        return r < y ? $"红灯阈值 ({r}) 不能小于黄灯阈值 ({y})" : null;
    }

    public void SetWarnings(int? yellow, int? red)
    {
        if (WarningsRefusal(yellow, red) is { } refusal)
        {
            throw new ArgumentException(refusal, nameof(red));
        }
        (WarningYellowGap, WarningRedGap) = (yellow, red);
    }

    public void Update(string name, int baseYear, int startYear, int endYear)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startYear, endYear);
        Name = name.Trim();
        BaseYear = baseYear;
        StartYear = startYear;
        EndYear = endYear;
    }
}
