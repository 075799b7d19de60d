using Microsoft.AspNetCore.Http.HttpResults;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Messages;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>
/// The caller's inbox (their unit's messages, read or unread for them), how each kind reaches them (站内, 邮件, 群机器人),
/// a unit's group robot and the outbox's log.
/// </summary>
public static class MessagesApi
{
    public static void MapMessagesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/messages", async Task<Ok<MessageAnswer[]>> (bool? unread, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return TypedResults.Ok(Array.Empty<MessageAnswer>());
            }
            var messages = await Inbox.ListAsync(db, scope.Id, user.UserId, 200, ct);
            return TypedResults.Ok(messages.Where(m => unread != true || m.ReadAt is null)
                .Select(m => new MessageAnswer(m.Id, m.Kind, m.KindChinese, m.TaskId, m.Body, LocalClock.Text(m.At), m.ReadAt is not null)).ToArray());
        }).WithName("ListMessages").Refuses(RefusalKind.Invalid).WithSummary("本单位的站内消息, 已读未读按本人计 (交办、催办、退回、临期与逾期提醒、报表待报与退回)");

        api.MapPost("/messages/read", async Task<NoContent> (long? id, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is { } scope && user.UserId is { } userId)
            {
                await Inbox.MarkReadAsync(db, scope.Id, userId, id, time.GetUtcNow(), ct);
            }
            return TypedResults.NoContent();
        }).WithName("MarkMessagesRead").Refuses(RefusalKind.Invalid).WithSummary("标记消息为本人已读 (不带 id 为全部); 同单位其他人的未读不变");

        api.MapGet("/messages/preferences", async Task<Results<Ok<MessagePreferenceAnswer[]>, Refused>> (CurrentUser user, YardstickDb db, CancellationToken ct) =>
            user.UserId is not { } userId ? Refuse(Refusal.Forbidden("没有登录账号"))
            : TypedResults.Ok((await MessagePreferences.ForUserAsync(db, userId, ct)).Select(MessagePreferenceAnswer.Of).ToArray()))
            .WithName("MessagePreferences").Refuses(RefusalKind.Forbidden).WithSummary("本人每类消息的接收方式: 站内 (总是)、邮件、群机器人");

        api.MapPut("/messages/preferences", async Task<Results<Ok<MessagePreferenceAnswer[]>, Refused>> (MessagePreferenceInput[] body, CurrentUser user, YardstickDb db,
            CancellationToken ct) =>
        {
            if (user.UserId is not { } userId)
            {
                return Refuse(Refusal.Forbidden("没有登录账号"));
            }
            if (await MessagePreferences.SetAsync(db, userId, [.. (body ?? []).Select(p => (p.Kind ?? "", p.Email == true, p.Robot != false))], ct) is { } refusal)
            {
                return Refuse(refusal);
            }
            return TypedResults.Ok((await MessagePreferences.ForUserAsync(db, userId, ct)).Select(MessagePreferenceAnswer.Of).ToArray());
        }).WithName("SetMessagePreferences").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden)
            .WithSummary("设置本人的接收方式: [{kind, email, robot}], 只改列出的类别");

        api.MapGet("/messages/robot", async Task<Results<Ok<RobotAnswer>, NotFound, Refused>> (string? unit, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            var (found, refused) = await RobotUnitAsync(user, unit, ct);
            if (found is null)
            {
                return refused!;
            }
            return await UnitRobots.GetAsync(db, found.Id, ct) is { } robot ? TypedResults.Ok(RobotAnswer.Of(found, robot)) : TypedResults.NotFound();
        }).WithName("UnitRobot").Refuses(RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("单位的群机器人 (不回显加签密钥); 未设置为 404");

        api.MapPut("/messages/robot", async Task<Results<Ok<RobotAnswer>, Refused>> (string? unit, RobotInput body, CurrentUser user, YardstickDb db, KeyFile keyFile,
            TimeProvider time, CancellationToken ct) =>
        {
            var (found, refused) = await RobotUnitAsync(user, unit, ct);
            if (found is null)
            {
                return refused!;
            }
            var secret = string.IsNullOrWhiteSpace(body.Secret) ? null : keyFile.SealText(body.Secret.Trim());
            if (await UnitRobots.SetAsync(db, found, body.Kind ?? "", body.Url ?? "", secret, keepSecret: body.Secret is null, user.Name, user.Address, time.GetUtcNow(), ct)
                is { } refusal)
            {
                return Refuse(refusal);
            }
            return TypedResults.Ok(RobotAnswer.Of(found, (await UnitRobots.GetAsync(db, found.Id, ct))!));
        }).WithName("SetUnitRobot").Refuses(RefusalKind.Invalid, RefusalKind.Forbidden, RefusalKind.NotFound)
            .WithSummary("设置单位的群机器人: kind (wecom 企业微信 / dingtalk 钉钉), url, secret (钉钉加签; 省略则保留原密钥, 空串则清除)");

        api.MapDelete("/messages/robot", async Task<Results<NoContent, Refused>> (string? unit, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            var (found, refused) = await RobotUnitAsync(user, unit, ct);
            if (found is null)
            {
                return refused!;
            }
            await UnitRobots.RemoveAsync(db, found, user.Name, user.Address, time.GetUtcNow(), ct);
            return TypedResults.NoContent();
        }).WithName("RemoveUnitRobot").Refuses(RefusalKind.Forbidden, RefusalKind.NotFound).WithSummary("删除单位的群机器人");

        api.MapGet("/messages/deliveries", async Task<Results<Ok<DeliveryAnswer[]>, Refused>> (string? status, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!user.CanSetRobots || await user.ScopeAsync(ct) is not { } scope)
            {
                return Refuse(Refusal.Forbidden("消息投递记录只有系统管理员可以查看"));
            }
            return TypedResults.Ok((await Outbox.ListAsync(db, scope.Path, string.IsNullOrWhiteSpace(status) ? null : status, 500, ct)).Select(DeliveryAnswer.Of).ToArray());
        }).WithName("MessageDeliveries").Refuses(RefusalKind.Forbidden)
            .WithSummary("消息投递记录 (邮件、群机器人): 状态、尝试次数、每次尝试的时间与结果; status 可选 pending/sending/sent/failed/skipped");
    }

    /// <summary>The unit whose robot is asked for: in the caller's scope, and the caller a system admin.</summary>
    private static async Task<(OrgUnit? Unit, Refused? Refusal)> RobotUnitAsync(CurrentUser user, string? code, CancellationToken ct) =>
        !user.CanSetRobots ? (null, Refuse(Refusal.Forbidden("群机器人只有本单位或上级单位的系统管理员可以设置"))) : await ScopedUnitAsync(user, code, ct);
}

/// <summary>A message of <c>GET /api/messages</c>: kind as stored (task_assign …) and in Chinese, the task it is about, when (Beijing time), read by the caller.</summary>
public sealed record MessageAnswer(long Id, string Kind, string KindName, long? Task, string Text, string At, bool Read);

/// <summary>How one kind of message reaches the caller: the inbox always, e-mail and the unit's robot as chosen.</summary>
public sealed record MessagePreferenceAnswer(string Kind, string KindName, bool Inbox, bool Email, bool Robot)
{
    public static MessagePreferenceAnswer Of(MessagePreference p) => new(p.Kind, p.KindChinese, true, p.ByEmail, p.ByRobot);
}

public sealed record MessagePreferenceInput(string? Kind, bool? Email, bool? Robot);

/// <summary>A unit's robot as the API shows it: never the 加签 secret, only whether one is set.</summary>
public sealed record RobotAnswer(string Unit, string Kind, string KindName, string Url, bool Signed, string SetBy, string SetAt)
{
    public static RobotAnswer Of(OrgUnit unit, UnitRobot robot) =>
        new(unit.Code, robot.Kind, robot.KindChinese, robot.Url.ToString(), robot.SealedSecret is not null, robot.SetBy, LocalClock.Text(robot.SetAt));
}

public sealed record RobotInput(string? Kind, string? Url, string? Secret);

/// <summary>One outbox row with its tries (Beijing time).</summary>
public sealed record DeliveryAnswer(long Id, long Message, string Channel, string Unit, string? User, string? Address, string Kind, string Status, string StatusName,
    int Attempts, string? LastError, string? SentAt, DeliveryTryAnswer[] Tries)
{
    public static DeliveryAnswer Of(DeliveryRow r) => new(r.Id, r.MessageId, r.Channel, r.Unit, r.UserName, r.Address, r.Kind, r.Status, r.StatusChinese, r.Attempts,
        r.LastError, r.SentAt is { } s ? LocalClock.Text(s) : null, [.. r.Tries.Select(t => new DeliveryTryAnswer(t.No, LocalClock.Text(t.At), t.Ok, t.Error))]);
}

public sealed record DeliveryTryAnswer(int No, string At, bool Ok, string? Error);
