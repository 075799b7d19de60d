using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// Identity's sign-in, refusing disabled accounts (password, second factor, 统一身份认证 and refresh alike).
/// </summary>
public sealed class YardstickSignInManager(UserManager<YardstickUser> users, IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<YardstickUser> claims, IOptions<IdentityOptions> options, ILogger<SignInManager<YardstickUser>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<YardstickUser> confirmation)
    : SignInManager<YardstickUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(YardstickUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.Disabled && await base.CanSignInAsync(user);
    }

    /// <summary>
    /// Why the account a 统一身份认证 sign-on matched may not come in (停用, 锁定), or null. A lockout earned by wrong passwords
    /// holds here too: the security admin who sees 已锁定 expects nobody in until it ends or they unlock it.
    /// </summary>
    public async Task<string?> RefusalToSignOnAsync(YardstickUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Disabled)
        {
            return "账号已停用, 请联系安全管理员";
        }
        if (await UserManager.IsLockedOutAsync(user))
        {
            return "账号已锁定, 请稍后再试或联系安全管理员";
        }
        return await CanSignInAsync(user) ? null : "账号不能登录, 请联系安全管理员";
    }

    /// <summary>
    /// Signs the account in after the provider authenticated the person: the same cookie and session store as a password
    /// sign-in (so <c>UserAccounts.EndAccessAsync</c> ends it), the claims Yardstick makes from the account, marked as signed
    /// on (<see cref="ScopeClaims.MarkSignedOn"/>: no password gate). No Yardstick second factor is asked: the provider is
    /// where the person authenticates, with its own second factor; asking ours too would make a second sign-in of the same
    /// person. The ID token is kept in the session so that signing out can end the provider's session as well.
    /// </summary>
    public async Task SignInAfterSignOnAsync(YardstickUser user, string? idToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var principal = await CreateUserPrincipalAsync(user);
        ScopeClaims.MarkSignedOn(principal);
        var properties = new AuthenticationProperties { IsPersistent = false };
        if (!string.IsNullOrEmpty(idToken))
        {
            properties.Items[SingleSignOn.IdTokenItem] = idToken;
        }
        await Context.SignInAsync(IdentityConstants.ApplicationScheme, principal, properties);
    }
}
