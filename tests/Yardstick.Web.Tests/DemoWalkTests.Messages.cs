using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Yardstick.Data.Messages;
using Yardstick.Data.Tasks;
using Yardstick.Testing;
using Yardstick.Web.Hosting;

namespace Yardstick.Web.Tests;

/// <summary>Issue 29, point 3, on the demo app: read state per person on the page, the header and the API; the robot and channel settings through the API.</summary>
public abstract partial class DemoWalkTests
{
    /// <summary>A message to 科尔沁区, stored as a step stores one (its outbox rows with it); its id.</summary>
    private async Task<long> SendToKerqinAsync(string body) =>
        await app.WithDbAsync(async db =>
        {
            var unit = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == WebApp.Kerqin);
            await db.Database.OpenConnectionAsync();
            (await Inbox.SendAsync(db.Database.GetDbConnection(), null, [unit.Id], null, "task_urge", body, DateTimeOffset.UtcNow, null, default)).ShouldHaveSingleItem();
            return (await Inbox.ListAsync(db, unit.Id, null, 1)).Single().Id;
        });

    private static async Task<JsonElement> MessageAsync(HttpClient client, long id)
    {
        var all = await client.GetFromJsonAsync<JsonElement>("/api/messages");
        return all.EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id);
    }

    private static int Badge(string page) =>
        Regex.Match(page, @"id=""inbox"">[^<]*<b class=""badge""[^>]*>(\d+)</b>") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task Issue_29_a_message_read_by_one_user_of_a_unit_stays_unread_for_the_other_on_the_page_the_header_and_the_api()
    {
        var id = await SendToKerqinAsync("请加快推进家庭医生签约 (个人已读测试)");
        using var reader = await app.SignInAsync("kerqin");
        using var colleague = await app.SignInAsync("kerqinreview");
        var colleagueBadge = Badge(await colleague.GetStringAsync("/Messages"));

        var read = await WebApp.PostFormAsync(reader, "/Messages", "/Messages?handler=Read", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        read.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await MessageAsync(reader, id)).GetProperty("read").GetBoolean().ShouldBeTrue();
        (await MessageAsync(colleague, id)).GetProperty("read").GetBoolean().ShouldBeFalse("a colleague reading it does not hide it");
        var mine = await reader.GetStringAsync("/Messages");
        var theirs = await colleague.GetStringAsync("/Messages");
        mine.ShouldContain($"<tr class=\"\" data-message=\"{id}\">");
        theirs.ShouldContain($"<tr class=\"unread\" data-message=\"{id}\">");
        Badge(theirs).ShouldBe(colleagueBadge, "the colleague's count is unchanged");

        // All read, through the API, for the colleague only.
        var token = app.TokenClient(await app.TokenAsync("kerqinreview"));
        (await token.PostAsync("/api/messages/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MessageAsync(colleague, id)).GetProperty("read").GetBoolean().ShouldBeTrue();
        Badge(await colleague.GetStringAsync("/Messages")).ShouldBe(0);
        var other = await SendToKerqinAsync("第二条消息 (个人已读测试)");
        (await MessageAsync(reader, other)).GetProperty("read").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Issue_29_a_unit_admin_sets_a_signed_dingtalk_robot_whose_secret_is_sealed_never_shown_and_signs_the_posts()
    {
        const string secret = "SECdemo0123456789";
        using var robot = new LoopbackRobot();
        var admin = app.TokenClient(await app.TokenAsync("sysadmin"));
        var url = robot.Address("/robot/send?access_token=t0k").ToString();

        var set = await admin.PutAsJsonAsync($"/api/messages/robot?unit={WebApp.Kerqin}", new { kind = "dingtalk", url, secret });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var answer = await set.Content.ReadAsStringAsync();
        answer.ShouldNotContain(secret);
        answer.ShouldContain("\"signed\":true");
        (await admin.GetStringAsync($"/api/messages/robot?unit={WebApp.Kerqin}")).ShouldNotContain(secret);
        var stored = await app.WithDbAsync(async db => (await UnitRobots.GetAsync(db, (await db.OrgUnits.SingleAsync(u => u.Code == WebApp.Kerqin)).Id))!);
        stored.SealedSecret.ShouldNotBeNull().ShouldNotContain(secret, customMessage: "sealed by the key file, not stored as written");
        var reporter = app.TokenClient(await app.TokenAsync("kerqin"));
        (await reporter.PutAsJsonAsync($"/api/messages/robot?unit={WebApp.Kerqin}", new { kind = "wecom", url })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reporter.GetAsync("/api/messages/deliveries")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PutAsJsonAsync($"/api/messages/robot?unit={WebApp.Kerqin}", new { kind = "dingtalk", url = "ftp://x" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var id = await SendToKerqinAsync("请于本周内报送签约进展 (机器人测试)");
        var channels = ReminderHost.Channels(app.Services.GetRequiredService<YardstickOptions>(), app.Services.GetRequiredService<IHttpClientFactory>(),
            app.Services.GetRequiredService<Yardstick.Web.Access.KeyFile>());
        await app.WithDbAsync(db => Delivery.DeliverAsync(db, channels, DateTimeOffset.UtcNow));

        var post = robot.Posts.ShouldHaveSingleItem(customMessage: "科尔沁区's users keep the robot by default; one post for the unit");
        post.Body.ShouldContain("【科尔沁区】请于本周内报送签约进展 (机器人测试)");
        var fields = post.Query.TrimStart('?').Split('&').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => Uri.UnescapeDataString(f[1]));
        fields["sign"].ShouldBe(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(fields["timestamp"] + "\n" + secret))));
        var log = await admin.GetFromJsonAsync<JsonElement>("/api/messages/deliveries?status=sent");
        log.EnumerateArray().ShouldContain(d => d.GetProperty("message").GetInt64() == id && d.GetProperty("statusName").GetString() == "已投递"
            && d.GetProperty("tries").GetArrayLength() == 1);
        (await admin.DeleteAsync($"/api/messages/robot?unit={WebApp.Kerqin}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Issue_29_a_user_chooses_per_kind_how_messages_reach_them()
    {
        var me = app.TokenClient(await app.TokenAsync("dalin"));
        var before = await me.GetFromJsonAsync<JsonElement>("/api/messages/preferences");
        var urge = before.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "task_urge");
        (urge.GetProperty("kindName").GetString(), urge.GetProperty("inbox").GetBoolean(), urge.GetProperty("email").GetBoolean(), urge.GetProperty("robot").GetBoolean())
            .ShouldBe(("催办", true, false, true));

        var put = await me.PutAsJsonAsync("/api/messages/preferences", new[] { new { kind = "task_urge", email = true, robot = false } });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = (await me.GetFromJsonAsync<JsonElement>("/api/messages/preferences")).EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "task_urge");
        (after.GetProperty("email").GetBoolean(), after.GetProperty("robot").GetBoolean()).ShouldBe((true, false));
        (await me.PutAsJsonAsync("/api/messages/preferences", new[] { new { kind = "no_such_kind", email = true, robot = true } })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var page = await app.SignInAsync("dalin");
        var settings = await page.GetStringAsync("/Messages/Settings");
        settings.ShouldContain("消息设置");
        Regex.IsMatch(settings, @"<tr data-kind=""task_urge"">.*?name=""email"" value=""task_urge"" checked", RegexOptions.Singleline).ShouldBeTrue();
    }
}
