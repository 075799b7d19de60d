using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Messages;
using Yardstick.Web.Access;
using Yardstick.Web.Hosting;

namespace Yardstick.Web.Pages.Admin;

/// <summary>消息投递: a unit's group robot (set by the system admin of the unit or above) and the outbox's log with every try.</summary>
[Authorize(Policy = Policies.ManageUnits)]
public sealed class MessagesModel(YardstickDb db, CurrentUser me, KeyFile keyFile, YardstickOptions options, TimeProvider time) : PageModel
{
    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];
    public int ScopeLevel { get; private set; }
    public OrgUnit? Unit { get; private set; }
    public UnitRobot? Robot { get; private set; }
    public bool Fallback => !string.IsNullOrWhiteSpace(options.WebhookUrl);
    public IReadOnlyList<DeliveryRow> Rows { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? unit, string? done, CancellationToken ct)
    {
        Message = done == "saved" ? "群机器人已保存。" : done == "removed" ? "群机器人已删除。" : null;
        return await ShowAsync(unit, ct);
    }

    public async Task<IActionResult> OnPostAsync(string? unit, string? kind, string? url, string? secret, bool clearSecret, CancellationToken ct)
    {
        var (found, exists) = await me.UnitAsync(unit, ct);
        if (found is null)
        {
            return exists ? Forbid() : NotFound();
        }
        var sealedSecret = string.IsNullOrWhiteSpace(secret) ? null : keyFile.SealText(secret.Trim());
        if (await UnitRobots.SetAsync(db, found, kind ?? "", url ?? "", sealedSecret, keepSecret: !clearSecret, me.Name, me.Address, time.GetUtcNow(), ct) is { } refusal)
        {
            Error = refusal.Message;
            return await ShowAsync(found.Code, ct);
        }
        return RedirectToPage(new { unit = found.Code, done = "saved" });
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? unit, CancellationToken ct)
    {
        var (found, exists) = await me.UnitAsync(unit, ct);
        if (found is null)
        {
            return exists ? Forbid() : NotFound();
        }
        await UnitRobots.RemoveAsync(db, found, me.Name, me.Address, time.GetUtcNow(), ct);
        return RedirectToPage(new { unit = found.Code, done = "removed" });
    }

    private async Task<IActionResult> ShowAsync(string? unit, CancellationToken ct)
    {
        if (await me.ScopeAsync(ct) is not { } scope)
        {
            return Forbid();
        }
        var (found, exists) = await me.UnitAsync(unit, ct);
        if (found is null)
        {
            return exists ? Forbid() : NotFound();
        }
        Unit = found;
        ScopeLevel = scope.Level;
        // The admin's unit and two levels below it (counties and the commission's departments; a township is picked by address).
        Units = await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(scope.Path) && u.Level <= scope.Level + 2).OrderBy(u => u.Path).ToListAsync(ct);
        Robot = await UnitRobots.GetAsync(db, found.Id, ct);
        Rows = await Outbox.ListAsync(db, found.Path, null, 200, ct);
        return Page();
    }
}
