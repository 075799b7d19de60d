using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Yardstick.Data.Interchange;
using Yardstick.Data.Messages;
using Yardstick.Data.Tasks;
using Yardstick.Testing;

namespace Yardstick.Data.Tests;

/// <summary>
/// Issue 29, point 3: messages reach people — read state per person, e-mail through a real SMTP server on loopback, 钉钉
/// (signed) and 企业微信 robots on a loopback listener, retries with back-off and every try logged, the outbox claimed by
/// one instance — on SQLite and PostgreSQL.
/// </summary>
public abstract class MessageDeliveryTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "yardstick-msg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private static readonly Uri Site = new("http://yardstick.test/");

    protected abstract Task<DatabaseLocation> NewLocationAsync();

    protected string Folder => _folder;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The city, 妇幼科 and 疾控科; two users of 妇幼科 (one wants 交办 by e-mail), one of 疾控科.</summary>
    private async Task<(DatabaseLocation Location, YardstickDb Db)> StoreAsync()
    {
        var location = await NewLocationAsync();
        var db = location.Open();
        await SchemaMigrator.MigrateAsync(db);
        string File(string name, string content)
        {
            var path = Path.Combine(_folder, name);
            System.IO.File.WriteAllText(path, content);
            return path;
        }
        var imported = await new Importer(db, _time).ImportAsync(
        [
            File("orgunits.csv", "code,name,parent,level\n150500,通辽市,,市\n150500D1,妇幼科,150500,处室\n150500D2,疾控科,150500,处室\n"),
            File("dataelements.csv", "code,name,value_type,agg_ou,agg_time\nlive_births,活产数,count,sum,sum\ninfant_deaths,婴儿死亡数,count,sum,sum\n"),
            File("indicators.csv", "code,name,numerator,denominator,factor,unit,direction,decimals\nimr,婴儿死亡率,#{infant_deaths},#{live_births},1000,‰,lower,2\n"),
            File("targets.csv", "plan,indicator,orgunit,baseline_year,baseline_value,target_year,target_value,comparator,nature\nTL14,imr,150500,2020,5.34,2025,5,<=,预期性\n"),
        ], "tester");
        imported.Succeeded.ShouldBeTrue();
        await AddUserAsync(db, "u-fuyou1", "fuyou1", "150500D1", "fuyou1@wjw.example.cn");
        await AddUserAsync(db, "u-fuyou2", "fuyou2", "150500D1", null);
        await AddUserAsync(db, "u-jikong", "jikong", "150500D2", "jikong@wjw.example.cn");
        (await MessagePreferences.SetAsync(db, "u-fuyou1", [("task_assign", true, true)])).ShouldBeNull();
        return (location, db);
    }

    private static async Task AddUserAsync(YardstickDb db, string id, string name, string unit, string? email) =>
        await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO users (id, user_name, normalized_user_name, email, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled,
                    access_failed_count, org_unit_code, must_change_password)
                VALUES (@id, @n, @N, @e, @f, @f, @f, @f, 0, @u, @f)
                """;
            Parameter(command, "@id", id);
            Parameter(command, "@n", name);
            Parameter(command, "@N", name.ToUpperInvariant());
            Parameter(command, "@e", email);
            Parameter(command, "@f", false);
            Parameter(command, "@u", unit);
            return await command.ExecuteNonQueryAsync();
        }, default);

    private static void Parameter(System.Data.Common.DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private async Task<long> AssignAsync(YardstickDb db, string title, string[] leads, string[] partners)
    {
        var city = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500");
        var created = await TaskBoard.CreateAsync(db, new NewTask(title, "TL14", ["imr"], leads, partners, new DateOnly(2024, 6, 30)),
            new TaskViewer("planner", city, MayAssign: true, MayAct: true), _time.GetUtcNow());
        created.Succeeded.ShouldBeTrue(created.Refusal?.Message);
        return created.TaskId!.Value;
    }

    private static async Task<List<DeliveryRow>> RowsAsync(YardstickDb db) => [.. await Outbox.ListAsync(db, "/")];

    [Fact]
    public async Task A_message_to_a_unit_is_read_or_unread_for_each_of_its_users()
    {
        var (_, db) = await StoreAsync();
        await using var _ = db;
        await AssignAsync(db, "开展出生缺陷综合防治", ["150500D1"], []);
        var unit = (await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500D1")).Id;
        var message = (await Inbox.ListAsync(db, unit, "u-fuyou1")).ShouldHaveSingleItem();

        await Inbox.MarkReadAsync(db, unit, "u-fuyou1", message.Id, _time.GetUtcNow());

        (await Inbox.ListAsync(db, unit, "u-fuyou1")).Single().ReadAt.ShouldNotBeNull();
        (await Inbox.ListAsync(db, unit, "u-fuyou2")).Single().ReadAt.ShouldBeNull("a colleague reading it hides it from nobody");
        (await Inbox.UnreadCountAsync(db, unit, "u-fuyou1")).ShouldBe(0);
        (await Inbox.UnreadCountAsync(db, unit, "u-fuyou2")).ShouldBe(1);
        await Inbox.MarkReadAsync(db, unit, "u-fuyou1", null, _time.GetUtcNow());
        (await Inbox.UnreadCountAsync(db, unit, "u-fuyou2")).ShouldBe(1);
    }

    [Fact]
    public async Task A_chosen_kind_arrives_by_mail_at_a_real_smtp_server_with_a_chinese_subject_and_a_link_to_its_task()
    {
        var (_, db) = await StoreAsync();
        await using var _ = db;
        await using var smtp = await LoopbackSmtp.StartAsync();
        var task = await AssignAsync(db, "开展出生缺陷综合防治", ["150500D1"], ["150500D2"]);
        var rows = await RowsAsync(db);
        rows.Where(r => r.Channel == Outbox.Email).Select(r => r.Address).ShouldBe(["fuyou1@wjw.example.cn"],
            "only the user who chose e-mail for 交办; 疾控科's user kept the default (no e-mail)");
        using var http = new HttpClient();
        var channels = new DeliveryChannels(http, new MailServer { Host = "127.0.0.1", Port = smtp.Port, Tls = "None", Sender = "duban@wjw.example.cn" }, null, s => s, Site);

        (await Delivery.DeliverAsync(db, channels, _time.GetUtcNow())).ShouldBe(1);

        var file = smtp.Files().ShouldHaveSingleItem();
        var mail = await MimeMessage.LoadAsync(file);
        mail.Subject.ShouldStartWith("【交办】");
        mail.Subject.ShouldContain("开展出生缺陷综合防治");
        mail.To.Mailboxes.Single().Address.ShouldBe("fuyou1@wjw.example.cn");
        var text = mail.TextBody.ShouldNotBeNull();
        text.ShouldContain("妇幼科");
        text.ShouldContain($"http://yardstick.test/Tasks/Detail?id={task}");
        var sent = (await RowsAsync(db)).Single(r => r.Channel == Outbox.Email);
        (sent.Status, sent.StatusChinese, sent.Attempts).ShouldBe((Outbox.Sent, "已投递", 1));
        sent.Tries.ShouldHaveSingleItem().Ok.ShouldBeTrue();
        (await RowsAsync(db)).Where(r => r.Channel == Outbox.Robot).ShouldAllBe(r => r.Status == Outbox.Skipped && r.LastError == "本单位未设置群机器人");
    }

    [Fact]
    public async Task The_step_succeeds_with_the_mail_server_down_and_the_mail_is_retried_with_back_off_then_given_up()
    {
        var (_, db) = await StoreAsync();
        await using var _ = db;
        var down = Yardstick.Testing.PostgresServer.FreePort();
        using var http = new HttpClient();
        var channels = new DeliveryChannels(http, new MailServer { Host = "127.0.0.1", Port = down, Tls = "None", Sender = "duban@wjw.example.cn" }, null, s => s, Site);

        var task = await AssignAsync(db, "开展出生缺陷综合防治", ["150500D1"], []);
        await AssignAsync(db, "推进家庭医生签约", ["150500D1"], []);

        (await TaskBoard.GetAsync(db, task))!.Stage.ShouldBe(Core.Tasks.TaskStage.Assigned, "the 交办 stands whatever the mail server does");
        var now = _time.GetUtcNow();
        (await Delivery.DeliverAsync(db, channels, now)).ShouldBe(0);
        var mails = (await RowsAsync(db)).Where(r => r.Channel == Outbox.Email).OrderBy(r => r.Id).ToList();
        mails.Select(r => r.Attempts).ShouldBe([1, 0], "a server down once in a run is not tried again in that run");
        var first = mails[0].Id;
        var row = mails[0];
        (row.Status, row.StatusChinese, row.Attempts).ShouldBe((Outbox.Pending, "等待重试", 1));
        row.NextAt.ShouldBe(now.AddMinutes(1));
        row.LastError.ShouldNotBeNullOrEmpty();
        (await Delivery.DeliverAsync(db, channels, now.AddSeconds(30))).ShouldBe(0);
        (await RowsAsync(db)).Single(r => r.Id == first).Attempts.ShouldBe(1, "not due before its back-off");

        var at = now;
        for (var attempt = 2; attempt <= Delivery.MaxAttempts; attempt++)
        {
            at += Delivery.Backoff(attempt - 1);
            await Delivery.DeliverAsync(db, channels, at);
        }
        row = (await RowsAsync(db)).Single(r => r.Id == first);
        (row.Status, row.StatusChinese, row.Attempts).ShouldBe((Outbox.Failed, "投递失败", Delivery.MaxAttempts));
        row.Tries.Select(t => t.No).ShouldBe(Enumerable.Range(1, Delivery.MaxAttempts));
        row.Tries.ShouldAllBe(t => !t.Ok && t.Error != null);
        var gaps = row.Tries.Zip(row.Tries.Skip(1), (a, b) => (b.At - a.At).TotalMinutes).ToList();
        gaps.ShouldBe([1, 2, 4, 8, 16, 32, 60], "1, 2, 4 … minutes, capped at an hour");
        (await Delivery.DeliverAsync(db, channels, at.AddDays(1))).ShouldBe(0);
        (await RowsAsync(db)).Single(r => r.Id == first).Attempts.ShouldBe(Delivery.MaxAttempts, "given up: no more tries");
    }

    [Fact]
    public async Task A_signed_dingtalk_robot_answering_500_twice_gets_the_post_on_the_third_try_and_a_wecom_robot_at_once()
    {
        var (_, db) = await StoreAsync();
        await using var _ = db;
        using var robot = new LoopbackRobot { Answer = (path, n) => path.StartsWith("/ding", StringComparison.Ordinal) && n <= 2 ? 500 : 200 };
        const string secret = "SEC0123456789abcdef";
        var fuyou = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500D1");
        var jikong = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == "150500D2");
        (await UnitRobots.SetAsync(db, fuyou, UnitRobots.DingTalk, robot.Address("/ding/robot/send?access_token=abc").ToString(), "sealed:" + secret, true, "admin", null,
            _time.GetUtcNow())).ShouldBeNull();
        (await UnitRobots.SetAsync(db, jikong, UnitRobots.WeCom, robot.Address("/wecom/send?key=xyz").ToString(), null, true, "admin", null, _time.GetUtcNow())).ShouldBeNull();
        (await MessagePreferences.SetAsync(db, "u-fuyou2", [("task_assign", false, false)])).ShouldBeNull();
        await AssignAsync(db, "开展出生缺陷综合防治", ["150500D1"], ["150500D2"]);
        (await RowsAsync(db)).Count(r => r.Channel == Outbox.Robot).ShouldBe(2, "one post per unit, though one of 妇幼科's users turned the robot off: the other keeps it");
        using var http = new HttpClient();
        var channels = new DeliveryChannels(http, null, null, s => s.StartsWith("sealed:", StringComparison.Ordinal) ? s["sealed:".Length..] : throw new CryptographicException(), Site);
        var now = _time.GetUtcNow();

        (await Delivery.DeliverAsync(db, channels, now)).ShouldBe(1, "企业微信 at once, 钉钉 answers 500");
        (await Delivery.DeliverAsync(db, channels, now.AddSeconds(20))).ShouldBe(0, "not due yet");
        (await Delivery.DeliverAsync(db, channels, now.AddMinutes(1))).ShouldBe(0, "500 again");
        (await Delivery.DeliverAsync(db, channels, now.AddMinutes(3))).ShouldBe(1, "the third try goes through");

        var ding = robot.Posts.Where(p => p.Path.StartsWith("/ding", StringComparison.Ordinal)).ToList();
        ding.Count.ShouldBe(3);
        foreach (var (_, query, body) in ding)
        {
            var fields = query.TrimStart('?').Split('&').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => Uri.UnescapeDataString(f[1]));
            fields["access_token"].ShouldBe("abc");
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(fields["timestamp"] + "\n" + secret)));
            fields["sign"].ShouldBe(expected, "钉钉's 加签 over timestamp + \\n + secret");
            long.Parse(fields["timestamp"], CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(now.ToUnixTimeMilliseconds());
            using var json = JsonDocument.Parse(body);
            json.RootElement.GetProperty("msgtype").GetString().ShouldBe("text");
            json.RootElement.GetProperty("text").GetProperty("content").GetString()!.ShouldStartWith("【妇幼科】");
        }
        var wecom = robot.Posts.Where(p => p.Path.StartsWith("/wecom", StringComparison.Ordinal)).ShouldHaveSingleItem();
        wecom.Query.ShouldBe("?key=xyz");
        using (var json = JsonDocument.Parse(wecom.Body))
        {
            json.RootElement.GetProperty("msgtype").GetString().ShouldBe("text");
            json.RootElement.GetProperty("text").GetProperty("content").GetString()!.ShouldContain("【疾控科】");
        }
        var row = (await RowsAsync(db)).Single(r => r.Channel == Outbox.Robot && r.Unit == "妇幼科");
        (row.Status, row.Attempts).ShouldBe((Outbox.Sent, 3));
        row.Tries.Select(t => (t.No, t.Ok)).ShouldBe([(1, false), (2, false), (3, true)]);
        row.Tries[0].Error!.ShouldContain("HTTP 500");
        (row.Tries[1].At - row.Tries[0].At).ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Two_instances_claiming_one_outbox_row_at_once_give_it_to_one()
    {
        var (location, db) = await StoreAsync();
        await using var _ = db;
        for (var i = 0; i < 10; i++)
        {
            await AssignAsync(db, $"开展出生缺陷综合防治{i}", ["150500D1"], []);
        }
        var ids = (await RowsAsync(db)).Select(r => r.Id).ToList();
        ids.Count.ShouldBe(20, "an e-mail and a robot post per 交办");
        await using var first = location.Open();
        await using var second = location.Open();
        var now = _time.GetUtcNow();
        foreach (var id in ids)
        {
            var won = await Task.WhenAll(Delivery.ClaimAsync(first, id, now), Delivery.ClaimAsync(second, id, now));
            won.Count(w => w).ShouldBe(1, $"row {id}");
        }
        foreach (var id in ids)
        {
            (await Delivery.ClaimAsync(first, id, now.AddMinutes(1))).ShouldBeFalse("claimed and held");
        }
        (await Delivery.ClaimAsync(first, ids[0], now + Delivery.ClaimFor + TimeSpan.FromSeconds(1))).ShouldBeTrue("a claim left by a stopped instance runs out");
    }
}

public sealed class SqliteMessageDeliveryTests : MessageDeliveryTests
{
    protected override Task<DatabaseLocation> NewLocationAsync() =>
        Task.FromResult(DatabaseLocation.Sqlite(Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + ".db")));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageDeliveryTests(PostgresFixture server) : MessageDeliveryTests
{
    protected override async Task<DatabaseLocation> NewLocationAsync() => DatabaseLocation.Postgres(await server.NewDatabaseAsync());
}
