using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Messages;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Messages;

/// <summary>消息设置: per kind of message, whether it also reaches this user by e-mail and through the unit's group robot.</summary>
public sealed class SettingsModel(YardstickDb db, AccessDb access, CurrentUser me) : PageModel
{
    public IReadOnlyList<MessagePreference> Preferences { get; private set; } = [];
    public string? Email { get; private set; }
    public UnitRobot? Robot { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return Forbid();
        }
        Saved = saved;
        Preferences = await MessagePreferences.ForUserAsync(db, userId, ct);
        Email = await access.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct) is { Length: > 0 } email ? email : null;
        Robot = await me.ScopeAsync(ct) is { } scope ? await UnitRobots.GetAsync(db, scope.Id, ct) : null;
        return Page();
    }

    /// <summary>Every kind is saved as the form shows it: a box not ticked is "no".</summary>
    public async Task<IActionResult> OnPostAsync(string[] email, string[] robot, CancellationToken ct)
    {
        if (me.UserId is not { } userId)
        {
            return Forbid();
        }
        var byEmail = email.ToHashSet(StringComparer.Ordinal);
        var byRobot = robot.ToHashSet(StringComparer.Ordinal);
        await MessagePreferences.SetAsync(db, userId, [.. Data.Tasks.Message.Kinds.Select(k => (k, byEmail.Contains(k), byRobot.Contains(k)))], ct);
        return RedirectToPage(new { saved = true });
    }
}
