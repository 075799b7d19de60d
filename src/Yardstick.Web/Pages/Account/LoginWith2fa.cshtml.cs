using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Account;

public sealed class LoginWith2faModel(SignInManager<YardstickUser> signIn, YardstickDb db, TimeProvider time) : PageModel
{
    public string? Error { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, string? returnUrl)
    {
        ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        var given = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        // Six digits are the app's code; anything else is tried as a one-time recovery code.
        var result = given.Length == 6 && given.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(given, false, false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(given);
        await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "signin.2fa", user.UserName ?? "",
            null, result.Succeeded ? "成功" : result.IsLockedOut ? "账号已锁定" : "失败", time.GetUtcNow(), user.OrgUnitCode);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }
        Error = result.IsLockedOut ? "账号已锁定" : "验证码错误";
        return Page();
    }
}
