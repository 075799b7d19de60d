using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Account;

public sealed class LoginModel(SignInManager<YardstickUser> signIn, YardstickDb db, TimeProvider time, Hosting.YardstickOptions options) : PageModel
{
    /// <summary>The words on the 统一身份认证 button, or null when sign-on is not configured (no button).</summary>
    public string? SignOnButton => options.Oidc.IsConfigured ? options.Oidc.ButtonText : null;

    public string? Error { get; private set; }
    public string? UserName { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string userName, string password, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        UserName = userName;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        // A name no account can have is refused before it is logged: the audit log is not anonymous storage.
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > IdentityRules.MaxUserNameLength || userName.Any(char.IsControl))
        {
            UserName = null;
            Error = "用户名或密码错误";
            return Page();
        }
        var account = await signIn.UserManager.FindByNameAsync(userName);
        var result = await signIn.PasswordSignInAsync(userName, password ?? "", isPersistent: false, lockoutOnFailure: true);
        var outcome = result.Succeeded ? "成功" : result.RequiresTwoFactor ? "待验证码" : result.IsLockedOut ? "账号已锁定" : result.IsNotAllowed ? "账号已停用" : "失败";
        await AuditLog.RecordEventAsync(db, userName, address, "signin", userName, null, outcome, time.GetUtcNow(), account?.OrgUnitCode);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { returnUrl = ReturnUrl });
        }
        Error = result.IsLockedOut ? "密码错误次数过多, 账号已锁定, 请稍后再试或联系安全管理员"
            : result.IsNotAllowed ? "账号已停用, 请联系安全管理员" : "用户名或密码错误";
        return Page();
    }

    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : "/";
}
