using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Yardstick.Core.Model;
using Yardstick.Core.Reporting;
using Yardstick.Core.Tasks;
using Yardstick.Data.Reporting;

namespace Yardstick.Data.Tasks;

/// <summary>
/// What the clock brings: a task's deadline near or passed (to each owner, once per deadline), a task in hand with no
/// progress for a month (to its lead, once a month), a form due within
/// <see cref="DueSoonDays"/> days or passed unsent (to each unit that owes it, once per period). Every reminder carries a key
/// that makes it unique in the store, so instances that run this at the same moment store each reminder once.
/// </summary>
public static class Reminders
{
    /// <summary>How many days ahead a deadline or a form's due date is announced.</summary>
    public const int DueSoonDays = 3;

    /// <summary>How long after its due date an unsent form is still chased by a reminder; the newest overdue form of each data set is chased whatever its age (older ones are the 通报's business).</summary>
    public const int LateWindowDays = 10;

    /// <summary>Stores the reminders due at <paramref name="now"/>; returns how many this call stored (another instance's copies are not counted).</summary>
    public static async Task<int> SendAsync(YardstickDb db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var today = Yardstick.Core.Model.LocalClock.Day(now);
        var stored = 0;
        foreach (var task in await TaskBoard.ListAsync(db, null, cancellationToken))
        {
            // The date the task answers to next: its next open milestone, else its deadline.
            if (task.Stage is not (TaskStage.Assigned or TaskStage.Received) || task.NextDue is not { } deadline || task.Owners.Count == 0)
            {
                continue;
            }
            var what = task.NextMilestone is { } m ? $"任务《{task.Title}》的里程碑“{m.Title}”" : $"任务《{task.Title}》";
            var (kind, words) = deadline < today
                ? ("deadline_passed", $"{what}已逾期 (时限 {deadline:yyyy年M月d日}), 请尽快办理并报送进展。")
                : deadline.DayNumber - today.DayNumber <= DueSoonDays
                    ? ("deadline_soon", $"{what}将于 {deadline:yyyy年M月d日} 到期, 请按时完成。")
                    : (null, null);
            if (kind is null)
            {
                continue;
            }
            stored += await OnceAsync(db, task.Owners.Select(o => o.OrgUnitId), task.Id, kind, words!, now,
                $"{kind}/{task.Id}/{deadline:yyyyMMdd}", cancellationToken);
        }
        stored += await ProgressAsync(db, today, now, cancellationToken);
        stored += await FormsAsync(db, today, now, cancellationToken);
        return stored;
    }

    /// <summary>Days without a word on a task in hand (办理中) before its lead is asked for progress: a monthly report.</summary>
    public const int ProgressEveryDays = 30;

    /// <summary>A task in hand with no step for <see cref="ProgressEveryDays"/> days: its lead is asked to report, once a month.</summary>
    private static async Task<int> ProgressAsync(YardstickDb db, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lastSteps = await db.WithConnectionAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT task_id, max(at) FROM task_updates GROUP BY task_id";
            var last = new Dictionary<long, DateOnly>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                last[reader.GetInt64(0)] = Yardstick.Core.Model.LocalClock.Day(DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture));
            }
            return last;
        }, cancellationToken);
        var stored = 0;
        foreach (var task in (await TaskBoard.ListAsync(db, null, cancellationToken)).Where(t => t.Stage == TaskStage.Received && t.LeadOwners.Count > 0))
        {
            if (!lastSteps.TryGetValue(task.Id, out var last) || today.DayNumber - last.DayNumber < ProgressEveryDays)
            {
                continue;
            }
            stored += await OnceAsync(db, task.LeadOwners.Select(o => o.OrgUnitId), task.Id, "progress_due",
                $"任务《{task.Title}》已 {today.DayNumber - last.DayNumber} 天没有报送进展, 请报送本月进展。", now, $"progress_due/{task.Id}/{today:yyyyMM}", cancellationToken);
        }
        return stored;
    }

    private static async Task<int> FormsAsync(YardstickDb db, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dataSets = await ReportingCycle.ListAsync(db, cancellationToken);
        if (dataSets.Count == 0)
        {
            return 0;
        }
        List<OrgUnit>? units = null;
        var stored = 0;
        foreach (var set in dataSets)
        {
            var periods = new[] { today.Year - 1, today.Year }.SelectMany(y => Period.InYear(set.PeriodType, y)).ToList();
            // The newest overdue form is chased however long ago it fell due (a quarter's form is due only four times a
            // year, often outside the window); older ones are the 通报's business.
            var newestOverdue = periods.LastOrDefault(p => set.DueDate(p) < today);
            foreach (var period in periods)
            {
                var due = set.DueDate(period);
                var days = due.DayNumber - today.DayNumber;
                var kind = days is >= 0 and <= DueSoonDays ? "form_due" : days < 0 && (-days <= LateWindowDays || period == newestOverdue) ? "form_late" : null;
                if (kind is null)
                {
                    continue;
                }
                // Read the tree only when some form is due: most runs stop above.
                units ??= await db.OrgUnits.AsNoTracking().ToListAsync(cancellationToken);
                var owing = (await ReportingCycle.StatusAsync(db, set, [.. units.Where(u => set.IsAssigned(u, period))], period, cancellationToken))
                    .Where(s => s.State is ReportState.NotStarted or ReportState.Saved or ReportState.Returned)
                    .Select(s => s.Unit.Id).ToList();
                if (owing.Count == 0)
                {
                    continue;
                }
                var words = kind == "form_due"
                    ? $"{set.Name} ({period.ToChinese()}) 应于 {due:yyyy年M月d日} 前上报, 请及时填报并上报。"
                    : $"{set.Name} ({period.ToChinese()}) 已过上报期限 ({due:yyyy年M月d日}), 请尽快补报。";
                stored += await OnceAsync(db, owing, null, kind, words, now, $"{kind}/{set.Code}/{period}", cancellationToken);
            }
        }
        return stored;
    }

    /// <summary>One transaction of reminders; the store's unique key drops those already there (from an earlier run or another instance).</summary>
    private static async Task<int> OnceAsync(YardstickDb db, IEnumerable<int> recipients, long? taskId, string kind, string words, DateTimeOffset now, string key,
        CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var transaction = await db.Database.GetDbConnection().BeginTransactionAsync(cancellationToken);
                var stored = await Inbox.SendAsync(db.Database.GetDbConnection(), transaction, recipients, taskId, kind, words, now, key, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return stored.Count;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }
}
