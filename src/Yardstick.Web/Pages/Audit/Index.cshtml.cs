using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Data;
using Yardstick.Data.Values;

namespace Yardstick.Web.Pages.Audit;

/// <summary>
/// The audit log for auditors (安全审计员): filter, read, export, and verify the hash chain on request — verifying
/// recomputes SM3 over every row, so it is a button, not a cost every view pays. Nothing here writes. An auditor reads the
/// entries filed under their own subtree; only an auditor at a root unit reads commission-wide entries (plans, indicators,
/// tasks) and sign-ins under names that have no account. Verifying the chain says only whether it is whole.
/// </summary>
public sealed class IndexModel(YardstickDb db, Yardstick.Web.Access.CurrentUser me) : PageModel
{
    public AuditLog.Filter Filter { get; private set; } = new();
    public IReadOnlyList<AuditLog.Entry> Entries { get; private set; } = [];
    public AuditLog.Verification? Verification { get; private set; }

    public async Task OnGetAsync(string? actor, string? entity, string? key, string? from, string? to, bool verify, CancellationToken ct)
    {
        await SearchAsync(actor, entity, key, from, to, 200, ct);
        if (verify)
        {
            Verification = await AuditLog.VerifyAsync(db, ct);
        }
    }

    /// <summary>The filtered entries as CSV (UTF-8 with BOM, so that Excel opens the Chinese right), up to 5,000 rows.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetCsvAsync(string? actor, string? entity, string? key, string? from, string? to, CancellationToken ct)
    {
        await SearchAsync(actor, entity, key, from, to, 5000, ct);
        var csv = new System.Text.StringBuilder("\uFEFFid,at,actor,address,source,entity,key,old,new,hash\n");
        foreach (var e in Entries)
        {
            csv.AppendJoin(',', new[] { e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At, e.Actor, e.Address ?? "", e.Source, e.Entity, e.Key, e.Old ?? "", e.New ?? "", e.Hash ?? "" }
                .Select(Core.Text.CsvText.Escape)).Append('\n');
        }
        return File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "audit-log.csv");
    }

    private async Task SearchAsync(string? actor, string? entity, string? key, string? from, string? to, int limit, CancellationToken ct)
    {
        // Dates from the form are days; "to" includes its whole day.
        var until = DateOnly.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        var scope = await me.ScopeAsync(ct);
        // No scope unit: a prefix no path has ("//"), so nothing is read.
        var scopePath = scope is null ? "//" : scope.ParentId is null ? null : scope.Path;
        Filter = new AuditLog.Filter(actor, entity, key, string.IsNullOrWhiteSpace(from) ? null : from, until, limit, scopePath);
        Entries = await AuditLog.SearchAsync(db, Filter, ct);
        Filter = Filter with { To = to };
    }
}
