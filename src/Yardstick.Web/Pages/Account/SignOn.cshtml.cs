using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using Yardstick.Web.Hosting;

namespace Yardstick.Web.Pages.Account;

/// <summary>
/// 统一身份认证: sends the browser to the provider, and on its way back matches the person to a Yardstick account by the
/// configured claim (<see cref="UserAccounts.FindForSignOnAsync"/>) or refuses, saying so. Every outcome is a sign-in event
/// in the audit log marked 统一身份认证.
/// </summary>
public sealed class SignOnModel(YardstickSignInManager signIn, YardstickDb db, YardstickOptions options, TimeProvider time) : PageModel
{
    public string? Error { get; private set; }

    /// <summary>Where the browser goes once signed in (see <see cref="OnGetCallbackAsync"/> for why it is not a redirect).</summary>
    public string? Next { get; private set; }

    public IActionResult OnGet(string? returnUrl)
    {
        if (!options.Oidc.IsConfigured)
        {
            return NotFound();
        }
        var back = Url.Page("/Account/SignOn", "Callback", new { returnUrl = Local(returnUrl) });
        return Challenge(new AuthenticationProperties { RedirectUri = back }, SingleSignOn.Scheme);
    }

    public async Task<IActionResult> OnGetCallbackAsync(string? returnUrl, CancellationToken ct)
    {
        if (!options.Oidc.IsConfigured)
        {
            return NotFound();
        }
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // The provider's answer is read once: the external cookie goes whatever happens next.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is null)
        {
            Error = "统一身份认证未完成, 请重新登录";
            return Page();
        }
        var claim = external.Principal.FindFirstValue(options.Oidc.Claim)?.Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var shown = Core.Model.InputLimits.Echo(claim ?? "");
        var (account, ambiguous) = await UserAccounts.FindForSignOnAsync(signIn.UserManager, options.Oidc.MatchBy, claim, ct);
        if (account is null)
        {
            // The name comes from the provider's signed token, not from a form: it is a person's id there, worth the log.
            await AuditLog.RecordEventAsync(db, string.IsNullOrEmpty(shown) ? "统一身份认证" : shown, address, "signin", shown, null,
                ambiguous ? "统一身份认证: 对应多个账号" : "统一身份认证: 未找到对应账号", time.GetUtcNow(), null, ct);
            Error = ambiguous
                ? $"统一身份认证账号 {shown} 对应本系统的多个账号，无法确定登录哪一个，请联系系统管理员"
                : $"未找到与统一身份认证账号 {shown} 对应的本系统账号，请联系系统管理员";
            return Page();
        }
        var name = account.UserName ?? shown;
        if (await signIn.RefusalToSignOnAsync(account) is { } refusal)
        {
            await AuditLog.RecordEventAsync(db, name, address, "signin", name, null, "统一身份认证: " + refusal.Split(',')[0], time.GetUtcNow(),
                account.OrgUnitCode, ct);
            Error = refusal;
            return Page();
        }
        await signIn.SignInAfterSignOnAsync(account, external.Properties?.GetTokenValue("id_token"));
        await AuditLog.RecordEventAsync(db, name, address, "signin", name, null, "统一身份认证: 成功", time.GetUtcNow(), account.OrgUnitCode, ct);
        // The session cookie is SameSite=Strict, and this request is the end of a chain of redirects the provider's site
        // started: a redirect from here would still be that chain, and the browser would leave the cookie off. A refresh
        // is a navigation of this site's own page, which carries it.
        Next = Local(returnUrl);
        Response.Headers["Refresh"] = "0;url=" + Next;
        return Page();
    }

    /// <summary>The provider refused or the way back failed (cancelled, expired, tampered with).</summary>
    public IActionResult OnGetFailed()
    {
        Error = "统一身份认证未完成, 请重新登录";
        return Page();
    }

    /// <summary>The local address to go on to; anything else — another site, a control character that would bend the Refresh header — is the dashboard.</summary>
    private string Local(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && !url.Any(char.IsControl) ? url : "/";
}
