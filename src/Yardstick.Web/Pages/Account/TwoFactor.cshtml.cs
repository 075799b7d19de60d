using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Account;

/// <summary>Optional TOTP second factor (RFC 6238, any authenticator app), with Identity's authenticator key.</summary>
public sealed class TwoFactorModel(UserManager<YardstickUser> users, SignInManager<YardstickUser> signIn, YardstickDb db, TimeProvider time) : PageModel
{
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
            await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "2fa", user.UserName ?? "", "停用", "启用", time.GetUtcNow());
            await signIn.RefreshSignInAsync(user);
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
        await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "2fa", user.UserName ?? "", "启用", "停用", time.GetUtcNow());
        await signIn.RefreshSignInAsync(user);
        Message = "已停用动态验证码";
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(YardstickUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        Key = key!;
        Uri = $"otpauth://totp/Yardstick:{UrlEncoder.Default.Encode(user.UserName ?? "")}?secret={Key}&issuer=Yardstick&digits=6";
    }
}
