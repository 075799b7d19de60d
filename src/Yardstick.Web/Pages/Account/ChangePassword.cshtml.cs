using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Data.Access;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Account;

public sealed class ChangePasswordModel(UserManager<YardstickUser> users, SignInManager<YardstickUser> signIn, AccessDb access, YardstickDb db,
    TimeProvider time) : PageModel
{
    public bool Required => User.HasClaim(ScopeClaims.MustChangePassword, "true");
    public bool Done { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>Where the user was going when the change was asked of them (a local path only).</summary>
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = Local(returnUrl);

    public async Task<IActionResult> OnPostAsync(string current, string next, string confirm, string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return RedirectToPage("/Account/Login");
        }
        if (next != confirm)
        {
            Errors.Add("两次输入的新密码不一致");
            return Page();
        }
        var result = await IdentityRules.ChangePasswordAsync(users, access, user, current ?? "", next ?? "", time.GetUtcNow());
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => e.Code == "PasswordMismatch" ? "当前密码不正确" : e.Description));
            return Page();
        }
        await AuditLog.RecordEventAsync(db, user.UserName ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), "password", user.UserName ?? "",
            null, "已修改", time.GetUtcNow(), user.OrgUnitCode);
        // The change ended every session of the user, this one included: a new one, without the must-change claim.
        await signIn.SignInAsync(user, isPersistent: false);
        if (ReturnUrl is not null)
        {
            return LocalRedirect(ReturnUrl);
        }
        Done = true;
        return Page();
    }

    private string? Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && !url.StartsWith("/Account/", StringComparison.OrdinalIgnoreCase) ? url : null;
}
