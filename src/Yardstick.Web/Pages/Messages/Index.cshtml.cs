using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Messages;

/// <summary>站内消息: the inbox of the user's unit, read or unread for this user — tasks handed over, urged, returned, closed, deadlines near or passed, forms due or returned.</summary>
public sealed class IndexModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public IReadOnlyList<Message> Messages { get; private set; } = [];
    public string UnitName { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await me.ScopeAsync(ct) is { } scope)
        {
            UnitName = scope.Name;
            Messages = await Inbox.ListAsync(db, scope.Id, me.UserId, 200, ct);
        }
    }

    /// <summary>Marks one message read and opens its task (or the inbox), or marks them all read.</summary>
    public async Task<IActionResult> OnPostReadAsync(long? id, CancellationToken ct)
    {
        if (await me.ScopeAsync(ct) is not { } scope || me.UserId is not { } userId)
        {
            return RedirectToPage();
        }
        await Inbox.MarkReadAsync(db, scope.Id, userId, id, time.GetUtcNow(), ct);
        var task = id is null ? null : (await Inbox.ListAsync(db, scope.Id, userId, 1000, ct)).FirstOrDefault(m => m.Id == id)?.TaskId;
        return task is { } t ? Redirect($"/Tasks/Detail?id={t}") : RedirectToPage();
    }
}
