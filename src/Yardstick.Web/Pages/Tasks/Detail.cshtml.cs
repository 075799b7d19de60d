using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Tasks;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Tasks;

/// <summary>
/// One task: its owners, the targets it serves, deadline, and its history (交办, 签收, 进展, 催办 …); the steps that are the
/// user's now are offered as one form each. A task outside the user's scope is 404, a step not theirs 403.
/// </summary>
[RequestSizeLimit(TaskBoard.MaxAttachmentBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = TaskBoard.MaxAttachmentBytes + 1024 * 1024)]
public sealed class DetailModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    /// <summary>The 批示件 the task answers, when it answers one.</summary>
    public Instruction? Instruction { get; private set; }
    public PlanTask? Task { get; private set; }
    public IReadOnlyList<TaskUpdate> Updates { get; private set; } = [];
    public IReadOnlyDictionary<string, string> IndicatorNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<TaskAction> Actions { get; private set; } = [];
    public bool IsAssigner { get; private set; }

    /// <summary>The units a draft can be handed to: the user's unit's departments and children (as on 交办任务).</summary>
    public IReadOnlyList<Core.Model.OrgUnit> OwnerChoices { get; private set; } = [];
    public DateOnly Today => Yardstick.Core.Model.LocalClock.Day(time.GetUtcNow());
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, string action, int? progress, string? note, IFormFile? attachment, string[]? leads, string[]? partners,
        string? deadline, int? milestone, CancellationToken ct)
    {
        if (!TaskWords.TryParseAction(action, out var step))
        {
            return BadRequest();
        }
        byte[]? content = null;
        if (attachment is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await attachment.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        var (due, badDay) = InputLimits.Day(deadline, "完成时限");
        if (badDay is not null)
        {
            return await AnswerAsync(id, TaskOutcome.Invalid(badDay), ct);
        }
        var outcome = await TaskBoard.ActAsync(db, id, new TaskActionInput(step, note ?? "", progress,
            attachment is { Length: > 0 } ? Path.GetFileName(attachment.FileName) : null, content, leads, partners, due, milestone), await me.TaskViewerAsync(ct),
            time.GetUtcNow(), ct);
        return await AnswerAsync(id, outcome, ct);
    }

    public async Task<IActionResult> OnPostEditAsync(long id, string? deadline, string[]? indicators, CancellationToken ct)
    {
        var (due, badDay) = InputLimits.Day(deadline, "完成时限");
        if (badDay is not null)
        {
            return await AnswerAsync(id, TaskOutcome.Invalid(badDay), ct);
        }
        var outcome = await TaskBoard.EditAsync(db, id, due, indicators ?? [], await me.TaskViewerAsync(ct), time.GetUtcNow(), ct);
        return await AnswerAsync(id, outcome, ct);
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, long update, CancellationToken ct)
    {
        if (await TaskBoard.GetForAsync(db, await me.TaskViewerAsync(ct), id, ct) is null)
        {
            return NotFound();
        }
        var file = await TaskBoard.AttachmentAsync(db, update, ct);
        var updates = await TaskBoard.UpdatesAsync(db, id, ct);
        if (file is null || updates.All(u => u.Id != update))
        {
            return NotFound();
        }
        return File(file.Value.Content, "application/octet-stream", file.Value.Name);
    }

    private async Task<IActionResult> AnswerAsync(long id, TaskOutcome outcome, CancellationToken ct)
    {
        switch (outcome.Refusal?.Kind)
        {
            case null:
                return RedirectToPage(new { id });
            case RefusalKind.NotFound:
                return NotFound();
            case RefusalKind.Forbidden:
                return Forbid();
            case RefusalKind.Invalid or RefusalKind.Conflict or RefusalKind.Locked or RefusalKind.UnsupportedType or RefusalKind.Busy:
                Error = outcome.Refusal?.Message;
                await LoadAsync(id, ct);
                return Page();
            default:
                throw new UnreachableException();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var viewer = await me.TaskViewerAsync(ct);
        Task = await TaskBoard.GetForAsync(db, viewer, id, ct);
        if (Task is null)
        {
            return false;
        }
        var sides = viewer.SidesOn(Task);
        Actions = TaskLoop.Allowed(Task.Stage, sides);
        IsAssigner = sides.Contains(TaskSide.Assigner);
        if (Actions.Contains(TaskAction.Assign) && viewer.Scope is { } scope)
        {
            var scopeId = scope.Id;
            OwnerChoices = [.. (await db.OrgUnits.AsNoTracking().Where(u => u.ParentId == scopeId && u.ClosedOn == null).ToListAsync(ct))
                .OrderBy(u => u.Kind == Core.Model.OrgUnitKind.Department ? 0 : 1).ThenBy(u => u.Code, StringComparer.Ordinal)];
        }
        Updates = await TaskBoard.UpdatesAsync(db, id, ct);
        // The instruction as the task's viewer sees it: an owner sees the instruction its task answers (Instructions.GetForAsync).
        Instruction = Task.InstructionId is { } from ? await Data.Tasks.Instructions.GetForAsync(db, viewer, from, ct) : null;
        IndicatorNames = (await db.Indicators.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct)).ToDictionary(i => i.Code, i => i.Name);
        return true;
    }
}
