using Yardstick.Core.Model;

namespace Yardstick.Core.Reporting;

/// <summary>
/// What a reporter or reviewer says about one value: a comment, where the figure comes from (统计年鉴 / 直报 / 调查 /
/// 其他部门) and whether it is marked 需核实 (to be verified). A note without any of the three is no note. It belongs to the
/// value of one option combo, as in DHIS2; the default combo's (0) is the element's own note, the one the entry form keeps
/// beside a grid of combos.
/// </summary>
public sealed record ValueNote(int ElementId, int UnitId, Period Period, string? Comment, string? Source, bool FollowUp,
    int OptionComboId = OptionCombo.DefaultId)
{
    /// <summary>The sources a value may name; anything else is refused, so that a filter on source means something.</summary>
    public static readonly IReadOnlyList<string> Sources = ["统计年鉴", "直报", "调查", "其他部门"];

    public const int MaxComment = 500;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Comment) && string.IsNullOrWhiteSpace(Source) && !FollowUp;

    /// <summary>One line for the audit log and the pages: "需核实; 来源: 直报; 与上月差异大".</summary>
    public string Describe() => string.Join("; ", new[]
    {
        FollowUp ? "需核实" : null,
        string.IsNullOrWhiteSpace(Source) ? null : "来源: " + Source,
        string.IsNullOrWhiteSpace(Comment) ? null : Comment,
    }.OfType<string>());

    /// <summary>A source as written (直报, 统计年鉴, or the file words direct, yearbook, survey, other), or null when unknown.</summary>
    public static string? ParseSource(string? text)
    {
        var t = Text.InputText.Normalize(text ?? "").Trim();
        return t.ToLowerInvariant() switch
        {
            "" => "",
            "yearbook" or "统计年鉴" or "年鉴" => "统计年鉴",
            "direct" or "直报" or "网络直报" => "直报",
            "survey" or "调查" or "抽样调查" => "调查",
            "other" or "其他部门" or "部门" => "其他部门",
            _ => null,
        };
    }

    /// <summary>需核实 as a file writes it: 1/0, true/false, yes/no, 是/否, 需核实; empty is no.</summary>
    public static bool? ParseFollowUp(string? text) => Text.InputText.Normalize(text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "0" or "false" or "no" or "否" => false,
        "1" or "true" or "yes" or "是" or "需核实" => true,
        _ => null,
    };
}
