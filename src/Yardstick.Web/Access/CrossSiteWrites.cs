using Microsoft.AspNetCore.Antiforgery;
using Yardstick.Web.Api;

namespace Yardstick.Web.Access;

/// <summary>
/// An API write (POST, PUT, PATCH, DELETE) signed in by the cookie must come from this site: its <c>Origin</c> (or, when a
/// client sends none, its <c>Referer</c>) names this site, or it carries the page's anti-forgery token in the
/// <c>RequestVerificationToken</c> header. SameSite=Strict alone is not relied on. A request signed in by a personal access
/// token (<c>Authorization: Bearer</c>) is not a browser's and is not asked; one from elsewhere is 403 with the reason.
/// </summary>
public sealed class CrossSiteWrites(RequestDelegate next, IAntiforgery antiforgery)
{
    /// <summary>The header a page's script sends its anti-forgery token in (also Identity's and MVC's default).</summary>
    public const string TokenHeader = "RequestVerificationToken";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!ApiEndpoints.IsApi(request) || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || context.User.Identity?.IsAuthenticated != true || TokenAuthentication.IsTokenRequest(request)
            || await FromThisSiteAsync(context))
        {
            await next(context);
            return;
        }
        var from = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : request.Headers.Referer.ToString();
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden,
            title: from.Length > 0
                ? $"跨站请求被拒绝: 来自 {ApiEndpoints.Echo(from)} 的写请求不能使用本站的登录 Cookie"
                : "跨站请求被拒绝: 以登录 Cookie 认证的写请求须带有本站的 Origin 或 Referer, 或防伪令牌",
            detail: $"浏览器中的页面请在 {TokenHeader} 请求头中带上页面的防伪令牌; 程序调用请使用个人访问令牌 (Authorization: Bearer …)")
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
        return request.Headers.ContainsKey(TokenHeader) && await antiforgery.IsRequestValidAsync(context);
    }

    /// <summary>Same scheme, host and port as the request (Origin "null", from a sandbox or a file, is never this site).</summary>
    private static bool IsThisSite(HttpRequest request, string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && uri.Scheme.Equals(request.Scheme, StringComparison.OrdinalIgnoreCase)
        && uri.Host.Equals(request.Host.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));
}
