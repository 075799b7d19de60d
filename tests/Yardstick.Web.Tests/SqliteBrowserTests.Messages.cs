using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Yardstick.Web.Tests;

/// <summary>Issue 29, point 3: 消息设置 and 消息投递 on a 1280-px desktop and a 390-px phone (screenshots: tests/artifacts/screenshots/sqlite/messages-*).</summary>
public sealed partial class SqliteBrowserTests
{
    [Fact]
    public async Task Issue_29_message_settings_and_the_delivery_page_fit_a_desktop_and_a_phone()
    {
        // Kailu's robot is down (500): the log shows the message waiting to be retried, with its try and the robot's answer.
        using var robot = new Yardstick.Testing.LoopbackRobot { Answer = (_, _) => 500 };
        foreach (var width in new[] { 1280, 390 })
        {
            var user = await SignInAsync("planner", width);
            await user.GotoAsync("/Account/TwoFactor");
            await user.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "消息设置" }).ClickAsync();
            await user.WaitForURLAsync("**/Messages/Settings");
            (await user.Locator("#kinds tbody tr").CountAsync()).ShouldBeGreaterThan(10);
            await user.Locator("#kinds tr[data-kind='task_urge'] input[name='email']").CheckAsync();
            await user.Locator("#preferences button[type='submit']").ClickAsync();
            await user.Locator("#saved").WaitForAsync();
            (await user.Locator("#kinds tr[data-kind='task_urge'] input[name='email']").IsCheckedAsync()).ShouldBeTrue();
            var body = await user.Locator("main").InnerTextAsync();
            Regex.IsMatch(body, "[A-Za-z]{4,}").ShouldBeFalse("no English word on the Chinese screen: " + Regex.Match(body, "[A-Za-z]{4,}").Value);
            (await user.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
            await Shot(user, $"messages-settings-{width}");

            var admin = await SignInAsync("sysadmin", width);
            await admin.GotoAsync($"/Admin/Messages?unit={WebApp.Kailu}");
            await admin.Locator("select[name='kind']").SelectOptionAsync(["wecom"]);
            await admin.Locator("input[name='url']").FillAsync(robot.Address("/cgi-bin/webhook/send?key=test-" + width).ToString());
            await admin.Locator("#robot-form button[type='submit']").First.ClickAsync();
            await admin.Locator("#message").WaitForAsync();
            (await admin.Locator("#robot-now").InnerTextAsync()).ShouldContain("企业微信机器人");
            (await admin.Locator("main").InnerTextAsync()).ShouldNotContain("test-" + width, customMessage: "the address's key is not shown back");
            await App.WithDbAsync(async db =>
            {
                var kailu = await db.OrgUnits.SingleAsync(u => u.Code == WebApp.Kailu);
                await db.Database.OpenConnectionAsync();
                await Data.Tasks.Inbox.SendAsync(db.Database.GetDbConnection(), null, [kailu.Id], null, "form_late", $"免疫规划月报已过上报期限, 请尽快补报 ({width})",
                    DateTimeOffset.UtcNow, null, default);
                var channels = Hosting.ReminderHost.Channels(App.Services.GetRequiredService<Hosting.YardstickOptions>(), App.Services.GetRequiredService<IHttpClientFactory>(),
                    App.Services.GetRequiredService<Yardstick.Web.Access.KeyFile>());
                return await Data.Messages.Delivery.DeliverAsync(db, channels, DateTimeOffset.UtcNow);
            });
            await admin.ReloadAsync();
            // Rows other tests queued for the same robot wait untried (待投递): a robot that failed is not tried again in
            // the same run. The row of the try that failed says so.
            var waiting = admin.Locator("#deliveries tr[data-status='pending']").Filter(new() { HasText = "等待重试" }).First;
            (await waiting.InnerTextAsync()).ShouldContain("等待重试");
            (await waiting.InnerTextAsync()).ShouldContain("HTTP 500");
            (await admin.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
            await Shot(admin, $"messages-admin-{width}");
        }
    }
}
