using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>Identity's sign-in, refusing disabled accounts (password, second factor and refresh alike).</summary>
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
}
