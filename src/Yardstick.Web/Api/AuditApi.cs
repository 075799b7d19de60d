using Yardstick.Core.Model;
using Yardstick.Data;
using Yardstick.Data.Values;
using Yardstick.Web.Access;
using static Yardstick.Web.Api.ApiEndpoints;

namespace Yardstick.Web.Api;

/// <summary>The audit log's hash chain, verified on request (auditors).</summary>
public static class AuditApi
{
    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/audit/verify", async (CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!user.CanAudit)
            {
                return Refuse(Refusal.Forbidden("只有安全审计员可以核验审计日志"));
            }
            var v = await AuditLog.VerifyAsync(db, ct);
            return Results.Json(new { intact = v.Intact, checkedRows = v.Checked, firstBrokenId = v.FirstBrokenId, problem = v.Problem });
        }).WithSummary("核验审计日志哈希链");
    }
}
