using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapGet("/audit/verify", async Task<Results<Ok<AuditVerification>, Refused>> (CurrentUser user, YardstickDb db, CancellationToken ct) =>
        {
            if (!user.CanAudit)
            {
                return Refuse(Refusal.Forbidden("只有安全审计员可以核验审计日志"));
            }
            var v = await AuditLog.VerifyAsync(db, ct);
            return TypedResults.Ok(new AuditVerification(v.Intact, v.Checked, v.FirstBrokenId, v.Problem));
        }).WithName("VerifyAuditChain").Refuses(RefusalKind.Forbidden).WithSummary("核验审计日志哈希链");
    }
}

/// <summary>The answer of <c>GET /api/audit/verify</c>: whether the chain is whole, how many rows were checked, and the first broken row with why.</summary>
public sealed record AuditVerification(bool Intact, long CheckedRows, long? FirstBrokenId, string? Problem);
