using System.Diagnostics;

namespace Yardstick.Data.Access;

/// <summary>
/// The roles of 等保 三员分立: system admin, security admin and auditor are kept apart (no user holds two of them), plus
/// the working roles. Role names are the words the CLI takes (<c>yardstick user add --role planner</c>).
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Security = "security";
    public const string Auditor = "auditor";
    public const string Planner = "planner";
    public const string Department = "department";
    public const string Reporter = "reporter";

    /// <summary>数据审核: approves or returns the reports of the units below its scope; does not enter data.</summary>
    public const string Reviewer = "reviewer";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Security, Auditor, Planner, Department, Reporter, Reviewer, Viewer];

    /// <summary>Roles that may change data (values, plans, tasks) within their scope.</summary>
    public static readonly IReadOnlyList<string> Writers = [Admin, Planner, Department, Reporter];

    /// <summary>Roles that plan: plans and targets, 交办 and the assigner's side of a task, 考核 schemes.</summary>
    public static readonly IReadOnlyList<string> Planners = [Admin, Planner];

    /// <summary>Roles that act on the tasks their unit owns (签收, 报送进展, 申请办结).</summary>
    public static readonly IReadOnlyList<string> TaskActors = [Admin, Planner, Department];

    /// <summary>The three separated administrative roles (三员).</summary>
    public static readonly IReadOnlyList<string> Separated = [Admin, Security, Auditor];

    public static string Chinese(string role) => role switch
    {
        Admin => "系统管理员",
        Security => "安全管理员",
        Auditor => "安全审计员",
        Planner => "规划管理",
        Department => "业务处室",
        Reporter => "数据填报",
        Reviewer => "数据审核",
        Viewer => "只读查看",
        _ => throw new UnreachableException(),
    };
}
