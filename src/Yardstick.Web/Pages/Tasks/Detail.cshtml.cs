using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Yardstick.Data;
using Yardstick.Data.Tasks;
using Yardstick.Web.Access;

namespace Yardstick.Web.Pages.Tasks;

/// <summary>One task: who leads it, which targets it serves, its deadline, and the progress reports with their attachments.</summary>
[RequestSizeLimit(TaskBoard.MaxAttachmentBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = TaskBoard.MaxAttachmentBytes + 1024 * 1024)]
public sealed class DetailModel(YardstickDb db, CurrentUser me, TimeProvider time) : PageModel
{
    public PlanTask? Task { get; private set; }
    public IReadOnlyList<TaskUpdate> Updates { get; private set; } = [];
    public IReadOnlyDictionary<string, string> IndicatorNames { get; private set; } = new Dictionary<string, string>();
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    public bool CanWrite => me.CanWriteTasks;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, string status, int? progress, string? deadline, string? note, IFormFile? attachment,
        string[]? indicators, CancellationToken ct)
    {
        if (!me.CanWriteTasks)
        {
            return Forbid();
        }
        if (!KeyTaskStatuses.TryParse(status, out var s))
        {
            return BadRequest();
        }
        DateOnly? due = DateOnly.TryParse(deadline, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
        byte[]? content = null;
        if (attachment is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await attachment.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        Error = await TaskBoard.ChangeAsync(db, id, new TaskChange(s, progress, (note ?? "").Trim(), due,
            attachment is { Length: > 0 } ? Path.GetFileName(attachment.FileName) : null, content, indicators ?? []), me.Name, me.Address, time.GetUtcNow(), ct);
        if (Error is null)
        {
            return RedirectToPage(new { id });
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, long update, CancellationToken ct)
    {
        var file = await TaskBoard.AttachmentAsync(db, update, ct);
        var updates = await TaskBoard.UpdatesAsync(db, id, ct);
        if (file is null || updates.All(u => u.Id != update))
        {
            return NotFound();
        }
        return File(file.Value.Content, "application/octet-stream", file.Value.Name);
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        Task = await TaskBoard.GetAsync(db, id, ct);
        if (Task is null)
        {
            return false;
        }
        Updates = await TaskBoard.UpdatesAsync(db, id, ct);
        IndicatorNames = (await db.Indicators.AsNoTracking().OrderBy(i => i.Code).ToListAsync(ct)).ToDictionary(i => i.Code, i => i.Name);
        return true;
    }
}
