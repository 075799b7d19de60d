using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>Adds the user's org-unit scope and whether a password change is due to the sign-in cookie's claims.</summary>
public sealed class ScopeClaims(UserManager<YardstickUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, TimeProvider time)
    : UserClaimsPrincipalFactory<YardstickUser, IdentityRole>(users, roles, options)
{
    public const string OrgUnit = "yardstick:orgunit";
    public const string MustChangePassword = "yardstick:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(YardstickUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(OrgUnit, user.OrgUnitCode));
        if (IdentityRules.PasswordExpired(user, time.GetUtcNow()))
        {
            identity.AddClaim(new Claim(MustChangePassword, "true"));
        }
        return identity;
    }
}
