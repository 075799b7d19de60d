using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Yardstick.Data.Access;

/// <summary>
/// Creating accounts, the same way from the CLI (<c>yardstick user add</c>), the first start of the web app and the
/// security admin's page: one role from <see cref="Roles.All"/>, an org-unit scope that exists, a password that passes
/// every rule. 三员分立: a user never holds two of the separated administrative roles.
/// </summary>
public static class UserAccounts
{
    /// <summary>Identity without the web host (for the CLI): the same stores, validators and rules as the web app.</summary>
    public static ServiceProvider IdentityServices(DatabaseLocation location)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AccessDb>(o => location.UseFor(o));
        services.AddIdentityCore<YardstickUser>(IdentityRules.Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccessDb>()
            .AddPasswordValidator<PasswordRules>()
            .AddPasswordValidator<PasswordHistoryRule>();
        return services.BuildServiceProvider();
    }

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Creates the account; returns the errors (in Chinese) or an empty list.</summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(IServiceProvider services, YardstickDb data, string name, string role,
        string orgUnitCode, string password, bool mustChangePassword, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(data);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("用户名不能为空");
        }
        else if (name.Trim().Length > IdentityRules.MaxUserNameLength || name.Any(Core.Text.InputText.IsHidden))
        {
            errors.Add($"用户名最长 {IdentityRules.MaxUserNameLength} 个字符, 且不能含控制字符或不可见的方向、换行字符");
        }
        if (!Roles.All.Contains(role))
        {
            errors.Add($"未知的角色 \"{role}\" (应为 {string.Join("、", Roles.All)})");
        }
        if (!await data.OrgUnits.AsNoTracking().AnyAsync(u => u.Code == orgUnitCode))
        {
            errors.Add($"未知的组织机构代码 \"{orgUnitCode}\"");
        }
        var users = services.GetRequiredService<UserManager<YardstickUser>>();
        if (await users.FindByNameAsync(name) is not null)
        {
            errors.Add($"用户 \"{name}\" 已存在");
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        await EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        var user = new YardstickUser { UserName = name.Trim(), OrgUnitCode = orgUnitCode };
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
        {
            var db = services.GetRequiredService<AccessDb>();
            created = await IdentityRules.ChangePasswordAsync(users, db, user, null, password, now, mustChangePassword);
            if (!created.Succeeded)
            {
                await users.DeleteAsync(user);
            }
        }
        if (created.Succeeded)
        {
            created = await users.AddToRoleAsync(user, role);
        }
        return [.. created.Errors.Select(e => e.Description)];
    }

    /// <summary>
    /// Sets the user's one role. One role per account keeps 三员分立 simple to see and to prove: an account is never the
    /// system admin and the security admin or the auditor at once.
    /// </summary>
    public static async Task<string?> SetRoleAsync(UserManager<YardstickUser> users, YardstickUser user, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        if (!Roles.All.Contains(role))
        {
            return $"未知的角色 \"{role}\"";
        }
        var held = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, held.Where(r => r != role));
        var result = removed.Succeeded && !held.Contains(role) ? await users.AddToRoleAsync(user, role) : removed;
        return result.Succeeded ? null : string.Join("; ", result.Errors.Select(e => e.Description));
    }

    /// <summary>
    /// Why the actor may not change the target's account (create, reset, unlock, disable, revoke tokens, re-role or move it),
    /// or null when they may. The one rule of 三员分立 for every account change, on the users page, the API and the CLI acting
    /// for an account: the target's scope lies inside the actor's own (本级及下级), never the actor's own account; an ordinary
    /// account (planner, department, reporter, reviewer, viewer) is managed from its own level or above, a separated one
    /// (<see cref="Roles.Separated"/>: system admin, security admin, auditor) only from strictly above — a county security
    /// admin neither resets the county auditor nor a peer security admin; the city's does.
    /// </summary>
    /// <param name="targetRoles">The roles the target holds now.</param>
    public static string? RefusalToManage(string actorId, string actorScopePath, string targetId, IEnumerable<string> targetRoles, string targetScopePath)
    {
        ArgumentNullException.ThrowIfNull(actorScopePath);
        ArgumentNullException.ThrowIfNull(targetRoles);
        ArgumentNullException.ThrowIfNull(targetScopePath);
        if (actorId == targetId)
        {
            return "不能修改自己的账号 (本人的密码请在\"修改密码\"中修改)";
        }
        if (!targetScopePath.StartsWith(actorScopePath, StringComparison.Ordinal))
        {
            return "该账号不在您的机构范围内";
        }
        if (targetRoles.FirstOrDefault(Roles.Separated.Contains) is { } separated && targetScopePath == actorScopePath)
        {
            return $"{Roles.Chinese(separated)}账号只能由上级机构的安全管理员管理 (三员分立)";
        }
        return null;
    }

    /// <summary>
    /// Why the actor may not give this role at this scope, or null when they may: the scope lies inside the actor's own, and
    /// a separated role (system admin, security admin, auditor) is given only at a unit strictly below the actor's — nobody
    /// makes a peer or a superior of themselves, nor an auditor of their own level. The exception is a fresh install, where
    /// the system admin makes the first security admin beside itself.
    /// </summary>
    public static string? RefusalToGrant(string actorScopePath, bool bootstrapping, string role, string scopePath)
    {
        ArgumentNullException.ThrowIfNull(actorScopePath);
        ArgumentNullException.ThrowIfNull(scopePath);
        if (!scopePath.StartsWith(actorScopePath, StringComparison.Ordinal))
        {
            return "机构范围超出了您的管辖范围";
        }
        if (Roles.Separated.Contains(role) && scopePath == actorScopePath && !(bootstrapping && role == Roles.Security))
        {
            return $"{Roles.Chinese(role)}只能为下级机构设立 (三员分立)";
        }
        return null;
    }

    /// <summary>
    /// The account a command acts for (the CLI's <c>--as</c>): an enabled security admin, or the system admin while no
    /// security admin exists; or why it may not manage accounts.
    /// </summary>
    public static async Task<(ActingAccount? Account, string? Refusal)> ActingAsync(IServiceProvider services, YardstickDb data, string name,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(data);
        var users = services.GetRequiredService<UserManager<YardstickUser>>();
        if (await users.FindByNameAsync(name ?? "") is not { Disabled: false } user)
        {
            return (null, $"没有可用的账号 \"{Core.Model.InputLimits.Echo(name)}\"");
        }
        var roles = await users.GetRolesAsync(user);
        var bootstrapping = (await users.GetUsersInRoleAsync(Roles.Security)).Count == 0;
        if (!roles.Contains(Roles.Security) && !(bootstrapping && roles.Contains(Roles.Admin)))
        {
            return (null, $"\"{user.UserName}\" 不是安全管理员, 不能管理账号 (三员分立)");
        }
        return await ScopePathAsync(data, user.OrgUnitCode, cancellationToken) is { } path
            ? (new ActingAccount(user.Id, user.UserName ?? name!, path, bootstrapping), null)
            : (null, $"账号 \"{user.UserName}\" 的机构范围 \"{user.OrgUnitCode}\" 已不存在");
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not change <paramref name="target"/>'s account, or null: the rule asked with the target's
    /// roles and scope as stored (an account whose unit no longer exists is managed only from the root).
    /// </summary>
    public static async Task<string?> RefusalToManageAsync(IServiceProvider services, YardstickDb data, ActingAccount actor, YardstickUser target,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(target);
        var roles = await services.GetRequiredService<UserManager<YardstickUser>>().GetRolesAsync(target);
        return actor.RefusalToManage(target.Id, roles, await ScopePathAsync(data, target.OrgUnitCode, cancellationToken) ?? "/");
    }

    /// <summary>The stored path of the org unit with this code, or null when there is none.</summary>
    public static async Task<string?> ScopePathAsync(YardstickDb data, string? code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var trimmed = (code ?? "").Trim();
        return await data.OrgUnits.AsNoTracking().Where(u => u.Code == trimmed).Select(u => u.Path).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Ends every session of the user at once and, with <paramref name="tokens"/>, deletes every access token. The one place
    /// access ends: sign-out ends one session; a password change or reset, a role or scope change and disabling end them
    /// all. A new security stamp goes with it: a session ticket carries the stamp it was made under and is refused on
    /// every request once the stamp has changed, so even a session row written back by a racing renewal stays dead.
    /// </summary>
    public static async Task EndAccessAsync(UserManager<YardstickUser> users, AccessDb db, YardstickUser user, bool tokens,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        await users.UpdateSecurityStampAsync(user);
        await db.Sessions.Where(x => x.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        if (tokens)
        {
            await db.AccessTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The account a 统一身份认证 sign-on names: the one whose <paramref name="match"/> field equals the provider's claim; null
    /// when none does, or when more than one does (<c>Ambiguous</c>: two accounts with one e-mail are refused, never guessed).
    /// Whether it may sign in (disabled, locked) is the sign-in's question, not this one's.
    /// </summary>
    public static async Task<(YardstickUser? Account, bool Ambiguous)> FindForSignOnAsync(UserManager<YardstickUser> users, SignOnMatch match, string? claim,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        var value = (claim ?? "").Trim();
        if (value.Length == 0 || value.Length > 256)
        {
            return (null, false);
        }
        IQueryable<YardstickUser> found = match switch
        {
            SignOnMatch.UserName => users.Users.Where(u => u.NormalizedUserName == users.NormalizeName(value)),
            SignOnMatch.Email => users.Users.Where(u => u.NormalizedEmail == users.NormalizeEmail(value)),
            SignOnMatch.ExternalId => users.Users.Where(u => u.ExternalId == value),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        var two = await found.Take(2).ToListAsync(cancellationToken);
        return two.Count == 1 ? (two[0], false) : (null, two.Count > 1);
    }

    /// <summary>
    /// Ties the account to its 统一身份认证 id (null or blank unties it); returns why not — another account holds that id —
    /// or null.
    /// </summary>
    public static async Task<string?> SetExternalIdAsync(UserManager<YardstickUser> users, YardstickUser user, string? externalId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        var value = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        if (value is not null && (value.Length > 256 || value.Any(Core.Text.InputText.IsHidden)))
        {
            return "统一身份认证账号最长 256 个字符, 且不能含控制字符";
        }
        if (value is not null && await users.Users.AnyAsync(u => u.ExternalId == value && u.Id != user.Id, cancellationToken))
        {
            return $"统一身份认证账号 \"{Core.Model.InputLimits.Echo(value)}\" 已对应另一个账号";
        }
        user.ExternalId = value;
        var result = await users.UpdateAsync(user);
        return result.Succeeded ? null : string.Join("; ", result.Errors.Select(e => e.Description));
    }

    /// <summary>
    /// Why the actor may not give this account this read-only data scope, or null when they may (null
    /// <paramref name="dataScope"/> takes it away, always allowed). Only a 处室 account has one — everyone else reads their own
    /// scope's figures —; it names an area or institution, not another 处室 (which hold no figures); and it lies inside the
    /// actor's own scope, as every grant does (<see cref="RefusalToGrant"/>): nobody hands out figures they may not read.
    /// </summary>
    public static string? RefusalToGiveDataScope(string actorScopePath, Core.Model.OrgUnit? accountUnit, Core.Model.OrgUnit? dataScope)
    {
        ArgumentNullException.ThrowIfNull(actorScopePath);
        if (dataScope is null)
        {
            return null;
        }
        if (accountUnit?.Kind != Core.Model.OrgUnitKind.Department)
        {
            return "只有处室账号可以另设数据查看范围 (其他账号查看本机构范围的数据)";
        }
        if (dataScope.Kind == Core.Model.OrgUnitKind.Department)
        {
            return "数据查看范围应为地区或机构, 不能是处室";
        }
        return dataScope.Path.StartsWith(actorScopePath, StringComparison.Ordinal) ? null : "数据查看范围超出了您的管辖范围";
    }

    /// <summary>
    /// Gives the account its read-only data scope (null takes it away) and ends its sessions and tokens, as any scope change
    /// does, so the figures it reads change at once. The caller has asked <see cref="RefusalToGiveDataScope"/>.
    /// </summary>
    public static async Task SetDataScopeAsync(UserManager<YardstickUser> users, AccessDb db, YardstickUser user, string? dataScopeCode,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        user.DataScopeCode = dataScopeCode;
        await users.UpdateAsync(user);
        await EndAccessAsync(users, db, user, tokens: true, cancellationToken);
    }

    /// <summary>Disables or enables the account; disabling ends its sessions and tokens.</summary>
    public static async Task SetDisabledAsync(UserManager<YardstickUser> users, AccessDb db, YardstickUser user, bool disabled,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        user.Disabled = disabled;
        await users.UpdateAsync(user);
        if (disabled)
        {
            await EndAccessAsync(users, db, user, tokens: true, cancellationToken);
        }
    }
}
