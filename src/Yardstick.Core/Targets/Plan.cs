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
