using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// Adds the user's org-unit scope, a 处室 account's read-only data scope, and whether a password change is due to the
/// sign-in cookie's claims.
/// </summary>
public sealed class ScopeClaims(UserManager<YardstickUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, TimeProvider time)
    : UserClaimsPrincipalFactory<YardstickUser, IdentityRole>(users, roles, options)
{
    public const string OrgUnit = "yardstick:orgunit";
    public const string MustChangePassword = "yardstick:must_change_password";
    public const string DataScope = "yardstick:data_scope";

    /// <summary>Present when the session was opened by 统一身份认证 rather than a password.</summary>
    public const string SignedOn = "yardstick:signed_on";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(YardstickUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(OrgUnit, user.OrgUnitCode));
        if (!string.IsNullOrEmpty(user.DataScopeCode))
        {
            identity.AddClaim(new Claim(DataScope, user.DataScopeCode));
        }
        if (IdentityRules.PasswordExpired(user, time.GetUtcNow()))
        {
            identity.AddClaim(new Claim(MustChangePassword, "true"));
        }
        return identity;
    }

    /// <summary>
    /// Marks a principal as signed on by 统一身份认证. Such a session passes no password gate: the person did not use a
    /// Yardstick password to come in, the provider authenticated them under its own rules (its own expiry, its own second
    /// factor), and a Yardstick password they never type would only be a second, unused secret to keep changing.
    /// </summary>
    public static void MarkSignedOn(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var claim in identity.FindAll(MustChangePassword).ToList())
        {
            identity.RemoveClaim(claim);
        }
        identity.AddClaim(new Claim(SignedOn, "统一身份认证"));
    }

    /// <summary>The minute's re-check rebuilds a session's claims from the account; one opened by 统一身份认证 stays marked.</summary>
    public static Task KeepSignOn(SecurityStampRefreshingPrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CurrentPrincipal?.HasClaim(c => c.Type == SignedOn) == true && context.NewPrincipal is { } fresh)
        {
            MarkSignedOn(fresh);
        }
        return Task.CompletedTask;
    }
}
