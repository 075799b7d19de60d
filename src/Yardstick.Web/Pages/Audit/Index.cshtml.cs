using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;

namespace Yardstick.Web.Pages.Audit;

/// <summary>The audit log for auditors (安全审计员): filter, read, and see whether the hash chain is intact. Nothing here writes.</summary>
public sealed class IndexModel(YardstickDb db) : PageModel
{
    public AuditLog.Filter Filter { get; private set; } = new();
    public IReadOnlyList<AuditLog.Entry> Entries { get; private set; } = [];
    public AuditLog.Verification Verification { get; private set; } = new(0, null, null);

    public async Task OnGetAsync(string? actor, string? entity, string? key, string? from, string? to, CancellationToken ct)
    {
        // Dates from the form are days; "to" includes its whole day.
        var until = DateOnly.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        Filter = new AuditLog.Filter(actor, entity, key, string.IsNullOrWhiteSpace(from) ? null : from, until);
        Entries = await AuditLog.SearchAsync(db, Filter, ct);
        Filter = Filter with { To = to };
        Verification = await AuditLog.VerifyAsync(db, ct);
    }
}
