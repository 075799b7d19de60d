using Yardstick.Core.Model;
using Yardstick.Data.Values;
using Yardstick.Web.Api;

namespace Yardstick.Web.Hosting;

/// <summary>
/// Loads the process's <see cref="LiveEngine"/> in the background once the app listens (so <c>/healthz</c> and the sign-in
/// page answer at once), then follows the store's change sets for the life of the process: writes made by another instance
/// or by the command line show within <see cref="YardstickOptions.FollowIntervalMs"/>.
/// </summary>
public sealed class LiveEngineHost(LiveEngine live, YardstickOptions options, TimeProvider time, ILogger<LiveEngineHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await live.LoadAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without its engine the app can show no figure: stop rather than serve 数据加载中 for ever.
            logger.LogCritical(e, "指标引擎加载失败");
            throw;
        }
        await live.FollowAsync(TimeSpan.FromMilliseconds(options.FollowIntervalMs), time, stoppingToken);
    }

    /// <summary>On the way out, the engine's values go to its snapshot, so the next start reads them in seconds.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await live.SaveSnapshotAsync(cancellationToken);
    }
}

/// <summary>
/// While the engine loads, pages answer "数据加载中 (xx%)" (refreshing themselves) and the API 503 with Retry-After, instead
/// (problem details, as every refusal) instead of hanging; sign-in, the password pages, static files and <c>/healthz</c> work from the first second.
/// </summary>
public sealed class WarmingGate(RequestDelegate next, LiveEngine live)
{
    private static readonly string[] Open = ["/Account/", "/Language", "/healthz", "/css/", "/lib/", "/js/", "/favicon"];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";
        if (live.IsReady || Open.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }
        if (ApiEndpoints.IsApi(context.Request))
        {
            await Problems.RefuseAsync(context, new Refusal(RefusalKind.Busy, $"数据加载中 ({live.LoadingPercent}%), 请稍后重试"));
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
            <title>数据加载中</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="container"><h1>数据加载中 ({live.LoadingPercent}%)</h1>
            <p>系统刚刚启动, 正在把全部数据读入内存, 完成后本页自动刷新。</p></main></body></html>
            """);
    }
}
