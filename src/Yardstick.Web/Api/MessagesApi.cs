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
        api.MapGet("/messages", async (bool? unread, CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is not { } scope)
            {
                return Results.Json(Array.Empty<object>());
            }
            var messages = await Inbox.ListAsync(db, scope.Id, 200, ct);
            return Results.Json(messages.Where(m => unread != true || m.ReadAt is null).Select(m => new
            {
                id = m.Id,
                kind = m.Kind,
                kindName = m.KindChinese,
                task = m.TaskId,
                text = m.Body,
                at = Yardstick.Core.Model.LocalClock.Text(m.At),
                read = m.ReadAt is not null,
            }));
        }).WithSummary("本单位的站内消息 (交办、催办、退回、临期与逾期提醒、报表待报与退回)");

        api.MapPost("/messages/read", async (long? id, CurrentUser user, YardstickDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (await user.ScopeAsync(ct) is { } scope)
            {
                await Inbox.MarkReadAsync(db, scope.Id, id, time.GetUtcNow(), ct);
            }
            return Results.NoContent();
        }).WithSummary("标记消息已读 (不带 id 为全部)");

    }
}
