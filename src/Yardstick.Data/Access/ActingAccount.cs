namespace Yardstick.Data.Access;

/// <summary>
/// The account that manages others in a request: the security admin on the users page, or the account a CLI command acts
/// for (<c>--as</c>). Its questions are the one rule of <see cref="UserAccounts.RefusalToManage"/> and
/// <see cref="UserAccounts.RefusalToGrant"/>, asked from its own scope.
/// </summary>
/// <param name="ScopePath">The stored path of the account's org unit (<c>/1/4/</c>).</param>
/// <param name="Bootstrapping">No security admin exists yet: the system admin makes the first one.</param>
public sealed record ActingAccount(string Id, string Name, string ScopePath, bool Bootstrapping)
{
    /// <summary>Why this account may not change the target's account, or null.</summary>
    public string? RefusalToManage(string targetId, IEnumerable<string> targetRoles, string targetScopePath) =>
        UserAccounts.RefusalToManage(Id, ScopePath, targetId, targetRoles, targetScopePath);

    /// <summary>Why this account may not give <paramref name="role"/> at the unit whose path is <paramref name="scopePath"/>, or null.</summary>
    public string? RefusalToGrant(string role, string scopePath) => UserAccounts.RefusalToGrant(ScopePath, Bootstrapping, role, scopePath);

    /// <summary>Why this account may not give the account at <paramref name="accountUnit"/> this read-only data scope, or null.</summary>
    public string? RefusalToGiveDataScope(Core.Model.OrgUnit? accountUnit, Core.Model.OrgUnit? dataScope) =>
        UserAccounts.RefusalToGiveDataScope(ScopePath, accountUnit, dataScope);
}
