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
}
