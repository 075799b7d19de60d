namespace Yardstick.Web.Api;

/// <summary>
/// The fields of the API's JSON bodies in Chinese, so that a reason names a field as the screens do and as the client wrote
/// it: "完成时限 (deadline)", "里程碑日期 (milestones[0].due)".
/// </summary>
public static class ApiFields
{
    private static readonly Dictionary<string, string> Chinese = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accepted"] = "是否采纳",
        ["action"] = "操作",
        ["appeal"] = "申诉编号",
        ["appealDays"] = "申诉期",
        ["deadline"] = "完成时限",
        ["due"] = "里程碑日期",
        ["fieldReasons"] = "各项退回理由",
        ["indicators"] = "关联指标",
        ["leads"] = "牵头单位",
        ["milestone"] = "里程碑编号",
        ["milestones"] = "里程碑",
        ["note"] = "说明",
        ["orgUnit"] = "组织机构代码",
        ["partners"] = "配合单位",
        ["period"] = "期间",
        ["plan"] = "规划代码",
        ["progress"] = "进度",
        ["reason"] = "理由",
        ["text"] = "内容",
        ["title"] = "名称",
    };

    /// <summary>
    /// A field by its JSON path (<c>$.milestones[0].due</c>, as <see cref="System.Text.Json.JsonException.Path"/> gives it):
    /// its Chinese name and the path as the client wrote it; the whole body for <c>$</c>; the path alone for a field not listed.
    /// </summary>
    public static string Name(string? path)
    {
        var written = (path ?? "$").TrimStart('$').TrimStart('.');
        if (written.Length == 0)
        {
            return "请求体";
        }
        var last = written[(written.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        var name = (bracket < 0 ? last : last[..bracket]).Trim('\'', '[', ']');
        return Chinese.TryGetValue(name, out var chinese) ? $"{chinese} ({ApiEndpoints.Echo(written)})" : ApiEndpoints.Echo(written);
    }
}
