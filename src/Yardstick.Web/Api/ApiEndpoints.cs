using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Yardstick.Core.Model;
using Yardstick.Data.Values;
using Yardstick.Web.Access;

namespace Yardstick.Web.Api;

/// <summary>
/// The JSON API under <c>/api</c>, beside the pages and under the same rules: signed in by cookie or personal access
/// token, 401 without credentials (never a redirect), 403 outside the caller's org-unit subtree or role. Shapes follow
/// the CLI's JSON (evaluations) and DHIS2 (dataValueSets).
/// </summary>
public static class ApiEndpoints
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>Cookie events: pages redirect to sign-in / denied, the API gets the bare status.</summary>
    public static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Input quoted back in a reason is cut to this many characters, with "…": a 1 MB field is not echoed whole.</summary>
    internal const int EchoLength = 300;

    /// <summary>The caller's text as a reason quotes it: at most <see cref="EchoLength"/> characters, control characters as spaces.</summary>
    internal static string Echo(string? text)
    {
        var clean = new string([.. (text ?? "").Take(EchoLength + 1).Select(c => char.IsControl(c) ? ' ' : c)]);
        return clean.Length <= EchoLength ? clean : string.Concat(clean.AsSpan(0, EchoLength), "…");
    }

    /// <summary>A refusal as RFC 7807 problem details: the status and title from its kind, its reason as detail (<see cref="Hosting.Problems.Result"/>).</summary>
    internal static Refused Refuse(Refusal refusal) => new(refusal);

    /// <summary>
    /// Documents, for <c>/openapi/v1.json</c>, the refusals a route answers: problem details with the status of each kind
    /// it refuses with, from the one switch (<see cref="Hosting.Problems.Answer"/>), so the document cannot disagree with it.
    /// </summary>
    internal static RouteHandlerBuilder Refuses(this RouteHandlerBuilder route, params RefusalKind[] kinds)
    {
        foreach (var status in kinds.Select(k => Hosting.Problems.Answer(k).Status).Distinct())
        {
            route.ProducesProblem(status);
        }
        return route;
    }

    internal static Refused? RefuseYear(int year) =>
        LiveEngine.Covers(year) ? null : Refuse(Refusal.Invalid(Pages.Screens.YearOutOfRange(year)));

    /// <summary>Every feature's routes under <c>/api</c>, each in its own file: the table of contents of the API.</summary>
    public static void MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Every route answers 401 (problem details) without credentials; each names itself and its own refusals.
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Yardstick").ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapMetadataApi();
        api.MapPlansApi();
        api.MapAnalyticsApi();
        api.MapMapsApi();
        api.MapTasksApi();
        api.MapInstructionsApi();
        api.MapMessagesApi();
        api.MapDataValuesApi();
        api.MapReportingApi();
        api.MapAuditApi();
    }

    /// <summary>The unit asked for (the caller's own when none), or 404 for an unknown code and 403 outside the caller's subtree.</summary>
    internal static async Task<(OrgUnit? Unit, Refused? Refusal)> ScopedUnitAsync(CurrentUser user, string? code, CancellationToken ct)
    {
        var (unit, exists) = await user.UnitAsync(code, ct);
        return !exists ? (null, Refuse(Refusal.NotFound($"未知的组织机构代码 \"{InputLimits.Echo(code)}\"")))
            : unit is null ? (null, Refuse(Refusal.Forbidden("该机构不在您的机构范围内")))
            : (unit, null);
    }
}

/// <summary>
/// A refusal as an endpoint's typed answer (<c>Results&lt;Ok&lt;T&gt;, Refused&gt;</c>): problem details with the status
/// and title of its kind and its reason as <c>detail</c> (<see cref="Hosting.Problems.Result"/>); the statuses a route
/// can answer are documented with <see cref="ApiEndpoints.Refuses"/>.
/// </summary>
public sealed class Refused(Refusal refusal, IDictionary<string, object?>? extensions = null) : IResult
{
    public Refusal Refusal { get; } = refusal;

    public Task ExecuteAsync(HttpContext httpContext) => Hosting.Problems.Result(Refusal, extensions).ExecuteAsync(httpContext);
}
