using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Targets;
using Yardstick.Data.Values;

namespace Yardstick.Data.Plans;

/// <summary>A plan's 预警 thresholds (<see cref="Plan.Warnings"/>) changed by a planner: checked, compare-and-set and audited (old → new).</summary>
public static class PlanWarnings
{
    /// <summary>
    /// Sets the plan's thresholds (null: the default). <paramref name="seen"/> is the pair as the form showed it
    /// ("0/20"): a change someone made since is not overwritten (a conflict, with what it is now).
    /// </summary>
    public static async Task<Refusal?> SetAsync(YardstickDb db, string planCode, int? yellow, int? red, string? seen, string actor, DateTimeOffset at,
        string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Code == planCode, cancellationToken);
        if (plan is null)
        {
            return new Refusal(RefusalKind.NotFound, $"未知的规划代码 \"{InputLimits.Echo(planCode)}\"");
        }
        if (Plan.WarningsRefusal(yellow, red) is { } refusal)
        {
            return new Refusal(RefusalKind.Invalid, refusal, "warnings");
        }
        var before = Words(plan.WarningYellowGap, plan.WarningRedGap);
        var after = Words(yellow, red);
        if (before == after)
        {
            return null;
        }
        var done = await AuditedChange.RunAsync(db, actor, "预警阈值", at, address, async (connection, transaction) =>
        {
            // Compare-and-set on the pair the form was drawn with.
            var current = Convert.ToString(await AuditedChange.ScalarAsync(connection, transaction,
                "SELECT coalesce(CAST(warning_yellow_gap AS TEXT), '') || '/' || coalesce(CAST(warning_red_gap AS TEXT), '') FROM plans WHERE id = @id",
                cancellationToken, ("@id", plan.Id)), CultureInfo.InvariantCulture);
            if (seen is not null && current != seen)
            {
                return null;
            }
            await AuditedChange.ExecuteAsync(connection, transaction, "UPDATE plans SET warning_yellow_gap = @y, warning_red_gap = @r WHERE id = @id", cancellationToken,
                ("@y", (object?)yellow ?? DBNull.Value), ("@r", (object?)red ?? DBNull.Value), ("@id", plan.Id));
            return [("plan.warnings", plan.Code, Shown(plan.WarningYellowGap, plan.WarningRedGap), Shown(yellow, red))];
        }, cancellationToken);
        return done ? null : new Refusal(RefusalKind.Conflict, "预警阈值刚被他人修改, 请刷新后再改");
    }

    /// <summary>The pair as the form carries it: "0/20", "/" for both defaults.</summary>
    public static string Words(int? yellow, int? red) => $"{yellow?.ToString(CultureInfo.InvariantCulture)}/{red?.ToString(CultureInfo.InvariantCulture)}";

    private static string Shown(int? yellow, int? red) =>
        $"黄灯={yellow?.ToString(CultureInfo.InvariantCulture) ?? "默认"};红灯={red?.ToString(CultureInfo.InvariantCulture) ?? "默认"}";
}
