using Microsoft.AspNetCore.Antiforgery;
using Yardstick.Core.Model;
using Yardstick.Web.Api;
using Yardstick.Web.Hosting;

namespace Yardstick.Web.Access;

/// <summary>
/// An API write (POST, PUT, PATCH, DELETE) signed in by the cookie must come from this site: its <c>Origin</c> (or, when a
/// client sends none, its <c>Referer</c>) names this site, or it carries the page's anti-forgery token in the
/// <c>RequestVerificationToken</c> header. SameSite=Strict alone is not relied on. A request signed in by a personal access
/// token (<c>Authorization: Bearer</c>) is not a browser's and is not asked; one from elsewhere is 403 with the reason.
/// </summary>
/// <remarks>
/// What "this site" is, and why:
/// <list type="bullet">
/// <item>The configured <see cref="YardstickOptions.SiteAddress"/> when there is one. It is the only witness the client does
/// not write: the Host header is the client's own word (Host: evil.example with Origin: http://evil.example matches itself),
/// and behind a proxy it may be the proxy's upstream name rather than the one the browser opened.</item>
/// <item>Unconfigured and reached directly (no trusted proxy): the scheme Kestrel saw on the connection and the Host header.
/// That still holds against what the check is for — a page elsewhere making the signed-in user's browser send our cookie: a
/// browser writes Host from the address it sends to and Origin from the page, neither settable by the page, and a request
/// whose Host and Origin both name another site carries that site's cookies (DNS rebinding included), never ours. A forged
/// Host fools it only for a client that already holds its own cookie, which the configured address rules out too.</item>
/// <item>Unconfigured behind trusted proxies: the scheme and Host are the proxy's, so no Origin or Referer is believed; only
/// the anti-forgery token passes, and the start logs a warning to configure the address.</item>
/// </list>
/// </remarks>
public sealed class CrossSiteWrites
{
    /// <summary>The header a page's script sends its anti-forgery token in (also Identity's and MVC's default).</summary>
    public const string TokenHeader = "RequestVerificationToken";

    private readonly RequestDelegate _next;
    private readonly IAntiforgery _antiforgery;
    private readonly IReadOnlyList<Uri> _siteAddresses;
    private readonly bool _behindProxies;

    public CrossSiteWrites(RequestDelegate next, IAntiforgery antiforgery, YardstickOptions options, ILogger<CrossSiteWrites> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _antiforgery = antiforgery;
        _siteAddresses = options.SiteAddresses();
        _behindProxies = options.TrustedProxyAddresses().Count > 0;
        if (_siteAddresses.Count == 0 && _behindProxies)
        {
            logger.LogWarning("配置了 Yardstick__TrustedProxies 但没有 Yardstick__SiteAddress: 以登录 Cookie 调用 API 的写请求只认防伪令牌, 不认 Origin/Referer; 请将 Yardstick__SiteAddress 设为用户访问的网址");
        }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!ApiEndpoints.IsApi(request) || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || context.User.Identity?.IsAuthenticated != true || TokenAuthentication.IsTokenRequest(request)
            || await FromThisSiteAsync(context))
        {
            await _next(context);
            return;
        }
        var from = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : request.Headers.Referer.ToString();
        await Problems.Result(Refusal.Forbidden((from.Length > 0
                ? $"跨站请求被拒绝: 来自 {ApiEndpoints.Echo(from)} 的写请求不能使用本站的登录 Cookie"
                : "跨站请求被拒绝: 以登录 Cookie 认证的写请求须带有本站的 Origin 或 Referer, 或防伪令牌")
            + $"。浏览器中的页面请在 {TokenHeader} 请求头中带上页面的防伪令牌; 程序调用请使用个人访问令牌 (Authorization: Bearer …)"))
            .ExecuteAsync(context);
    }

    private async Task<bool> FromThisSiteAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin)
        {
            return IsThisSite(request, origin);
        }
        if (request.Headers.Referer.ToString() is { Length: > 0 } referer && IsThisSite(request, referer))
        {
            return true;
        }
        return request.Headers.ContainsKey(TokenHeader) && await _antiforgery.IsRequestValidAsync(context);
    }

    /// <summary>Whether an Origin or Referer names this site (see the remarks); Origin "null", from a sandbox or a file, never does.</summary>
    private bool IsThisSite(HttpRequest request, string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return false;
        }
        if (_siteAddresses.Count > 0)
        {
            return _siteAddresses.Any(site => uri.Scheme.Equals(site.Scheme, StringComparison.OrdinalIgnoreCase)
                && uri.Host.Equals(site.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == site.Port);
        }
        return !_behindProxies
            && uri.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
            && uri.Host.Equals(request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));
    }
}
