using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Hosting;

/// <summary>
/// The app's parts outside access: logging, the store and the one live engine, the background jobs, pages, and the
/// request pipeline's own steps (forwarded headers, security headers, Chinese first, health).
/// </summary>
public static class HostingSetup
{
    /// <summary>Logs as JSON lines on the console, Chinese left readable.</summary>
    public static void AddJsonLogs(this ILoggingBuilder logging) =>
        logging.AddJsonConsole(o => o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    /// <summary>The store, the one live engine for the process and the jobs that keep it and the inboxes fresh.</summary>
    public static void AddStoreAndEngine(this IServiceCollection services, YardstickOptions options, DatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(location);
        services.AddSingleton(options);
        services.AddSingleton(location);
        services.AddSingleton(TimeProvider.System);
        // One live engine for the process: loaded in the background at start, fresh after every commit (ours: CommitFollower;
        // other processes': followed by polling change_sets).
        services.AddSingleton(provider => new LiveEngine(location, provider.GetRequiredService<ILogger<LiveEngine>>())
        {
            SnapshotPath = options.EngineSnapshot ?? (location.SqlitePath is { } file ? file + ".engine" : null),
        });
        services.AddSingleton<LiveEngine.CommitFollower>();
        services.AddHostedService<LiveEngineHost>();
        services.AddHttpClient("webhook", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<ReminderHost>();
        services.AddHostedService<BackupHost>();
        services.AddScoped(provider => location.Open(provider.GetRequiredService<LiveEngine.CommitFollower>()));
        services.AddDbContext<AccessDb>(o => location.UseFor(o));
    }

    /// <summary>Razor pages (who may open which folder), the API description, problem details and the Chinese text.</summary>
    public static void AddScreens(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        // Chinese text is written as characters, not as &#x...; entities: pages stay readable and half the size.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<Localization.UiText>();
        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
            o.Conventions.AllowAnonymousToPage("/Account/Denied");
            o.Conventions.AllowAnonymousToPage("/Account/SignOn");
            o.Conventions.AddPageApplicationModelConvention("/Account/Login", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Policies.SignIn)));
            o.Conventions.AddPageApplicationModelConvention("/Account/LoginWith2fa", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Policies.SignIn)));
            o.Conventions.AuthorizeFolder("/Audit", Policies.Audit);
            o.Conventions.AuthorizeFolder("/Admin", Policies.ManageUsers);
        });
        // API answers write Chinese as characters (a JSON body is never HTML, so there is nothing to escape it against).
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddOpenApi();
        // A body or parameter the API cannot bind throws, so Problems answers it in Chinese (not a bare 400 and a log line).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<Problems>();
        // Kestrel answers a request line past its limit itself, with a bare 414: the limit is raised so that RequestBodies
        // sees an over-long address and says why in Chinese (beyond this size Kestrel's bare answer remains).
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = RequestBodies.RequestLineBytes);
    }

    /// <summary>
    /// Behind the intranet's TLS proxy: the scheme (for Secure cookies) and the client address (for the audit log and the
    /// sign-in limit) come from X-Forwarded-* — only from the proxies configured in Yardstick__TrustedProxies. Without any,
    /// the headers are ignored: a client on the same host could otherwise pick the address it is limited and logged under.
    /// </summary>
    public static void UseTrustedProxies(this WebApplication app, YardstickOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustedProxyAddresses() is not { Count: > 0 } proxies)
        {
            return;
        }
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

    /// <summary>Every failure in Chinese with the status that says whose it is (<see cref="Problems"/>): 4xx, 409, 503 + Retry-After, 500.</summary>
    public static void UseChineseProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(Problems.WriteStatusAsync);
    }

    /// <summary>Oversized bodies 413 and untyped API bodies 415 before anything reads them (<see cref="RequestBodies"/>).</summary>
    public static void UseBodyChecks(this WebApplication app) => app.UseMiddleware<RequestBodies>();

    /// <summary>
    /// No sniffing, no framing, no referrer, a strict content policy; HSTS over HTTPS. Forms post only to this site — and,
    /// with 统一身份认证 configured, to the provider, where signing out leads (a browser holds a form's redirects to it too).
    /// </summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var provider = app.Services.GetRequiredService<YardstickOptions>().Oidc.Origin;
        var policy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
            + (provider is null ? "" : " " + provider);
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = policy;
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            await next();
        });
    }

    /// <summary>Chinese unless the user chose English on the 语言 link (cookie); the browser's Accept-Language is not consulted.</summary>
    public static void UseChineseFirst(this WebApplication app) => app.UseRequestLocalization(new RequestLocalizationOptions
    {
        DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(Localization.UiText.Chinese),
        SupportedCultures = [new(Localization.UiText.Chinese), new(Localization.UiText.English)],
        SupportedUICultures = [new(Localization.UiText.Chinese), new(Localization.UiText.English)],
        RequestCultureProviders = [new Microsoft.AspNetCore.Localization.CookieRequestCultureProvider()],
    });

    /// <summary><c>/healthz</c> (ok, warming xx%, database unreachable) and the icon, both open to all.</summary>
    public static void MapHealthAndIcon(this WebApplication app)
    {
        app.MapGet("/healthz", async (YardstickDb db, LiveEngine live) =>
            !await db.Database.CanConnectAsync() ? Results.Text("database unreachable", statusCode: 503)
            : !live.IsReady ? Results.Text($"warming {live.LoadingPercent}%", statusCode: 503)
            : Results.Text("ok")).AllowAnonymous();
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).AllowAnonymous();
    }
}
