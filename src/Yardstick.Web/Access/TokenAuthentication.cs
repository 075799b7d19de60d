using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Yardstick.Data.Access;

namespace Yardstick.Web.Access;

/// <summary>
/// <c>Authorization: Bearer ys_…</c>: a personal access token (<c>yardstick token create</c>) signs the caller in as its
/// user for one request, with the same claims (roles, scope) as the cookie. An expired token, or one of a locked-out or
/// disabled user, does not work; revoked tokens no longer exist.
/// </summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessDb db, IUserClaimsPrincipalFactory<YardstickUser> claims, UserManager<YardstickUser> users, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    /// <summary>Whether the request is signed in by a token rather than the cookie (the one rule the scheme selector uses too).</summary>
    public static bool IsTokenRequest(HttpRequest request) =>
        request?.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        var hash = IdentityRules.TokenHash(token);
        var row = await db.AccessTokens.FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        var user = row is null ? null : await users.FindByIdAsync(row.UserId);
        var now = time.GetUtcNow();
        if (row is null || user is null)
        {
            return AuthenticateResult.Fail("无效的访问令牌");
        }
        if (row.IsExpired(now))
        {
            return AuthenticateResult.Fail("访问令牌已过期");
        }
        if (user.Disabled)
        {
            return AuthenticateResult.Fail("账号已停用");
        }
        if (await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("账号已锁定");
        }
        // "Last used" to the quarter hour: a write on every API call would serialise callers on SQLite for nothing.
        if (row.LastUsedAt is null || !DateTimeOffset.TryParse(row.LastUsedAt, CultureInfo.InvariantCulture, out var last) || now - last > TimeSpan.FromMinutes(15))
        {
            row.LastUsedAt = now.ToString("O", CultureInfo.InvariantCulture);
            await db.SaveChangesAsync(Context.RequestAborted);
        }
        var principal = await claims.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != ScopeClaims.MustChangePassword), SchemeName,
            principal.Identities.First().NameClaimType, principal.Identities.First().RoleClaimType);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
