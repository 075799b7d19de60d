using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Yardstick.Web.Access;

/// <summary>
/// 统一身份认证: the OpenID Connect scheme (authorization code with PKCE) whose only job is to say who the person is. Its
/// result lands in Identity's short-lived external cookie; <c>Pages/Account/SignOn</c> matches it to an account and signs
/// that account in the way a password does (<see cref="YardstickSignInManager.SignInAfterSignOnAsync"/>), so the session,
/// its ending and every rule after it are Yardstick's. Nothing the provider says grants a role or a scope.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "oidc";

    /// <summary>Where the provider's ID token is kept in the session's properties: the hint its end-session endpoint asks for.</summary>
    public const string IdTokenItem = "yardstick:id_token";

    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder builder, SignOnOptions settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsConfigured)
        {
            return builder;
        }
        return builder.AddOpenIdConnect(Scheme, settings.ButtonText, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = !settings.AllowsPlainHttp;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The code comes back on a top-level GET, which carries SameSite=Lax cookies (the correlation and nonce cookies
            // below) over plain HTTP too; a form_post back from another site would need SameSite=None, which needs HTTPS.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.SaveTokens = true;
            // Claims keep the names the provider gives them (preferred_username, email), the names configuration uses.
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.Scope.Clear();
            foreach (var scope in settings.ScopeList)
            {
                o.Scope.Add(scope);
            }
            o.CallbackPath = "/signin-oidc";
            o.SignedOutCallbackPath = "/signout-callback-oidc";
            o.Events.OnRemoteFailure = context =>
            {
                // Cancelled or refused at the provider, or a stale callback: said in Chinese on our page, never a stack trace.
                context.Response.Redirect("/Account/SignOn?handler=Failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToIdentityProviderForSignOut = context =>
            {
                if (context.Properties.Items.TryGetValue(IdTokenItem, out var idToken) && idToken is not null)
                {
                    context.ProtocolMessage.IdTokenHint = idToken;
                }
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The provider's end-session endpoint, or null when 统一身份认证 is off, the provider has none or cannot be reached.</summary>
    public static async Task<string?> EndSessionEndpointAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        if (options.ConfigurationManager is null)
        {
            return null;
        }
        try
        {
            var configuration = await options.ConfigurationManager.GetConfigurationAsync(context.RequestAborted);
            return string.IsNullOrEmpty(configuration.EndSessionEndpoint) ? null : configuration.EndSessionEndpoint;
        }
        catch (InvalidOperationException)
        {
            // Unreachable provider: Yardstick's own session has ended all the same.
            return null;
        }
    }
}
