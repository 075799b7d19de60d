using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Web.Api;

namespace Yardstick.Web.Hosting;

/// <summary>
/// How every failure is answered: in Chinese, with the status that says whose it is — 4xx for what the request did
/// (malformed, too large, out of range), 409 when another writer took the same key first, 503 with Retry-After when the
/// writers' lock stayed busy past the configured wait, 500 only for our own faults (logged). The API gets RFC 7807
/// problem details, pages a short page. A handler may name the reason for a bare status through <see cref="Explain"/>.
/// A feature's refusal (<see cref="Refusal"/>) gets its status and title from its kind alone, in <see cref="Answer"/>; its
/// own reason is the <c>detail</c>.
/// </summary>
public sealed partial class Problems(ILogger<Problems> logger) : IExceptionHandler
{
    private const string ReasonKey = "yardstick.problem";

    /// <summary>Seconds a client is asked to wait after 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Says why the response about to be sent has its status (shown on the status page or in the problem details).</summary>
    public static void Explain(HttpContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ReasonKey] = reason;
    }

    /// <summary>The one switch from a refusal's kind to the status that answers it and a short general title in Chinese.</summary>
    public static (int Status, string Title) Answer(RefusalKind kind) => kind switch
    {
        RefusalKind.Invalid => (StatusCodes.Status400BadRequest, "请求有误"),
        RefusalKind.Forbidden => (StatusCodes.Status403Forbidden, "无权操作"),
        RefusalKind.NotFound => (StatusCodes.Status404NotFound, "没有找到"),
        RefusalKind.Conflict => (StatusCodes.Status409Conflict, "与当前状态冲突"),
        RefusalKind.Locked => (StatusCodes.Status409Conflict, "已锁定"),
        RefusalKind.UnsupportedType => (StatusCodes.Status415UnsupportedMediaType, "不支持这种内容格式"),
        RefusalKind.Busy => (StatusCodes.Status503ServiceUnavailable, "系统繁忙, 请稍后重试"),
        _ => throw new UnreachableException($"未知的拒绝类型 {kind}"),
    };

    /// <summary>
    /// A refusal as the API answers it: problem details with the kind's status and title, the reason as <c>detail</c>, the
    /// field (when named) as <c>field</c>, and any <paramref name="extensions"/> (a list of every bad line); 503 asks to retry.
    /// </summary>
    public static IResult Result(Refusal refusal, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var (status, title) = Answer(refusal.Kind);
        var more = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (refusal.Field is { } field)
        {
            more["field"] = field;
        }
        var problem = Results.Problem(title: title, detail: refusal.Message, statusCode: status, extensions: more);
        return status == StatusCodes.Status503ServiceUnavailable ? new RetryLater(problem) : problem;
    }

    /// <summary>A refusal answered outside an endpoint (middleware, the exception handler): problem details for the API, the short page for pages.</summary>
    public static Task RefuseAsync(HttpContext context, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refusal);
        var (status, title) = Answer(refusal.Kind);
        context.Response.StatusCode = status;
        Explain(context, refusal.Message);
        return WriteAsync(context, title);
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var refusal = StoreErrors.IsBusy(exception) ? new Refusal(RefusalKind.Busy, "另一项写入占用数据库超过了等待时限, 本次未保存, 请稍后重试")
            : StoreErrors.IsConflict(exception) ? Refusal.Conflict("另一项修改同时写入了相同的记录, 本次未保存, 请重试")
            : null;
        var (status, title) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "请求内容过大, 超过了上传上限"),
            BadHttpRequestException bad => (bad.StatusCode, BadRequestReason(bad)),
            _ when refusal is not null => Answer(refusal.Kind),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "请求已取消"),
            _ => (500, "服务器内部错误, 已记录, 请稍后重试或联系管理员"),
        };
        if (status == 500)
        {
            logger.LogError(exception, "未处理的错误: {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogInformation("请求失败 {Status}: {Method} {Path}: {Reason}", status, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }
        if (httpContext.Response.HasStarted)
        {
            return true;
        }
        httpContext.Response.Clear();
        if (refusal is not null)
        {
            await RefuseAsync(httpContext, refusal);
            return true;
        }
        httpContext.Response.StatusCode = status;
        await WriteAsync(httpContext, title);
        return true;
    }

    /// <summary>For statuses set without a body (a page's BadRequest, 404, 405): the same Chinese answer.</summary>
    public static Task WriteStatusAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var explained = http.Items.ContainsKey(ReasonKey);
        var title = http.Response.StatusCode switch
        {
            400 when explained => "请求有误",
            400 => "请求有误: 表单已过期 (请刷新页面后重新提交) 或请求内容无法识别",
            401 => "请先登录",
            403 => "无权访问",
            404 => "没有找到这个页面或记录",
            405 => "不支持这种请求方式",
            413 => "请求内容过大, 超过了上传上限",
            414 => "请求地址过长",
            415 => "不支持这种内容格式",
            429 => "请求过于频繁, 请稍后再试",
            503 => "系统繁忙, 请稍后重试",
            _ => "请求未能完成",
        };
        return WriteAsync(http, title);
    }

    /// <summary>
    /// What the framework could not read, said in Chinese with the parameter and the value (quoted at most
    /// <see cref="ApiEndpoints.EchoLength"/> characters); the framework's English messages are logged, never sent.
    /// </summary>
    internal static string BadRequestReason(BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.InnerException is System.Text.Json.JsonException json)
        {
            // Well-formed JSON whose field has the wrong type ("deadline": 5) names the field; only broken JSON gets a place.
            return WrongType().Match(json.Message) is { Success: true } wrong
                ? $"字段 {ApiFields.Name(json.Path)} 的类型不对: 应为{Expected(wrong.Groups["type"].Value)}"
                : json.LineNumber is null
                ? $"请求体中 {ApiFields.Name(json.Path)} 的取值无法识别"
                : $"请求体不是合法的 JSON: 第 {json.LineNumber + 1} 行第 {json.BytePositionInLine + 1} 个字节附近无法解析";
        }
        var message = bad.Message;
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            var expected = bind.Groups["type"].Value.TrimEnd('?') switch
            {
                "bool" or "Boolean" => " (应为 true 或 false)",
                "int" or "long" or "Int32" or "Int64" => " (应为整数)",
                "decimal" or "double" => " (应为数字)",
                _ => "",
            };
            return $"参数 {bind.Groups["name"].Value} 的值 \"{ApiEndpoints.Echo(bind.Groups["value"].Value)}\" 无法识别{expected}";
        }
        if (Required().Match(message) is { Success: true } required)
        {
            return $"缺少参数 {required.Groups["name"].Value}";
        }
        if (message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return "请求体为空: 应为 JSON 对象";
        }
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return "不支持的内容格式: 应为 application/json";
        }
        return bad.StatusCode == StatusCodes.Status400BadRequest ? "请求格式错误, 无法读取: 请检查参数与请求体" : "请求无法处理";
    }

    /// <summary>What a .NET type a body field is read into asks the client for, in words.</summary>
    private static string Expected(string type) =>
        type.Contains("List`", StringComparison.Ordinal) || type.Contains("Enumerable`", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) ? "列表 [ … ]"
        : type.Contains("Dictionary`", StringComparison.Ordinal) ? "对象 { … }"
        : type.Contains("Boolean", StringComparison.Ordinal) ? " true 或 false"
        : type.Contains("Int16", StringComparison.Ordinal) || type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "整数"
        : type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) ? "数字"
        : type.Contains("String", StringComparison.Ordinal) ? "带引号的文字"
        : "对象 { … }";

    // System.Text.Json's words for a value of the wrong JSON type: "The JSON value could not be converted to System.Int32. Path: …".
    [System.Text.RegularExpressions.GeneratedRegex("could not be converted to (?<type>.+?)\\. Path:")]
    private static partial System.Text.RegularExpressions.Regex WrongType();

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>\\S+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex FailedToBind();

    [System.Text.RegularExpressions.GeneratedRegex("^Required parameter \"(?<type>\\S+) (?<name>[^\"]+)\" was not provided")]
    private static partial System.Text.RegularExpressions.Regex Required();

    private static async Task WriteAsync(HttpContext context, string title)
    {
        var status = context.Response.StatusCode;
        var detail = context.Items.TryGetValue(ReasonKey, out var reason) ? reason as string : null;
        if (status == 503)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (ApiEndpoints.IsApi(context.Request))
        {
            await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{WebUtility.HtmlEncode(title)} - Yardstick</title><link rel="icon" href="/favicon.svg" type="image/svg+xml" /><link rel="stylesheet" href="/css/site.css" /></head>
            <body><header class="top"><a class="brand" href="/">Yardstick <small>规划监测评估</small></a></header>
            <main><div class="panel"><h1>{status} · {WebUtility.HtmlEncode(title)}</h1>
            {(detail is null ? "" : $"<p>{WebUtility.HtmlEncode(detail)}</p>")}
            <p>{(status == 404 ? "地址可能有误, 或该记录已被删除、不在您的机构范围内。" : "")}</p>
            <p><a class="button" href="/">返回总览</a> <a class="button secondary" href="/Indicators">查看指标</a></p></div></main></body></html>
            """);
    }

    /// <summary>A 503 answer with the Retry-After the client waits for.</summary>
    private sealed class RetryLater(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
