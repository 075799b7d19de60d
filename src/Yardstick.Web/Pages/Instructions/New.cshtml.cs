using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Instructions;

/// <summary>登记批示件: a planner registers a leader's written instruction for their unit, with the scan if there is one.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = TaskBoard.MaxAttachmentBytes + 1024 * 1024)]
public sealed class NewModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public NewInstruction Input { get; private set; } = new("", "", null, "");
    public string? Error { get; private set; }
    public int Year => LocalClock.Today(time).Year;

    public IActionResult OnGet()
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        Input = Input with { InstructedOn = LocalClock.Today(time) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? title, string? leader, string? date, string? text, string? due, string? number, IFormFile? attachment,
        CancellationToken ct)
    {
        if (!me.CanPlan)
        {
            return Forbid();
        }
        var (day, badDay) = InputLimits.Day(date, "批示日期");
        var (until, badDue) = InputLimits.Day(due, "办理时限");
        Input = new NewInstruction(title ?? "", leader ?? "", day, text ?? "", until, number);
        if ((badDay ?? badDue) is { } bad)
        {
            Error = bad;
            return Page();
        }
        if (attachment is { Length: > 0 })
        {
            if (attachment.Length > TaskBoard.MaxAttachmentBytes)
            {
                Error = $"批示件扫描件不能超过 {TaskBoard.MaxAttachmentBytes / 1024 / 1024} MB";
                return Page();
            }
            using var buffer = new MemoryStream();
            await attachment.CopyToAsync(buffer, ct);
            Input = Input with { AttachmentName = attachment.FileName, Attachment = buffer.ToArray() };
        }
        var (instruction, refusal) = await Data.Tasks.Instructions.RegisterAsync(db, Input, await me.TaskViewerAsync(ct), time.GetUtcNow(), ct);
        if (refusal is not null)
        {
            if (refusal.Kind == RefusalKind.Forbidden)
            {
                return Forbid();
            }
            Error = refusal.Message;
            return Page();
        }
        return RedirectToPage("Detail", new { id = instruction!.Id });
    }
}
