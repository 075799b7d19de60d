using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Instructions;

/// <summary>One 批示件: what the leader wrote on what, the scan, and the tasks it started with their stages and lights.</summary>
public sealed class DetailModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public Instruction? Instruction { get; private set; }
    /// <summary>The instruction's tasks the user sees: an owner sees its own, the registering unit all of them.</summary>
    public IReadOnlyList<PlanTask> Tasks { get; private set; } = [];
    public InstructionProgress Progress { get; private set; } = new(0, 0, 0);
    public DateOnly Today => LocalClock.Today(time);
    /// <summary>Whether the user may start a task from it: a planner of the registering unit or above.</summary>
    public bool CanAssign { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var viewer = await me.TaskViewerAsync(ct);
        Instruction = await Data.Tasks.Instructions.GetForAsync(db, viewer, id, ct);
        if (Instruction is null)
        {
            return NotFound();
        }
        Tasks = [.. (await TaskBoard.ListOfInstructionAsync(db, id, ct)).Where(viewer.Sees).OrderBy(t => t.Id)];
        Progress = Data.Tasks.Instructions.ProgressOf(Tasks, Today);
        CanAssign = viewer.MayAssign && viewer.Scope is { } scope && Instruction.IsWithin(scope);
        return Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, CancellationToken ct) =>
        await Data.Tasks.Instructions.AttachmentAsync(db, await me.TaskViewerAsync(ct), id, ct) is { } file
            ? File(file.Content, "application/octet-stream", file.Name)
            : NotFound();
}
