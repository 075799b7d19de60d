namespace Yardstick.Web.Access;

/// <summary>Authorization policy names; which roles each admits is set in Program.cs.</summary>
public static class Policies
{
    public const string WriteData = "write-data";
    public const string WriteTasks = "write-tasks";
    public const string Plan = "plan";
    public const string Audit = "audit";
    public const string ManageUsers = "manage-users";
    public const string ManageUnits = "manage-units";
    public const string SignIn = "signin";
}
