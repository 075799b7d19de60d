using System.Diagnostics;

namespace Yardstick.Core.Targets;

/// <summary>指标性质: binding targets are commitments; expected ones set a direction (glossary §3.2).</summary>
public enum TargetNature
{
    /// <summary>预期性.</summary>
    Expected,
    /// <summary>约束性.</summary>
    Binding,
}

public static class TargetNatures
{
    public static string Chinese(this TargetNature nature) => nature switch
    {
        TargetNature.Binding => "约束性",
        TargetNature.Expected => "预期性",
        _ => throw new UnreachableException(),
    };

    public static bool TryParse(string? text, out TargetNature nature)
    {
        var s = Text.InputText.Normalize(text ?? "").ToLowerInvariant();
        TargetNature? found = s switch
        {
            "约束性" or "约束" or "binding" => TargetNature.Binding,
            "预期性" or "预期" or "expected" or "" => TargetNature.Expected,
            _ => null,
        };
        nature = found ?? default;
        return found is not null;
    }
}
