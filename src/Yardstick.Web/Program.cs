using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using Yardstick.Web.Api;
using Yardstick.Web.Hosting;

// The app's own folder is its content root wherever it is started from (a published app run from another directory keeps
// its CSS and scripts); a build run by `dotnet run` has no wwwroot beside it and keeps the project folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null,
});
builder.Logging.AddJsonConsole(o => o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions
{
    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
});
var options = builder.Configuration.GetSection("Yardstick").Get<YardstickOptions>() ?? new YardstickOptions();
var location = options.Location();
Yardstick.Core.Model.LocalClock.Use(options.TimeZone);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(location);
builder.Services.AddSingleton(TimeProvider.System);
// One live engine for the process: loaded in the background at start, fresh after every commit (ours: CommitFollower;
// other processes': followed by polling change_sets).
builder.Services.AddSingleton(services => new LiveEngine(location, services.GetRequiredService<ILogger<LiveEngine>>())
{
    SnapshotPath = options.EngineSnapshot ?? (location.SqlitePath is { } file ? file + ".engine" : null),
});
builder.Services.AddSingleton<LiveEngine.CommitFollower>();
builder.Services.AddHostedService<LiveEngineHost>();
builder.Services.AddHttpClient("webhook", c => c.Timeout = TimeSpan.FromSeconds(10));
builder.Services.AddHostedService<ReminderHost>();
builder.Services.AddScoped(services => location.Open(services.GetRequiredService<LiveEngine.CommitFollower>()));
builder.Services.AddDbContext<AccessDb>(o => location.UseFor(o));
builder.Services.AddHttpContextAccessor();
// Chinese text is written as characters, not as &#x...; entities: pages stay readable and half the size.
builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddSingleton<Yardstick.Web.Localization.UiText>();

builder.Services.AddIdentity<YardstickUser, IdentityRole>(IdentityRules.Configure)
    .AddEntityFrameworkStores<AccessDb>()
    .AddDefaultTokenProviders()
    .AddPasswordValidator<PasswordRules>()
    .AddPasswordValidator<PasswordHistoryRule>()
    .AddClaimsPrincipalFactory<ScopeClaims>()
    .AddSignInManager<YardstickSignInManager>();
// Sessions live in the store (the cookie holds a key): sign-out, disabling, a password or role change end them at once.
builder.Services.AddSingleton<SessionStore>();
builder.Services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
    .Configure<SessionStore>((o, store) => o.SessionStore = store);
// Sign-in state is re-checked against the database every minute, so a locked or demoted user loses access quickly.
builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

// Keys in the database: every instance behind a load balancer signs and reads the same cookies and CSRF tokens. Each key
// is encrypted (SM4) with a key file held outside the database, so the database and its backups cannot forge cookies.
var keyFile = KeyFile.LoadOrCreate(options.KeyFile ?? (location.SqlitePath is { } dbFile ? dbFile + ".key" : "yardstick-dataprotection.key"));
builder.Services.AddSingleton(keyFile);
builder.Services.AddDataProtection().SetApplicationName("Yardstick");
builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
    new ConfigureOptions<KeyManagementOptions>(o =>
    {
        o.XmlRepository = new DatabaseKeyRing(services.GetRequiredService<DatabaseLocation>());
        o.XmlEncryptor = new Sm4XmlEncryptor(keyFile);
    }));

// A request with "Authorization: Bearer" is authenticated by its token, any other by the sign-in cookie.
const string Either = "CookieOrToken";
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = Either;
        o.DefaultAuthenticateScheme = Either;
        o.DefaultChallengeScheme = Either;
        o.DefaultForbidScheme = Either;
    })
    .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
    .AddPolicyScheme(Either, "Cookie or token", o => o.ForwardDefaultSelector = context =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? TokenAuthentication.SchemeName
            : IdentityConstants.ApplicationScheme);

builder.Services.ConfigureApplicationCookie(o =>
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
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "yardstick-csrf";
    o.Cookie.SameSite = SameSiteMode.Strict;
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
});

builder.Services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(Policies.WriteData, p => p.RequireRole(Roles.Writers))
    .AddPolicy(Policies.WriteTasks, p => p.RequireRole(Roles.Admin, Roles.Planner, Roles.Department))
    .AddPolicy(Policies.Plan, p => p.RequireRole(Roles.Admin, Roles.Planner))
    .AddPolicy(Policies.Audit, p => p.RequireRole(Roles.Auditor))
    .AddPolicy(Policies.ManageUsers, p => p.RequireRole(Roles.Security, Roles.Admin))
    // The org-unit tree is system configuration: the system admin (系统管理员) keeps it.
    .AddPolicy(Policies.ManageUnits, p => p.RequireRole(Roles.Admin));
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    // Sign-in posts per client address (10 a minute unless configured), on top of the per-account lockout.
    o.AddPolicy(Policies.SignIn, context => HttpMethods.IsPost(context.Request.Method)
        ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1) })
        : RateLimitPartition.GetNoLimiter("get"));
});
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AllowAnonymousToPage("/Account/Login");
    o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
    o.Conventions.AllowAnonymousToPage("/Account/Denied");
    o.Conventions.AddPageApplicationModelConvention("/Account/Login", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Policies.SignIn)));
    o.Conventions.AddPageApplicationModelConvention("/Account/LoginWith2fa", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Policies.SignIn)));
    o.Conventions.AuthorizeFolder("/Audit", Policies.Audit);
    o.Conventions.AuthorizeFolder("/Admin", Policies.ManageUsers);
});
builder.Services.AddOpenApi();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<Problems>();

var app = builder.Build();
if (keyFile.Created)
{
    app.Logger.LogWarning("已生成数据保护密钥文件 {Path}: 它加密数据库中的登录密钥; 请单独备份 (不要与数据库备份放在一起), 多个实例须使用同一个文件 (Yardstick__KeyFile)", keyFile.Path);
}
await Startup.PrepareAsync(app.Services, options, app.Logger);

// Behind the intranet's TLS proxy: the scheme (for Secure cookies) and the client address (for the audit log and the
// sign-in limit) come from X-Forwarded-* — only from the proxies configured in Yardstick__TrustedProxies. Without any,
// the headers are ignored: a client on the same host could otherwise pick the address it is limited and logged under.
if (options.TrustedProxyAddresses() is { Count: > 0 } proxies)
{
    var forwarded = new ForwardedHeadersOptions
    {
        ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        ForwardLimit = 1,
    };
    forwarded.KnownProxies.Clear();
    forwarded.KnownIPNetworks.Clear();
    foreach (var proxy in proxies)
    {
        forwarded.KnownProxies.Add(proxy);
    }
    app.UseForwardedHeaders(forwarded);
}
// Every failure in Chinese with the status that says whose it is (Hosting/Problems): 4xx, 409, 503 + Retry-After, 500.
app.UseExceptionHandler();
app.UseStatusCodePages(Problems.WriteStatusAsync);
app.Use(async (context, next) =>
{
    var headers = context.Response.Headers;
    headers.XContentTypeOptions = "nosniff";
    headers.XFrameOptions = "DENY";
    headers["Referrer-Policy"] = "no-referrer";
    headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
    if (context.Request.IsHttps)
    {
        headers.StrictTransportSecurity = "max-age=31536000";
    }
    await next();
});
// Chinese unless the user chose English on the 语言 link (cookie); the browser's Accept-Language is not consulted.
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(Yardstick.Web.Localization.UiText.Chinese),
    SupportedCultures = [new(Yardstick.Web.Localization.UiText.Chinese), new(Yardstick.Web.Localization.UiText.English)],
    SupportedUICultures = [new(Yardstick.Web.Localization.UiText.Chinese), new(Yardstick.Web.Localization.UiText.English)],
    RequestCultureProviders = [new Microsoft.AspNetCore.Localization.CookieRequestCultureProvider()],
});
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<PasswordChangeGate>();
app.UseMiddleware<WarmingGate>();
app.MapGet("/healthz", async (YardstickDb db, LiveEngine live) =>
    !await db.Database.CanConnectAsync() ? Results.Text("database unreachable", statusCode: 503)
    : !live.IsReady ? Results.Text($"warming {live.LoadingPercent}%", statusCode: 503)
    : Results.Text("ok")).AllowAnonymous();
app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).AllowAnonymous();
app.MapOpenApi().RequireAuthorization();
app.MapApi();
app.MapRazorPages();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Yardstick 已启动: {string.Join(" ", app.Urls)}  ({(location.SqlitePath is { } file ? "SQLite " + Path.GetFullPath(file) : "PostgreSQL")}; Ctrl+C 停止)"));
await app.RunAsync();

/// <summary>The web host, public for the tests' WebApplicationFactory.</summary>
public partial class Program;
