using Microsoft.AspNetCore.Http.HttpResults;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Api;

/// <summary>The caller's unit's inbox: messages and marking them read.</summary>
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
            var messages = await Inbox.ListAsync(db, scope.Id, 200, ct);
            return TypedResults.Ok(messages.Where(m => unread != true || m.ReadAt is null)
                .Select(m => new MessageAnswer(m.Id, m.Kind, m.KindChinese, m.TaskId, m.Body, Yardstick.Core.Model.LocalClock.Text(m.At), m.ReadAt is not null)).ToArray());
        }).WithName("ListMessages").Refuses(Yardstick.Core.Model.RefusalKind.Invalid).WithSummary("本单位的站内消息 (交办、催办、退回、临期与逾期提醒、报表待报与退回)");

        api.MapPost("/messages/read", async Task<NoContent> (long? id, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is { } scope)
            {
                await Inbox.MarkReadAsync(db, scope.Id, id, time.GetUtcNow(), ct);
            }
            return TypedResults.NoContent();
        }).WithName("MarkMessagesRead").Refuses(Yardstick.Core.Model.RefusalKind.Invalid).WithSummary("标记消息已读 (不带 id 为全部)");

    }
}

/// <summary>A message of <c>GET /api/messages</c>: kind as stored (task_assigned …) and in Chinese, the task it is about, when (Beijing time).</summary>
public sealed record MessageAnswer(long Id, string Kind, string KindName, long? Task, string Text, string At, bool Read);
