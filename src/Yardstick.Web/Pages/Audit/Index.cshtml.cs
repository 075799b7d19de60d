using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Values;

namespace Yardstick.Web.Pages.Audit;

/// <summary>
/// The audit log for auditors (安全审计员): filter, search, page, read, export, and verify the hash chain on request —
/// verifying recomputes SM3 over every row, so it is a button, not a cost every view pays. Nothing here writes. An auditor
/// reads the entries filed under their own subtree; only an auditor at a root unit reads commission-wide entries (plans,
/// indicators, tasks) and sign-ins under names that have no account. Verifying the chain says only whether it is whole.
/// Pages go by id (older than the last row shown), so a log of millions pages as fast as a short one.
/// </summary>
public sealed class IndexModel(YardstickDb db, Yardstick.Web.Access.CurrentUser me) : PageModel
{
    public const int PageSize = 50;

    public AuditLog.Filter Filter { get; private set; } = new();
    public IReadOnlyList<AuditLog.Entry> Entries { get; private set; } = [];
    public AuditLog.Verification? Verification { get; private set; }

    /// <summary>Each entry's object in words (活产数 · 科尔沁区 · 2026年11月), read for the whole page at once.</summary>
    public IReadOnlyDictionary<(string Entity, string Key), string> Objects { get; private set; } = new Dictionary<(string, string), string>();

    /// <summary>An entry's object as people read it; the stored key when its thing is unknown or deleted.</summary>
    public string ObjectOf(AuditLog.Entry entry) => Objects.GetValueOrDefault((entry.Entity, entry.Key)) ?? entry.Key;

    /// <summary>The form's dates (local days) as typed, for the inputs.</summary>
    public string? From { get; private set; }
    public string? To { get; private set; }

    /// <summary>The id to ask for the next (older) page with; null on the last page.</summary>
    public long? Older { get; private set; }

    public async Task OnGetAsync(string? actor, string? entity, string? key, string? q, string? from, string? to, long? before, bool verify, CancellationToken ct)
    {
        await SearchAsync(actor, entity, key, q, from, to, before, PageSize + 1, ct);
        if (Entries.Count > PageSize)
        {
            Entries = [.. Entries.Take(PageSize)];
            Older = Entries[^1].Id;
        }
        Objects = await AuditObjects.NamesAsync(db, Entries, ct);
        if (verify)
        {
            Verification = await AuditLog.VerifyAsync(db, ct);
        }
    }

    /// <summary>The filtered entries as CSV (UTF-8 with BOM, so that Excel opens the Chinese right), up to 5,000 rows.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetCsvAsync(string? actor, string? entity, string? key, string? q, string? from, string? to, CancellationToken ct)
    {
        await SearchAsync(actor, entity, key, q, from, to, null, 5000, ct);
        Objects = await AuditObjects.NamesAsync(db, Entries, ct);
        var csv = new System.Text.StringBuilder("\uFEFF编号,时间,操作人,来源地址,途径,事件,对象,原值,新值,事件代码,对象代码,哈希\n");
        foreach (var e in Entries)
        {
            csv.AppendJoin(',', new[]
                {
                    e.Id.ToString(CultureInfo.InvariantCulture), LocalClock.Text(e.At), e.Actor, e.Address ?? "", AuditWords.Source(e.Source), AuditWords.Event(e.Entity), ObjectOf(e),
                    AuditWords.Detail(e.Old), AuditWords.Detail(e.New), e.Entity, e.Key, e.Hash ?? "",
                }
                .Select(Core.Text.CsvText.Escape)).Append('\n');
        }
        return File(System.Text.Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "审计日志.csv");
    }

    /// <summary>The query string of the current filter, for the paging and export links.</summary>
    public string Query(long? before = null) =>
        string.Join("&", new (string Name, string? Value)[]
            {
                ("actor", Filter.Actor), ("entity", Filter.Entity), ("key", Filter.Key), ("q", Filter.Text), ("from", From), ("to", To),
                ("before", before?.ToString(CultureInfo.InvariantCulture)),
            }
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));

    private async Task SearchAsync(string? actor, string? entity, string? key, string? q, string? from, string? to, long? before, int limit, CancellationToken ct)
    {
        // The form's dates are local days; "to" includes its whole day.
        From = from;
        To = to;
        var since = DateOnly.TryParse(from, CultureInfo.InvariantCulture, out var f) ? LocalClock.UtcStartOf(f) : null;
        var until = DateOnly.TryParse(to, CultureInfo.InvariantCulture, out var t) ? LocalClock.UtcStartOf(t.AddDays(1)) : null;
        var scope = await me.ScopeAsync(ct);
        // No scope unit: a prefix no path has ("//"), so nothing is read.
        var scopePath = scope is null ? "//" : scope.ParentId is null ? null : scope.Path;
        Filter = new AuditLog.Filter(actor, entity, key, since, until, limit, scopePath, before, q);
        Entries = await AuditLog.SearchAsync(db, Filter, ct);
    }
}
