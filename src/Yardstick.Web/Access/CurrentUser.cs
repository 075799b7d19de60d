using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Access;
using Yardstick.Data.Interchange;

namespace Yardstick.Web.Access;

/// <summary>
/// The signed-in user of this request and what they may touch: their org-unit subtree (本级及下级) and, by role, whether
/// they may write. Pages and API ask this one object, so the rules are the same everywhere. The scope unit is read from
/// the store per request, so a unit moved in the tree moves the scope with it.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, YardstickDb db, AccessDb access, TimeProvider time)
{
    private OrgUnit? _scope;
    private bool _loaded;
    private OrgUnit? _dataScope;
    private bool _dataLoaded;

    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string Name => Principal.Identity?.Name ?? "anonymous";

    /// <summary>The account's id (users.id): whose read state and message choices are whose.</summary>
    public string? UserId => Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? Address => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public bool IsIn(params IReadOnlyList<string> roles) => roles.Any(Principal.IsInRole);

    /// <summary>May enter data values (reporters, departments, planners, the system admin).</summary>
    public bool CanWriteData => IsIn(Roles.Writers);

    /// <summary>May act on tasks their unit owns (签收, 进展, 申请办结): departments, planners, the system admin.</summary>
    public bool CanWriteTasks => IsIn(Roles.TaskActors);

    /// <summary>May create plans and edit targets.</summary>
    public bool CanPlan => IsIn(Roles.Planners);

    public bool CanAudit => IsIn(Roles.Auditor);

    /// <summary>
    /// Whether the business menu (总览, 指标, 填报, 规划, 督办, 报告) is this user's: not the auditor's (三员分立: the 安全审计员
    /// reads the audit log; plans and figures are the business side's), who starts on the audit log instead.
    /// </summary>
    public bool SeesBusiness => !IsIn(Roles.Auditor);

    /// <summary>
    /// Whether the users page opens for this user: a security admin, or the system admin while no security admin exists
    /// (a fresh install's first one is made by the system admin; 三员分立 after that). The menu offers the page only then.
    /// </summary>
    public async Task<bool> ManagesUsersAsync(CancellationToken cancellationToken = default) =>
        IsIn(Roles.Security) || IsIn(Roles.Admin) && !await access.Roles.Where(r => r.Name == Roles.Security)
            .Join(access.UserRoles, r => r.Id, ur => ur.RoleId, (_, ur) => ur.UserId).AnyAsync(cancellationToken);

    public bool CanManageUnits => IsIn(Roles.Admin);

    /// <summary>
    /// May set the group robot of a unit in their scope and read the outbox's log: the system admin of that unit or above
    /// (a robot's address is system configuration, like the tree).
    /// </summary>
    public bool CanSetRobots => IsIn(Roles.Admin);

    public string RoleNames => string.Join("、", Roles.All.Where(Principal.IsInRole).Select(Roles.Chinese));

    /// <summary>The role words (admin, reporter…), for the English interface.</summary>
    public string RoleWords => string.Join(", ", Roles.All.Where(Principal.IsInRole));

    /// <summary>The root of the user's subtree, or null when their scope names no existing unit (then they see nothing).</summary>
    public async Task<OrgUnit?> ScopeAsync(CancellationToken cancellationToken = default)
    {
        if (!_loaded)
        {
            var code = Principal.FindFirstValue(ScopeClaims.OrgUnit);
            _scope = code is null ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken);
            _loaded = true;
        }
        return _scope;
    }

    /// <summary>
    /// A 处室 account's read-only data scope (set on the users page), or null. Its figures are readable — dashboard,
    /// indicators, analysis, reports, the API's figures — but nothing there is the user's to enter, approve or act on:
    /// writes ask <see cref="ScopeAsync"/>, which stays the department.
    /// </summary>
    public async Task<OrgUnit?> DataScopeAsync(CancellationToken cancellationToken = default)
    {
        if (!_dataLoaded)
        {
            var code = Principal.FindFirstValue(ScopeClaims.DataScope);
            _dataScope = code is null ? null : await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken);
            _dataLoaded = true;
        }
        return _dataScope;
    }

    /// <summary>Where the user's figures start: their data scope when they have one (a 处室 account's), else their scope.</summary>
    public async Task<OrgUnit?> FiguresRootAsync(CancellationToken cancellationToken = default) =>
        await DataScopeAsync(cancellationToken) ?? await ScopeAsync(cancellationToken);

    /// <summary>Whether the user may read this unit: inside their scope or their read-only data scope.</summary>
    public async Task<bool> SeesAsync(OrgUnit unit, CancellationToken cancellationToken = default) =>
        await ActsOnAsync(unit, cancellationToken) || await DataScopeAsync(cancellationToken) is { } data && unit.IsWithin(data);

    /// <summary>
    /// The root of the subtree a readable unit lies in: the data scope when the unit is inside it, else the scope. Pickers
    /// and ancestor lines walk up to it and no further.
    /// </summary>
    public async Task<OrgUnit?> RootOfAsync(OrgUnit unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return await DataScopeAsync(cancellationToken) is { } data && unit.IsWithin(data) ? data : await ScopeAsync(cancellationToken);
    }

    /// <summary>Whether the unit is the user's to write for (values, results, reports): inside their scope, never the data scope.</summary>
    public async Task<bool> ActsOnAsync(OrgUnit unit, CancellationToken cancellationToken = default) =>
        await ScopeAsync(cancellationToken) is { } scope && unit.IsWithin(scope);

    /// <summary>
    /// The unit by code when it exists and the user may read it (<see cref="SeesAsync"/>); null otherwise (callers answer
    /// 403 or 404). Without a code: where their figures start.
    /// </summary>
    public async Task<(OrgUnit? Unit, bool Exists)> UnitAsync(string? code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return (await FiguresRootAsync(cancellationToken), true);
        }
        var unit = await db.OrgUnits.AsNoTracking().FirstOrDefaultAsync(u => u.Code == code.Trim(), cancellationToken);
        if (unit is null)
        {
            return (null, false);
        }
        return (await SeesAsync(unit, cancellationToken) ? unit : null, true);
    }

    /// <summary>
    /// The importer every web write of data values goes through (form, upload, API): values only, only for units in the
    /// user's subtree, the client address on the change set.
    /// </summary>
    public async Task<Importer> ValueImporterAsync(bool skipBlankValues = false, CancellationToken cancellationToken = default, bool deleteBlankValues = false,
        bool nameElementCodes = true, bool notesOnElement = false)
    {
        var scope = await ScopeAsync(cancellationToken);
        return new Importer(db, time)
        {
            MayWrite = u => scope is not null && u.IsWithin(scope),
            ValuesOnly = true,
            SkipBlankValues = skipBlankValues,
            DeleteBlankValues = deleteBlankValues,
            NameElementCodes = nameElementCodes,
            NotesOnElement = notesOnElement,
            ClientAddress = Address,
        };
    }

    /// <summary>The messages of the user's unit this user has not read: the number beside 消息 in the header.</summary>
    public async Task<int> UnreadMessagesAsync(CancellationToken cancellationToken = default) =>
        await ScopeAsync(cancellationToken) is { } scope ? await Data.Tasks.Inbox.UnreadCountAsync(db, scope.Id, UserId, cancellationToken) : 0;

    /// <summary>This user as the 督办 loop sees them: planners (and the system admin) assign; planners and departments act.</summary>
    public async Task<Data.Tasks.TaskViewer> TaskViewerAsync(CancellationToken cancellationToken = default) =>
        new(Name, await ScopeAsync(cancellationToken), CanPlan, CanWriteTasks, Address, RoleNames);

    /// <summary>May approve or return the reports of units below their scope (数据审核).</summary>
    public bool CanReview => IsIn(Roles.Reviewer);

    /// <summary>This user as the reporting cycle sees them: name, roles, scope, address.</summary>
    public async Task<Data.Reporting.ReportingActor> ReportingActorAsync(CancellationToken cancellationToken = default) =>
        new(Name, [.. Roles.All.Where(Principal.IsInRole)], await ScopeAsync(cancellationToken), Address);

    /// <summary>
    /// What a unit picker offers around <paramref name="current"/>: its ancestors inside the scope (or the data scope it lies
    /// in), itself and its children
    /// — a walk up and down the tree, never the whole province — or, when <paramref name="query"/> is given, up to 30 units
    /// of the scope whose name or code contains it.
    /// </summary>
    public async Task<IReadOnlyList<OrgUnit>> PickerAsync(OrgUnit current, string? query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (await RootOfAsync(current, cancellationToken) is not { } scope)
        {
            return [];
        }
        var path = scope.Path;
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim();
            var found = await db.OrgUnits.AsNoTracking()
                .Where(u => u.Path.StartsWith(path) && (u.Name.Contains(q) || u.Code.StartsWith(q)))
                .OrderBy(u => u.Level).ThenBy(u => u.Code).Take(30).ToListAsync(cancellationToken);
            return [current, .. found.Where(u => u.Id != current.Id)];
        }
        var lineage = current.LineageIds.ToArray();
        var around = await db.OrgUnits.AsNoTracking()
            .Where(u => (lineage.Contains(u.Id) || u.ParentId == current.Id) && u.Path.StartsWith(path))
            .ToListAsync(cancellationToken);
        return [.. around.OrderBy(u => u.ParentId == current.Id ? 1 : 0).ThenBy(u => u.Level).ThenBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The org-unit groups a picker offers: those whose name or code holds the search text, else the first 30 by code, and
    /// the chosen one always. A group is offered to anyone with a scope: its figure counts only members inside the unit
    /// asked, which is inside the scope.
    /// </summary>
    public async Task<IReadOnlyList<Pages.GroupChoice>> GroupChoicesAsync(string? query, string? chosen, CancellationToken cancellationToken = default)
    {
        if (await ScopeAsync(cancellationToken) is null)
        {
            return [];
        }
        var found = await Data.OrgUnits.OrgUnitGroups.SearchAsync(db, query?.Trim() ?? "", 30, cancellationToken);
        if (found.Count == 0 && !string.IsNullOrWhiteSpace(query))
        {
            found = await Data.OrgUnits.OrgUnitGroups.SearchAsync(db, "", 30, cancellationToken);
        }
        if (chosen is not null && found.All(f => f.Group.Code != chosen))
        {
            found = [.. found, .. (await Data.OrgUnits.OrgUnitGroups.SearchAsync(db, chosen, 30, cancellationToken)).Where(f => f.Group.Code == chosen)];
        }
        return [.. found.Select(f => new Pages.GroupChoice(f.Group.Code, f.SetName is null ? f.Group.Name : $"{f.Group.Name} ({f.SetName})"))];
    }

    /// <summary>Every unit in the user's subtree, in tree order (for small scopes and exports; screens use <see cref="PickerAsync"/>).</summary>
    public async Task<IReadOnlyList<OrgUnit>> UnitsAsync(CancellationToken cancellationToken = default)
    {
        if (await ScopeAsync(cancellationToken) is not { } scope)
        {
            return [];
        }
        var path = scope.Path;
        return await db.OrgUnits.AsNoTracking().Where(u => u.Path.StartsWith(path)).OrderBy(u => u.Path).ToListAsync(cancellationToken);
    }
}
