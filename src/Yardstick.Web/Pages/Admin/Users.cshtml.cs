using System.Security.Claims;
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
/// admin exists — so that a fresh install can create one — and then never again (三员分立). Everyone here manages only
/// accounts inside their own scope, never their own, and system admin, security admin and auditor accounts only below their
/// own level (<see cref="UserAccounts.RefusalToManage"/>, <see cref="UserAccounts.RefusalToGrant"/>); a refused change
/// answers 403 with the reason. Every grant, reset, unlock,
/// disabling and revocation is a security event in the audit log, filed under the account's scope.
/// </summary>
public sealed class UsersModel(UserManager<YardstickUser> users, AccessDb access, YardstickDb db, CurrentUser me, IServiceProvider services,
    TimeProvider time) : PageModel
{
    public sealed record Row(string Id, string Name, IList<string> Roles, string ScopeCode, string Scope, bool Locked, bool Disabled, bool TwoFactor,
        bool MustChange, int Tokens, bool Self, string? Refusal, bool IsDepartment = false, string? DataScopeCode = null, string? DataScope = null,
        string? ExternalId = null);

    public IReadOnlyList<Row> Users { get; private set; } = [];
    public OrgUnit? Scope { get; private set; }
    public string? Message { get; private set; }
    public List<string> Errors { get; } = [];

    private ActingAccount? _acting;

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var securityExists = (await users.GetUsersInRoleAsync(Roles.Security)).Count > 0;
        Scope = await me.ScopeAsync(context.HttpContext.RequestAborted);
        if (Scope is null || !me.IsIn(Roles.Security) && securityExists)
        {
            context.Result = Forbid();
            return;
        }
        _acting = new ActingAccount(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", me.Name, Scope.Path, Bootstrapping: !securityExists);
        await next();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string name, string role, string orgunit, CancellationToken ct)
    {
        var unit = await UnitAsync(orgunit, ct);
        if (_acting!.RefusalToGrant(role ?? "", unit?.Path ?? "") is { } refusal)
        {
            return await RefusedAsync(unit is null ? $"未知的组织机构代码 \"{Core.Model.InputLimits.Echo(orgunit)}\"" : refusal, ct);
        }
        var password = IdentityRules.RandomPassword();
        var errors = await UserAccounts.CreateAsync(services, db, name, role ?? "", unit!.Code, password, mustChangePassword: true, time.GetUtcNow());
        Errors.AddRange(errors);
        if (errors.Count == 0)
        {
            await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user", name, null, $"role={role};orgunit={unit.Code}", time.GetUtcNow(), unit.Code, ct);
            Message = $"已创建用户 {name}, 初始密码: {password} (只显示这一次, 首次登录须修改)";
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>
    /// Sets the account's role and scope — and, for a 处室 account, its read-only data scope (blank: none) — and its
    /// 统一身份认证 id (blank: none). Every part is asked of the one rule before anything changes.
    /// </summary>
    public async Task<IActionResult> OnPostGrantAsync(string id, string role, string orgunit, string? dataScope, string? externalId, CancellationToken ct)
    {
        if (await TargetAsync(id, ct) is not { } user)
        {
            return await RefusedAsync(null, ct);
        }
        var unit = await UnitAsync(orgunit, ct);
        if (_acting!.RefusalToGrant(role ?? "", unit?.Path ?? "") is { } refusal)
        {
            return await RefusedAsync(unit is null ? $"未知的组织机构代码 \"{Core.Model.InputLimits.Echo(orgunit)}\"" : refusal, ct);
        }
        var dataUnit = await UnitAsync(dataScope, ct);
        if (!string.IsNullOrWhiteSpace(dataScope) && dataUnit is null)
        {
            return await RefusedAsync($"未知的组织机构代码 \"{Core.Model.InputLimits.Echo(dataScope)}\"", ct);
        }
        if (_acting.RefusalToGiveDataScope(unit, dataUnit) is { } dataRefusal)
        {
            return await RefusedAsync(dataRefusal, ct);
        }
        var before = $"roles={string.Join(",", await users.GetRolesAsync(user))};orgunit={user.OrgUnitCode};data_scope={user.DataScopeCode};external_id={user.ExternalId}";
        if (await UserAccounts.SetExternalIdAsync(users, user, externalId, ct) is { } taken)
        {
            Errors.Add(taken);
        }
        else if (await UserAccounts.SetRoleAsync(users, user, role ?? "") is { } error)
        {
            Errors.Add(error);
        }
        else
        {
            user.OrgUnitCode = unit!.Code;
            user.DataScopeCode = dataUnit?.Code;
            await users.UpdateAsync(user);
            // New rights or a new scope take effect now: sessions and tokens made under the old ones end.
            await UserAccounts.EndAccessAsync(users, access, user, tokens: true, ct);
            var after = $"roles={string.Join(",", await users.GetRolesAsync(user))};orgunit={user.OrgUnitCode};data_scope={user.DataScopeCode};external_id={user.ExternalId}";
            await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.access", user.UserName ?? id, before, after, time.GetUtcNow(), user.OrgUnitCode, ct);
            Message = $"已更新 {user.UserName} 的角色与机构范围";
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        if (await TargetAsync(id, ct) is not { } user)
        {
            return await RefusedAsync(null, ct);
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.unlock", user.UserName ?? id, "已锁定", "正常", time.GetUtcNow(), user.OrgUnitCode, ct);
        Message = $"已解锁 {user.UserName}";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string id, CancellationToken ct)
    {
        if (await TargetAsync(id, ct) is not { } user)
        {
            return await RefusedAsync(null, ct);
        }
        var password = IdentityRules.RandomPassword();
        var result = await IdentityRules.ChangePasswordAsync(users, access, user, null, password, time.GetUtcNow(), mustChangeNext: true);
        if (result.Succeeded)
        {
            await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.reset", user.UserName ?? id, null, "密码已重置", time.GetUtcNow(), user.OrgUnitCode, ct);
            Message = $"{user.UserName} 的新初始密码: {password} (只显示这一次)";
        }
        else
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, bool disable, CancellationToken ct)
    {
        if (await TargetAsync(id, ct) is not { } user)
        {
            return await RefusedAsync(null, ct);
        }
        await UserAccounts.SetDisabledAsync(users, access, user, disable, ct);
        await AuditLog.RecordEventAsync(db, me.Name, me.Address, "user.disabled", user.UserName ?? id, disable ? "启用" : "停用", disable ? "停用" : "启用",
            time.GetUtcNow(), user.OrgUnitCode, ct);
        Message = disable ? $"已停用 {user.UserName}, 其会话与访问令牌已失效" : $"已启用 {user.UserName}";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokensAsync(string id, CancellationToken ct)
    {
        if (await TargetAsync(id, ct) is not { } user)
        {
            return await RefusedAsync(null, ct);
        }
        var count = await access.AccessTokens.CountAsync(t => t.UserId == user.Id, ct);
        await access.AccessTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        await AuditLog.RecordEventAsync(db, me.Name, me.Address, "token.revoke", user.UserName ?? id, $"{count} 个令牌", "已全部吊销", time.GetUtcNow(), user.OrgUnitCode, ct);
        Message = $"已吊销 {user.UserName} 的 {count} 个访问令牌";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The account when the caller may manage it; otherwise null, with the reason in <see cref="Errors"/>.</summary>
    private async Task<YardstickUser?> TargetAsync(string? id, CancellationToken ct)
    {
        var user = string.IsNullOrEmpty(id) ? null : await users.FindByIdAsync(id);
        if (user is null)
        {
            Errors.Add("没有这个账号");
            return null;
        }
        var unit = await UnitAsync(user.OrgUnitCode, ct);
        // An account whose scope no longer names a unit is managed only from a root scope.
        var path = unit?.Path ?? "/";
        var roles = await users.GetRolesAsync(user);
        if (_acting!.RefusalToManage(user.Id, roles, path) is { } refusal)
        {
            Errors.Add(refusal);
            return null;
        }
        return user;
    }

    private async Task<IActionResult> RefusedAsync(string? reason, CancellationToken ct)
    {
        if (reason is not null)
        {
            Errors.Add(reason);
        }
        await LoadAsync(ct);
        var page = Page();
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return page;
    }

    private async Task<OrgUnit?> UnitAsync(string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code) ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code.Trim(), ct);

    /// <summary>
    /// The accounts inside the caller's scope (their own and the separated roles of their own level included, read-only, with
    /// the reason), with scope names and token counts.
    /// </summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        var prefix = Scope!.Path;
        var codes = await access.Users.Select(x => x.OrgUnitCode).Distinct().ToListAsync(ct);
        var scopes = await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(prefix) && codes.Contains(u.Code))
            .ToDictionaryAsync(u => u.Code, u => (u.Name, u.Path, u.Kind), ct);
        var dataCodes = await access.Users.Where(x => x.DataScopeCode != null).Select(x => x.DataScopeCode!).Distinct().ToListAsync(ct);
        var dataNames = await db.OrgUnits.AsNoTracking().Where(u => dataCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        // One query for every account's roles, rather than one per account.
        var roles = (await access.UserRoles.Join(access.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name ?? "");
        var tokens = await access.AccessTokens.GroupBy(t => t.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var self = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var now = time.GetUtcNow();
        Users = [.. (await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct))
            .Where(u => scopes.ContainsKey(u.OrgUnitCode))
            .Select(u => new Row(u.Id, u.UserName ?? "", [.. roles[u.Id]], u.OrgUnitCode, scopes[u.OrgUnitCode].Name, u.LockoutEnd is { } end && end > now,
                u.Disabled, u.TwoFactorEnabled, u.MustChangePassword, tokens.GetValueOrDefault(u.Id), u.Id == self,
                _acting!.RefusalToManage(u.Id, roles[u.Id], scopes[u.OrgUnitCode].Path), scopes[u.OrgUnitCode].Kind == OrgUnitKind.Department,
                u.DataScopeCode, u.DataScopeCode is { } d ? dataNames.GetValueOrDefault(d, d) : null, u.ExternalId))];
    }
}
