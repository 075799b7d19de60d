using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Web.Api;
using Yardstick.Web.Hosting;

namespace Yardstick.Web.Access;

/// <summary>
/// Who may come in and what they may do: accounts (Identity, password rules), sessions kept in the store, cookie-signing
/// keys in the database encrypted with the key file, cookie or token sign-in, the role policies, the sign-in rate limit.
/// </summary>
public static class AccessSetup
{
    /// <summary>Registers sign-in and authorisation; returns the key file (made on first start, which the log must say).</summary>
    public static KeyFile AddAccess(this IServiceCollection services, YardstickOptions options, DatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(location);
        services.AddScoped<CurrentUser>();
        services.AddIdentity<YardstickUser, IdentityRole>(IdentityRules.Configure)
            .AddEntityFrameworkStores<AccessDb>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>()
            .AddPasswordValidator<PasswordHistoryRule>()
            .AddClaimsPrincipalFactory<ScopeClaims>()
            .AddUserManager<YardstickUserManager>()
            .AddSignInManager<YardstickSignInManager>();
        // Sessions live in the store (the cookie holds a key): sign-out, disabling, a password or role change end them at once.
        services.AddSingleton<SessionStore>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SessionStore>((o, store) => o.SessionStore = store);
        // Sign-in state is re-checked against the database every minute, so a locked or demoted user loses access quickly.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // The re-check rebuilds the claims from the account; a 统一身份认证 session stays one (no password gate).
            o.OnRefreshingPrincipal = ScopeClaims.KeepSignOn;
        });

        // Keys in the database: every instance behind a load balancer signs and reads the same cookies and CSRF tokens. Each key
        // is encrypted (SM4) with a key file held outside the database, so the database and its backups cannot forge cookies.
        var keyFile = KeyFile.LoadOrCreate(options.KeyFile ?? (location.SqlitePath is { } dbFile ? dbFile + ".key" : "yardstick-dataprotection.key"));
        services.AddSingleton(keyFile);
        services.AddDataProtection().SetApplicationName("Yardstick");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o =>
            {
                o.XmlRepository = new DatabaseKeyRing(provider.GetRequiredService<DatabaseLocation>());
                o.XmlEncryptor = new Sm4XmlEncryptor(keyFile);
            }));

        // A request with "Authorization: Bearer" is authenticated by its token, any other by the sign-in cookie.
        const string Either = "CookieOrToken";
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Either;
                o.DefaultAuthenticateScheme = Either;
                o.DefaultChallengeScheme = Either;
                o.DefaultForbidScheme = Either;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddPolicyScheme(Either, "Cookie or token", o => o.ForwardDefaultSelector = context =>
                TokenAuthentication.IsTokenRequest(context.Request) ? TokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddSingleSignOn(options.Oidc);

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/Denied";
            // Idle sign-out: 20 minutes without a request ends the session.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(20);
            o.SlidingExpiration = true;
            o.Cookie.Name = "yardstick";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request came over HTTPS (behind the intranet's TLS proxy, forwarded headers say so).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The API answers 401/403, never a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => ApiEndpoints.StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiEndpoints.StatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "yardstick-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = CrossSiteWrites.TokenHeader;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.WriteData, p => p.RequireRole(Roles.Writers))
            .AddPolicy(Policies.WriteTasks, p => p.RequireRole(Roles.TaskActors))
            .AddPolicy(Policies.Plan, p => p.RequireRole(Roles.Planners))
            .AddPolicy(Policies.Audit, p => p.RequireRole(Roles.Auditor))
            .AddPolicy(Policies.ManageUsers, p => p.RequireRole(Roles.Security, Roles.Admin))
            // The org-unit tree is system configuration: the system admin (系统管理员) keeps it.
            .AddPolicy(Policies.ManageUnits, p => p.RequireRole(Roles.Admin));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in posts per client address (10 a minute unless configured), on top of the per-account lockout.
            o.AddPolicy(Policies.SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("get"));
        });
        return keyFile;
    }

    /// <summary>
    /// Sign-in, the rate limit, authorisation, cookie-signed API writes only from this site, then the must-change-password
    /// gate, in that order.
    /// </summary>
    public static void UseAccess(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CrossSiteWrites>();
        app.UseMiddleware<PasswordChangeGate>();
    }
}
