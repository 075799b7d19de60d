using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Yardstick.Web.Api;

namespace Yardstick.Web.Hosting;

/// <summary>
/// Bodies answered before anything reads them: one larger than the server takes is 413 on every path (a sign-in form
/// included, which would otherwise fail its anti-forgery check as 400; an account form sent chunked once reading it runs
/// past the form's limits), and an API body without a Content-Type is 415 — never guessed to be JSON.
/// </summary>
public sealed class RequestBodies(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
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
