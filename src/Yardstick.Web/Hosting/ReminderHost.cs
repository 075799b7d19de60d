using Yardstick.Data;
using Yardstick.Data.Messages;
using Yardstick.Data.Tasks;
using Yardstick.Data.Values;

namespace Yardstick.Web.Hosting;

/// <summary>
/// The scheduled job inside the app: every <see cref="YardstickOptions.ReminderIntervalSeconds"/> (the first time one interval
/// after start) it stores the reminders
/// the clock brings (deadlines near or passed, forms due or late; <see cref="Reminders"/>), makes the draft 督办 tasks of
/// targets whose light turned red (<see cref="RedLights"/>, once the live engine is loaded) and sends the outbox — e-mail
/// and group robots (<see cref="Delivery"/>). Every instance runs it; the store's unique keys and the outbox's claims make
/// each reminder, draft, mail and post happen once.
/// </summary>
public sealed class ReminderHost(IServiceScopeFactory scopes, YardstickOptions options, TimeProvider time, IHttpClientFactory http, LiveEngine live,
    Access.KeyFile keyFile, ILogger<ReminderHost> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ReminderIntervalSeconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ReminderIntervalSeconds), time);
        // The first run waits one interval: start-up (migrations, the engine's load) goes first, and a restart loop cannot
        // turn into a reminder loop.
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<YardstickDb>();
                var stored = await Reminders.SendAsync(db, time.GetUtcNow(), stoppingToken);
                if (stored > 0)
                {
                    logger.LogInformation("提醒: 新增 {Count} 条站内消息", stored);
                }
                if (live.IsReady && await RedLights.DraftAsync(db, live, time, stoppingToken) is > 0 and var drafts)
                {
                    logger.LogInformation("预警: 新增 {Count} 项待交办的督办任务 (目标亮红灯)", drafts);
                }
                if (await Delivery.DeliverAsync(db, Channels(options, http, keyFile), time.GetUtcNow(), stoppingToken) is > 0 and var sent)
                {
                    logger.LogInformation("消息投递: 本次送出 {Count} 条 (邮件、群机器人)", sent);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run (the store busy, the robot down) is tried again at the next tick, not the end of the app.
                logger.LogWarning(e, "提醒任务本次运行失败, 将在下次重试");
            }
        }
    }

    /// <summary>Where the outbox goes from this app: its robot client, the configured mail server, the old single robot, the key file, the site's address for links.</summary>
    public static DeliveryChannels Channels(YardstickOptions options, IHttpClientFactory http, Access.KeyFile keyFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(keyFile);
        return new DeliveryChannels(http.CreateClient("webhook"), options.Smtp,
            string.IsNullOrWhiteSpace(options.WebhookUrl) ? null : new Uri(options.WebhookUrl), keyFile.OpenText, options.SiteAddresses().FirstOrDefault());
    }
}
