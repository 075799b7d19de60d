using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Yardstick.Web.Api;

namespace Yardstick.Web.Hosting;

/// <summary>
/// Requests answered before anything reads them: an address (path and query) longer than <see cref="AddressCharacters"/> is
/// 414; a body larger than the server takes is 413 on every path (a sign-in form included, which would otherwise fail its
/// anti-forgery check as 400; an account form sent chunked once reading it runs past the form's limits), and an API body
/// without a Content-Type is 415 — never guessed to be JSON. Each is said in Chinese by <see cref="Problems"/>.
/// </summary>
public sealed class RequestBodies(RequestDelegate next)
{
    /// <summary>The longest address (path and query, as sent) the app answers; no page or API query comes near it.</summary>
    public const int AddressCharacters = 8 * 1024;

    /// <summary>
    /// How long a request line Kestrel reads before handing it here (its own default is 8 KB, answered with a bare 414 and no
    /// body): longer than <see cref="AddressCharacters"/>, so an over-long address is answered here, in Chinese, up to this size.
    /// </summary>
    public const int RequestLineBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var address = (context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Microsoft.AspNetCore.Http.Extensions.UriHelper.GetEncodedPathAndQuery(request)).Length;
        if (address > AddressCharacters)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            Problems.Explain(context, $"请求地址长 {address:N0} 个字符, 超过了上限 {AddressCharacters:N0} 个字符: 请精简查询条件; 大量数据请放在请求体中提交");
            return;
        }
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength is { } length && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            Problems.Explain(context, $"请求内容 {Megabytes(length)} MB, 超过了上限 {Megabytes(limit.Value)} MB");
            return;
        }
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (hasBody && string.IsNullOrWhiteSpace(request.ContentType) && ApiEndpoints.IsApi(request))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            Problems.Explain(context, "请求带有内容但没有 Content-Type: 请注明内容格式, 如 application/json、text/csv 或 application/adx+xml");
            return;
        }
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
            && request.HasFormContentType && !(request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            // The account forms (sign-in, second factor, password) hold a few short fields and are open to anyone: read here,
            // a chunked body past the form's limits is 413, where the anti-forgery check reading it would say 400.
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                Problems.Explain(context, "表单内容过大, 超过了上限");
                return;
            }
        }
        await next(context);
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
}
