using System.Diagnostics;

namespace Yardstick.Core.Model;

/// <summary>
/// The administrative tier of an org unit. The number is the usual depth in a full national tree
/// (省 1 … 村 5); facilities hang under any tier.
/// </summary>
public enum OrgUnitKind
{
    Province = 1,
    City = 2,
    County = 3,
    Township = 4,
    Village = 5,
    Facility = 6,

    /// <summary>
    /// A department of a commission (处室 / 科室: 妇幼科, 卫健三处): a place 督办 tasks are assigned to, with its users. It
    /// reports no figures and is not one of the units ranked, evaluated or expected to report.
    /// </summary>
    Department = 7,
}

/// <summary>Names of <see cref="OrgUnitKind"/> in files and on screen.</summary>
public static class OrgUnitKinds
{
    public static string Chinese(this OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Province => "省",
        OrgUnitKind.City => "市",
        OrgUnitKind.County => "县区旗",
        OrgUnitKind.Township => "乡镇街道苏木",
        OrgUnitKind.Village => "村社区嘎查",
        OrgUnitKind.Facility => "机构",
        OrgUnitKind.Department => "处室科室",
        _ => throw new UnreachableException(),
    };

    public static string Code(this OrgUnitKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A unit of the tree that reports, is evaluated and ranked: every kind but a commission's department.</summary>
    public static bool IsArea(this OrgUnitKind kind) => kind != OrgUnitKind.Department;

    /// <summary>Accepts 1–7, the English names, and the Chinese tier names used in plans (旗, 苏木, 嘎查…).</summary>
    public static bool TryParse(string? text, out OrgUnitKind kind)
    {
        kind = default;
        var s = Text.InputText.Normalize(text ?? "").ToLowerInvariant();
        OrgUnitKind? found = s switch
        {
            "1" or "province" or "省" or "自治区" or "直辖市" => OrgUnitKind.Province,
            "2" or "city" or "prefecture" or "市" or "地级市" or "盟" or "地区" or "自治州" => OrgUnitKind.City,
            "3" or "county" or "district" or "县" or "区" or "旗" or "县级市" or "县区旗" or "旗县市区" or "自治旗" or "县市区" or "旗县" => OrgUnitKind.County,
            "4" or "township" or "乡" or "镇" or "乡镇" or "街道" or "苏木" or "乡镇街道苏木" or "苏木乡镇" or "乡镇街道" or "苏木乡镇街道" => OrgUnitKind.Township,
            "5" or "village" or "村" or "社区" or "嘎查" or "村社区嘎查" or "居委会" => OrgUnitKind.Village,
            "6" or "facility" or "机构" or "医疗卫生机构" => OrgUnitKind.Facility,
            "7" or "department" or "处室" or "科室" or "处室科室" or "内设机构" => OrgUnitKind.Department,
            _ => null,
        };
        kind = found ?? default;
        return found is not null;
    }
}
