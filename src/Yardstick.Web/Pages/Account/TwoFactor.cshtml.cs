using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Account;

/// <summary>
/// 账号安全: the optional TOTP second factor (RFC 6238, any authenticator app, with Identity's authenticator key) and the
/// user's own API access tokens — listed with their expiry and last use, made (shown once) and revoked here.
/// </summary>
public sealed class TwoFactorModel(UserManager<YardstickUser> users, SignInManager<YardstickUser> signIn, YardstickDb db, AccessDb access,
    TimeProvider time) : PageModel
{
    public IReadOnlyList<AccessToken> Tokens { get; private set; } = [];

    /// <summary>A token just made: its text is shown this once.</summary>
    public string? NewToken { get; private set; }

    public bool Enabled { get; private set; }
    public string Key { get; private set; } = "";
    public string Uri { get; private set; } = "";
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    /// <summary>One-time recovery codes, shown once when the second factor is turned on.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(string code)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, (code ?? "").Replace(" ", "", StringComparison.Ordinal));
        if (!valid)
        {
            Error = "验证码不正确, 请核对手机时间后重试";
        }
        else
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
            await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "2fa", user.UserName ?? "", "停用", "启用", time.GetUtcNow(), user.OrgUnitCode);
            // The change renewed the security stamp, which ends every session made before it: this one is made again.
            await signIn.SignInAsync(user, isPersistent: false);
            Message = "已启用动态验证码";
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "2fa", user.UserName ?? "", "启用", "停用", time.GetUtcNow(), user.OrgUnitCode);
        // The change renewed the security stamp, which ends every session made before it: this one is made again.
        await signIn.SignInAsync(user, isPersistent: false);
        Message = "已停用动态验证码";
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(string? label, int days)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        label = (label ?? "").Trim();
        if (label.Length is 0 or > 40 || label.Any(char.IsControl) || days is < 1 or > IdentityRules.MaxTokenDays)
        {
            Error = $"请填写用途 (1–40 个字符), 有效期 1–{IdentityRules.MaxTokenDays} 天";
        }
        else
        {
            NewToken = await IdentityRules.CreateTokenAsync(access, user, label, time.GetUtcNow(), TimeSpan.FromDays(days));
            await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "token", user.UserName ?? "", null,
                $"已创建访问令牌 \"{label}\" ({days} 天)", time.GetUtcNow(), user.OrgUnitCode);
            Message = "已创建访问令牌";
        }
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(long id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        // Only the caller's own token: another user's id matches nothing.
        var revoked = await access.AccessTokens.Where(t => t.Id == id && t.UserId == user.Id).ExecuteDeleteAsync();
        if (revoked > 0)
        {
            await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "token.revoke", user.UserName ?? "",
                $"令牌 {id}", "已吊销", time.GetUtcNow(), user.OrgUnitCode);
            Message = "已吊销访问令牌";
        }
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(YardstickUser user)
    {
        Tokens = await access.AccessTokens.AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.Id).ToListAsync();
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Making a key renews the security stamp (Identity's rule), which would end this very session: sign in again.
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.SignInAsync(user, isPersistent: false);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        Key = key!;
        Uri = $"otpauth://totp/Yardstick:{UrlEncoder.Default.Encode(user.UserName ?? "")}?secret={Key}&issuer=Yardstick&digits=6";
    }
}
