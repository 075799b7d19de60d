using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Yardstick.Testing;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Yardstick.Web.Tests.Access;

/// <summary>
/// A real OpenID Connect provider on a loopback port (OpenIddict): discovery, keys, authorization code with PKCE, a token
/// endpoint that checks the client's secret, an end-session endpoint. Its people are fixed; which of them "signs in" at the
/// provider is chosen by the test (<see cref="Next"/>), standing in for the province's own sign-in page. It lives on
/// <c>localhost</c> while the app lives on <c>127.0.0.1</c>: another site, as a real provider is, so the app's SameSite
/// cookies are tested as they will be used.
/// </summary>
public sealed class LoopbackOidcProvider : IAsyncDisposable
{
    public const string ClientId = "yardstick";
    public const string ClientSecret = "loopback-client-secret";

    /// <summary>
    /// The provider's people: subject (also their <c>preferred_username</c>) → their staff number, name and e-mail — the claims
    /// an app may be configured to match.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string StaffNo, string Name, string Email)> People = new Dictionary<string, (string, string, string)>
    {
        ["zhang"] = ("GH-1001", "张敏", "zhangmin@wjw.tongliao.example"),
        ["li"] = ("GH-1002", "李强", "liqiang@wjw.tongliao.example"),
        ["stranger"] = ("GH-9999", "王五", "wangwu@wjw.tongliao.example"),
    };

    private readonly WebApplication _app;
    private int _endSessions;

    private LoopbackOidcProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    /// <summary>The person the next authorization request signs in as.</summary>
    public string Next { get; set; } = "zhang";

    /// <summary>How many times the end-session endpoint was reached with an ID token hint this provider issued.</summary>
    public int EndSessions => Volatile.Read(ref _endSessions);

    public static async Task<LoopbackOidcProvider> StartAsync()
    {
        var port = PostgresServer.FreePort();
        var issuer = new Uri($"http://localhost:{port}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(issuer);
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token").SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.Profile, OpenIddictConstants.Scopes.Email);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            // No database: the client is checked by the handlers below, codes are self-contained.
            o.EnableDegradedMode();
            o.DisableTokenStorage();
            o.DisableAuthorizationStorage();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableEndSessionEndpointPassthrough().DisableTransportSecurityRequirement();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(OpenIddictConstants.Errors.InvalidClient, "unknown client");
                }
                else if (context.RedirectUri is null || !new Uri(context.RedirectUri).IsLoopback || !context.RedirectUri.EndsWith("/signin-oidc", StringComparison.Ordinal))
                {
                    context.Reject(OpenIddictConstants.Errors.InvalidRequest, "redirect_uri not registered");
                }
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(OpenIddictConstants.Errors.InvalidClient, "bad client credentials");
                }
                return default;
            }));
            o.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } back && !back.EndsWith("/signout-callback-oidc", StringComparison.Ordinal))
                {
                    context.Reject(OpenIddictConstants.Errors.InvalidRequest, "post_logout_redirect_uri not registered");
                }
                return default;
            }));
        });
        var app = builder.Build();
        var provider = new LoopbackOidcProvider(app, issuer);
        app.UseAuthentication();
        app.MapGet("/connect/authorize", (HttpContext http) => provider.Authorize(http));
        app.MapMethods("/connect/endsession", ["GET", "POST"], async (HttpContext http) =>
        {
            // The hint was validated by OpenIddict (signed by this provider, for this client) before this runs.
            var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (hint.Principal is not null)
            {
                Interlocked.Increment(ref provider._endSessions);
            }
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        return provider;
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("no OpenID Connect request");
        var (staffNo, name, email) = People[Next];
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType,
            OpenIddictConstants.Claims.Name, OpenIddictConstants.Claims.Role);
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Subject, Next));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Name, name));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.PreferredUsername, Next));
        identity.AddClaim(new Claim("staff_no", staffNo));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Email, email));
        // A provider's claims could name roles; the app must grant none from them.
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Role, "admin"));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [OpenIddictConstants.Destinations.IdentityToken, OpenIddictConstants.Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
