using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Data.Values;

namespace Yardstick.Data.Plans;

/// <summary>
/// A plan's 只统计已审核数据 setting (<see cref="Core.Targets.Plan.ApprovedOnly"/>) changed by a planner: the level checked,
/// compare-and-set on the setting the form showed, audited (old → new).
/// </summary>
public static class PlanApproval
{
    /// <summary>Sets the level (市, 县, level:2, 全部) or, blank, lets every value count.</summary>
    public static async Task<Refusal?> SetAsync(YardstickDb db, string planCode, string? level, string? seen, string actor, DateTimeOffset at,
        string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (plan is null)
        {
            return Refusal.NotFound($"未知的规划代码 \"{InputLimits.Echo(planCode)}\"");
        }
        level = string.IsNullOrWhiteSpace(level) ? null : level.Trim();
        if (level is not null && !Reporting.ApprovedReports.TryParseLevel(level, out _))
        {
            return Refusal.Invalid($"无法识别的审核层级 \"{InputLimits.Echo(level)}\" (应为 市、县、level:2 等, 或 全部)", "approved_only");
        }
        if (level == plan.ApprovedOnly)
        {
            return null;
        }
        var done = await AuditedChange.RunAsync(db, actor, "只统计已审核数据", at, address, async (connection, transaction) =>
        {
            var current = Convert.ToString(await AuditedChange.ScalarAsync(connection, transaction, "SELECT coalesce(approved_only, '') FROM plans WHERE id = @id",
                cancellationToken, ("@id", plan.Id)), CultureInfo.InvariantCulture);
            if (seen is not null && current != seen)
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE plans SET approved_only = @a WHERE id = @id", cancellationToken,
                ("@a", (object?)level ?? DBNull.Value), ("@id", plan.Id));
            return [("plan.approved_only", plan.Code, Shown(plan.ApprovedOnly), Shown(level))];
        }, cancellationToken);
        return done ? null : Refusal.Conflict("数据范围刚被他人修改, 请刷新后再改");
    }

    /// <summary>The setting in words: 全部数据, or 只统计已审核数据 (市已审核).</summary>
    public static string Shown(string? level) =>
        level is not null && Reporting.ApprovedReports.TryParseLevel(level, out var tier) ? $"只统计已审核数据 ({Reporting.ApprovedReports.LevelText(tier)})" : "全部数据";
}
