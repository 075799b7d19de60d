using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Admin;

/// <summary>
/// Accounts, roles and scopes, for the security admin (安全管理员). The system admin may open it only while no security
/// admin exists — so that a fresh install can create one — and then never again (三员分立). Every grant, reset and
/// unlock is a security event in the audit log.
/// </summary>
public sealed class UsersModel(UserManager<YardstickUser> users, AccessDb access, YardstickDb db, CurrentUser me, IServiceProvider services,
    TimeProvider time) : PageModel
{
    public sealed record Row(string Id, string Name, IList<string> Roles, string Scope, bool Locked, bool TwoFactor, bool MustChange);

    public IReadOnlyList<Row> Users { get; private set; } = [];
    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!me.IsIn(Roles.Security) && (await users.GetUsersInRoleAsync(Roles.Security)).Count > 0)
        {
            context.Result = Forbid();
            return;
        }
        await next();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string name, string role, string orgunit, CancellationToken ct)
    {
        if (!await InScopeAsync(orgunit, ct))
        {
            return Forbid();
        }
        var password = IdentityRules.RandomPassword();
        var errors = await UserAccounts.CreateAsync(services, db, name, role, orgunit, password, mustChangePassword: true, time.GetUtcNow());
        Errors.AddRange(errors);
        if (errors.Count == 0)
        {
            await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user", name, null, $"role={role};orgunit={orgunit}", time.GetUtcNow(), ct);
            Message = $"已创建用户 {name}, 初始密码: {password} (只显示这一次, 首次登录须修改)";
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(string id, string role, string orgunit, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        if (!await InScopeAsync(orgunit, ct))
        {
            return Forbid();
        }
        var before = $"roles={string.Join(",", await users.GetRolesAsync(user))};orgunit={user.OrgUnitCode}";
        if (await UserAccounts.SetRoleAsync(users, user, role) is { } error)
        {
            Errors.Add(error);
        }
        else
        {
            user.OrgUnitCode = orgunit;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            var after = $"roles={string.Join(",", await users.GetRolesAsync(user))};orgunit={user.OrgUnitCode}";
            await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.access", user.UserName ?? id, before, after, time.GetUtcNow(), ct);
            Message = $"已更新 {user.UserName} 的角色与机构范围";
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.unlock", user.UserName ?? id, "已锁定", "正常", time.GetUtcNow(), ct);
        Message = $"已解锁 {user.UserName}";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }
        var password = IdentityRules.RandomPassword();
        var result = await IdentityRules.ChangePasswordAsync(users, access, user, null, password, time.GetUtcNow(), mustChangeNext: true);
        if (result.Succeeded)
        {
            await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.reset", user.UserName ?? id, null, "密码已重置", time.GetUtcNow(), ct);
            Message = $"{user.UserName} 的新初始密码: {password} (只显示这一次)";
        }
        else
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> InScopeAsync(string orgunit, CancellationToken ct)
    {
        var (unit, exists) = await me.UnitAsync(orgunit, ct);
        return exists && unit is not null;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await me.UnitsAsync(ct);
        var names = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        // One query for every account's roles, rather than one per account.
        var roles = (await access.UserRoles.Join(access.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name ?? "");
        var now = time.GetUtcNow();
        Users = [.. (await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct)).Select(u => new Row(u.Id, u.UserName ?? "", [.. roles[u.Id]],
            names.GetValueOrDefault(u.OrgUnitCode) ?? u.OrgUnitCode, u.LockoutEnd is { } end && end > now, u.TwoFactorEnabled, u.MustChangePassword))];
    }
}
